/**
 * BIRD 2 under test, in the foreground (`bird -f`). FIB off: no kernel protocol at all (the device protocol
 * only learns interfaces, which direct eBGP next hops need). FIB on: a kernel protocol exporting every route.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../lab/sh.js';
import { exitReason, spawnPinned, stopChild, tail, until } from './proc.js';
import type { DaemonDriver, RolePlan, RunningDaemon, StartContext } from './types.js';

/** bird.conf for a role (pure). */
export function birdConfig(plan: RolePlan, dir: string): string {
  const lines = [
    `log "${join(dir, 'bird.log')}" { warning, error, fatal };`,
    `router id ${plan.routerId};`,
    'protocol device { scan time 60; }',
  ];
  if (plan.fib) lines.push('protocol kernel { ipv4 { import none; export all; }; }');
  plan.senders.forEach((s, i) => {
    lines.push(
      `protocol bgp s${i} { local ${plan.senderSide} as ${plan.asn}; neighbor ${s.address} as ${s.asn};`,
      '  passive on; ipv4 { import all; export none; }; }',
    );
  });
  if (plan.receiver) {
    const r = plan.receiver;
    lines.push(
      `protocol bgp rcv { local ${plan.receiverSide} as ${plan.asn}; neighbor ${r.address} as ${r.asn};`,
      '  passive on; ipv4 { import none; export all; }; }',
    );
  }
  return `${lines.join('\n')}\n`;
}

export const bird: DaemonDriver = {
  name: 'bird',
  label: 'BIRD',
  hasFib: true,
  fibOff: 'no kernel protocol',
  fibOn: 'kernel protocol, `export all`',
  problem: () => (run('sh', ['-c', 'command -v bird'], { allowFail: true }).trim() ? undefined : 'bird is missing'),
  version: () => {
    const r = run('sh', ['-c', 'bird --version 2>&1'], { allowFail: true });
    return /version\s+(\S+)/.exec(r)?.[1] ?? '?';
  },
  async start(ctx: StartContext, plan: RolePlan): Promise<RunningDaemon> {
    mkdirSync(ctx.dir, { recursive: true });
    const conf = join(ctx.dir, 'bird.conf');
    writeFileSync(conf, birdConfig(plan, ctx.dir));
    const sock = join(ctx.dir, 'bird.ctl');
    const out = join(ctx.dir, 'bird.out');
    const c = spawnPinned(ctx.ns, ctx.cpu, 'bird', ['-f', '-c', conf, '-s', sock], out);
    const running: RunningDaemon = {
      pids: () => (c.pid !== undefined && exitReason(c) === undefined ? [c.pid] : []),
      stop: () => stopChild(c),
      logTail: () => tail(join(ctx.dir, 'bird.log')) + tail(out),
    };
    const up = () => run('birdc', ['-s', sock, 'show', 'status'], { allowFail: true }).includes('Daemon is up');
    try {
      await until('BIRD to start', up, 20_000, () => exitReason(c));
    } catch (e) {
      await running.stop();
      throw new Error(`${(e as Error).message}\n${running.logTail()}`);
    }
    return running;
  },
};
