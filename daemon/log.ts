/**
 * Structured JSON logs (pino). Secrets never reach a log line: known secret keys are redacted wherever they
 * appear (BGP passwords, API tokens, OSPF keys, the Authorization header).
 */
import { type Logger, pino } from 'pino';
import type { LogLevelName } from './config/schema.js';

export const SECRET_KEYS = ['password', 'token', 'authorization', 'key', 'secret', 'md5Key', 'authKey'];

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`, `*.*.*.*.${k}`]);

export function createLogger(level: LogLevelName, dest?: NodeJS.WritableStream): Logger {
  const opts = {
    level,
    base: { pid: process.pid, name: 'noverlayd' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return dest ? pino(opts, dest) : pino(opts);
}

export type { Logger };
