import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NOVERLAY_BIN = fileURLToPath(new URL('../../daemon/bin/noverlay.js', import.meta.url));
export const NOVERLAYD_BIN = fileURLToPath(new URL('../../daemon/bin/noverlayd.js', import.meta.url));

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [NOVERLAY_BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves when `pred` holds, polling every `everyMs`; rejects with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  pred: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await pred();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A child daemon whose JSON log lines are collected. */
export function spawnDaemon(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; lines: () => Record<string, unknown>[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [NOVERLAYD_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, lines, exited };
}

/** Like runCli, without blocking the event loop (needed when the daemon runs in this test process). */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [NOVERLAY_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    c.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
