/**
 * A FIB manager over the real kernel, run inside a network namespace by test/netns/fib.test.ts
 * (`ip netns exec NS node netns-fib-child.js --sweep-ms N`). It reads one JSON command per line on stdin
 * and answers each with one JSON line on stdout ({id, ...}); it prints {ready: true} once started.
 *
 * Commands: apply {changes: [{prefix, protocol, gateways?, ifname?} | {prefix, withdraw: true}]}, idle,
 * converge, routes, counters, diff.
 */
import { createInterface } from 'node:readline';
import { FibManager } from '../../fib/manager.js';
import { NetlinkDataplane } from '../../fib/netlink-dataplane.js';
import { realClock } from '../../lib/clock.js';
import { parseAddr, parsePrefix } from '../../lib/prefix.js';
import { DEFAULT_DISTANCE, type RibChange, type RouteProtocol } from '../../rib/rib.js';

interface ChangeIn {
  prefix: string;
  protocol?: RouteProtocol;
  gateways?: string[];
  ifname?: string;
  withdraw?: boolean;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

function toChange(c: ChangeIn): RibChange {
  const pr = parsePrefix(c.prefix);
  if (!pr.ok) throw new Error(pr.error);
  if (c.withdraw) return { prefix: pr.value, route: null };
  const protocol = c.protocol ?? 'ebgp';
  const nexthops = (c.gateways ?? []).map((g) => {
    const addr = parseAddr(g)?.addr;
    if (!addr) throw new Error(`bad gateway ${g}`);
    return c.ifname === undefined ? { gateway: addr } : { gateway: addr, ifname: c.ifname };
  });
  return { prefix: pr.value, route: { protocol, distance: DEFAULT_DISTANCE[protocol], metric: 0, nexthops } };
}

function out(o: unknown): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

async function main(): Promise<void> {
  const dp = await NetlinkDataplane.open();
  if (!dp.ok) throw new Error(`dataplane: ${JSON.stringify(dp.error)}`);
  const logs: { msg: string; obj: object }[] = [];
  const log = {
    info: (obj: object, msg: string) => logs.push({ msg, obj }),
    warn: (obj: object, msg: string) => logs.push({ msg, obj }),
  };
  const m = new FibManager({
    dataplane: dp.value,
    clock: realClock,
    sweepAfterMs: arg('--sweep-ms', 120_000),
    fullDiffEveryMs: arg('--diff-ms', 60_000),
    resyncDelayMs: 100,
    log,
  });
  const s = await m.start();
  if (!s.ok) throw new Error(`start: ${JSON.stringify(s.error)}`);
  out({ ready: true });
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const cmd = JSON.parse(line) as { id: number; cmd: string; changes?: ChangeIn[] };
    const reply = (o: object) => out({ id: cmd.id, ...o });
    switch (cmd.cmd) {
      case 'apply':
        m.apply((cmd.changes ?? []).map(toChange));
        await m.idle();
        reply({});
        break;
      case 'idle':
        await m.idle();
        reply({});
        break;
      case 'converge':
        m.markConverged('test');
        await m.idle();
        reply({});
        break;
      case 'routes':
        reply({ routes: m.routes() });
        break;
      case 'counters':
        reply({ counters: m.counters(), summary: m.summary(), logs });
        break;
      case 'diff': {
        const d = await m.diff();
        reply(d.ok ? { diff: d.value } : { error: d.error });
        break;
      }
      default:
        reply({ error: `unknown command ${cmd.cmd}` });
    }
  }
  m.close();
  dp.value.close();
}

main().catch((e: unknown) => {
  out({ fatal: String((e as Error).stack ?? e) });
  process.exit(1);
});
