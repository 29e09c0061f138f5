/**
 * Benchmark: OSPF SPF (ospf/spf.ts, RFC 2328 §16) on synthetic single-area LSDBs of 1000 and 5000 routers.
 *
 *   node dist/bench/spf.js                      # 1000 and 5000 routers, both topologies, 31 runs each
 *   node dist/bench/spf.js --sizes 1000,2000 --runs 51
 *
 * Topologies (all links numbered: every point-to-point link is a /31 with a stub link on both ends; every
 * router has a loopback /32 and two server /24 stub networks):
 *   - mesh: each router links to 3 random earlier ones (mixed metrics), one broadcast LAN (network-LSA, DR)
 *     per 10 routers with 4 random members, 2% of routers are ASBRs with 20 type-2 externals each.
 *   - clos: a 3-tier Clos, pods of 4 spines + 36 leaves, 4 planes of 4 super-spines, all metrics 10
 *     (heavy ECMP); 2% of leaves are ASBRs with 20 externals each.
 * The calculating router is a random router (mesh) or a leaf (clos). Reports the median, min and max of
 * full runs (graph build + Dijkstra + intra/inter/external routes). Not a test: no assertions on timing.
 */
import { Lsdb } from '../ospf/lsdb.js';
import type { Lsa, RouterLink } from '../ospf/packet/types.js';
import { runSpf, type SpfInterface } from '../ospf/spf.js';

const M31 = 0xfffffffe;
const M24 = 0xffffff00;
const M32 = 0xffffffff;

interface Topo {
  name: string;
  rids: number[];
  links: RouterLink[][];
  flags: number[];
  lsas: Lsa[];
  root: number;
}

/** A small deterministic PRNG (mulberry32), so every run measures the same graph. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function newTopo(name: string, n: number): Topo {
  const rids = Array.from({ length: n }, (_, i) => (0x01000000 + i) >>> 0);
  const links: RouterLink[][] = rids.map((rid, i) => [
    { type: 3, linkId: rid, linkData: M32, metric: 0, tos: [] },
    { type: 3, linkId: (0x64000000 + i * 512) >>> 0, linkData: M24, metric: 1, tos: [] },
    { type: 3, linkId: (0x64000000 + i * 512 + 256) >>> 0, linkData: M24, metric: 1, tos: [] },
  ]);
  return { name, rids, links, flags: new Array<number>(n).fill(0), lsas: [], root: 0 };
}

let linkSeq = 0;
function p2p(t: Topo, a: number, b: number, metric: number): void {
  const net = (0x0a000000 + 2 * linkSeq++) >>> 0;
  t.links[a]!.push({ type: 1, linkId: t.rids[b]!, linkData: net, metric, tos: [] });
  t.links[a]!.push({ type: 3, linkId: net, linkData: M31, metric, tos: [] });
  t.links[b]!.push({ type: 1, linkId: t.rids[a]!, linkData: net + 1, metric, tos: [] });
  t.links[b]!.push({ type: 3, linkId: net, linkData: M31, metric, tos: [] });
}

function lan(t: Topo, j: number, members: number[]): void {
  const net = (0xac100000 + j * 256) >>> 0;
  const dr = net + 1;
  members.forEach((m, k) => {
    t.links[m]!.push({ type: 2, linkId: dr, linkData: net + 1 + k, metric: 10, tos: [] });
  });
  const attached = members.map((m) => t.rids[m]!);
  t.lsas.push(lsa(2, dr, t.rids[members[0]!]!, { kind: 'network', mask: M24, attached }));
}

function externals(t: Topo, asbrs: number[]): void {
  let k = 0;
  for (const a of asbrs) {
    t.flags[a]! |= 0x02;
    for (let i = 0; i < 20; i++, k++) {
      const body = { kind: 'external' as const, mask: M24, e2: true, metric: 20, forwarding: 0, tag: 0, tos: [] };
      t.lsas.push(lsa(5, (0xc0000000 + k * 256) >>> 0, t.rids[a]!, body));
    }
  }
}

function lsa(type: 1 | 2 | 5, lsid: number, adv: number, body: Lsa['body']): Lsa {
  return {
    header: { age: 0, options: 2, type, lsid, advRouter: adv, seq: -0x7fffffff, checksum: 1, length: 0 },
    body,
  };
}

function mesh(n: number): Topo {
  const t = newTopo('mesh', n);
  const r = rng(n);
  const metrics = [10, 10, 10, 20, 50];
  for (let i = 1; i < n; i++) {
    const peers = new Set<number>();
    while (peers.size < Math.min(3, i)) peers.add(Math.floor(r() * i));
    for (const p of peers) p2p(t, i, p, metrics[Math.floor(r() * metrics.length)]!);
  }
  for (let j = 0; j < Math.floor(n / 10); j++) {
    const members = new Set<number>();
    while (members.size < 4) members.add(Math.floor(r() * n));
    lan(t, j, [...members]);
  }
  const asbrs = new Set<number>();
  while (asbrs.size < Math.ceil(n * 0.02)) asbrs.add(Math.floor(r() * n));
  externals(t, [...asbrs]);
  t.root = Math.floor(r() * n);
  return t;
}

function clos(n: number): Topo {
  const planes = 4;
  const perPlane = 4;
  const podSpines = planes;
  const podLeaves = 36;
  const pods = Math.max(1, Math.floor((n - planes * perPlane) / (podSpines + podLeaves)));
  const total = planes * perPlane + pods * (podSpines + podLeaves);
  const t = newTopo('clos', total);
  const leaves: number[] = [];
  for (let p = 0; p < pods; p++) {
    const base = planes * perPlane + p * (podSpines + podLeaves);
    for (let s = 0; s < podSpines; s++) {
      for (let k = 0; k < perPlane; k++) p2p(t, base + s, s * perPlane + k, 10);
      for (let l = 0; l < podLeaves; l++) p2p(t, base + podSpines + l, base + s, 10);
    }
    for (let l = 0; l < podLeaves; l++) leaves.push(base + podSpines + l);
  }
  const r = rng(total);
  const asbrs = new Set<number>();
  while (asbrs.size < Math.ceil(leaves.length * 0.02)) asbrs.add(leaves[Math.floor(r() * leaves.length)]!);
  externals(t, [...asbrs]);
  t.root = leaves[0]!;
  return t;
}

function build(t: Topo): { lsdb: Lsdb; interfaces: SpfInterface[] } {
  const root = t.rids[t.root]!;
  const lsdb = new Lsdb({ routerId: root, maxLsas: 1_000_000 });
  lsdb.addArea(0);
  t.rids.forEach((rid, i) => {
    const body = { kind: 'router' as const, flags: t.flags[i]!, links: t.links[i]! };
    const r = lsdb.install(0, lsa(1, rid, rid, body), undefined, 0);
    if (!r.ok) throw new Error(r.error.detail);
  });
  for (const l of t.lsas) {
    const r = lsdb.install(0, l, undefined, 0);
    if (!r.ok) throw new Error(r.error.detail);
  }
  const interfaces: SpfInterface[] = [{ name: 'lo', area: 0, address: root, mask: M32 }];
  for (const l of t.links[t.root]!) {
    if (l.type === 1) interfaces.push({ name: `eth${interfaces.length}`, area: 0, address: l.linkData, mask: M31 });
    if (l.type === 2) interfaces.push({ name: `eth${interfaces.length}`, area: 0, address: l.linkData, mask: M24 });
  }
  return { lsdb, interfaces };
}

function measure(t: Topo, runs: number): void {
  const { lsdb, interfaces } = build(t);
  const times: number[] = [];
  let result = runSpf({ lsdb, interfaces, now: 0 });
  for (let i = 0; i < 20; i++) result = runSpf({ lsdb, interfaces, now: 0 }); // warm-up (JIT)
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = runSpf({ lsdb, interfaces, now: 0 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const a = result.areas[0]!;
  const med = times[Math.floor(times.length / 2)]!;
  const ecmp = [...result.routes.values()].reduce((m, r) => Math.max(m, r.nexthops.length), 0);
  console.log(
    [
      t.name.padEnd(5),
      `${t.rids.length}`.padStart(6),
      `${lsdb.size}`.padStart(7),
      `${a.vertices}`.padStart(6),
      `${a.edges}`.padStart(7),
      `${result.routes.size}`.padStart(7),
      `${ecmp}`.padStart(5),
      med.toFixed(2).padStart(9),
      times[0]!.toFixed(2).padStart(8),
      times[times.length - 1]!.toFixed(2).padStart(8),
    ].join(' '),
  );
}

function main(argv: string[]): void {
  let sizes = [1000, 5000];
  let runs = 31;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') sizes = (argv[++i] ?? '').split(',').map(Number);
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
  }
  console.log(`node ${process.version}, ${runs} runs each`);
  console.log('topo  routers    LSAs  verts   edges  routes  ecmp  median ms   min ms   max ms');
  for (const n of sizes) {
    measure(mesh(n), runs);
    measure(clos(n), runs);
  }
}

main(process.argv.slice(2));
