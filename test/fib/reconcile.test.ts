/** The pure desired-versus-kernel comparison (fib/reconcile.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FibRoute } from '../../fib/dataplane.js';
import { diffRoutes, indexKernel, sameNexthop, sameRoute, verdict } from '../../fib/reconcile.js';
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

test('indexKernel sorts our table into ours, ours at another metric, and foreign routes at our key', () => {
  const idx = indexKernel(
    [
      kroute('10.0.1.0/24', 201, ['10.0.0.2']),
      kroute('10.0.2.0/24', 201, ['10.0.0.2'], 30),
      kroute('10.0.3.0/24', 4, ['10.0.0.2']),
      kroute('10.0.4.0/24', 4, ['10.0.0.2'], 0),
      kroute('10.0.5.0/24', 201, ['10.0.0.2'], 20, 100),
    ],
    OWN,
  );
  assert.deepEqual([...idx.own.keys()], [p('10.0.1.0/24')]);
  assert.deepEqual(
    idx.ownOtherMetric.map((r) => r.prefix),
    [p('10.0.2.0/24')],
  );
  assert.deepEqual([...idx.foreign.keys()], [p('10.0.3.0/24')]);
});

test('verdict: ok, different, missing, conflict (ours present wins over a foreign alias)', () => {
  const want = kroute('10.0.0.0/24', 201, ['10.0.0.2']);
  const other = kroute('10.0.0.0/24', 201, ['10.0.0.3']);
  const foreign = kroute('10.0.0.0/24', 4, ['10.0.0.9']);
  assert.equal(verdict(want, want, undefined), 'ok');
  assert.equal(verdict(want, other, undefined), 'different');
  assert.equal(verdict(want, undefined, undefined), 'missing');
  assert.equal(verdict(want, undefined, foreign), 'conflict');
  assert.equal(verdict(want, want, foreign), 'ok');
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
