/**
 * SPF throttling: when to run the shortest-path calculation after the link-state database changed
 * (configured as FRR's `timers throttle spf <delay> <initial-holdtime> <max-holdtime>`, milliseconds).
 *
 *   - A trigger with no SPF pending schedules one `delay` after it, but never sooner than the current hold
 *     time after the start of the previous SPF.
 *   - A trigger that arrives within the hold time of the previous SPF lengthens the hold time for the next
 *     one: doubled (default) or grown by one initial hold time (`growth: 'linear'`, what FRR 8 does), capped
 *     at the maximum.
 *   - A trigger after a quiet period (no trigger within the hold time) resets the hold time to the initial.
 *   - Triggers while an SPF is pending coalesce into it.
 *
 * `throttleStep` is the pure state machine: (state, event) -> { state, actions }. `SpfScheduler` is the
 * small driver that keeps the state and a Clock timer and calls the SPF.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';

export interface SpfThrottleCfg {
  /** Delay from the first trigger to the SPF (ms). FRR default 0. */
  delayMs: number;
  /** Initial hold time between two SPF runs (ms). FRR default 50. */
  initialHoldMs: number;
  /** Maximum hold time (ms). FRR default 5000. */
  maxHoldMs: number;
  growth?: 'double' | 'linear';
}

export const DEFAULT_SPF_THROTTLE: Readonly<SpfThrottleCfg> = Object.freeze({
  delayMs: 0,
  initialHoldMs: 50,
  maxHoldMs: 5000,
});

export interface ThrottleState {
  /** Clock ms of the pending SPF, or null when none is scheduled. */
  scheduledAt: number | null;
  /** Clock ms when the last SPF started, or null before the first one. */
  lastSpfAt: number | null;
  /** The hold time that applies after the last SPF (ms). */
  holdMs: number;
  /** Triggers coalesced into the pending SPF (for show output and metrics). */
  coalesced: number;
}

export type ThrottleEvent =
  /** The link-state database changed. */
  | { kind: 'trigger'; now: number }
  /** The timer set by a 'start-timer' action fired. */
  | { kind: 'timer'; now: number };

export type ThrottleAction = { kind: 'start-timer'; at: number; delayMs: number } | { kind: 'run-spf' };

export function initialThrottleState(cfg: SpfThrottleCfg): ThrottleState {
  return { scheduledAt: null, lastSpfAt: null, holdMs: cfg.initialHoldMs, coalesced: 0 };
}

export function throttleStep(
  cfg: SpfThrottleCfg,
  s: ThrottleState,
  ev: ThrottleEvent,
): { state: ThrottleState; actions: ThrottleAction[] } {
  if (ev.kind === 'timer') {
    if (s.scheduledAt === null) return { state: s, actions: [] }; // a stale timer: nothing pending
    return {
      state: { scheduledAt: null, lastSpfAt: ev.now, holdMs: s.holdMs, coalesced: 0 },
      actions: [{ kind: 'run-spf' }],
    };
  }
  if (s.scheduledAt !== null) return { state: { ...s, coalesced: s.coalesced + 1 }, actions: [] };
  let hold = s.holdMs;
  let delay = cfg.delayMs;
  const elapsed = s.lastSpfAt === null ? Number.POSITIVE_INFINITY : ev.now - s.lastSpfAt;
  if (elapsed < hold) {
    // Busy: wait out the hold time (but at least the delay), and hold longer after this run.
    delay = Math.max(delay, hold - elapsed);
    hold = Math.min(cfg.maxHoldMs, cfg.growth === 'linear' ? hold + cfg.initialHoldMs : hold * 2);
  } else {
    hold = cfg.initialHoldMs;
  }
  const at = ev.now + delay;
  return {
    state: { scheduledAt: at, lastSpfAt: s.lastSpfAt, holdMs: hold, coalesced: 1 },
    actions: [{ kind: 'start-timer', at, delayMs: delay }],
  };
}

/** Driver: holds the throttle state and one Clock timer; calls `run` when the SPF is due. */
export class SpfScheduler {
  private state: ThrottleState;
  private timer: TimerHandle | undefined;

  constructor(
    private cfg: SpfThrottleCfg,
    private readonly clock: Clock,
    private readonly run: () => void,
  ) {
    this.state = initialThrottleState(cfg);
  }

  get status(): Readonly<ThrottleState> {
    return this.state;
  }

  /** New timers (config reload): the next trigger uses them; a pending SPF keeps its time. */
  configure(cfg: SpfThrottleCfg): void {
    this.cfg = cfg;
    this.state = { ...this.state, holdMs: Math.min(Math.max(this.state.holdMs, cfg.initialHoldMs), cfg.maxHoldMs) };
  }

  trigger(): void {
    this.apply({ kind: 'trigger', now: this.clock.now() });
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.state = { ...this.state, scheduledAt: null, coalesced: 0 };
  }

  private apply(ev: ThrottleEvent): void {
    const r = throttleStep(this.cfg, this.state, ev);
    this.state = r.state;
    for (const a of r.actions) {
      if (a.kind === 'start-timer') {
        this.timer = this.clock.setTimer(a.delayMs, () => {
          this.timer = undefined;
          this.apply({ kind: 'timer', now: this.clock.now() });
        });
      } else {
        this.run();
      }
    }
  }
}
