/**
 * The API bearer token: read from `api.tokenFile` or the environment variable `api.tokenEnv`
 * (default NOVERLAY_API_TOKEN). Compared in constant time; never logged or returned.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../lib/result.js';
import type { ApiCfg } from './config/schema.js';

export function resolveToken(api: ApiCfg, env: NodeJS.ProcessEnv): Result<string | undefined, string> {
  if (api.tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(api.tokenFile, 'utf8').trim();
    } catch (e) {
      return err(`cannot read api.tokenFile ${api.tokenFile} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (text === '') return err(`api.tokenFile ${api.tokenFile} is empty`);
    return ok(text);
  }
  const v = env[api.tokenEnv]?.trim();
  return ok(v === '' ? undefined : v);
}

export function tokenMatches(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopback(host: string): boolean {
  return host === '::1' || /^127\./.test(host);
}
