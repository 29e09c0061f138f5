/** FIB manager against the memory dataplane: install, update, withdraw, ECMP, batching, failures. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FibManager } from '../../fib/manager.js';
import { MemoryDataplane } from '../../fib/memory.js';
import { netlinkError } from '../../fib/netlink/collect.js';
import { FakeClock } from '../../lib/clock.js';
import { gateways, p, put, sel, started } from './helpers.js';

test('install, update and withdraw: our protocol, table and metric; replace for an update, delete to withdraw', async () => {
  const r = await started();
  r.m.apply([put('10.10.0.0/24', sel('ebgp', '10.0.0.2')), put('2001:db8:aa::/48', sel('ebgp', '2001:db8::2'))]);
  await r.m.idle();
  const k = r.dp.route(p('10.10.0.0/24'));
  assert.ok(k);
  assert.equal(k.protocol, 201);
  assert.equal(k.table, 254);
  assert.equal(k.metric, 20);
  assert.deepEqual(gateways(r.dp, '10.10.0.0/24'), ['10.0.0.2']);
  assert.equal(k.nexthops[0]?.ifindex, r.eth0.index, 'the gateway resolved to its interface');
  assert.deepEqual(gateways(r.dp, '2001:db8:aa::/48'), ['2001:db8::2']);
  assert.equal(r.m.route(p('10.10.0.0/24'))?.state, 'installed');
  assert.deepEqual(r.m.summary().installedBy, { ebgp: 2 });

  r.dp.ops.length = 0;
  r.m.apply([put('10.10.0.0/24', sel('ospf', '10.0.1.2'))]);
  await r.m.idle();
  assert.deepEqual(
    r.dp.ops.map((o) => o.op),
    ['replace'],
    'an installed route of ours is replaced in place',
  );
  assert.deepEqual(gateways(r.dp, '10.10.0.0/24'), ['10.0.1.2']);
  assert.deepEqual(r.m.summary().installedBy, { ebgp: 1, ospf: 1 });

  r.m.apply([put('10.10.0.0/24', null)]);
  await r.m.idle();
  assert.equal(r.dp.route(p('10.10.0.0/24')), undefined);
  assert.equal(r.m.route(p('10.10.0.0/24')), undefined);
  const del = r.dp.ops.at(-1);
  assert.equal(del?.op, 'delete');
  assert.equal(del?.op === 'delete' ? del.key.protocol : 0, 201, 'deletes carry our protocol');
  assert.equal(r.m.summary().routes, 1);
});

test('ECMP: next hops on two uplinks become one multipath route; a change of the set replaces it', async () => {
  const r = await started();
  r.m.apply([put('10.20.0.0/16', sel('ebgp', '10.0.0.2', '10.0.1.2'))]);
  r.m.apply([put('2001:db8:20::/48', sel('ebgp', '2001:db8::2', '2001:db8:1::2'))]);
  await r.m.idle();
  const k = r.dp.route(p('10.20.0.0/16'));
  assert.deepEqual(
    k?.nexthops.map((h) => h.ifindex),
    [r.eth0.index, r.eth1.index],
  );
  assert.deepEqual(gateways(r.dp, '2001:db8:20::/48'), ['2001:db8:1::2', '2001:db8::2']);
  assert.deepEqual(r.m.route(p('10.20.0.0/16'))?.nexthops, [{ gateway: '10.0.0.2' }, { gateway: '10.0.1.2' }]);
  r.m.apply([put('10.20.0.0/16', sel('ebgp', '10.0.1.2'))]);
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.20.0.0/16'), ['10.0.1.2']);
});

test('interface next hops: a name maps to its index; an unknown name waits for the link', async () => {
  const r = await started();
  r.m.apply([put('10.30.0.0/24', sel('static', 'dev:eth1')), put('10.31.0.0/24', sel('static', 'dev:tap9'))]);
  await r.m.idle();
  assert.equal(r.dp.route(p('10.30.0.0/24'))?.nexthops[0]?.ifindex, r.eth1.index);
  const v = r.m.route(p('10.31.0.0/24'));
  assert.equal(v?.state, 'failed');
  assert.equal(v?.error?.code, 'ENODEV');
  assert.match(v?.error?.message ?? '', /tap9/);
  r.dp.addLink('tap9');
  await r.m.idle();
  assert.equal(r.m.route(p('10.31.0.0/24'))?.state, 'installed');
  assert.equal(r.dp.route(p('10.31.0.0/24'))?.nexthops[0]?.ifindex, r.dp.link('tap9')?.index);
});

test('a route without next hops is a blackhole; connected routes are left to the kernel', async () => {
  const r = await started();
  r.m.apply([
    put('10.40.0.0/24', { protocol: 'static', distance: 1, metric: 0, nexthops: [] }),
    put('10.0.0.0/24', sel('connected', 'dev:eth0')),
  ]);
  await r.m.idle();
  assert.equal(r.dp.route(p('10.40.0.0/24'))?.type, 'blackhole');
  assert.equal(r.dp.route(p('10.0.0.0/24')), undefined);
  assert.equal(r.m.route(p('10.0.0.0/24')), undefined, 'nothing to hold for a connected route');
  // A prefix moving from eBGP to connected: our route goes.
  r.m.apply([put('10.41.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.m.apply([put('10.41.0.0/24', sel('connected', 'dev:eth0'))]);
  await r.m.idle();
  assert.equal(r.dp.route(p('10.41.0.0/24')), undefined);
});

test('batching: changes coalesce per prefix and go out in batches of batchSize routes', async () => {
  const r = await started({ batchSize: 4096 }, { record: false });
  const changes = [];
  for (let i = 0; i < 10_000; i++)
    changes.push({ prefix: p(`20.${i >> 8}.${i & 255}.0/24`), route: sel('ebgp', '10.0.0.2') });
  r.m.apply(changes);
  // The same prefixes again before anything was written: still one write each.
  r.m.apply(changes);
  await r.m.idle();
  const adds = r.dp.calls.filter((c) => c.method === 'addRoutes').map((c) => c.size);
  assert.deepEqual(adds, [4096, 4096, 1808]);
  assert.equal(r.dp.kernel.size, 10_000);
  assert.equal(r.m.summary().byState.installed, 10_000);
  const c = r.m.counters();
  assert.equal(c.batches, 3);
  assert.equal(c.batchRoutes, 10_000);
  // Withdrawing all of them: deletes, in batches too.
  r.m.apply(changes.map((x) => ({ prefix: x.prefix, route: null })));
  await r.m.idle();
  assert.deepEqual(
    r.dp.calls.filter((x) => x.method === 'deleteRoutes').map((x) => x.size),
    [4096, 4096, 1808],
  );
  assert.equal(r.dp.kernel.size, 0);
  assert.equal(r.m.summary().routes, 0);
});

test('a change arriving while its previous write is in flight is written after it', async () => {
  const r = await started();
  r.m.apply([put('10.50.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await Promise.resolve();
  await Promise.resolve();
  r.m.apply([put('10.50.0.0/24', sel('ebgp', '10.0.1.2'))]);
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.50.0.0/24'), ['10.0.1.2']);
  assert.equal(r.m.route(p('10.50.0.0/24'))?.state, 'installed');
});

test('failures carry the kernel error and extended ACK text, and are retried', async () => {
  const r = await started();
  const bad = p('10.60.0.0/24');
  r.dp.failWith((op, k) =>
    k.prefix === bad && op !== 'delete' ? netlinkError(22, 'Invalid route attribute') : undefined,
  );
  r.m.apply([put('10.60.0.0/24', sel('ebgp', '10.0.0.2')), put('10.61.0.0/24', sel('ebgp', '192.0.2.1'))]);
  await r.m.idle();
  const v = r.m.route(bad);
  assert.equal(v?.state, 'failed');
  assert.deepEqual(v?.error, { code: 'EINVAL', errno: 22, message: 'Invalid route attribute' });
  const u = r.m.route(p('10.61.0.0/24'));
  assert.equal(u?.state, 'failed');
  assert.deepEqual(u?.error, { code: 'ENETUNREACH', errno: 101, message: 'Nexthop has invalid gateway' });
  assert.deepEqual(r.m.counters().netlinkErrors, { EINVAL: 1, ENETUNREACH: 1 });
  assert.ok(r.logs.some((l) => l.level === 'warn' && l.obj.code === 'EINVAL' && l.msg.includes('refused')));
  // The gateway becomes reachable: an address appears, the failed routes are written again.
  r.dp.failWith(undefined);
  r.dp.addAddress(r.eth1.index, '192.0.2.10/24');
  await r.m.idle();
  assert.equal(r.m.route(p('10.61.0.0/24'))?.state, 'installed');
  assert.equal(r.m.route(bad)?.state, 'installed');
  assert.equal(r.m.summary().byState.failed, 0);
});

test('a failed route is retried at the periodic comparison', async () => {
  const r = await started({ fullDiffEveryMs: 60_000 });
  let fail = true;
  r.dp.failWith(() => (fail ? netlinkError(12, 'out of memory') : undefined));
  r.m.apply([put('10.62.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  assert.equal(r.m.route(p('10.62.0.0/24'))?.state, 'failed');
  fail = false;
  r.clock.advance(60_000);
  await r.m.idle();
  assert.equal(r.m.route(p('10.62.0.0/24'))?.state, 'installed');
});

test('writes wait for the start-up read of the table', async () => {
  const clock = new FakeClock();
  const dp = new MemoryDataplane();
  const eth = dp.addLink('eth0');
  dp.addAddress(eth.index, '10.0.0.1/24');
  const m = new FibManager({ dataplane: dp, clock });
  m.apply([put('10.70.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await m.idle();
  assert.equal(dp.calls.length, 0, 'nothing written before start()');
  const s = await m.start();
  assert.ok(s.ok);
  await m.idle();
  assert.deepEqual(
    dp.calls.map((c) => c.method),
    ['scanRoutes', 'addRoutes'],
  );
  assert.ok(dp.route(p('10.70.0.0/24')));
  m.close();
});

test('custom protocol, table and metric', async () => {
  const r = await started({ protocol: 99, table: 1000, metric: 7 });
  r.m.apply([put('10.80.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  const k = r.dp.route(p('10.80.0.0/24'), 1000, 7);
  assert.equal(k?.protocol, 99);
  assert.equal(r.dp.route(p('10.80.0.0/24')), undefined);
  assert.deepEqual(r.m.route(p('10.80.0.0/24'))?.table, 1000);
});

test('a large backlog in ascending prefix order is written in reverse (the kernel deletes ascending 4x slower)', async () => {
  const r = await started({ batchSize: 4096 }, { record: false });
  const changes = [];
  for (let i = 0; i < 40_000; i++)
    changes.push({ prefix: p(`30.${i >> 8}.${i & 255}.0/24`), route: sel('ebgp', '10.0.0.2') });
  r.m.apply(changes);
  await r.m.idle();
  const order: number[] = [];
  const del = r.dp.deleteRoutes.bind(r.dp);
  r.dp.deleteRoutes = (keys) => {
    for (const k of keys) order.push(k.prefix as number);
    return del(keys);
  };
  r.m.apply(changes.map((c) => ({ prefix: c.prefix, route: null })));
  await r.m.idle();
  assert.equal(order.length, 40_000);
  assert.equal(order[0], p('30.156.63.0/24'), 'the highest prefix first');
  assert.ok(order.every((x, i) => i === 0 || x < (order[i - 1] as number)));
  assert.equal(r.dp.kernel.size, 0);
});

test('metric 0 is refused (the kernel stores an IPv6 route of metric 0 at 1024)', () => {
  assert.throws(
    () => new FibManager({ dataplane: new MemoryDataplane(), clock: new FakeClock(), metric: 0 }),
    /metric/,
  );
});
