import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../lib/clock.js';
import { INITIAL_SEQUENCE_NUMBER, Lsdb, MAX_SEQUENCE_NUMBER } from '../../../ospf/lsdb.js';
import { ip, networkLsa, routerLsa } from './helpers.js';

const ME = '1.1.1.1';
const ours = (seq: number, metric = 10, checksum = 0x1234) =>
  routerLsa(ME, [[3, '10.0.0.0', '255.255.255.0', metric]], { seq, checksum });

function db(wrapTimeoutMs = 60_000): Lsdb {
  const d = new Lsdb({ routerId: ip(ME), wrapTimeoutMs, isOwnAddress: (a) => a === ip('10.0.0.1') });
  d.addArea(0);
  return d;
}

test('§13.4: a newer instance of our own LSA is installed and reported: re-originate with its seq + 1', () => {
  const clock = new FakeClock();
  const d = db();
  d.originate(0, ours(5), undefined, clock.now());
  clock.advance(10_000);
  const r = d.receive(0, ours(9, 99), undefined, clock.now());
  assert.equal(r.kind, 'installed');
  if (r.kind !== 'installed') return;
  assert.deepEqual(r.self, { kind: 'reoriginate', nextSeq: 10 });
  assert.equal(r.entry.self, true);
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'now', seq: 10 });
});

test('§13.4: after a restart, our old LSA coming back is ours too; MinLSInterval still applies', () => {
  const clock = new FakeClock();
  const d = db();
  d.originate(0, ours(INITIAL_SEQUENCE_NUMBER), undefined, clock.now());
  clock.advance(1000);
  const r = d.receive(0, ours(400), undefined, clock.now());
  assert.deepEqual(r.kind === 'installed' && r.self, { kind: 'reoriginate', nextSeq: 401 });
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'defer', at: 5000 });
});

test('§13.4: a network-LSA for one of our addresses is ours even under another router ID; we may flush it', () => {
  const d = db();
  const stale = networkLsa('10.0.0.1', '9.9.9.9', '255.255.255.0', ['9.9.9.9']);
  const r = d.receive(0, stale, undefined, 0);
  assert.equal(r.kind, 'installed');
  if (r.kind !== 'installed') return;
  assert.equal(r.self?.kind, 'reoriginate');
  const f = d.flush(r.entry, 0);
  assert.equal(f.isMaxAge(0), true);
  assert.equal(d.receive(0, networkLsa('10.0.0.9', '9.9.9.9', '255.255.255.0', []), undefined, 0).kind, 'installed');
  assert.equal(d.lookup(0, 2, ip('10.0.0.9'), ip('9.9.9.9'))?.self, false);
});

test('§12.1.6: at MaxSequenceNumber we flush, then originate with InitialSequenceNumber once it is gone', () => {
  const clock = new FakeClock();
  const d = db();
  d.originate(0, ours(MAX_SEQUENCE_NUMBER), undefined, clock.now());
  clock.advance(10_000);
  const plan = d.planOrigination(0, 1, ip(ME), clock.now());
  assert.equal(plan.kind, 'wrap');
  if (plan.kind !== 'wrap') return;
  assert.equal(plan.flushed.isMaxAge(clock.now()), true);
  assert.equal(plan.flushed.seq, MAX_SEQUENCE_NUMBER);
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'wait-wrap', deadline: 70_000 });
  clock.advance(3000);
  const gone = d.removeMaxAge(plan.flushed, clock.now());
  assert.equal(gone.removed, true);
  assert.deepEqual(gone.event, {
    kind: 'originate',
    ref: { area: 0, link: undefined, type: 1, lsid: ip(ME) },
    reason: 'seq-wrap',
  });
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'now', seq: INITIAL_SEQUENCE_NUMBER });
  clock.advance(60_000);
  assert.deepEqual(d.poll(clock.now()), [], 'the wrap deadline of a finished wrap does not fire');
});

test('§12.1.6 via §13.4: a received MaxSequenceNumber copy of our LSA is flushed at once', () => {
  const clock = new FakeClock();
  const d = db();
  d.originate(0, ours(7), undefined, clock.now());
  clock.advance(10_000);
  const r = d.receive(0, ours(MAX_SEQUENCE_NUMBER, 1), undefined, clock.now());
  assert.equal(r.kind, 'installed');
  if (r.kind !== 'installed') return;
  assert.deepEqual(r.self, { kind: 'wrap' });
  assert.equal(r.entry.isMaxAge(clock.now()), true, 'what we flood is the MaxAge copy');
  assert.equal(d.lookup(0, 1, ip(ME), ip(ME)), r.entry);
  // §13 step 8: the same forged copy again is older than our MaxAge one and is not even answered.
  clock.advance(2000);
  const again = d.receive(0, ours(MAX_SEQUENCE_NUMBER, 1), undefined, clock.now());
  assert.deepEqual(again.kind === 'older' && again.sendBack, false);
});

test('no pinning (CVE-2017-3224 class): forged MaxSequenceNumber copies cannot hold our LSA down', () => {
  const clock = new FakeClock();
  const d = db(60_000);
  d.originate(0, ours(7), undefined, clock.now());
  clock.advance(10_000);
  d.receive(0, ours(MAX_SEQUENCE_NUMBER, 1, 0x1000), undefined, clock.now()); // wrap starts at 10 s
  // The attacker keeps sending copies that win on checksum, and the flush is never acknowledged.
  for (let i = 1; i <= 5; i++) {
    clock.advance(10_000);
    const r = d.receive(0, ours(MAX_SEQUENCE_NUMBER, 1, 0x1000 + i), undefined, clock.now());
    assert.deepEqual(r.kind === 'installed' && r.self, { kind: 'wrap' });
    assert.deepEqual(d.poll(clock.now()), []);
    assert.equal(d.planOrigination(0, 1, ip(ME), clock.now()).kind, 'wait-wrap');
  }
  assert.equal(d.nextDeadline(), 70_000, 'the deadline runs from the first wrap, re-sending does not extend it');
  clock.advance(10_000);
  assert.deepEqual(d.poll(clock.now()), [
    { kind: 'originate', ref: { area: 0, link: undefined, type: 1, lsid: ip(ME) }, reason: 'seq-wrap-timeout' },
  ]);
  assert.deepEqual(d.planOrigination(0, 1, ip(ME), clock.now()), { kind: 'now', seq: INITIAL_SEQUENCE_NUMBER });
  const o = d.originate(0, ours(INITIAL_SEQUENCE_NUMBER), undefined, clock.now());
  assert.ok(o.ok);
  assert.equal(o.value.entry.wrap, undefined);
  assert.equal(o.value.entry.isMaxAge(clock.now()), false);
  assert.equal(d.lookup(0, 1, ip(ME), ip(ME))?.seq, INITIAL_SEQUENCE_NUMBER);
});

test('a MaxAge MaxSequenceNumber copy of ours from a peer also starts a wrap (nothing left to flush)', () => {
  const d = db();
  d.originate(0, ours(3), undefined, 0);
  const forged = routerLsa(ME, [], { seq: MAX_SEQUENCE_NUMBER, age: 3600 });
  const r = d.receive(0, forged, undefined, 10_000);
  assert.deepEqual(r.kind === 'installed' && r.self, { kind: 'wrap' });
  assert.equal(d.planOrigination(0, 1, ip(ME), 10_000).kind, 'wait-wrap');
  const removed = d.sweepMaxAge(11_000, () => false);
  assert.equal(removed.events[0]?.kind, 'originate');
});
