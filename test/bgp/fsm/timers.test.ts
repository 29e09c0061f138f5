import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isAcceptableHoldTime,
  jitter,
  keepaliveTime,
  negotiateHoldTime,
  nextIdleHoldTime,
} from '../../../bgp/fsm/timers.js';

test('jitter multiplies by a factor in [0.75, 1.0] (RFC 4271 §10)', () => {
  assert.equal(
    jitter(120_000, () => 0),
    90_000,
  );
  assert.equal(
    jitter(120_000, () => 0.5),
    105_000,
  );
  assert.equal(
    jitter(120_000, () => 0.999999),
    119_999,
  );
  for (let i = 0; i < 100; i++) {
    const ms = jitter(120_000, () => i / 100);
    assert.ok(ms >= 90_000 && ms <= 120_000, `${ms}`);
  }
  // A misbehaving random source cannot push the value out of range.
  assert.equal(
    jitter(1000, () => 7),
    1000,
  );
  assert.equal(
    jitter(1000, () => -1),
    750,
  );
});

test('hold time: 0 and >= 3 acceptable, 1 and 2 not (RFC 4271 §6.2); minimum hold', () => {
  assert.equal(isAcceptableHoldTime(0), true);
  assert.equal(isAcceptableHoldTime(1), false);
  assert.equal(isAcceptableHoldTime(2), false);
  assert.equal(isAcceptableHoldTime(3), true);
  assert.equal(isAcceptableHoldTime(9, 10), false);
  assert.equal(isAcceptableHoldTime(0, 10), true);
});

test('negotiated hold is the smaller; keepalive is hold / 3 or the configured one if smaller', () => {
  assert.equal(negotiateHoldTime(180, 90), 90);
  assert.equal(negotiateHoldTime(0, 90), 0);
  assert.equal(keepaliveTime(90), 30);
  assert.equal(keepaliveTime(0), 0);
  assert.equal(keepaliveTime(3), 1);
  assert.equal(keepaliveTime(180, 10), 10);
  assert.equal(keepaliveTime(30, 60), 10);
  assert.equal(keepaliveTime(180, 0), 1);
});

test('idle hold doubles up to the ceiling', () => {
  const seen: number[] = [];
  let t = 1;
  for (let i = 0; i < 9; i++) {
    seen.push(t);
    t = nextIdleHoldTime(t, 120);
  }
  assert.deepEqual(seen, [1, 2, 4, 8, 16, 32, 64, 120, 120]);
});
