/**
 * Benchmark: install and delete N IPv4 routes in a fresh network namespace through the FIB manager
 * (fib/manager.ts over fib/netlink-dataplane.ts, kernel monitor running), next to the raw batched netlink
 * socket (what bench/netlink-raw.ts does) measured in the same run, and report routes/s, the ratio and the
 * peak RSS of each. A second table compares ECMP routes as RTA_MULTIPATH with nexthop objects (RTA_NH_ID).
 *
 *   sudo node dist/bench/fib.js                  # 100k routes
 *   sudo node dist/bench/fib.js --1m             # 1M routes
 *   sudo node dist/bench/fib.js --routes 250000 --batch 8192 --order asc
 *
 * Each measurement runs in its own process (`ip netns exec NS node fib.js --inner MODE`), so peak RSS is
 * per method. Deletes are fed in descending prefix order by default, for both (bench/README-netlink.md:
 * the kernel deletes a large table in ascending order ~4x slower, whoever sends it). Needs root. Not a
 * test: nothing is asserted about timing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { toRouteMsg } from '../fib/convert.js';
import type { FibRoute } from '../fib/dataplane.js';
import { FibManager } from '../fib/manager.js';
import { AF_INET, NEXTHOP_GRP_TYPE_MPATH, NLM_F_REQUEST } from '../fib/netlink/constants.js';
import { encodeRequest, type RtnlRequest } from '../fib/netlink/message.js';
import { linkGet, nexthopAdd, nexthopDel, routeAdd, routeDel, routeDump, routeMsg } from '../fib/netlink/requests.js';
import { NetlinkMonitor, NetlinkSocket } from '../fib/netlink/socket.js';
import { NetlinkDataplane } from '../fib/netlink-dataplane.js';
import { Writer } from '../lib/bytes.js';
import { realClock } from '../lib/clock.js';
import { parseAddr, v4Key } from '../lib/prefix.js';
import { recvBatch, send } from '../native/index.js';
import type { RibChange, SelectedRoute } from '../rib/rib.js';

const RAW_PROTO = 99;
const GW0 = '10.1.0.2';
const GW1 = '10.2.0.2';

type Mode = 'raw' | 'raw-monitor' | 'manager' | 'raw-errors-only' | 'ecmp';

interface Args {
  routes: number;
  batch: number;
  /** Runs per method (interleaved); the table shows the median. */
  runs: number;
  order: 'asc' | 'desc';
  inner?: Mode;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { routes: 100_000, batch: 4096, runs: 1, order: 'desc' };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--1m') a.routes = 1_000_000;
    else if (x === '--routes') a.routes = Number(argv[++i]);
    else if (x === '--batch') a.batch = Number(argv[++i]);
    else if (x === '--runs') a.runs = Number(argv[++i]);
    else if (x === '--order') a.order = argv[++i] === 'asc' ? 'asc' : 'desc';
    else if (x === '--inner') a.inner = argv[++i] as Mode;
  }
  return a;
}

/** One mode's figures, as printed with --json (bench/harness/external.ts reads them). */
export interface Measured {
  mode: Mode;
  routes: number;
  addMs: number;
  delMs: number;
  /** Process CPU time (user + system: the kernel's route work runs in our send() and recv()). */
  addCpuMs: number;
  delCpuMs: number;
  failed: number;
  peakRssMiB: number;
  extra?: Record<string, number>;
}

function fail(what: string, e: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(e)}`);
}

function addr(s: string): Uint8Array {
  return parseAddr(s)?.addr ?? fail('address', s);
}

function sh(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) fail(`ip ${args.join(' ')}`, r.stderr);
}

/** Two uplinks (veth, peers up): up0 10.1.0.1/24, up1 10.2.0.1/24. */
function setUpLinks(): void {
  sh('link', 'set', 'lo', 'up');
  for (const n of [0, 1]) {
    sh('link', 'add', `up${n}`, 'type', 'veth', 'peer', 'name', `peer${n}`);
    sh('link', 'set', `up${n}`, 'up');
    sh('link', 'set', `peer${n}`, 'up');
    sh('addr', 'add', `10.${n + 1}.0.1/24`, 'dev', `up${n}`);
  }
}

/** N distinct /24s from `base` upward (a BGP-table-like shape). */
function prefixes(n: number, base = 0x14000000): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = v4Key((base + i * 256) >>> 0, 24);
  return out;
}

function delOrder(dsts: number[], order: 'asc' | 'desc'): number[] {
  return order === 'asc' ? dsts : [...dsts].reverse();
}

/** Wall and CPU time of a phase: CPU time is robust against other processes on a shared machine. */
function stopwatch(): () => { ms: number; cpuMs: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(c);
    return { ms: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
  };
}

function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function ifindex(nl: NetlinkSocket, name: string): Promise<number> {
  const got = await nl.get(linkGet(name));
  if (!got.ok || got.value.kind !== 'link') fail('link get', got);
  return got.value.link.index;
}

/** Installs a prefix list and deletes it (in the given order); each returns how many failed. */
interface Method {
  add(dsts: number[]): Promise<number>;
  del(dsts: number[]): Promise<number>;
}

/**
 * A warm-up round on other prefixes (min(N, 20k): the JIT compiles the same paths for every method), then
 * the measured round.
 */
async function measure(a: Args, mode: Mode, m: Method): Promise<Measured> {
  const warm = prefixes(Math.min(a.routes, 20_000), 0x1e000000);
  await m.add(warm);
  await m.del(delOrder(warm, a.order));
  const dsts = prefixes(a.routes);
  let sw = stopwatch();
  let failed = await m.add(dsts);
  const add = sw();
  const order = delOrder(dsts, a.order);
  sw = stopwatch();
  failed += await m.del(order);
  const del = sw();
  const r = { mode, routes: a.routes, addMs: add.ms, delMs: del.ms, addCpuMs: add.cpuMs, delCpuMs: del.cpuMs };
  return { ...r, failed, peakRssMiB: peakRssMiB() };
}

const failures = (rs: { ok: boolean }[]) => rs.filter((x) => !x.ok).length;

/** What bench/netlink-raw.ts measures: one request() of N adds (gateway and interface), then N deletes. */
async function raw(a: Args, withMonitor: boolean): Promise<Measured> {
  const nl = NetlinkSocket.open();
  if (!nl.ok) fail('open', nl.error);
  const mon = withMonitor ? NetlinkMonitor.open({ ignoreNewRoutesOfProtocol: RAW_PROTO }) : undefined;
  if (mon && !mon.ok) fail('monitor', mon.error);
  const oif = await ifindex(nl.value, 'up0');
  const gateway = addr(GW0);
  const r = await measure(a, withMonitor ? 'raw-monitor' : 'raw', {
    add: async (dsts) =>
      failures(
        await nl.value.request(dsts.map((dst) => routeAdd(routeMsg(dst, { protocol: RAW_PROTO, gateway, oif })))),
      ),
    del: async (dsts) => failures(await nl.value.request(dsts.map((dst) => routeDel(dst, RAW_PROTO)))),
  });
  if (mon?.ok) mon.value.close();
  nl.value.close();
  return r;
}

/**
 * The same requests without NLM_F_ACK and without a monitor: the kernel answers only failures (what
 * fib/netlink-writer.ts does), here sent straight from the bench.
 */
async function rawErrorsOnly(a: Args): Promise<Measured> {
  const nl = NetlinkSocket.open();
  if (!nl.ok) fail('open', nl.error);
  const fd = nl.value.fd;
  const oif = await ifindex(nl.value, 'up0');
  const rx = new Uint8Array(1 << 20);
  const out = new Int32Array(3);
  let seq = 1;
  const run = (reqs: RtnlRequest[]) => {
    let errors = 0;
    for (let i = 0; i < reqs.length; ) {
      const w = new Writer(320 * 1024);
      while (i < reqs.length && w.length < 256 * 1024)
        encodeRequest(w, reqs[i++] as RtnlRequest, seq++, 0, NLM_F_REQUEST);
      if (!send(fd, w.finish()).ok) fail('send', i);
      for (;;) {
        const r = recvBatch(fd, rx, 65_536, out);
        errors += r.datagrams;
        if (r.error) break;
      }
    }
    return Promise.resolve(errors);
  };
  const gateway = addr(GW0);
  const r = await measure(a, 'raw-errors-only', {
    add: (dsts) => run(dsts.map((dst) => routeAdd(routeMsg(dst, { protocol: RAW_PROTO, gateway, oif })))),
    del: (dsts) => run(dsts.map((dst) => routeDel(dst, RAW_PROTO))),
  });
  nl.value.close();
  return r;
}

/**
 * The FIB manager fed RIB changes: one shared next-hop list (as interned BGP attributes give), with the
 * interface named, so the kernel gets the same messages as in `raw`.
 */
async function manager(a: Args): Promise<Measured> {
  const dp = await NetlinkDataplane.open();
  if (!dp.ok) fail('dataplane', dp.error);
  const m = new FibManager({ dataplane: dp.value, clock: realClock, batchSize: a.batch, fullDiffEveryMs: 0 });
  const s = await m.start();
  if (!s.ok) fail('start', s.error);
  const route: SelectedRoute = {
    protocol: 'ebgp',
    distance: 20,
    metric: 0,
    nexthops: [{ gateway: addr(GW0), ifname: 'up0' }],
  };
  const r = await measure(a, 'manager', {
    add: async (dsts) => {
      m.apply(dsts.map((prefix) => ({ prefix, route })));
      await m.idle();
      return m.summary().routes - m.summary().byState.installed;
    },
    del: async (dsts) => {
      m.apply(dsts.map((prefix): RibChange => ({ prefix, route: null })));
      await m.idle();
      return m.summary().routes;
    },
  });
  const c = m.counters();
  m.close();
  const dump = await dp.value.socket.dump(routeDump(AF_INET, { protocol: 201 }));
  dp.value.close();
  return {
    ...r,
    extra: { batches: c.batches, resyncs: c.resyncs - 1, leftInKernel: dump.ok ? dump.value.length : -1 },
  };
}

/** ECMP over both uplinks: RTA_MULTIPATH per route versus one nexthop group (RTA_NH_ID). */
async function ecmp(a: Args): Promise<Measured> {
  const nl = NetlinkSocket.open();
  if (!nl.ok) fail('open', nl.error);
  const s = nl.value;
  const i0 = await ifindex(s, 'up0');
  const i1 = await ifindex(s, 'up1');
  const dsts = prefixes(a.routes);
  const route = (dst: number, gw1: string): FibRoute => ({
    prefix: dst,
    table: 254,
    protocol: RAW_PROTO,
    metric: 20,
    nexthops: [
      { gateway: addr(GW0), ifindex: i0 },
      { gateway: addr(gw1), ifindex: i1 },
    ],
  });
  const time = async (reqs: RtnlRequest[]) => {
    const t = performance.now();
    const r = await s.request(reqs);
    return { ms: performance.now() - t, failed: r.filter((x) => !x.ok).length };
  };
  const mpAdd = await time(dsts.map((d) => routeAdd(toRouteMsg(route(d, GW1)))));
  // A next-hop change (one ECMP member moves): every route is replaced.
  const mpChange = await time(dsts.map((d) => routeAdd(toRouteMsg(route(d, '10.2.0.3')))));
  const mpDel = await time(delOrder(dsts, a.order).map((d) => routeDel(d, RAW_PROTO)));
  const nh = (id: number, gw: string, oif: number) =>
    nexthopAdd({ family: AF_INET, scope: 0, protocol: RAW_PROTO, flags: 0, id, gateway: addr(gw), oif });
  const group = nexthopAdd({
    family: 0,
    scope: 0,
    protocol: RAW_PROTO,
    flags: 0,
    id: 10,
    group: [
      { id: 1, weight: 1 },
      { id: 2, weight: 1 },
    ],
    groupType: NEXTHOP_GRP_TYPE_MPATH,
  });
  const setup = await s.request([nh(1, GW0, i0), nh(2, GW1, i1), group]);
  if (!setup.every((x) => x.ok)) fail('nexthop objects', setup);
  const nhAdd = await time(dsts.map((d) => routeAdd(routeMsg(d, { protocol: RAW_PROTO, priority: 20, nhId: 10 }))));
  // The same next-hop change: one message replaces nexthop 2.
  const nhChange = await time([nh(2, '10.2.0.3', i1)]);
  const nhDel = await time(delOrder(dsts, a.order).map((d) => routeDel(d, RAW_PROTO)));
  await s.request([nexthopDel(10), nexthopDel(1), nexthopDel(2)]);
  s.close();
  const failed = [mpAdd, mpChange, mpDel, nhAdd, nhChange, nhDel].reduce((n, x) => n + x.failed, 0);
  return {
    mode: 'ecmp',
    routes: a.routes,
    addMs: mpAdd.ms,
    delMs: mpDel.ms,
    addCpuMs: 0,
    delCpuMs: 0,
    failed,
    peakRssMiB: peakRssMiB(),
    extra: { mpChangeMs: mpChange.ms, nhAddMs: nhAdd.ms, nhChangeMs: nhChange.ms, nhDelMs: nhDel.ms },
  };
}

async function inner(a: Args): Promise<void> {
  setUpLinks();
  let r: Measured;
  if (a.inner === 'raw') r = await raw(a, false);
  else if (a.inner === 'raw-errors-only') r = await rawErrorsOnly(a);
  else if (a.inner === 'raw-monitor') r = await raw(a, true);
  else if (a.inner === 'manager') r = await manager(a);
  else r = await ecmp(a);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

// ---- outer: namespaces, processes, the table ----

function rate(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}

const fmt = (x: number) => x.toLocaleString('en-US');

function runInner(a: Args, mode: Mode): Measured {
  const ns = `fibbench${process.pid}`;
  spawnSync('ip', ['netns', 'del', ns]);
  spawnSync('ip', ['netns', 'add', ns]);
  try {
    const self = fileURLToPath(import.meta.url);
    const args = ['netns', 'exec', ns, process.execPath, '--max-old-space-size=4096', self, '--inner', mode];
    const r = spawnSync('ip', [...args, '--routes', String(a.routes), '--batch', String(a.batch), '--order', a.order], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
      cwd: process.cwd(),
    });
    if (r.status !== 0) throw new Error(`${mode} run failed (exit ${r.status})`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** One line per method: median rates (wall clock and per CPU second) of the runs, ratios to raw, peak RSS. */
function table(runs: Measured[][]): void {
  const modes: Mode[] = ['raw', 'raw-monitor', 'manager', 'raw-errors-only'];
  const med = (mode: Mode, f: (x: Measured) => number) =>
    median(runs.map((r) => f(r.find((x) => x.mode === mode) as Measured)));
  const cols: [string, (x: Measured) => number][] = [
    ['add', (x) => rate(x.routes, x.addMs)],
    ['add/CPU-s', (x) => rate(x.routes, x.addCpuMs)],
    ['delete', (x) => rate(x.routes, x.delMs)],
    ['delete/CPU-s', (x) => rate(x.routes, x.delCpuMs)],
  ];
  const base = cols.map(([, f]) => med('raw', f));
  console.log(`| method | ${cols.map(([n]) => `${n} routes/s | vs raw`).join(' | ')} | peak RSS |`);
  console.log(`| --- |${' ---: | ---: |'.repeat(cols.length)} ---: |`);
  for (const mode of modes) {
    const cells = cols.map(([, f], i) => {
      const v = med(mode, f);
      return `${fmt(v)} | ${Math.round((v / (base[i] as number)) * 100)}%`;
    });
    const rss = Math.max(...runs.map((r) => r.find((x) => x.mode === mode)?.peakRssMiB ?? 0));
    console.log(`| ${mode} | ${cells.join(' | ')} | ${rss} MiB |`);
  }
  for (const [i, r] of runs.entries())
    console.log(
      `  run ${i + 1}: ${r.map((x) => `${x.mode} ${fmt(rate(x.routes, x.addMs))}/${fmt(rate(x.routes, x.delMs))}${x.failed ? ` (${x.failed} failed)` : ''}${x.extra && x.mode === 'manager' ? ` ${JSON.stringify(x.extra)}` : ''}`).join(', ')}`,
    );
}

function ecmpTable(a: Args): void {
  const e = runInner(a, 'ecmp');
  const x = e.extra ?? {};
  console.log(`\nECMP (2 paths), ${fmt(a.routes)} routes:`);
  console.log('| method | add routes/s | one next hop changes | delete routes/s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| RTA_MULTIPATH | ${fmt(rate(a.routes, e.addMs))} | ${fmt(Math.round(x.mpChangeMs ?? 0))} ms (${fmt(a.routes)} replaces) | ${fmt(rate(a.routes, e.delMs))} |`,
  );
  console.log(
    `| nexthop objects | ${fmt(rate(a.routes, x.nhAddMs ?? 1))} | ${(x.nhChangeMs ?? 0).toFixed(2)} ms (1 message) | ${fmt(rate(a.routes, x.nhDelMs ?? 1))} |`,
  );
  if (e.failed) console.log(`  ecmp: ${e.failed} failed`);
}

function outer(a: Args): void {
  if (process.getuid?.() !== 0) {
    console.error('fib bench: needs root (it creates network namespaces)');
    process.exit(2);
  }
  const kernel = spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim();
  const runs: Measured[][] = [];
  for (let i = 0; i < a.runs; i++)
    runs.push([runInner(a, 'raw'), runInner(a, 'raw-monitor'), runInner(a, 'manager'), runInner(a, 'raw-errors-only')]);
  console.log(
    `${fmt(a.routes)} IPv4 /24 routes via one gateway, fresh namespace, kernel ${kernel}, batch ${a.batch}, ` +
      `deletes ${a.order}, median of ${a.runs} run(s)`,
  );
  table(runs);
  if (a.routes <= 200_000) ecmpTable(a);
}

const args = parseArgs(process.argv.slice(2));
if (args.inner) {
  inner(args).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else outer(args);
