/**
 * An OSPF instance on the real kernel, run inside a network namespace by test/netns/ospf.test.ts and
 * bench/ospf-converge.ts (`ip netns exec NS node netns-child.js '<json>'` with {routerId, ospf (raw config)}):
 * the native raw-socket I/O, the netlink dataplane to discover interfaces, and a RIB. It prints {ready: true}
 * once started, then reads one JSON command per line on stdin and answers each with one JSON line
 * ({id, ...}). Logs go to stderr as JSON lines.
 *
 * Commands: database (the LSDB view), state (summary, interfaces, neighbors, OSPF routes, the RIB's OSPF candidates), static (set or
 * remove a static route in the RIB: {prefix, ifname?, withdraw?}), await-rib ({count}: answers, with the
 * wall-clock time, once the RIB selects at least that many OSPF routes), reconfigure ({ospf}), stop.
 */
import { createInterface } from 'node:readline';
import { normalizeOspf, type RawOspfCfg } from '../../../daemon/config/ospf.js';
import { NetlinkDataplane } from '../../../fib/netlink-dataplane.js';
import { realClock } from '../../../lib/clock.js';
import { formatAddr, formatPrefix, parsePrefix } from '../../../lib/prefix.js';
import type { OspfLog } from '../../../ospf/counters.js';
import { OspfInstance } from '../../../ospf/instance.js';
import { NativeOspfIo } from '../../../ospf/io.js';
import { databaseView, interfacesView, neighborsView, routesView, summaryView } from '../../../ospf/views.js';
import { compilePolicy } from '../../../rib/policy/index.js';
import { Rib } from '../../../rib/rib.js';

interface Cmd {
  id: number;
  cmd: string;
  count?: number;
  prefix?: string;
  ifname?: string;
  withdraw?: boolean;
  ospf?: RawOspfCfg;
}

function out(o: unknown): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

const log = (level: string): ((obj: object, msg: string) => void) => {
  return (obj, msg) => process.stderr.write(`${JSON.stringify({ level, msg, t: Date.now(), ...obj })}\n`);
};

async function main(): Promise<void> {
  const arg = JSON.parse(process.argv[2] ?? '{}') as { routerId: string; ospf: RawOspfCfg };
  const dp = await NetlinkDataplane.open();
  if (!dp.ok) throw new Error(`dataplane: ${JSON.stringify(dp.error)}`);
  const rib = new Rib();
  const policy = compilePolicy(undefined);
  if (!policy.ok) throw new Error('policy');
  const logger: OspfLog = { info: log('info'), warn: log('warn'), debug: () => {} };
  const ospf = new OspfInstance(normalizeOspf(arg.ospf), policy.value, arg.routerId, {
    clock: realClock,
    random: Math.random,
    io: new NativeOspfIo(),
    dataplane: dp.value,
    rib,
    log: logger,
  });
  // Selected OSPF routes, followed through the RIB's change feed (await-rib).
  let ospfSelected = 0;
  const waiters: { count: number; done: (at: number) => void }[] = [];
  rib.onChange((changes) => {
    for (const c of changes) {
      const was = selectedOspf.has(c.prefix);
      const is = c.route?.protocol === 'ospf';
      if (is && !was) selectedOspf.add(c.prefix);
      if (!is && was) selectedOspf.delete(c.prefix);
    }
    ospfSelected = selectedOspf.size;
    const now = Date.now();
    for (const w of [...waiters]) {
      if (ospfSelected < w.count) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.done(now);
    }
  });
  const selectedOspf = new Set<unknown>();
  await ospf.start();
  out({ ready: true, at: Date.now() });
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const cmd = JSON.parse(line) as Cmd;
    const reply = (o: object) => out({ id: cmd.id, ...o });
    switch (cmd.cmd) {
      case 'database':
        reply(databaseView(ospf));
        break;
      case 'state': {
        const ribRoutes = rib
          .routes()
          .filter(([, r]) => r.protocol === 'ospf')
          .map(([p, r]) => ({
            prefix: formatPrefix(p),
            metric: r.metric,
            nexthops: r.nexthops.map((n) => ({ gateway: n.gateway ? formatAddr(n.gateway) : null, ifname: n.ifname })),
          }));
        reply({
          at: Date.now(),
          summary: summaryView(ospf),
          interfaces: interfacesView(ospf),
          neighbors: neighborsView(ospf),
          routes: routesView(ospf),
          rib: ribRoutes,
        });
        break;
      }
      case 'static': {
        const p = parsePrefix(cmd.prefix ?? '');
        if (!p.ok) {
          reply({ error: p.error });
          break;
        }
        const nh = cmd.ifname === undefined ? {} : { ifname: cmd.ifname };
        rib.set('static', p.value, cmd.withdraw ? null : { metric: 0, nexthops: [nh] });
        reply({});
        break;
      }
      case 'await-rib': {
        const count = cmd.count ?? 0;
        if (ospfSelected >= count) reply({ at: Date.now(), count: ospfSelected });
        else waiters.push({ count, done: (at) => reply({ at, count: ospfSelected }) });
        break;
      }
      case 'reconfigure':
        if (cmd.ospf) ospf.reconfigure(normalizeOspf(cmd.ospf), policy.value);
        reply({});
        break;
      case 'stop':
        await ospf.stop();
        reply({});
        dp.value.close();
        process.exit(0);
    }
  }
}

main().catch((e: Error) => {
  out({ fatal: e.stack ?? e.message });
  process.exit(1);
});
