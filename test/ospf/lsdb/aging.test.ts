import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../lib/clock.js';
import { AS_SCOPE, LS_REFRESH_TIME_MS, Lsdb, MAX_AGE, MIN_LS_INTERVAL_MS } from '../../../ospf/lsdb.js';
import { externalLsa, ip, lsa, routerLsa } from './helpers.js';

const ME = '1.1.1.1';
const R2 = '2.2.2.2';

function db(): Lsdb {
  const d = new Lsdb({ routerId: ip(ME) });
  d.addArea(0);
  return d;
}

test('§14 aging: age is the stored age plus whole seconds in the database, capped at MaxAge', () => {
  const clock = new FakeClock(1_000_000);
  const d = db();
  const r = d.receive(0, routerLsa(R2, [], { age: 100 }), undefined, clock.now());
  assert.equal(r.kind, 'installed');
  const e = d.lookup(0, 1, ip(R2), ip(R2))!;
  clock.advance(50_999);
  assert.equal(e.ageAt(clock.now()), 150);
  assert.equal(e.header(clock.now()).age, 150);
  assert.equal(e.lsa.header.age, 100, 'the stored LSA is not touched');
  clock.advance(10_000_000);
  assert.equal(e.ageAt(clock.now()), MAX_AGE);
});

test('§14: reaching MaxAge is reported once by poll; the LSA stays until removed, then it is gone', () => {
  const clock = new FakeClock();
  const d = db();
  d.receive(0, routerLsa(R2, [], { age: 3000 }), undefined, clock.now());
  d.takeSpfPending();
  const e = d.lookup(0, 1, ip(R2), ip(R2))!;
  assert.equal(d.nextDeadline(), 600_000);
  clock.advance(599_999);
  assert.deepEqual(d.poll(clock.now()), []);
  assert.equal(e.isMaxAge(clock.now()), false);
  clock.advance(1);
  const evs = d.poll(clock.now());
  assert.deepEqual(evs, [{ kind: 'max-age', entry: e }]);
  assert.deepEqual(d.poll(clock.now()), []);
  assert.deepEqual([...d.maxAgeEntries()], [e]);
  assert.deepEqual(d.takeSpfPending()?.full, new Set([0]), 'an LSA leaving the calculation changes routes');
  assert.equal(d.nextDeadline(), undefined);
  // The flooding code holds it while a neighbor still needs it.
  const held = d.sweepMaxAge(clock.now(), () => true);
  assert.deepEqual(held.removed, []);
  const swept = d.sweepMaxAge(clock.now(), () => false);
  assert.deepEqual(swept.removed, [e]);
  assert.equal(d.lookup(0, 1, ip(R2), ip(R2)), undefined);
  assert.equal(d.size, 0);
  assert.deepEqual([...d.maxAgeEntries()], []);
  assert.deepEqual(d.removeMaxAge(e, clock.now()), { removed: false, event: undefined });
});

test('removeMaxAge refuses an LSA that is not at MaxAge or was replaced', () => {
  const d = db();
  d.receive(0, routerLsa(R2, []), undefined, 0);
  const e = d.lookup(0, 1, ip(R2), ip(R2))!;
  assert.equal(d.removeMaxAge(e, 1000).removed, false);
  d.receive(0, routerLsa(R2, [], { seq: 2 }), undefined, 5000);
  assert.equal(d.removeMaxAge(e, MAX_AGE * 1000 + 1).removed, false);
  assert.equal(d.size, 1);
});

test('a replaced LSA no longer ages out: only the current instance has a deadline', () => {
  const clock = new FakeClock();
  const d = db();
  d.receive(0, routerLsa(R2, [], { age: 3000 }), undefined, 0);
  clock.advance(500_000);
  d.receive(0, routerLsa(R2, [], { seq: 2, age: 0 }), undefined, clock.now());
  assert.equal(d.nextDeadline(), 500_000 + MAX_AGE * 1000);
  clock.advance(200_000);
  assert.deepEqual(d.poll(clock.now()), []);
});

test('§12.4: our LSA is refreshed at LSRefreshTime (an event), with MinLSInterval between originations', () => {
  const clock = new FakeClock();
  const d = db();
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'now', seq: -0x7fffffff });
  const r = d.originate(0, routerLsa(ME, [], { seq: -0x7fffffff }), undefined, clock.now());
  assert.ok(r.ok);
  const e = r.value.entry;
  assert.equal(e.self, true);
  assert.equal(d.nextDeadline(), LS_REFRESH_TIME_MS);
  // MinLSInterval (§12.4): a second origination within 5 s waits.
  clock.advance(2000);
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'defer', at: MIN_LS_INTERVAL_MS });
  clock.advance(3000);
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'now', seq: -0x7fffffff + 1 });
  clock.advance(LS_REFRESH_TIME_MS - 5001);
  assert.deepEqual(d.poll(clock.now()), []);
  clock.advance(1);
  assert.deepEqual(d.poll(clock.now()), [{ kind: 'refresh', entry: e }]);
  const again = d.originate(0, routerLsa(ME, [], { seq: -0x7fffffff + 1 }), undefined, clock.now());
  assert.ok(again.ok);
  assert.equal(again.value.changed, false);
  assert.equal(d.nextDeadline(), clock.now() + LS_REFRESH_TIME_MS);
});

test('§14.1: flushing our LSA installs a MaxAge copy (raw age octets patched) and it leaves on removal', () => {
  const d = db();
  const raw = new Uint8Array(24);
  raw[1] = 0;
  const r = d.originate(0, routerLsa(ME, []), raw, 0);
  assert.ok(r.ok);
  const f = d.flush(r.value.entry, 1000);
  assert.equal(f.isMaxAge(1000), true);
  assert.equal(f.lsa.header.age, MAX_AGE);
  assert.deepEqual([...(f.raw ?? []).slice(0, 2)], [0x0e, 0x10]);
  assert.equal(r.value.entry.current, false);
  assert.deepEqual([...d.maxAgeEntries()], [f]);
  assert.throws(() => d.flush(r.value.entry, 1000));
  assert.deepEqual(d.removeMaxAge(f, 2000), { removed: true, event: undefined });
  assert.equal(d.size, 0);
});

test('deadlines of replaced instances do not pile up: a fast re-flooding peer leaves the heap bounded', () => {
  const d = db();
  let now = 0;
  for (let seq = 1; seq <= 5000; seq++) {
    now += 1000;
    assert.equal(d.receive(0, routerLsa(R2, [], { seq }), undefined, now).kind, 'installed');
  }
  const heap = (d as unknown as { deadlines: { length: number } }).deadlines;
  assert.ok(heap.length <= 2 * d.size + 1025, `heap holds ${heap.length}`);
  // The live deadline survived compaction.
  assert.equal(d.nextDeadline(), now + MAX_AGE * 1000);
  assert.deepEqual(
    d.poll(now + MAX_AGE * 1000).map((e) => e.kind),
    ['max-age'],
  );
});

test('AS-scope and link-scope LSAs of ours can be flushed and removed too', () => {
  const d = db();
  const ext = externalLsa('192.0.2.0', ME, '255.255.255.0', 1);
  const r = d.originate(0, ext, undefined, 0);
  assert.ok(r.ok);
  assert.equal(r.value.entry.area, AS_SCOPE);
  const f = d.flush(r.value.entry, 1000);
  assert.equal(d.lookup(0, 5, ip('192.0.2.0'), ip(ME)), f);
  assert.equal(d.removeMaxAge(f, 1000).removed, true);
  const grace = lsa(9, ip('3.0.0.0'), ip(ME), { kind: 'opaque', data: new Uint8Array(4) });
  const g = d.originate(0, grace, undefined, 0, 'eth0');
  assert.ok(g.ok);
  const gf = d.flush(g.value.entry, 0);
  assert.equal(gf.link, 'eth0');
  assert.equal(d.removeMaxAge(gf, 0).removed, true);
  assert.equal(d.size, 0);
});
