/**
 * Benchmark: install and delete N IPv4 routes in a fresh network namespace, through the batched netlink
 * socket layer (fib/netlink/socket.ts) and through `ip -batch`, and report routes per second for each.
 *
 *   sudo node dist/bench/netlink-raw.js              # 100k routes
 *   sudo node dist/bench/netlink-raw.js --1m         # 1M routes
 *   sudo node dist/bench/netlink-raw.js --routes 250000 --batch-kib 128 --del-order asc
 *
 * Deletes run in descending prefix order by default, for both methods: on Linux 6.18, deleting a large
 * table in ascending order is about 4x slower in the kernel (LC-trie rebalancing), whoever sends it.
 * The outer process creates the namespace, runs itself inside it (`ip netns exec`) with --inner, prints the
 * table and deletes the namespace (also on failure). Needs root. Not a test: no assertions on timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AF_INET, IFF_UP } from '../fib/netlink/constants.js';
import type { RtnlRequest } from '../fib/netlink/message.js';
import {
  addrAdd,
  linkAdd,
  linkGet,
  linkSet,
  routeAdd,
  routeDel,
  routeDump,
  routeMsg,
} from '../fib/netlink/requests.js';
import { NetlinkSocket } from '../fib/netlink/socket.js';
import { formatPrefix, parseAddr, v4Key } from '../lib/prefix.js';

const PROTO = 99;
const GW = '10.1.0.2';

interface Args {
  routes: number;
  batchKib: number;
  delOrder: 'asc' | 'desc';
  inner: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { routes: 100_000, batchKib: 256, delOrder: 'desc', inner: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--1m') a.routes = 1_000_000;
    else if (x === '--routes') a.routes = Number(argv[++i]);
    else if (x === '--batch-kib') a.batchKib = Number(argv[++i]);
    else if (x === '--del-order') a.delOrder = argv[++i] === 'asc' ? 'asc' : 'desc';
    else if (x === '--inner') a.inner = true;
  }
  return a;
}

interface Result {
  method: string;
  routes: number;
  addMs: number;
  delMs: number;
  dumpMs?: number;
  failed: number;
}

function fail(what: string, e: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(e)}`);
}

/** A device with 10.1.0.1/24: a dummy, or a bridge where the kernel has no dummy driver. */
async function setUp(nl: NetlinkSocket): Promise<{ index: number; name: string }> {
  let [r] = await nl.request([linkAdd({ ifname: 'bench0', linkinfo: { kind: 'dummy' } })]);
  if (!r?.ok) [r] = await nl.request([linkAdd({ ifname: 'bench0', linkinfo: { kind: 'bridge' } })]);
  if (!r?.ok) fail('link add', r);
  const got = await nl.get(linkGet('bench0'));
  if (!got.ok || got.value.kind !== 'link') fail('link get', got);
  const index = got.value.link.index;
  const local = parseAddr('10.1.0.1')?.addr ?? fail('addr', '');
  const up = await nl.request([
    linkSet({ index, flags: IFF_UP, change: IFF_UP }),
    addrAdd({ family: AF_INET, prefixLen: 24, flags: 0, scope: 0, index, local, address: local }),
  ]);
  if (!up.every((x) => x.ok)) fail('link up / address', up);
  return { index, name: 'bench0' };
}

/** N distinct /24s from 20.0.0.0 upward (a BGP-table-like shape). */
function prefixes(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = v4Key((0x14000000 + i * 256) >>> 0, 24);
  return out;
}

async function viaSocket(nl: NetlinkSocket, index: number, dsts: number[], delOrder: number[]): Promise<Result> {
  const gateway = parseAddr(GW)?.addr ?? fail('gw', GW);
  const adds: RtnlRequest[] = dsts.map((dst) => routeAdd(routeMsg(dst, { protocol: PROTO, gateway, oif: index })));
  let t = performance.now();
  const a = await nl.request(adds);
  const addMs = performance.now() - t;
  t = performance.now();
  const d = await nl.dump(routeDump(AF_INET, { protocol: PROTO }));
  const dumpMs = performance.now() - t;
  if (!d.ok || d.value.length !== dsts.length) fail('dump', d.ok ? d.value.length : d.error);
  const dels = delOrder.map((dst) => routeDel(dst, PROTO));
  t = performance.now();
  const r = await nl.request(dels);
  const delMs = performance.now() - t;
  const failed = a.filter((x) => !x.ok).length + r.filter((x) => !x.ok).length;
  return { method: 'netlink socket (batched)', routes: dsts.length, addMs, delMs, dumpMs, failed };
}

function viaIpBatch(dev: string, dsts: number[], delOrder: number[]): Result {
  const dir = mkdtempSync(join(tmpdir(), 'nlbench-'));
  try {
    const add = dsts.map((d) => `route add ${formatPrefix(d)} via ${GW} dev ${dev} proto ${PROTO}\n`);
    writeFileSync(join(dir, 'add'), add.join(''));
    writeFileSync(join(dir, 'del'), delOrder.map((d) => `route del ${formatPrefix(d)} proto ${PROTO}\n`).join(''));
    const run = (file: string) => {
      const t = performance.now();
      const r = spawnSync('ip', ['-batch', join(dir, file)], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) fail(`ip -batch ${file}`, r.stderr.slice(0, 500));
      return performance.now() - t;
    };
    const addMs = run('add');
    const delMs = run('del');
    return { method: 'ip -batch', routes: dsts.length, addMs, delMs, failed: 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inner(a: Args): Promise<void> {
  const open = NetlinkSocket.open({ batchBytes: a.batchKib * 1024 });
  if (!open.ok) fail('open', open.error);
  const nl = open.value;
  const { index, name } = await setUp(nl);
  const dsts = prefixes(a.routes);
  const delOrder = a.delOrder === 'asc' ? dsts : [...dsts].reverse();
  const results = [await viaSocket(nl, index, dsts, delOrder), viaIpBatch(name, dsts, delOrder)];
  nl.close();
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')} routes/s`;
}

function outer(a: Args): void {
  if (process.getuid?.() !== 0) {
    console.error('netlink-raw: needs root (it creates a network namespace)');
    process.exit(2);
  }
  const ns = `nlbench${process.pid}`;
  spawnSync('ip', ['netns', 'add', ns]);
  try {
    const self = fileURLToPath(import.meta.url);
    const args = ['netns', 'exec', ns, process.execPath, self, '--inner', '--routes', String(a.routes)];
    const r = spawnSync('ip', [...args, '--batch-kib', String(a.batchKib), '--del-order', a.delOrder], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`inner run failed (exit ${r.status})`);
    const results = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '[]') as Result[];
    console.log(
      `${a.routes.toLocaleString('en-US')} IPv4 /24 routes via one gateway, fresh namespace, kernel ${kernel()}`,
    );
    for (const x of results) {
      const dump = x.dumpMs === undefined ? '' : `, dump ${Math.round(x.dumpMs)} ms`;
      console.log(
        `  ${x.method.padEnd(26)} add ${rate(x.routes, x.addMs).padStart(18)} (${Math.round(x.addMs)} ms)` +
          `  del ${rate(x.routes, x.delMs).padStart(18)} (${Math.round(x.delMs)} ms)${dump}${x.failed ? `, ${x.failed} failed` : ''}`,
      );
    }
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

function kernel(): string {
  return spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim();
}

const args = parseArgs(process.argv.slice(2));
if (args.inner) {
  inner(args).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  outer(args);
}
