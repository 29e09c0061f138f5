import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../lib/clock.js';
import {
  DEFAULT_SPF_THROTTLE,
  initialThrottleState,
  SpfScheduler,
  type SpfThrottleCfg,
  throttleStep,
} from '../../../ospf/throttle.js';

const CFG: SpfThrottleCfg = { delayMs: 10, initialHoldMs: 100, maxHoldMs: 400 };

/** A scheduler on a fake clock that records when SPF ran. */
function harness(cfg: SpfThrottleCfg) {
  const clock = new FakeClock();
  const runs: number[] = [];
  const s = new SpfScheduler(cfg, clock, () => runs.push(clock.now()));
  /** Trigger at absolute time `at` (ms). */
  const at = (t: number) => {
    clock.advance(t - clock.now());
    s.trigger();
  };
  const until = (t: number) => clock.advance(t - clock.now());
  return { clock, runs, s, at, until };
}

test('first trigger runs after the initial delay', () => {
  const h = harness(CFG);
  h.at(1000);
  h.until(1009);
  assert.deepEqual(h.runs, []);
  h.until(1010);
  assert.deepEqual(h.runs, [1010]);
});

test('FRR defaults: delay 0 runs at once (next timer turn), hold 50 ms after it', () => {
  const h = harness(DEFAULT_SPF_THROTTLE);
  h.at(0);
  h.until(0);
  assert.deepEqual(h.runs, [0]);
  h.at(20);
  h.until(1000);
  assert.deepEqual(h.runs, [0, 50]);
});

test('triggers while an SPF is pending coalesce into it', () => {
  const h = harness(CFG);
  h.at(0);
  h.at(3);
  h.at(7);
  assert.equal(h.s.status.coalesced, 3);
  h.until(1000);
  assert.deepEqual(h.runs, [10]);
  assert.equal(h.clock.timers, 0);
});

test('busy: the hold time doubles up to the maximum while triggers keep coming', () => {
  const h = harness(CFG);
  h.at(0); // runs at 10, hold 100
  h.until(20);
  h.at(20); // 10 ms after the last SPF: wait out the hold (to 110), next hold 200
  h.until(120);
  h.at(120); // 10 ms after 110: wait 190 (to 310), next hold 400
  h.until(320);
  h.at(320); // wait 390 (to 710), hold stays at the 400 cap
  h.until(720);
  h.at(720); // wait 390 (to 1110)
  h.until(2000);
  assert.deepEqual(h.runs, [10, 110, 310, 710, 1110]);
  assert.equal(h.s.status.holdMs, 400);
});

test('quiet: a trigger after the hold time has passed resets to the initial delay and hold', () => {
  const h = harness(CFG);
  for (const t of [0, 20, 120, 320]) h.at(t);
  h.until(710);
  assert.deepEqual(h.runs, [10, 110, 310, 710]);
  h.at(5000); // 4290 ms since the last SPF >= hold 400: quiet
  h.until(5010);
  assert.equal(h.s.status.holdMs, 100);
  h.at(5020); // busy again: the initial hold applies (5010 + 100)
  h.until(6000);
  assert.deepEqual(h.runs, [10, 110, 310, 710, 5010, 5110]);
});

test('the hold time never shortens the configured delay', () => {
  const h = harness({ delayMs: 80, initialHoldMs: 100, maxHoldMs: 1000 });
  h.at(0); // runs at 80
  h.until(170);
  h.at(170); // 90 after the SPF: the hold leaves 10 ms, the delay asks for 80
  h.until(1000);
  assert.deepEqual(h.runs, [80, 250]);
});

test('linear growth (FRR 8): the hold grows by the initial hold each busy trigger', () => {
  const h = harness({ ...CFG, maxHoldMs: 1000, growth: 'linear' });
  h.at(0);
  for (const t of [20, 120, 320]) {
    h.until(t);
    h.at(t);
  }
  h.until(2000);
  assert.deepEqual(h.runs, [10, 110, 310, 610]);
});

test('pure step: a timer with nothing pending does nothing; cancel drops the pending SPF', () => {
  const s0 = initialThrottleState(CFG);
  assert.deepEqual(throttleStep(CFG, s0, { kind: 'timer', now: 5 }), { state: s0, actions: [] });
  const r = throttleStep(CFG, s0, { kind: 'trigger', now: 5 });
  assert.deepEqual(r.actions, [{ kind: 'start-timer', at: 15, delayMs: 10 }]);
  const h = harness(CFG);
  h.at(0);
  h.s.cancel();
  h.until(1000);
  assert.deepEqual(h.runs, []);
  assert.equal(h.s.status.scheduledAt, null);
});
