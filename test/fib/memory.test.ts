/**
 * The memory dataplane behaves like the kernel where the manager depends on it: keys, replace and
 * create-only semantics, deletes by protocol, next-hop resolution and its errors, link down/up, address
 * removal, events, and the VXLAN capability.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataplaneEvent } from '../../fib/dataplane.js';
import { MemoryDataplane } from '../../fib/memory.js';
import { formatPrefix } from '../../lib/prefix.js';
import { a, kroute, p } from './helpers.js';

function dp(): { d: MemoryDataplane; events: DataplaneEvent[]; eth0: number; eth1: number } {
  const d = new MemoryDataplane();
  const eth0 = d.addLink('eth0').index;
  const eth1 = d.addLink('eth1').index;
  d.addAddress(eth0, '10.0.0.1/24');
  d.addAddress(eth1, '10.0.1.1/24');
  d.addAddress(eth1, '2001:db8:1::1/64');
  const events: DataplaneEvent[] = [];
  d.on((e) => events.push(e));
  return { d, events, eth0, eth1 };
}

const codes = (rs: { ok: boolean; error?: { code: string } }[]) => rs.map((r) => (r.ok ? 'ok' : r.error?.code));

test('routes are keyed by (table, prefix, metric): several owners per prefix, replace overwrites any owner', async () => {
  const { d } = dp();
  assert.deepEqual(
    codes(
      await d.addRoutes([
        kroute('10.9.0.0/24', 201, ['10.0.0.2']),
        kroute('10.9.0.0/24', 4, ['10.0.0.3'], 30),
        kroute('10.9.0.0/24', 4, ['10.0.0.3']),
        kroute('10.9.0.0/24', 201, ['10.0.0.2'], 20, 100),
      ]),
    ),
    ['ok', 'ok', 'EEXIST', 'ok'],
  );
  assert.deepEqual(codes(await d.replaceRoutes([kroute('10.9.0.0/24', 4, ['10.0.0.3'])])), ['ok']);
  assert.equal(d.route(p('10.9.0.0/24'))?.protocol, 4, 'a replace takes the key whoever held it');
  assert.deepEqual(
    codes(
      await d.deleteRoutes([
        { prefix: p('10.9.0.0/24'), table: 254, metric: 30, protocol: 201 },
        { prefix: p('10.9.0.0/24'), table: 254, metric: 30, protocol: 4 },
        { prefix: p('10.9.0.0/24'), table: 254, metric: 30, protocol: 4 },
      ]),
    ),
    ['ESRCH', 'ok', 'ESRCH'],
  );
  assert.equal(d.kernel.size, 2);
  const dumped = await d.dumpRoutes({ table: 100 });
  assert.ok(dumped.ok);
  assert.equal(dumped.value.length, 1);
  assert.deepEqual(
    d.calls.map((c) => [c.method, c.size]),
    [
      ['addRoutes', 4],
      ['replaceRoutes', 1],
      ['deleteRoutes', 3],
      ['dumpRoutes', 0],
    ],
  );
});

test('next hops resolve like the kernel, with its errors', async () => {
  const { d, eth0, eth1 } = dp();
  d.setLinkUp(eth0, false);
  const rs = await d.addRoutes([
    kroute('10.1.0.0/24', 201, ['10.0.1.2']),
    kroute('10.2.0.0/24', 201, ['192.0.2.1']),
    kroute('2001:db8:9::/48', 201, ['2001:db8:7::1']),
    { ...kroute('10.3.0.0/24', 201, []), nexthops: [{ ifindex: eth0 }] },
    { ...kroute('10.4.0.0/24', 201, []), nexthops: [{ ifindex: 99 }] },
    kroute('10.5.0.0/24', 201, []),
    { ...kroute('10.6.0.0/24', 201, []), type: 'blackhole' },
    { ...kroute('10.7.0.0/24', 201, ['10.0.1.2']), nexthops: [{ gateway: a('10.0.1.2'), ifindex: eth0 }] },
  ]);
  assert.deepEqual(codes(rs), ['ok', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ENODEV', 'ENODEV', 'ok', 'ENETDOWN']);
  assert.equal(rs[1]?.ok ? '' : rs[1]?.error.message, 'Nexthop has invalid gateway');
  assert.equal(d.route(p('10.1.0.0/24'))?.nexthops[0]?.ifindex, eth1);
});

test('link down: single-path routes over it go (IPv6 with an event, IPv4 without); ECMP survives and recovers', async () => {
  const { d, events, eth0, eth1 } = dp();
  await d.addRoutes([
    kroute('10.1.0.0/24', 201, ['10.0.1.2']),
    kroute('2001:db8:5::/48', 201, ['2001:db8:1::2']),
    kroute('10.2.0.0/24', 201, ['10.0.0.2', '10.0.1.2']),
  ]);
  events.length = 0;
  d.setLinkUp(eth1, false);
  assert.equal(d.route(p('10.1.0.0/24')), undefined);
  assert.equal(d.route(p('2001:db8:5::/48')), undefined);
  const ecmp = d.route(p('10.2.0.0/24'));
  assert.deepEqual(
    ecmp?.nexthops.map((h) => h.flags ?? 0),
    [0, 17],
  );
  assert.deepEqual(
    events.map((e) => e.kind + (e.kind === 'link' ? `:${e.change}` : '')),
    ['address-removed', 'route-removed', 'link:down'],
  );
  d.setLinkUp(eth1, true);
  assert.deepEqual(
    d.route(p('10.2.0.0/24'))?.nexthops.map((h) => h.flags ?? 0),
    [0, 0],
  );
  assert.equal(d.route(p('10.1.0.0/24')), undefined, 'the kernel does not restore removed routes');
  // Both links down: the ECMP route goes too (IPv4: silently).
  d.setLinkUp(eth0, false);
  d.setLinkUp(eth1, false);
  assert.equal(d.route(p('10.2.0.0/24')), undefined);
  assert.ok(!events.some((e) => e.kind === 'route-removed' && typeof e.route.prefix === 'number'));
});

test('the last IPv4 address of a link removed: its IPv4 routes go; a secondary one left keeps them', async () => {
  const { d, eth1 } = dp();
  d.addAddress(eth1, '10.0.2.1/24');
  await d.addRoutes([kroute('10.1.0.0/24', 201, ['10.0.1.2'])]);
  d.removeAddress(eth1, '10.0.2.1/24');
  assert.ok(d.route(p('10.1.0.0/24')));
  d.removeAddress(eth1, '10.0.1.1/24');
  assert.equal(d.route(p('10.1.0.0/24')), undefined);
});

test("events: writes and deletes by anyone, except our own protocol's through this dataplane", async () => {
  const { d, events } = dp();
  events.length = 0;
  await d.addRoutes([kroute('10.1.0.0/24', 201, ['10.0.1.2']), kroute('10.3.0.0/24', 201, ['10.0.1.2'])]);
  d.kernelWrite(kroute('10.2.0.0/24', 4, ['10.0.1.2']));
  d.kernelWrite(kroute('10.2.0.0/24', 12, ['10.0.1.3']), true);
  await d.deleteRoutes([{ prefix: p('10.1.0.0/24'), table: 254, metric: 20, protocol: 201 }]);
  d.kernelDelete({ prefix: p('10.3.0.0/24'), table: 254, metric: 20, protocol: 201 });
  assert.deepEqual(
    events.map((e) =>
      e.kind === 'route-added'
        ? `add ${e.route.protocol} ${e.replaced}`
        : e.kind === 'route-removed'
          ? `del ${formatPrefix(e.route.prefix)}`
          : e.kind,
    ),
    ['add 4 false', 'add 12 true', 'del 10.3.0.0/24'],
  );
});

test('VXLAN capability: vxlan and bridge links, FDB append/delete with dst, permanent neighbours', async () => {
  const { d } = dp();
  const vx = await d.createVxlan({ name: 'vxlan0', vni: 42, local: a('10.0.0.1') });
  assert.ok(vx.ok);
  assert.equal(vx.value.kind, 'vxlan');
  assert.equal(vx.value.up, true);
  assert.equal(d.vxlans.get(vx.value.index)?.vni, 42);
  assert.equal((await d.createVxlan({ name: 'vxlan0', vni: 1, local: a('10.0.0.1') })).ok, false);
  const br = await d.createBridge({ name: 'br0', up: false });
  assert.ok(br.ok);
  assert.equal(br.value.up, false);
  assert.ok((await d.setLink(vx.value.index, { master: br.value.index })).ok);
  assert.equal(d.link('vxlan0')?.master, br.value.index);
  const zero = new Uint8Array(6);
  const fdb = [
    { ifindex: vx.value.index, mac: zero, dst: a('10.0.0.2') },
    { ifindex: vx.value.index, mac: zero, dst: a('10.0.0.3') },
  ];
  assert.deepEqual(codes(await d.fdbAppend(fdb)), ['ok', 'ok']);
  assert.deepEqual(
    codes(await d.fdbAppend(fdb.slice(0, 1))),
    ['ok'],
    'appending an existing pair is a no-op, as in the kernel',
  );
  assert.deepEqual(codes(await d.fdbDelete(fdb.slice(1))), ['ok']);
  const dumped = await d.dumpFdb(vx.value.index);
  assert.ok(dumped.ok);
  assert.deepEqual(
    dumped.value.map((e) => [...e.dst]),
    [[10, 0, 0, 2]],
  );
  const mac = Uint8Array.of(2, 0, 0, 0, 0, 1);
  assert.deepEqual(codes(await d.neighReplace([{ ifindex: vx.value.index, ip: a('10.244.1.0'), mac }])), ['ok']);
  assert.deepEqual(codes(await d.neighReplace([{ ifindex: vx.value.index, ip: a('10.244.1.0'), mac }])), ['ok']);
  const n = await d.dumpNeighbors();
  assert.ok(n.ok);
  assert.equal(n.value.length, 1);
  assert.deepEqual(codes(await d.neighDelete([{ ifindex: vx.value.index, ip: a('10.244.1.0'), mac }])), ['ok']);
  assert.ok((await d.deleteLink(vx.value.index)).ok);
  assert.equal(d.link('vxlan0'), undefined);
});
