/**
 * The CLI's HTTP client for the daemon API. A daemon that is not running, or an API error, becomes one line
 * on stderr and a non-zero exit, never a stack trace.
 */
import { readFileSync } from 'node:fs';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  api: string;
  token?: string | undefined;
}

export function clientOptions(
  values: { api?: string | undefined; 'token-file'?: string | undefined },
  env: NodeJS.ProcessEnv,
): ClientOptions {
  const api = (values.api ?? env.NOVERLAY_API ?? 'http://127.0.0.1:9179').replace(/\/$/, '');
  let token = env.NOVERLAY_API_TOKEN;
  const file = values['token-file'];
  if (file) {
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new CliError(`cannot read token file ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { api, token };
}

export async function call<T>(
  o: ClientOptions,
  method: 'GET' | 'POST',
  path: string,
): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(`${o.api}${path}`, {
      method,
      headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    const c = (e as { cause?: { code?: string; message?: string } }).cause;
    const cause = c?.code ?? c?.message ?? (e as Error).message;
    throw new CliError(`cannot reach noverlayd at ${o.api} (${cause}): is it running?`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body: body as T };
}

/** GET that must succeed with 2xx. */
export async function getJson<T>(o: ClientOptions, path: string): Promise<T> {
  const r = await call<T>(o, 'GET', path);
  if (r.status >= 300) throw new CliError(apiErrorLine(r.status, r.body));
  return r.body;
}

export function apiErrorLine(status: number, body: unknown): string {
  const b = body as { error?: string; message?: string };
  return `API error ${status}${b?.error ? ` ${b.error}` : ''}: ${b?.message ?? String(body)}`;
}
