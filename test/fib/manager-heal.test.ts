/**
 * FIB manager self-healing against the memory dataplane: routes deleted or changed behind our back, links
 * going down and up (the kernel drops routes over a link set down, IPv4 ones silently), lost events, and
 * the echo of our own deletes arriving before or after the answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateways, kroute, p, put, sel, started, tick } from './helpers.js';

const OURS = { table: 254, metric: 20, protocol: 201 };

test('a route deleted behind our back is repaired at once (the deletion is an event)', async () => {
  const r = await started();
  r.m.apply([put('10.1.0.0/24', sel('ebgp', '10.0.0.2')), put('2001:db8:1::/48', sel('ebgp', '2001:db8::2'))]);
  await r.m.idle();
  r.dp.kernelDelete({ prefix: p('10.1.0.0/24'), ...OURS });
  r.dp.kernelDelete({ prefix: p('2001:db8:1::/48'), ...OURS });
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.1.0.0/24'), ['10.0.0.2']);
  assert.deepEqual(gateways(r.dp, '2001:db8:1::/48'), ['2001:db8::2']);
  assert.equal(r.m.counters().driftRepairs, 2);
  assert.ok(r.logs.some((l) => l.msg.includes('repaired') && l.obj.routes === 2));
});

test('a route changed behind our back (our protocol, whose echo is not delivered) is repaired by the periodic comparison', async () => {
  const r = await started({ fullDiffEveryMs: 60_000 });
  r.m.apply([put('10.2.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.dp.kernelWrite(kroute('10.2.0.0/24', 201, ['10.0.1.66']), true);
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.2.0.0/24'), ['10.0.1.66'], 'not seen yet');
  await tick(r, 60_000);
  assert.deepEqual(gateways(r.dp, '10.2.0.0/24'), ['10.0.0.2']);
  assert.equal(r.m.counters().driftRepairs, 1);
  assert.equal(r.m.route(p('10.2.0.0/24'))?.state, 'installed');
});

test('when the dataplane delivers our protocol events, a change behind our back is repaired at once', async () => {
  const r = await started({ fullDiffEveryMs: 0 }, { protocol: null });
  r.m.apply([put('10.3.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.dp.kernelWrite(kroute('10.3.0.0/24', 201, ['10.0.1.66']), true);
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.3.0.0/24'), ['10.0.0.2']);
  assert.equal(r.m.counters().driftRepairs, 1);
  // Our own writes echo back and are not taken for drift.
  r.m.apply([put('10.3.0.0/24', sel('ebgp', '10.0.1.2'))]);
  await r.m.idle();
  assert.equal(r.m.counters().driftRepairs, 1);
});

test('link down: the kernel drops routes over it; they wait as pending and come back on link up', async () => {
  const r = await started({ resyncDelayMs: 200 });
  r.m.apply([
    put('10.4.1.0/24', sel('ebgp', '10.0.1.2')),
    put('2001:db8:41::/48', sel('ebgp', '2001:db8:1::2')),
    put('10.4.2.0/24', sel('ebgp', '10.0.0.2', '10.0.1.2')),
    put('10.4.3.0/24', sel('ebgp', '10.0.0.2')),
  ]);
  await r.m.idle();
  r.dp.setLinkUp(r.eth1.index, false);
  assert.equal(r.dp.route(p('10.4.1.0/24')), undefined, 'IPv4 route over the link removed');
  assert.equal(r.dp.route(p('2001:db8:41::/48')), undefined, 'IPv6 route over the link removed');
  assert.ok(r.dp.route(p('10.4.2.0/24')), 'an ECMP route with a live next hop stays');
  await tick(r, 200);
  for (const pre of ['10.4.1.0/24', '2001:db8:41::/48']) {
    const v = r.m.route(p(pre));
    assert.equal(v?.state, 'pending', pre);
    assert.ok(v?.error && ['ENETUNREACH', 'EHOSTUNREACH'].includes(v.error.code), pre);
  }
  assert.equal(r.m.route(p('10.4.2.0/24'))?.state, 'installed');
  assert.equal(r.m.route(p('10.4.3.0/24'))?.state, 'installed');
  // Nothing is retried at every comparison while the link is down.
  const writes = r.dp.ops.length;
  await tick(r, 60_000);
  assert.equal(r.dp.ops.length, writes);
  // Link up: IPv4 comes back at once; the IPv6 address went with the link, so IPv6 waits for it.
  r.dp.setLinkUp(r.eth1.index, true);
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.4.1.0/24'), ['10.0.1.2']);
  assert.equal(r.m.route(p('10.4.1.0/24'))?.state, 'installed');
  assert.equal(r.m.route(p('2001:db8:41::/48'))?.state, 'pending');
  r.dp.addAddress(r.eth1.index, '2001:db8:1::1/64');
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '2001:db8:41::/48'), ['2001:db8:1::2']);
  const c = r.m.counters();
  assert.equal(c.restores, 2);
  assert.equal(c.driftRepairs, 0, 'a link going down is not drift');
  assert.equal(r.m.summary().byState.installed, 4);
});

test('a RIB change for a route lost with its link is written when it arrives', async () => {
  const r = await started();
  r.m.apply([put('10.5.0.0/24', sel('ebgp', '10.0.1.2'))]);
  await r.m.idle();
  r.dp.setLinkUp(r.eth1.index, false);
  await tick(r, 200);
  assert.equal(r.m.route(p('10.5.0.0/24'))?.state, 'pending');
  r.m.apply([put('10.5.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.5.0.0/24'), ['10.0.0.2']);
  assert.equal(r.m.route(p('10.5.0.0/24'))?.state, 'installed');
});

test('removing the last IPv4 address of a link drops its routes silently; the comparison notices', async () => {
  const r = await started();
  r.m.apply([put('10.6.0.0/24', sel('ebgp', '10.0.1.2'))]);
  await r.m.idle();
  r.dp.removeAddress(r.eth1.index, '10.0.1.1/24');
  assert.equal(r.dp.route(p('10.6.0.0/24')), undefined);
  await tick(r, 200);
  assert.equal(r.m.route(p('10.6.0.0/24'))?.state, 'pending');
  r.dp.addAddress(r.eth1.index, '10.0.1.1/24');
  await r.m.idle();
  assert.equal(r.m.route(p('10.6.0.0/24'))?.state, 'installed');
});

test('lost events (resync): a full comparison finds what changed meanwhile', async () => {
  const r = await started({ fullDiffEveryMs: 0 });
  r.m.apply([put('10.7.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.dp.kernel.delete({ prefix: p('10.7.0.0/24'), ...OURS });
  r.dp.kernel.write(kroute('10.7.9.0/24', 4, ['10.0.0.9']), 'add');
  r.m.apply([put('10.7.9.0/24', sel('ebgp', '10.0.0.2'))]);
  r.dp.overrun();
  await r.m.idle();
  assert.deepEqual(gateways(r.dp, '10.7.0.0/24'), ['10.0.0.2']);
  assert.equal(r.m.route(p('10.7.9.0/24'))?.state, 'conflict');
  assert.equal(r.m.counters().resyncs, 2);
});

test('our own deletes are not taken for deletions behind our back, whenever events arrive', async () => {
  const r = await started({ fullDiffEveryMs: 0 }, { deferEvents: true });
  r.m.apply([put('10.8.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.m.apply([put('10.8.0.0/24', null)]);
  await r.m.idle();
  r.m.apply([put('10.8.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  r.dp.deliverEvents();
  await r.m.idle();
  assert.equal(r.m.route(p('10.8.0.0/24'))?.state, 'installed');
  assert.equal(r.m.counters().driftRepairs, 0);
  assert.deepEqual(
    r.dp.ops.map((o) => o.op),
    ['add', 'delete', 'add'],
  );
  // A deletion by someone else, delivered late, is still seen.
  r.dp.kernelDelete({ prefix: p('10.8.0.0/24'), ...OURS });
  r.dp.deliverEvents();
  await r.m.idle();
  assert.equal(r.m.counters().driftRepairs, 1);
  assert.ok(r.dp.route(p('10.8.0.0/24')));
});

test('a route of ours we did not know of takes the key: the dump shows it is ours, and it is replaced', async () => {
  const r = await started();
  r.dp.kernel.write(kroute('10.10.0.0/24', 201, ['10.0.1.5']), 'add');
  r.m.apply([put('10.10.0.0/24', sel('ebgp', '10.0.0.2'))]);
  await r.m.idle();
  assert.equal(r.m.route(p('10.10.0.0/24'))?.error?.code, 'EEXIST');
  await tick(r, 200);
  assert.deepEqual(gateways(r.dp, '10.10.0.0/24'), ['10.0.0.2']);
  assert.equal(r.m.route(p('10.10.0.0/24'))?.state, 'installed');
  assert.deepEqual(
    r.dp.ops.map((o) => o.op),
    ['add', 'replace'],
  );
});
