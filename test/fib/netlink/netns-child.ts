/**
 * Runs inside a fresh network namespace (`ip netns exec NS node netns-child.js`), driven by
 * test/netns/netlink.test.ts: exercises the netlink socket layer against the real kernel and prints one
 * JSON report on stdout. Checks that need the kernel's answer are recorded, not asserted, so the parent
 * test reports every mismatch with its context.
 */
import { spawnSync } from 'node:child_process';
import {
  AF_INET,
  AF_INET6,
  IFA_F_NODAD,
  IFF_UP,
  RTM_DELROUTE,
  RTM_NEWLINK,
  RTM_NEWROUTE,
  RTPROT_STATIC,
} from '../../../fib/netlink/constants.js';
import type { RtnlMessage, RtnlRequest } from '../../../fib/netlink/message.js';
import {
  addrAdd,
  linkAdd,
  linkDump,
  linkGet,
  linkSet,
  routeAdd,
  routeDel,
  routeDump,
  routeMsg,
} from '../../../fib/netlink/requests.js';
import type { RouteMsg } from '../../../fib/netlink/route.js';
import { type AckResult, NetlinkMonitor, NetlinkSocket } from '../../../fib/netlink/socket.js';
import { formatPrefix, type PrefixKey, parseAddr, parsePrefix, v4Key } from '../../../lib/prefix.js';

const PROTO = 99;
const report: Record<string, unknown> = {};

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.error)}`);
  return r.value;
}
function addr(s: string): Uint8Array {
  const a = parseAddr(s);
  if (!a) throw new Error(`not an address: ${s}`);
  return a.addr;
}
const pfx = (s: string) => must(parsePrefix(s), s);
const codes = (rs: AckResult[]) => rs.map((r) => (r.ok ? 'ok' : r.error.code));

/** Resolves with the first monitor message matching `pred`, or undefined after `ms`. */
function waitFor(mon: NetlinkMonitor, pred: (m: RtnlMessage) => boolean, ms = 5000): Promise<RtnlMessage | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      mon.off('message', on);
      resolve(undefined);
    }, ms);
    const on = (m: RtnlMessage) => {
      if (!pred(m)) return;
      clearTimeout(timer);
      mon.off('message', on);
      resolve(m);
    };
    mon.on('message', on);
  });
}

function isRoute(m: RtnlMessage, type: number, dst: PrefixKey): boolean {
  return m.kind === 'route' && m.type === type && m.route.dst === dst;
}

function ip(...args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return `${r.status} ${r.stderr.trim()}`;
}

async function ourRoutes(nl: NetlinkSocket, family: number): Promise<RouteMsg[]> {
  const d = must(await nl.dump(routeDump(family, { protocol: PROTO })), 'route dump');
  return d.flatMap((m) => (m.kind === 'route' ? [m.route] : []));
}

/** A link to hang routes on: a dummy device, or a bridge where the kernel has no dummy driver. */
async function makeLink(nl: NetlinkSocket, mon: NetlinkMonitor): Promise<number> {
  const seen = waitFor(mon, (m) => m.kind === 'link' && m.type === RTM_NEWLINK && m.link.ifname === 'nl0');
  let [r] = await nl.request([linkAdd({ ifname: 'nl0', linkinfo: { kind: 'dummy' } })]);
  report.dummy = r?.ok ? 'ok' : r?.error.code;
  report.linkKind = 'dummy';
  if (!r?.ok) {
    [r] = await nl.request([linkAdd({ ifname: 'nl0', linkinfo: { kind: 'bridge' } })]);
    report.linkKind = 'bridge';
  }
  must(r ?? { ok: false, error: 'no result' }, 'link add');
  const got = must(await nl.get(linkGet('nl0')), 'link get');
  if (got.kind !== 'link') throw new Error('link get: not a link');
  report.linkEvent = (await seen) !== undefined;
  const links = must(await nl.dump(linkDump()), 'link dump');
  report.links = links.flatMap((m) => (m.kind === 'link' ? [m.link.ifname] : []));
  return got.link.index;
}

async function addresses(nl: NetlinkSocket, index: number): Promise<void> {
  const v4 = addr('10.99.0.1');
  const v6 = addr('2001:db8:99::1');
  report.addresses = codes(
    await nl.request([
      linkSet({ index, flags: IFF_UP, change: IFF_UP }),
      addrAdd({ family: AF_INET, prefixLen: 24, flags: 0, scope: 0, index, local: v4, address: v4 }),
      addrAdd({ family: AF_INET6, prefixLen: 64, flags: IFA_F_NODAD, scope: 0, index, local: v6, address: v6 }),
    ]),
  );
}

async function thousandRoutes(nl: NetlinkSocket, index: number): Promise<PrefixKey[]> {
  const gw = addr('10.99.0.2');
  const dsts = Array.from({ length: 1000 }, (_, i) => v4Key((10 << 24) | (100 << 16) | (i << 4), 28));
  const sends = nl.stats.sends;
  const adds = await nl.request(
    dsts.map((dst) => routeAdd(routeMsg(dst, { protocol: PROTO, gateway: gw, oif: index }))),
  );
  report.add1000 = { failed: adds.filter((r) => !r.ok).length, sends: nl.stats.sends - sends };
  const dumped = new Set((await ourRoutes(nl, AF_INET)).map((r) => r.dst));
  report.dump1000 = { size: dumped.size, missing: dsts.filter((d) => !dumped.has(d)).length };
  return dsts;
}

async function badRoutes(nl: NetlinkSocket, index: number): Promise<void> {
  const gw = addr('10.99.0.2');
  const batch: RtnlRequest[] = [
    routeAdd(routeMsg(pfx('10.96.1.0/24'), { protocol: PROTO, gateway: gw, oif: index })),
    routeAdd(routeMsg(pfx('10.96.2.0/24'), { protocol: PROTO, gateway: gw, oif: 9999 })),
    routeAdd(routeMsg(pfx('10.96.3.0/24'), { protocol: PROTO, gateway: gw, oif: index })),
    routeAdd(routeMsg(pfx('10.96.4.0/24'), { protocol: PROTO, gateway: addr('192.0.2.1') })),
    routeAdd(routeMsg(pfx('10.96.1.0/24'), { protocol: PROTO, gateway: gw, oif: index }), false),
  ];
  const r = await nl.request(batch);
  report.bad = r.map((x) => (x.ok ? 'ok' : `${x.error.code}: ${x.error.message ?? ''}`));
  await nl.request([routeDel(pfx('10.96.1.0/24'), PROTO), routeDel(pfx('10.96.3.0/24'), PROTO)]);
}

async function ecmp(nl: NetlinkSocket, index: number): Promise<void> {
  const v4 = routeMsg(pfx('10.95.0.0/24'), {
    protocol: PROTO,
    multipath: [
      { ifindex: index, weight: 3, flags: 0, gateway: addr('10.99.0.2') },
      { ifindex: index, weight: 1, flags: 0, gateway: addr('10.99.0.3') },
    ],
  });
  const v6 = routeMsg(pfx('2001:db8:aa::/48'), {
    protocol: PROTO,
    priority: 1024,
    multipath: [
      { ifindex: index, weight: 1, flags: 0, gateway: addr('2001:db8:99::2') },
      { ifindex: index, weight: 1, flags: 0, gateway: addr('2001:db8:99::3') },
    ],
  });
  report.ecmpAdd = codes(await nl.request([routeAdd(v4), routeAdd(v6)]));
  const got4 = (await ourRoutes(nl, AF_INET)).find((r) => r.dst === v4.dst);
  const got6 = (await ourRoutes(nl, AF_INET6)).find((r) => r.dst === v6.dst);
  report.ecmp = { sent4: v4, got4, sent6: v6, got6 };
  report.ecmpDel = codes(await nl.request([routeDel(v4.dst, PROTO), routeDel(v6.dst, PROTO)]));
}

async function monitorEvents(mon: NetlinkMonitor): Promise<void> {
  const dst = pfx('10.98.0.0/24');
  const added = waitFor(mon, (m) => isRoute(m, RTM_NEWROUTE, dst));
  report.ipAdd = ip('route', 'add', '10.98.0.0/24', 'via', '10.99.0.2', 'proto', '77');
  const a = await added;
  report.addEvent = a?.kind === 'route' ? { protocol: a.route.protocol, gateway: [...(a.route.gateway ?? [])] } : null;
  const deleted = waitFor(mon, (m) => isRoute(m, RTM_DELROUTE, dst));
  report.ipDel = ip('route', 'del', '10.98.0.0/24', 'proto', '77');
  report.delEvent = (await deleted) !== undefined;
}

async function ownership(nl: NetlinkSocket): Promise<void> {
  ip('route', 'add', '10.97.0.0/24', 'via', '10.99.0.2', 'proto', 'static');
  const [r] = await nl.request([routeDel(pfx('10.97.0.0/24'), PROTO)]);
  const left = must(await nl.dump(routeDump(AF_INET, { protocol: RTPROT_STATIC })), 'static dump');
  report.foreignDelete = r?.ok ? 'ok' : r?.error.code;
  report.foreignKept = left.some((m) => m.kind === 'route' && formatPrefix(m.route.dst) === '10.97.0.0/24');
}

/** A monitor with a tiny receive buffer overruns during a burst: it must say 'resync' and keep delivering. */
async function overrun(nl: NetlinkSocket, index: number): Promise<void> {
  const small = must(NetlinkMonitor.open({ rcvbuf: 4096 }), 'small monitor');
  const resynced = new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), 5000);
    small.once('resync', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
  const gw = addr('10.99.0.2');
  const dsts = Array.from({ length: 2000 }, (_, i) => v4Key((10 << 24) | (101 << 16) | (i << 3), 29));
  await nl.request(dsts.map((dst) => routeAdd(routeMsg(dst, { protocol: PROTO, gateway: gw, oif: index }))));
  report.resynced = await resynced;
  // After the overrun the monitor keeps reading: a later event still arrives.
  const after = waitFor(small, (m) => isRoute(m, RTM_NEWROUTE, pfx('10.94.0.0/24')));
  ip('route', 'add', '10.94.0.0/24', 'via', '10.99.0.2', 'proto', '77');
  report.afterOverrun = (await after) !== undefined;
  report.smallStats = small.stats;
  small.close();
  await nl.request(dsts.map((dst) => routeDel(dst, PROTO)));
}

async function main(): Promise<void> {
  const nl = must(NetlinkSocket.open(), 'open');
  const mon = must(NetlinkMonitor.open({ ignoreNewRoutesOfProtocol: PROTO }), 'monitor');
  const index = await makeLink(nl, mon);
  await addresses(nl, index);
  const dsts = await thousandRoutes(nl, index);
  await badRoutes(nl, index);
  await ecmp(nl, index);
  await monitorEvents(mon);
  // Events arrive in order: once the `ip route` event was seen, our own earlier ones were read (and skipped).
  report.ignoredOwn = mon.stats.ignored;
  await ownership(nl);
  const dels = await nl.request(dsts.map((dst) => routeDel(dst, PROTO)));
  report.del1000 = { failed: dels.filter((r) => !r.ok).length, left: (await ourRoutes(nl, AF_INET)).length };
  await overrun(nl, index);
  mon.close();
  nl.close();
}

main().then(
  () => {
    process.stdout.write(`${JSON.stringify(report, (_k, v) => (v instanceof Uint8Array ? [...v] : v))}\n`);
  },
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ ...report, fatal: String((e as Error).stack ?? e) })}\n`);
    process.exitCode = 1;
  },
);
