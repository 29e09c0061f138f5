/**
 * GoBGP under test: `gobgpd -f conf.toml` in the foreground (it has no FIB of its own; the zebra
 * integration is off). GoBGP applies import/export policy globally outside route-server mode, so a global
 * export policy rejects everything toward the senders' neighbor set, and accepts the rest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../lab/sh.js';
import { exitReason, spawnPinned, stopChild, tail, until } from './proc.js';
import type { DaemonDriver, RolePlan, RunningDaemon, StartContext } from './types.js';

const API = '127.0.0.1:50051';

/** gobgpd TOML for a role (pure). */
export function gobgpConfig(plan: RolePlan): string {
  const peers = [...plan.senders, ...(plan.receiver ? [plan.receiver] : [])];
  const lines = [
    '[global.config]',
    `  as = ${plan.asn}`,
    `  router-id = "${plan.routerId}"`,
    '  port = 179',
    '[global.apply-policy.config]',
    '  export-policy-list = ["not-to-senders"]',
    '  default-export-policy = "accept-route"',
    '  default-import-policy = "accept-route"',
    '[[defined-sets.neighbor-sets]]',
    '  neighbor-set-name = "senders"',
    `  neighbor-info-list = [${plan.senders.map((s) => `"${s.address}"`).join(', ')}]`,
    '[[policy-definitions]]',
    '  name = "not-to-senders"',
    '  [[policy-definitions.statements]]',
    '    name = "reject-senders"',
    '    [policy-definitions.statements.conditions.match-neighbor-set]',
    '      neighbor-set = "senders"',
    '    [policy-definitions.statements.actions]',
    '      route-disposition = "reject-route"',
  ];
  for (const p of peers) {
    lines.push(
      '[[neighbors]]',
      '  [neighbors.config]',
      `    neighbor-address = "${p.address}"`,
      `    peer-as = ${p.asn}`,
      '  [neighbors.transport.config]',
      '    passive-mode = true',
      '  [[neighbors.afi-safis]]',
      '    [neighbors.afi-safis.config]',
      '      afi-safi-name = "ipv4-unicast"',
    );
  }
  return `${lines.join('\n')}\n`;
}

export const gobgp: DaemonDriver = {
  name: 'gobgp',
  label: 'GoBGP',
  hasFib: false,
  fibOff: 'no FIB of its own (zebra integration off)',
  fibOn: 'n/a (no FIB of its own)',
  problem: () => (run('sh', ['-c', 'command -v gobgpd'], { allowFail: true }).trim() ? undefined : 'gobgpd is missing'),
  version: () => /version\s+(\S+)/.exec(run('gobgpd', ['--version'], { allowFail: true }))?.[1] ?? '?',
  async start(ctx: StartContext, plan: RolePlan): Promise<RunningDaemon> {
    mkdirSync(ctx.dir, { recursive: true });
    const conf = join(ctx.dir, 'gobgpd.toml');
    writeFileSync(conf, gobgpConfig(plan));
    const log = join(ctx.dir, 'gobgpd.log');
    const args = ['-f', conf, '-t', 'toml', '-l', 'warn', '--api-hosts', API, '--pprof-disable'];
    const c = spawnPinned(ctx.ns, ctx.cpu, 'gobgpd', args, log);
    const running: RunningDaemon = {
      pids: () => (c.pid !== undefined && exitReason(c) === undefined ? [c.pid] : []),
      stop: () => stopChild(c),
      logTail: () => tail(log),
    };
    const up = () =>
      run('ip', ['netns', 'exec', ctx.ns, 'gobgp', '-u', '127.0.0.1', '-p', '50051', 'global'], {
        allowFail: true,
      }).includes(String(plan.asn));
    try {
      await until('gobgpd to start', up, 20_000, () => exitReason(c));
    } catch (e) {
      await running.stop();
      throw new Error(`${(e as Error).message}\n${tail(log)}`);
    }
    return running;
  },
};
