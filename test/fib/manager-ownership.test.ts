/**
 * FIB manager ownership rules against the memory dataplane: foreign routes are never replaced or deleted
 * (conflicts are reported and retried), and our routes left by a previous run are kept until convergence
 * or the sweep timer, then only the stale ones are removed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { registerFibMetrics } from '../../fib/metrics.js';
import { gateways, kroute, p, put, rig, sel, started, tick } from './helpers.js';

const STATIC = 4;

test('a foreign route at our key is a conflict: untouched, reported, retried when it goes', async () => {
  const r = await started();
  r.dp.kernelWrite(kroute('10.1.0.0/24', STATIC, ['10.0.0.9']));
  r.m.apply([put('10.1.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  const v = r.m.route(p('10.1.0.0/24'));
  assert.equal(v?.state, 'conflict');
  assert.equal(v?.conflictWith, STATIC);
  assert.equal(r.dp.route(p('10.1.0.0/24'))?.protocol, STATIC, 'the foreign route is untouched');
  assert.deepEqual(gateways(r.dp, '10.1.0.0/24'), ['10.0.0.9']);
  assert.equal(r.dp.ops.filter((o) => o.op !== 'add' || o.route.protocol === 201).length, 0, 'no write for it');
  assert.equal(r.m.counters().conflicts, 1);
  assert.equal(r.m.summary().byState.conflict, 1);
  assert.ok(r.logs.some((l) => l.level === 'warn' && l.obj.prefix === '10.1.0.0/24' && l.obj.protocol === STATIC));
  const d = await r.m.diff();
  assert.ok(d.ok);
  assert.deepEqual(
    d.value.conflicts.map((c) => [c.want.prefix, c.got.protocol]),
    [['10.1.0.0/24', STATIC]],
  );
  // The periodic comparison leaves it alone too.
  await tick(r, 60_000);
  assert.equal(r.dp.route(p('10.1.0.0/24'))?.protocol, STATIC);
  assert.equal(r.m.counters().conflicts, 1, 'one conflict, not one per comparison');
  // The other daemon withdraws it: ours goes in.
  r.dp.kernelDelete({ prefix: p('10.1.0.0/24'), table: 254, metric: 20, protocol: STATIC });
  await r.m.idle();
  assert.equal(r.dp.route(p('10.1.0.0/24'))?.protocol, 201);
  assert.equal(r.m.route(p('10.1.0.0/24'))?.state, 'installed');
});

test('a foreign route at another metric is no conflict: both live, ours is never touched by it', async () => {
  const r = await started();
  r.dp.kernelWrite(kroute('10.2.0.0/24', STATIC, ['10.0.0.9'], 100));
  r.m.apply([put('10.2.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  assert.equal(r.m.route(p('10.2.0.0/24'))?.state, 'installed');
  assert.equal(r.dp.route(p('10.2.0.0/24'), 254, 100)?.protocol, STATIC);
  r.m.apply([put('10.2.0.0/24', null)]);
  await r.m.idle();
  assert.equal(r.dp.route(p('10.2.0.0/24'), 254, 100)?.protocol, STATIC, 'our withdraw leaves it');
});

test('a foreign replace of our route becomes a conflict; we do not replace it back', async () => {
  const r = await started();
  r.m.apply([put('10.3.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.dp.kernelWrite(kroute('10.3.0.0/24', STATIC, ['10.0.0.9']), true);
  await r.m.idle();
  assert.equal(r.m.route(p('10.3.0.0/24'))?.state, 'conflict');
  r.m.apply([put('10.3.0.0/24', sel('ebgp', '10.0.1.2'))]);
  await tick(r, 60_000);
  assert.equal(r.dp.route(p('10.3.0.0/24'))?.protocol, STATIC);
  r.dp.kernelDelete({ prefix: p('10.3.0.0/24'), table: 254, metric: 20, protocol: STATIC });
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.3.0.0/24'), ['10.0.1.2']);
});

test('a foreign route we heard nothing about: the create-only add fails, a dump names the owner', async () => {
  const r = await started();
  // Written straight into the table: no event (as if it was lost).
  r.dp.kernel.write(kroute('10.4.0.0/24', STATIC, ['10.0.0.9']), 'add');
  r.m.apply([put('10.4.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  assert.equal(r.m.route(p('10.4.0.0/24'))?.state, 'pending');
  assert.equal(r.m.route(p('10.4.0.0/24'))?.error?.code, 'EEXIST');
  await tick(r, 200);
  assert.equal(r.m.route(p('10.4.0.0/24'))?.state, 'conflict');
  assert.equal(r.dp.route(p('10.4.0.0/24'))?.protocol, STATIC);
  assert.ok(!r.dp.ops.some((o) => o.op === 'replace'), 'never a replace over it');
});

test('start-up keeps our routes from a previous run; equal ones are not rewritten; only stale ones are swept', async () => {
  const r = rig({ sweepAfterMs: 120_000 });
  const k = r.dp.kernel;
  k.write(kroute('10.5.1.0/24', 201, ['10.0.0.2']), 'add');
  k.write(kroute('10.5.2.0/24', 201, ['10.0.0.2']), 'add');
  k.write(kroute('10.5.3.0/24', 201, ['10.0.0.2']), 'add');
  k.write(kroute('10.5.4.0/24', 201, ['10.0.0.2'], 30), 'add');
  k.write(kroute('10.5.5.0/24', STATIC, ['10.0.0.2']), 'add');
  k.write(kroute('10.5.6.0/24', 201, ['10.0.0.2'], 20, 100), 'add');
  assert.ok((await r.m.start()).ok);
  await r.m.idle();
  assert.equal(r.dp.ops.length, 0, 'nothing written or deleted at start-up');
  assert.equal(r.m.summary().byState.stale, 3);
  assert.equal(r.m.route(p('10.5.3.0/24'))?.state, 'stale');
  // The RIB re-learns two of them: the equal one is adopted as is, the changed one replaced.
  r.m.apply([put('10.5.1.0/24', sel('ebgp', '10.0.0.2')), put('10.5.2.0/24', sel('ebgp', '10.0.1.2'))]);
  await r.m.idle();
  assert.deepEqual(
    r.dp.ops.map((o) => [o.op, o.op === 'delete' ? '' : o.route.prefix]),
    [['replace', p('10.5.2.0/24')]],
  );
  assert.equal(r.m.route(p('10.5.1.0/24'))?.state, 'installed');
  // Periodic comparisons before convergence still keep the stale ones.
  await tick(r, 60_000);
  assert.ok(r.dp.route(p('10.5.3.0/24')));
  assert.ok(r.dp.route(p('10.5.4.0/24'), 254, 30));
  r.m.markConverged();
  await r.m.idle();
  assert.equal(r.dp.route(p('10.5.3.0/24')), undefined, 'stale own route swept');
  assert.equal(r.dp.route(p('10.5.4.0/24'), 254, 30), undefined, 'own route at an old metric swept');
  assert.ok(r.dp.route(p('10.5.1.0/24')));
  assert.ok(r.dp.route(p('10.5.2.0/24')));
  assert.equal(r.dp.route(p('10.5.5.0/24'))?.protocol, STATIC, 'a foreign route is never swept');
  assert.equal(r.dp.route(p('10.5.6.0/24'), 100)?.protocol, 201, 'another table is not ours to sweep');
  const c = r.m.counters();
  assert.equal(c.sweeps, 1);
  assert.equal(c.sweptRoutes, 2);
  assert.ok(r.dp.ops.every((o) => o.op !== 'delete' || o.key.protocol === 201));
  assert.equal(r.m.summary().byState.stale, 0);
  r.m.close();
});

test('the sweep timer removes stale own routes when convergence is never announced', async () => {
  const r = rig({ sweepAfterMs: 120_000, fullDiffEveryMs: 0 });
  r.dp.kernel.write(kroute('10.6.1.0/24', 201, ['10.0.0.2']), 'add');
  assert.ok((await r.m.start()).ok);
  await r.m.idle();
  await tick(r, 119_000);
  assert.ok(r.dp.route(p('10.6.1.0/24')), 'kept until the timer');
  await tick(r, 1_000);
  assert.equal(r.dp.route(p('10.6.1.0/24')), undefined);
  assert.equal(r.m.summary().converged, true);
  assert.ok(r.logs.some((l) => l.msg.includes('sweep') && l.obj.reason === 'sweep timer expired'));
});

test('our route appearing behind our back (our protocol, not wanted) is stale, and swept after convergence', async () => {
  const r = await started({ fullDiffEveryMs: 60_000 });
  r.m.markConverged();
  await r.m.idle();
  r.dp.kernelWrite(kroute('10.7.0.0/24', 201, ['10.0.0.2']));
  await tick(r, 60_000);
  assert.equal(r.dp.route(p('10.7.0.0/24')), undefined);
});

test('diff: missing, extra, different and conflicts against a fresh dump', async () => {
  const r = rig();
  r.dp.kernel.write(kroute('10.8.1.0/24', 201, ['10.0.0.2']), 'add');
  assert.ok((await r.m.start()).ok);
  r.m.apply([
    put('10.8.2.0/24', sel('ebgp', '10.0.0.2')),
    put('10.8.3.0/24', sel('ebgp', '10.0.0.2')),
    put('10.8.4.0/24', sel('ebgp', '10.0.0.2')),
  ]);
  await r.m.idle();
  r.dp.kernel.delete({ prefix: p('10.8.2.0/24'), table: 254, metric: 20, protocol: 201 });
  r.dp.kernel.write(kroute('10.8.3.0/24', 201, ['10.0.1.7']), 'replace');
  r.dp.kernel.delete({ prefix: p('10.8.4.0/24'), table: 254, metric: 20, protocol: 201 });
  r.dp.kernel.write(kroute('10.8.4.0/24', STATIC, ['10.0.0.9']), 'add');
  const d = await r.m.diff();
  assert.ok(d.ok);
  assert.deepEqual(
    d.value.missing.map((x) => x.prefix),
    ['10.8.2.0/24'],
  );
  assert.deepEqual(
    d.value.extra.map((x) => x.prefix),
    ['10.8.1.0/24'],
  );
  assert.deepEqual(
    d.value.different.map((x) => [x.want.nexthops[0]?.gateway, x.got.nexthops[0]?.gateway, x.got.nexthops[0]?.ifname]),
    [['10.0.0.2', '10.0.1.7', 'eth1']],
  );
  assert.deepEqual(
    d.value.conflicts.map((x) => [x.want.prefix, x.got.protocol]),
    [['10.8.4.0/24', STATIC]],
  );
});

test('metrics: noverlay_fib_* from the manager, read at scrape time', async () => {
  const r = await started();
  const reg = new Registry();
  const detach = registerFibMetrics(reg, r.m);
  r.dp.kernelWrite(kroute('10.9.1.0/24', STATIC, ['10.0.0.9']));
  r.m.apply([put('10.9.0.0/24', sel('ebgp', '10.0.0.2')), put('10.9.1.0/24', sel('ospf', '10.0.0.2'))]);
  await r.m.idle();
  r.dp.kernelDelete({ prefix: p('10.9.0.0/24'), table: 254, metric: 20, protocol: 201 });
  await r.m.idle();
  const text = await reg.metrics();
  assert.match(text, /^noverlay_fib_drift_repairs_total 1$/m);
  assert.match(text, /^noverlay_fib_routes\{state="installed"\} 1$/m);
  assert.match(text, /^noverlay_fib_routes\{state="conflict"\} 1$/m);
  assert.match(text, /^noverlay_fib_routes_installed\{protocol="ebgp"\} 1$/m);
  assert.match(text, /^noverlay_fib_conflicts 1$/m);
  assert.match(text, /^noverlay_fib_conflicts_total 1$/m);
  assert.match(text, /^noverlay_fib_batch_size_count 2$/m);
  assert.match(text, /^noverlay_fib_install_latency_seconds_count 2$/m);
  assert.match(text, /^noverlay_fib_resyncs_total 1$/m);
  detach();
});
