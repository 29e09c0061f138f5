/** Spawning and stopping daemon processes inside a namespace, pinned to a CPU. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { run, stopPids } from '../../../lab/sh.js';

/** `ip netns exec NS taskset -c CPU cmd args…`: ip and taskset exec, so the child's pid is the daemon's. */
export function spawnPinned(
  ns: string,
  cpu: number,
  cmd: string,
  args: string[],
  logFile: string,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const out = openSync(logFile, 'a');
  return spawn('ip', ['netns', 'exec', ns, 'taskset', '-c', String(cpu), cmd, ...args], {
    stdio: ['ignore', out, out],
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? process.env,
  });
}

/** Poll `pred` every 50 ms until it holds; reject with `what` after `timeoutMs` or when `dead()` says so. */
export async function until(
  what: string,
  pred: () => boolean,
  timeoutMs: number,
  dead: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pred()) return;
    const d = dead();
    if (d !== undefined) throw new Error(`${what}: ${d}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function tail(file: string, chars = 2000): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').slice(-chars);
}

export function exitReason(c: ChildProcess): string | undefined {
  if (c.exitCode !== null) return `exited with code ${c.exitCode}`;
  if (c.signalCode !== null) return `killed by ${c.signalCode}`;
  return undefined;
}

/** SIGTERM, wait up to `graceMs` (a CPU profile is written on the way out), then SIGKILL. */
export async function stopChild(c: ChildProcess, graceMs = 15_000): Promise<void> {
  if (c.pid === undefined || exitReason(c) !== undefined) return;
  await stopPids([c.pid], graceMs);
}

/** Whether something in `ns` listens on TCP `port`. */
export function listening(ns: string, port: number): boolean {
  const out = run('ip', ['netns', 'exec', ns, 'ss', '-Hltn', `sport = :${port}`], { allowFail: true });
  return out.trim() !== '';
}
