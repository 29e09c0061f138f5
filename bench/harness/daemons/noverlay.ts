/**
 * noverlayd under test: `node dist/daemon/bin/noverlayd.js --config FILE`, run from the repository root (the
 * native addon is found from there). RFC 8212: eBGP neighbors need explicit import and export route maps, so
 * senders get import ALL / export NONE and the receiver import NONE / export ALL.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitReason, listening, spawnPinned, stopChild, tail, until } from './proc.js';
import type { DaemonDriver, RolePlan, RunningDaemon, StartContext } from './types.js';

const NOVERLAYD = fileURLToPath(new URL('../../../daemon/bin/noverlayd.js', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../../package.json', import.meta.url));

let versionOnce: string | undefined;

/** package.json version and the commit (with "+changes" when tracked files differ from it), read once. */
function readVersion(): string {
  for (const f of [PACKAGE_JSON, join(process.cwd(), 'package.json')]) {
    try {
      const v = (JSON.parse(readFileSync(f, 'utf8')) as { version: string }).version;
      const git = (...a: string[]) => spawnSync('git', a, { encoding: 'utf8' }).stdout.trim();
      const head = git('rev-parse', '--short', 'HEAD');
      const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
      return head ? `${v} (${head}${dirty ? '+changes' : ''})` : v;
    } catch {}
  }
  return 'unknown';
}

/** The daemon's YAML for a role (pure). */
export function noverlayConfig(plan: RolePlan, dir: string): string {
  const n = (a: string, asn: number, imp: string, exp: string) =>
    `    - { address: ${a}, remoteAs: ${asn}, passive: true, importPolicy: ${imp}, exportPolicy: ${exp} }`;
  return [
    `routerId: ${plan.routerId}`,
    'logLevel: warn',
    `stateDir: ${join(dir, 'state')}`,
    'api: { listen: "127.0.0.1:9179" }',
    `fib: { enabled: ${plan.fib} }`,
    'policy:',
    '  routeMaps:',
    '    ALL: [{ seq: 10, action: permit }]',
    '    NONE: [{ seq: 10, action: deny }]',
    'bgp:',
    `  asn: ${plan.asn}`,
    '  neighbors:',
    ...plan.senders.map((s) => n(s.address, s.asn, 'ALL', 'NONE')),
    ...(plan.receiver ? [n(plan.receiver.address, plan.receiver.asn, 'NONE', 'ALL')] : []),
    '',
  ].join('\n');
}

export const noverlay: DaemonDriver = {
  name: 'noverlay',
  label: 'noverlay',
  hasFib: true,
  fibOff: '`fib: { enabled: false }`',
  fibOn: '`fib: { enabled: true }` (rtnetlink protocol 201)',
  problem: () => undefined,
  version: () => (versionOnce ??= readVersion()),
  async start(ctx: StartContext, plan: RolePlan): Promise<RunningDaemon> {
    mkdirSync(ctx.dir, { recursive: true });
    const cfg = join(ctx.dir, 'noverlay.yaml');
    writeFileSync(cfg, noverlayConfig(plan, ctx.dir));
    const log = join(ctx.dir, 'noverlayd.log');
    const prof = ctx.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', ctx.cpuProfDir] : [];
    const c = spawnPinned(ctx.ns, ctx.cpu, process.execPath, [...prof, NOVERLAYD, '--config', cfg], log);
    const running: RunningDaemon = {
      pids: () => (c.pid !== undefined && exitReason(c) === undefined ? [c.pid] : []),
      stop: () => stopChild(c),
      logTail: () => tail(log),
    };
    try {
      await until(
        'noverlayd to listen on port 179',
        () => listening(ctx.ns, 179),
        20_000,
        () => exitReason(c),
      );
    } catch (e) {
      await running.stop();
      throw new Error(`${(e as Error).message}\n${tail(log)}`);
    }
    return running;
  },
};
