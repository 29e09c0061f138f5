/** Running the lab's system commands: `ip`, FRR daemons, vtysh. Failures carry the command and its stderr. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export class LabError extends Error {}

export function run(
  cmd: string,
  args: string[],
  opts: { input?: string; allowFail?: boolean; timeoutMs?: number } = {},
): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input: opts.input, timeout: opts.timeoutMs ?? 20_000 });
  if (r.error) {
    if (opts.allowFail) return '';
    throw new LabError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  }
  if (r.status !== 0 && !opts.allowFail) {
    throw new LabError(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout;
}

export function ip(...args: string[]): string {
  return run('ip', args);
}

export function inNs(
  ns: string,
  cmd: string,
  args: string[],
  opts: { allowFail?: boolean; timeoutMs?: number } = {},
): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], opts);
}

export function listNamespaces(): string[] {
  const out = run('ip', ['netns', 'list'], { allowFail: true });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

export function nsPids(ns: string): number[] {
  return run('ip', ['netns', 'pids', ns], { allowFail: true })
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or undefined if it is gone. */
export function cmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

export function readPidFile(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const n = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** SIGTERM the given pids, wait up to `graceMs` for them to exit, then SIGKILL what is left. */
export async function stopPids(pids: number[], graceMs = 5000): Promise<void> {
  const live = pids.filter(alive);
  for (const p of live) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {}
  }
  const deadline = Date.now() + graceMs;
  while (live.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of live.filter(alive)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {}
  }
  const killDeadline = Date.now() + 2000;
  while (live.some((p) => alive(p) && !isZombie(p)) && Date.now() < killDeadline)
    await new Promise((r) => setTimeout(r, 20));
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** A new namespace that routes: loopback up, IPv4/IPv6 forwarding on, no IPv6 DAD (addresses usable at once). */
export function addRouterNamespace(ns: string): void {
  ip('netns', 'add', ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  inNs(ns, 'sysctl', [
    '-qw',
    'net.ipv4.ip_forward=1',
    'net.ipv6.conf.all.forwarding=1',
    'net.ipv6.conf.default.accept_dad=0',
  ]);
}
