/**
 * FRR under test. FIB off: bgpd alone with `-Z` (no zebra: nothing reaches the kernel, and next hops count
 * as valid). FIB on: zebra (`-s 90000000`, the packaged netlink buffer size) and bgpd. Everything FRR
 * writes stays in the run directory (as lab/frr.ts does). eBGP needs no policy here
 * (`no bgp ebgp-requires-policy`), MRAI is 0 for every neighbor, and senders get a deny-all outbound map.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRR_DIR } from '../../../lab/frr.js';
import { readPidFile, run, stopPids } from '../../../lab/sh.js';
import { tail } from './proc.js';
import type { DaemonDriver, RolePlan, RunningDaemon, StartContext } from './types.js';

/** frr.conf for a role (pure). */
export function frrConfig(plan: RolePlan, dir: string): string {
  const peers = [...plan.senders, ...(plan.receiver ? [plan.receiver] : [])];
  const lines = [
    'frr defaults traditional',
    'hostname dut',
    `log file ${join(dir, 'frr.log')} warnings`,
    '!',
    `router bgp ${plan.asn}`,
    ` bgp router-id ${plan.routerId}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp network import-check',
  ];
  for (const p of peers) {
    lines.push(
      ` neighbor ${p.address} remote-as ${p.asn}`,
      ` neighbor ${p.address} passive`,
      ` neighbor ${p.address} advertisement-interval 0`,
    );
  }
  lines.push(' !', ' address-family ipv4 unicast');
  for (const s of plan.senders) lines.push(`  neighbor ${s.address} route-map NONE out`);
  lines.push(' exit-address-family', '!', 'route-map NONE deny 10', '!', '');
  return lines.join('\n');
}

function frrIds(): { uid: number; gid: number } | undefined {
  const id = run('id', ['frr'], { allowFail: true });
  const uid = /uid=(\d+)/.exec(id)?.[1];
  const gid = /gid=(\d+)/.exec(id)?.[1];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

function startOne(ctx: StartContext, daemon: 'zebra' | 'bgpd', conf: string, extra: string[]): number {
  const pidFile = join(ctx.dir, `${daemon}.pid`);
  const args = ['-d', '-N', ctx.ns, '-f', conf, '-i', pidFile, '-z', join(ctx.dir, 'zserv.api')];
  args.push('--vty_socket', ctx.dir, '-P', '0', ...extra);
  run('ip', ['netns', 'exec', ctx.ns, 'taskset', '-c', String(ctx.cpu), join(FRR_DIR, daemon), ...args]);
  const pid = readPidFile(pidFile);
  if (pid === undefined) throw new Error(`${daemon} did not write ${pidFile}`);
  return pid;
}

export const frr: DaemonDriver = {
  name: 'frr',
  label: 'FRR',
  hasFib: true,
  fibOff: 'bgpd alone, started with `-Z` (no zebra)',
  fibOn: 'bgpd + zebra (`-s 90000000`), routes installed by zebra',
  problem: () => (spawnSync('test', ['-x', join(FRR_DIR, 'bgpd')]).status === 0 ? undefined : 'FRR is not installed'),
  version: () => /version\s+(\S+)/.exec(run(join(FRR_DIR, 'bgpd'), ['--version'], { allowFail: true }))?.[1] ?? '?',
  async start(ctx: StartContext, plan: RolePlan): Promise<RunningDaemon> {
    mkdirSync(ctx.dir, { recursive: true });
    const conf = join(ctx.dir, 'frr.conf');
    writeFileSync(conf, frrConfig(plan, ctx.dir));
    const ids = frrIds();
    if (ids) {
      chownSync(ctx.dir, ids.uid, ids.gid);
      chownSync(conf, ids.uid, ids.gid);
    }
    const pids: number[] = [];
    try {
      if (plan.fib) pids.push(startOne(ctx, 'zebra', conf, ['-s', '90000000']));
      pids.push(startOne(ctx, 'bgpd', conf, ['-p', '179', ...(plan.fib ? [] : ['-Z'])]));
    } catch (e) {
      await stopPids(pids);
      throw e;
    }
    return {
      pids: () => pids,
      stop: () => stopPids(pids, 15_000),
      logTail: () => tail(join(ctx.dir, 'frr.log')),
    };
  },
};
