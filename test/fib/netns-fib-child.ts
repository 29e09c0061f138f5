/**
 * A FIB manager over the real kernel, run inside a network namespace by test/netns/fib.test.ts
 * (`ip netns exec NS node netns-fib-child.js --sweep-ms N`). It reads one JSON command per line on stdin
 * and answers each with one JSON line on stdout ({id, ...}); it prints {ready: true} once started.
 *
 * Commands: apply {changes: [{prefix, protocol, gateways?, ifname?} | {prefix, withdraw: true}]}, idle,
 * converge, routes, counters, diff; writes (dataplane error mapping), interfaces, vxlan (the VXLAN
 * capability of the netlink dataplane).
 */
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { AckResult, FibRoute } from '../../fib/dataplane.js';
import { FibManager } from '../../fib/manager.js';
import { NetlinkDataplane } from '../../fib/netlink-dataplane.js';
import { realClock } from '../../lib/clock.js';
import { formatAddr, formatPrefix, parseAddr, parsePrefix } from '../../lib/prefix.js';
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

const codes = (rs: AckResult[]) =>
  rs.map((r) => (r.ok ? 'ok' : `${r.error.code}${r.error.message ? `: ${r.error.message}` : ''}`));

function route(prefix: string, gw: string, protocol = 99): FibRoute {
  const pr = parsePrefix(prefix);
  const a = parseAddr(gw);
  if (!pr.ok || !a) throw new Error(`bad route ${prefix} via ${gw}`);
  return { prefix: pr.value, table: 254, protocol, metric: 20, nexthops: [{ gateway: a.addr }] };
}

/** One batch with failures in the middle: every answer must go back to its own request. */
async function writes(dp: NetlinkDataplane): Promise<string[][]> {
  const add = await dp.addRoutes([
    route('10.77.1.0/24', '10.0.1.2'),
    route('10.77.2.0/24', '192.0.2.1'),
    route('10.77.3.0/24', '10.0.1.2'),
    route('10.77.1.0/24', '10.0.1.3'),
  ]);
  const rep = await dp.replaceRoutes([route('10.77.1.0/24', '10.0.1.3')]);
  const key = (p: string) => ({ ...route(p, '10.0.1.2'), nexthops: [] });
  const del = await dp.deleteRoutes([
    { ...key('10.77.3.0/24'), protocol: 4 },
    key('10.77.1.0/24'),
    key('10.77.2.0/24'),
    key('10.77.3.0/24'),
  ]);
  return [codes(add), codes(rep), codes(del)];
}

/**
 * Our own delete is not echoed even when the RTM_DELROUTE is read after the next write (no event-loop
 * turn in between); a deletion by someone else is delivered.
 */
async function echoes(dp: NetlinkDataplane): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  const off = dp.on((e) => {
    if (e.kind === 'route-removed' && formatPrefix(e.route.prefix) === '10.78.0.0/24')
      removed.push(`${e.route.protocol}`);
  });
  const r = (gw: string) => ({ ...route('10.78.0.0/24', gw, 201), metric: 21 });
  await dp.addRoutes([r('10.0.1.2')]);
  const { nexthops: _, ...key } = r('10.0.1.2');
  const del = dp.deleteRoutes([key]);
  const add = dp.addRoutes([r('10.0.1.3')]);
  await Promise.all([del, add]);
  spawnSync('ip', ['route', 'del', '10.78.0.0/24', 'proto', '201', 'metric', '21']);
  await new Promise((resolve) => setTimeout(resolve, 300));
  off();
  return { removed };
}

/** The VXLAN capability against the kernel: bridge, vxlan (learning off), FDB with dst, neighbours. */
async function vxlan(dp: NetlinkDataplane): Promise<Record<string, unknown>> {
  const local = parseAddr('10.0.1.1')?.addr as Uint8Array;
  const br = await dp.createBridge({ name: 'br-nv' });
  const vx = await dp.createVxlan({ name: 'vxlan-nv', vni: 4242, local, port: 4789 });
  if (!br.ok || !vx.ok) return { error: JSON.stringify([br, vx]) };
  const master = await dp.setLink(vx.value.index, { master: br.value.index });
  const zero = new Uint8Array(6);
  const dst = (a: string) => parseAddr(a)?.addr as Uint8Array;
  const fdb = [
    { ifindex: vx.value.index, mac: zero, dst: dst('10.0.1.7') },
    { ifindex: vx.value.index, mac: zero, dst: dst('10.0.1.8') },
  ];
  const fdbAdd = codes(await dp.fdbAppend(fdb));
  const fdbDup = codes(await dp.fdbAppend(fdb.slice(0, 1)));
  const mac = Uint8Array.of(0x02, 0, 0, 0, 0x42, 0x01);
  const neighAdd = codes(await dp.neighReplace([{ ifindex: vx.value.index, ip: dst('10.244.7.0'), mac }]));
  const fdbDump = await dp.dumpFdb(vx.value.index);
  const neighDump = await dp.dumpNeighbors(vx.value.index);
  const fdbDel = codes(await dp.fdbDelete(fdb.slice(1)));
  const fdbAfter = await dp.dumpFdb(vx.value.index);
  return {
    vx: { kind: vx.value.kind, up: vx.value.up, index: vx.value.index },
    br: { kind: br.value.kind, index: br.value.index },
    master: master.ok ? 'ok' : master.error.code,
    cached: dp.link('vxlan-nv')?.master,
    fdbAdd,
    fdbDup,
    neighAdd,
    fdbDump: fdbDump.ok ? fdbDump.value.map((e) => formatAddr(e.dst)).sort() : fdbDump.error.code,
    neighDump: neighDump.ok ? neighDump.value.map((e) => formatAddr(e.ip)) : neighDump.error.code,
    fdbDel,
    fdbAfter: fdbAfter.ok ? fdbAfter.value.map((e) => formatAddr(e.dst)) : fdbAfter.error.code,
  };
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
  const ifs = dp.value.interfaces();
  let ifChanges = 0;
  ifs.onChange(() => ifChanges++);
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
      case 'writes':
        reply({ codes: await writes(dp.value) });
        break;
      case 'interfaces':
        reply({
          list: ifs.list().map((i) => ({ name: i.name, addrs: i.addrs.map((a) => a.text) })),
          changes: ifChanges,
        });
        break;
      case 'vxlan':
        reply(await vxlan(dp.value));
        break;
      case 'echoes':
        reply(await echoes(dp.value));
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
