/**
 * The FIB manager against the real kernel, in a namespace created for the test: routes land with protocol
 * 201 and ECMP over two veth uplinks; a foreign route at our key is untouched and reported, and ours goes
 * in when it leaves; a route deleted by hand is repaired; link down drops routes and link up restores them;
 * after `kill -9` our routes stay, a restarted manager keeps them without rewriting and sweeps only the
 * stale ones when its (short) timer fires. The netlink dataplane itself: failures mapped to their requests
 * within a batch, the live interface source, and the VXLAN capability (bridge, vxlan with learning off,
 * FDB entries with their VTEP, permanent neighbours). The manager runs in a child under `ip netns exec`
 * (test/fib/netns-fib-child.ts) so its netlink sockets live in the namespace.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FibCounters, FibRouteView, FibSummary } from '../../fib/manager.js';
import { netnsTest } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';

const NS = `fibt${process.pid}`;
const CHILD = fileURLToPath(new URL('../fib/netns-fib-child.js', import.meta.url));

function ip(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('ip', ['netns', 'exec', NS, 'ip', ...args], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function must(...args: string[]): void {
  const r = ip(...args);
  assert.equal(r.status, 0, `ip ${args.join(' ')}: ${r.out}`);
}

interface IpRoute {
  dst: string;
  protocol?: string;
  metric?: number;
  gateway?: string;
  dev?: string;
  nexthops?: { gateway: string; dev: string; flags: string[] }[];
}

/** `ip -j route show` (IPv4 or IPv6) as objects, by destination. */
function routes(family: '-4' | '-6', ...filter: string[]): Map<string, IpRoute> {
  const r = ip('-j', family, 'route', 'show', ...filter);
  assert.equal(r.status, 0, r.out);
  const list = JSON.parse(r.out) as IpRoute[];
  return new Map(list.map((x) => [x.dst, x]));
}

const gws = (r: IpRoute | undefined): string[] =>
  (r?.nexthops?.map((h) => h.gateway) ?? (r?.gateway ? [r.gateway] : [])).sort();

/** The manager child: JSON commands in, one JSON answer per command out. */
class Manager {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (v: Record<string, unknown>) => void>();
  private readyResolve: (() => void) | undefined;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(sweepMs: number) {
    const args = ['netns', 'exec', NS, process.execPath, CHILD, '--sweep-ms', String(sweepMs), '--diff-ms', '2000'];
    this.child = spawn('ip', args, { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.ready = new Promise((resolve) => {
      this.readyResolve = resolve;
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stderr?.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = JSON.parse(line) as Record<string, unknown>;
      if (m.fatal) this.stderr += String(m.fatal);
      if (m.ready) this.readyResolve?.();
      const w = this.waiting.get(m.id as number);
      if (w) {
        this.waiting.delete(m.id as number);
        w(m);
      }
    });
  }

  async call(cmd: string, extra: object = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const answer = new Promise<Record<string, unknown>>((resolve) => this.waiting.set(id, resolve));
    this.child.stdin?.write(`${JSON.stringify({ id, cmd, ...extra })}\n`);
    const a = await Promise.race([
      answer,
      this.exited.then((code) => {
        throw new Error(`manager exited (${code}): ${this.stderr}`);
      }),
    ]);
    return a;
  }

  async routes(): Promise<Map<string, FibRouteView>> {
    const a = await this.call('routes');
    return new Map((a.routes as FibRouteView[]).map((r) => [r.prefix, r]));
  }

  async counters(): Promise<{ counters: FibCounters; summary: FibSummary }> {
    return (await this.call('counters')) as unknown as { counters: FibCounters; summary: FibSummary };
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}

/** Two uplinks: up0 10.0.1.1/24 + 2001:db8:1::1/64, up1 10.0.2.1/24 + 2001:db8:2::1/64 (veth, peers up). */
function setUpNamespace(): void {
  spawnSync('ip', ['netns', 'del', NS]);
  assert.equal(spawnSync('ip', ['netns', 'add', NS]).status, 0);
  must('link', 'set', 'lo', 'up');
  for (const n of [0, 1]) {
    must('link', 'add', `up${n}`, 'type', 'veth', 'peer', 'name', `peer${n}`);
    must('link', 'set', `up${n}`, 'up');
    must('link', 'set', `peer${n}`, 'up');
    must('addr', 'add', `10.0.${n + 1}.1/24`, 'dev', `up${n}`);
    must('addr', 'add', `2001:db8:${n + 1}::1/64`, 'dev', `up${n}`, 'nodad');
  }
}

const WANT = [
  { prefix: '10.50.0.0/24', gateways: ['10.0.1.2', '10.0.2.2'] },
  { prefix: '2001:db8:50::/48', gateways: ['2001:db8:1::2', '2001:db8:2::2'] },
  { prefix: '10.51.0.0/24', gateways: ['10.0.1.2'] },
  { prefix: '10.52.0.0/24', gateways: ['10.0.2.2'] },
  { prefix: '10.99.0.0/24', gateways: ['10.0.1.2'] },
];

async function firstRun(m: Manager): Promise<void> {
  await m.call('apply', { changes: WANT });
  const v4 = routes('-4', 'proto', '201');
  assert.deepEqual(gws(v4.get('10.50.0.0/24')), ['10.0.1.2', '10.0.2.2'], 'ECMP over both uplinks');
  assert.deepEqual(
    v4
      .get('10.50.0.0/24')
      ?.nexthops?.map((h) => h.dev)
      .sort(),
    ['up0', 'up1'],
  );
  assert.equal(v4.get('10.50.0.0/24')?.metric, 20);
  assert.deepEqual(gws(routes('-6', 'proto', '201').get('2001:db8:50::/48')), ['2001:db8:1::2', '2001:db8:2::2']);
  // The foreign route holds 10.99.0.0/24 at our metric: untouched and reported.
  const foreign = routes('-4', '10.99.0.0/24');
  assert.equal(foreign.get('10.99.0.0/24')?.protocol, 'static');
  assert.deepEqual(gws(foreign.get('10.99.0.0/24')), ['10.0.1.9']);
  const v = await m.routes();
  assert.equal(v.get('10.99.0.0/24')?.state, 'conflict');
  assert.equal(v.get('10.99.0.0/24')?.conflictWith, 4);
  assert.equal(v.get('10.50.0.0/24')?.state, 'installed');
  assert.equal((await m.counters()).counters.conflicts, 1);
  // It leaves: ours goes in.
  must('route', 'del', '10.99.0.0/24', 'proto', 'static');
  await waitFor('our route on the freed key', () => routes('-4', 'proto', '201').has('10.99.0.0/24'));
}

async function repairs(m: Manager): Promise<void> {
  must('route', 'del', '10.51.0.0/24', 'proto', '201');
  await waitFor('10.51.0.0/24 repaired', () => routes('-4', 'proto', '201').has('10.51.0.0/24'));
  await waitFor('drift counted', async () => (await m.counters()).counters.driftRepairs >= 1);
  // Link down: the kernel drops 10.52.0.0/24 (IPv4, no event); the ECMP route keeps its live path.
  must('link', 'set', 'up1', 'down');
  assert.equal(routes('-4', 'proto', '201').has('10.52.0.0/24'), false);
  await waitFor('10.52.0.0/24 pending', async () => (await m.routes()).get('10.52.0.0/24')?.state === 'pending');
  assert.ok(routes('-4', 'proto', '201').has('10.50.0.0/24'));
  must('link', 'set', 'up1', 'up');
  await waitFor('10.52.0.0/24 restored', () => routes('-4', 'proto', '201').has('10.52.0.0/24'));
  await waitFor('restore counted', async () => (await m.counters()).counters.restores >= 1);
  // The IPv6 address went with the link (keep_addr_on_down=0): the IPv6 ECMP route still has both paths.
  must('addr', 'add', '2001:db8:2::1/64', 'dev', 'up1', 'nodad');
  await waitFor('IPv6 ECMP whole', () => {
    const r = routes('-6', 'proto', '201').get('2001:db8:50::/48');
    return gws(r).length === 2 && r?.nexthops?.every((h) => !h.flags.includes('dead'));
  });
}

/** The dataplane itself: error mapping in one batch, the live interface source, the VXLAN capability. */
async function dataplane(m: Manager): Promise<void> {
  const w = (await m.call('writes')).codes as string[][];
  assert.deepEqual(w[0], ['ok', 'ENETUNREACH: Nexthop has invalid gateway', 'ok', 'EEXIST']);
  assert.deepEqual(w[1], ['ok']);
  assert.deepEqual(w[2], ['ESRCH', 'ok', 'ESRCH', 'ok'], "a delete never removes another protocol's route");
  const ifs = await m.call('interfaces');
  const list = ifs.list as { name: string; addrs: string[] }[];
  assert.ok(list.find((i) => i.name === 'up0')?.addrs.includes('10.0.1.1'));
  must('addr', 'add', '10.0.1.100/24', 'dev', 'up0');
  await waitFor('interface source sees the new address', async () => {
    const again = await m.call('interfaces');
    const up0 = (again.list as { name: string; addrs: string[] }[]).find((i) => i.name === 'up0');
    return up0?.addrs.includes('10.0.1.100') && (again.changes as number) > (ifs.changes as number);
  });
  must('addr', 'del', '10.0.1.100/24', 'dev', 'up0');
  const v = await m.call('vxlan');
  assert.equal(v.error, undefined, String(v.error));
  assert.deepEqual(v.vx, { kind: 'vxlan', up: true, index: (v.vx as { index: number }).index });
  assert.equal(v.master, 'ok');
  assert.equal(v.cached, (v.br as { index: number }).index, 'the link cache follows the master change');
  assert.deepEqual(v.fdbAdd, ['ok', 'ok']);
  assert.deepEqual(v.fdbDup, ['ok'], 'appending an existing (MAC, dst) pair succeeds and adds nothing');
  assert.deepEqual(v.neighAdd, ['ok']);
  assert.deepEqual(v.fdbDump, ['10.0.1.7', '10.0.1.8']);
  assert.deepEqual(v.neighDump, ['10.244.7.0']);
  assert.deepEqual(v.fdbDel, ['ok']);
  assert.deepEqual(v.fdbAfter, ['10.0.1.7']);
  const link = ip('-d', 'link', 'show', 'vxlan-nv').out;
  for (const want of ['vxlan id 4242', 'local 10.0.1.1', 'dstport 4789', 'nolearning', 'master br-nv'])
    assert.ok(link.includes(want), `${want} in: ${link}`);
  const fdb = spawnSync('ip', ['netns', 'exec', NS, 'bridge', 'fdb', 'show', 'dev', 'vxlan-nv'], { encoding: 'utf8' });
  assert.match(fdb.stdout, /00:00:00:00:00:00 dst 10\.0\.1\.7 self permanent/);
  assert.doesNotMatch(fdb.stdout, /10\.0\.1\.8/);
  assert.match(ip('neigh', 'show', 'dev', 'vxlan-nv').out, /10\.244\.7\.0 lladdr 02:00:00:00:42:01 PERMANENT/);
  must('link', 'del', 'vxlan-nv');
  must('link', 'del', 'br-nv');
  const e = await m.call('echoes');
  assert.deepEqual(e.removed, ['201'], 'only the deletion by `ip route del` is an event');
}

async function restart(): Promise<void> {
  const before = routes('-4', 'proto', '201');
  const second = new Manager(1500);
  try {
    await second.ready;
    const afterStart = routes('-4', 'proto', '201');
    assert.deepEqual([...afterStart.keys()].sort(), [...before.keys()].sort(), 'nothing removed at start-up');
    // The RIB re-learns all but 10.52.0.0/24: equal routes are kept as they are.
    await second.call('apply', { changes: WANT.filter((w) => w.prefix !== '10.52.0.0/24') });
    const c = await second.counters();
    assert.equal(c.counters.installs, 4, 'adopted without rewriting');
    assert.equal(c.counters.batches, 0, 'no write at all');
    assert.equal(c.summary.byState.stale, 1);
    assert.ok(routes('-4', 'proto', '201').has('10.52.0.0/24'), 'the stale route is kept until the sweep');
    await waitFor('stale route swept', () => !routes('-4', 'proto', '201').has('10.52.0.0/24'), 10_000);
    // The echo of our own delete is not a deletion behind our back: nothing is "repaired" back.
    await second.call('idle');
    assert.equal((await second.counters()).counters.driftRepairs, 0);
    assert.equal((await second.counters()).counters.sweptRoutes, 1);
    const left = routes('-4', 'proto', '201');
    assert.deepEqual([...left.keys()].sort(), ['10.50.0.0/24', '10.51.0.0/24', '10.99.0.0/24']);
    assert.ok(routes('-6', 'proto', '201').has('2001:db8:50::/48'));
    const d = await second.call('diff');
    const diff = d.diff as { missing: unknown[]; extra: unknown[]; different: unknown[]; conflicts: unknown[] };
    assert.deepEqual(diff, { missing: [], extra: [], different: [], conflicts: [] });
  } finally {
    second.kill('SIGTERM');
    await second.exited;
  }
}

netnsTest(
  'FIB manager in a namespace: protocol 201, ECMP, conflicts, repair, link down/up, kill -9 and sweep',
  async () => {
    setUpNamespace();
    try {
      must('route', 'add', '10.99.0.0/24', 'via', '10.0.1.9', 'proto', 'static', 'metric', '20');
      const first = new Manager(120_000);
      try {
        await first.ready;
        await firstRun(first);
        await repairs(first);
        await dataplane(first);
      } finally {
        first.kill('SIGKILL');
        await first.exited;
      }
      // Killed without any cleanup: the routes stay in the kernel.
      assert.deepEqual([...routes('-4', 'proto', '201').keys()].sort(), [
        '10.50.0.0/24',
        '10.51.0.0/24',
        '10.52.0.0/24',
        '10.99.0.0/24',
      ]);
      await restart();
    } finally {
      spawnSync('ip', ['netns', 'del', NS]);
      const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
      assert.ok(!list.split('\n').some((l) => l.split(' ')[0] === NS), 'namespace deleted');
    }
  },
  { timeout: 90_000 },
);
