/** The pure desired-versus-kernel comparison (fib/reconcile.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FibRoute } from '../../fib/dataplane.js';
import {
  diffRoutes,
  KernelScan,
  SEEN_DIFFERENT,
  SEEN_KEPT,
  SEEN_NOT,
  SEEN_SAME,
  sameNexthop,
  sameRoute,
} from '../../fib/reconcile.js';
import type { PrefixKey } from '../../lib/prefix.js';
import { a, kroute, p } from './helpers.js';

const OWN = { protocol: 201, table: 254, metric: 20 };

test('sameRoute: gateways as a set, the interface only when wanted, weights only for ECMP, the type', () => {
  const want = kroute('10.0.0.0/24', 201, ['10.0.0.2', '10.0.1.2']);
  const got: FibRoute = {
    ...want,
    nexthops: [
      { gateway: a('10.0.1.2'), ifindex: 3, weight: 1 },
      { gateway: a('10.0.0.2'), ifindex: 2, weight: 1, flags: 17 },
    ],
  };
  assert.ok(sameRoute(want, got), 'order and resolved interfaces do not matter, nor dead flags');
  assert.ok(
    !sameRoute({ ...want, nexthops: [{ gateway: a('10.0.0.2'), ifindex: 3 }, ...want.nexthops.slice(1)] }, got),
  );
  assert.ok(!sameRoute(want, { ...got, nexthops: [got.nexthops[0] as never, { gateway: a('10.0.0.2'), weight: 5 }] }));
  assert.ok(
    sameNexthop({ gateway: a('10.0.0.2'), weight: 7 }, { gateway: a('10.0.0.2') }, false),
    'single path: no weight',
  );
  assert.ok(!sameRoute(want, { ...got, nexthops: got.nexthops.slice(0, 1) }));
  assert.ok(!sameRoute({ ...want, nexthops: [], type: 'blackhole' }, { ...want, nexthops: [], type: 'unreachable' }));
  assert.ok(sameRoute({ ...want, nexthops: [], type: 'blackhole' }, { ...want, nexthops: [], type: 'blackhole' }));
  assert.ok(!sameRoute(kroute('10.0.0.0/24', 201, ['10.0.0.2']), kroute('10.0.0.0/24', 201, ['10.0.0.3'])));
  assert.ok(!sameRoute(kroute('::/0', 201, ['2001:db8::1']), kroute('::/0', 201, ['10.0.0.1'])));
});

test('diffRoutes: our route present wins over a foreign alias at the key; another table is not ours', () => {
  const want = kroute('10.0.0.0/24', 201, ['10.0.0.2']);
  const desired = new Map<PrefixKey, FibRoute>([[want.prefix, want]]);
  const d = diffRoutes(
    desired,
    [kroute('10.0.0.0/24', 4, ['10.0.0.9']), want, kroute('10.0.1.0/24', 201, ['10.0.0.2'], 20, 100)],
    OWN,
  );
  assert.deepEqual(d, { missing: [], extra: [], different: [], conflicts: [] });
  const gone = diffRoutes(desired, [kroute('10.0.0.0/24', 4, ['10.0.0.9'])], OWN);
  assert.deepEqual(
    gone.conflicts.map((c) => c.got.protocol),
    [4],
  );
});

test('diffRoutes: every class, sorted by prefix', () => {
  const desired = new Map<PrefixKey, FibRoute>();
  for (const r of [
    kroute('10.0.9.0/24', 201, ['10.0.0.2']),
    kroute('10.0.1.0/24', 201, ['10.0.0.2']),
    kroute('10.0.2.0/24', 201, ['10.0.0.2']),
    kroute('10.0.3.0/24', 201, ['10.0.0.2']),
    kroute('2001:db8::/32', 201, ['fe80::1']),
  ])
    desired.set(r.prefix, r);
  const kernel = [
    kroute('10.0.2.0/24', 201, ['10.0.0.7']),
    kroute('10.0.3.0/24', 4, ['10.0.0.2']),
    kroute('10.0.4.0/24', 201, ['10.0.0.2']),
    kroute('10.0.5.0/24', 201, ['10.0.0.2'], 50),
    kroute('10.0.9.0/24', 201, ['10.0.0.2']),
  ];
  const d = diffRoutes(desired, kernel, OWN);
  assert.deepEqual(
    d.missing.map((r) => r.prefix),
    [p('10.0.1.0/24'), p('2001:db8::/32')],
  );
  assert.deepEqual(
    d.extra.map((r) => [r.prefix, r.metric]),
    [
      [p('10.0.4.0/24'), 20],
      [p('10.0.5.0/24'), 50],
    ],
  );
  assert.deepEqual(
    d.different.map((x) => x.want.prefix),
    [p('10.0.2.0/24')],
  );
  assert.deepEqual(
    d.conflicts.map((x) => [x.want.prefix, x.got.protocol]),
    [[p('10.0.3.0/24'), 4]],
  );
});

test('KernelScan: marks per slot, keeps only what differs, shares next-hop lists of kept routes', () => {
  const wanted = [
    kroute('10.0.1.0/24', 201, ['10.0.0.2']),
    kroute('10.0.2.0/24', 201, ['10.0.0.2']),
    kroute('10.0.3.0/24', 201, ['10.0.0.2']),
    kroute('10.0.4.0/24', 201, ['10.0.0.2']),
  ];
  const slots = new Map<PrefixKey, number>(wanted.map((r, i) => [r.prefix, i]));
  // Slot 4: nothing wanted (a stale route of ours); slot 3: its write is queued (not compared).
  slots.set(p('10.0.5.0/24'), 4);
  const desiredOf = (s: number) => (s === 4 ? null : s === 3 ? undefined : (wanted[s] ?? null));
  const scan = new KernelScan(OWN, 5, (x) => slots.get(x) ?? -1, desiredOf);
  for (const r of [
    kroute('10.0.1.0/24', 201, ['10.0.0.2']),
    kroute('10.0.2.0/24', 201, ['10.0.0.9']),
    kroute('10.0.3.0/24', 4, ['10.0.0.2']),
    kroute('10.0.4.0/24', 201, ['10.0.0.9']),
    kroute('10.0.5.0/24', 201, ['10.0.0.9']),
    kroute('10.0.6.0/24', 201, ['10.0.0.9']),
    kroute('10.0.7.0/24', 201, ['10.0.0.9'], 30),
    kroute('10.0.8.0/24', 4, ['10.0.0.9'], 30),
    kroute('10.0.9.0/24', 201, ['10.0.0.9'], 20, 100),
  ])
    scan.add(r);
  assert.deepEqual([...scan.mark], [SEEN_SAME, SEEN_DIFFERENT, SEEN_NOT, SEEN_KEPT, SEEN_KEPT]);
  assert.deepEqual([...scan.kept.keys()].sort(), [1, 3, 4]);
  assert.equal(scan.foreign.get(p('10.0.3.0/24')), 4);
  assert.equal(scan.foreign.size, 1, 'a foreign route at another metric is no business of ours');
  assert.deepEqual(scan.foreignKept.get(2)?.protocol, 4);
  assert.deepEqual(
    scan.unknown.map((r) => r.prefix),
    [p('10.0.6.0/24')],
  );
  assert.deepEqual(
    scan.ownOtherMetric.map((r) => r.prefix),
    [p('10.0.7.0/24')],
  );
  const lists = [scan.kept.get(1), scan.kept.get(3), scan.kept.get(4), scan.unknown[0]].map((r) => r?.nexthops);
  assert.ok(
    lists.every((l) => l === lists[0]),
    'equal next-hop lists are one array',
  );
});
