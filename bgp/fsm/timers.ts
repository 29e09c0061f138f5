/**
 * BGP timer arithmetic as pure functions: jitter, hold-time negotiation, keepalive interval, idle-hold backoff.
 *
 * RFCs: 4271 §4.2 (Hold Time), §6.2 (1 and 2 s are unacceptable), §8.2.2 ("large" OpenSent hold), §10 (default
 * values and jitter). Times in configuration and on the wire are seconds; the timer actions carry milliseconds.
 */

/** RFC 4271 §10 suggests 120 s; FRR uses the same. */
export const DEFAULT_CONNECT_RETRY_TIME = 120;
/** RFC 4271 §10 suggests 90 s; FRR and BIRD default to 180 s (keepalive 60 s), which we follow. */
export const DEFAULT_HOLD_TIME = 180;
/** RFC 4271 §8.2.2: "A HoldTimer value of 4 minutes is suggested" while waiting for the peer's OPEN. */
export const DEFAULT_OPEN_HOLD_TIME = 240;
/** First wait before an automatic restart after an error (FRR starts at 1 s too). */
export const DEFAULT_IDLE_HOLD_TIME = 1;
/** Ceiling of the doubling idle-hold backoff. */
export const DEFAULT_IDLE_HOLD_TIME_MAX = 120;
/** A session that stayed Established this long is "stable": the backoff starts over after it ends. */
export const DEFAULT_IDLE_HOLD_RESET_TIME = 60;

/**
 * RFC 4271 §10: "the initial value of the timer [is] multiplied by a random factor uniformly distributed in the
 * range 0.75 to 1.0". `random` returns a number in [0, 1) like Math.random; it is injected for tests.
 */
export function jitter(ms: number, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ms * (0.75 + 0.25 * r));
}

/** Seconds to milliseconds. */
export function secs(s: number): number {
  return s * 1000;
}

/**
 * RFC 4271 §6.2: a Hold Time of one or two seconds MUST be rejected; 0 (no keepalives) and >= 3 are fine.
 * `minHoldTime` (like FRR's `bgp minimum-holdtime`) rejects small non-zero values too.
 */
export function isAcceptableHoldTime(holdTime: number, minHoldTime = 0): boolean {
  if (holdTime === 0) return true;
  return holdTime >= 3 && holdTime >= minHoldTime;
}

/** RFC 4271 §4.2: the negotiated Hold Time is the smaller of ours and the peer's (0 when either is 0). */
export function negotiateHoldTime(ours: number, theirs: number): number {
  return Math.min(ours, theirs);
}

/**
 * RFC 4271 §4.4 / §10: KEEPALIVEs every Hold Time / 3 (0 when the hold time is 0: no KEEPALIVEs at all), or the
 * configured keepalive when that is smaller; never below one second.
 */
export function keepaliveTime(holdTime: number, configured?: number): number {
  if (holdTime === 0) return 0;
  const third = Math.floor(holdTime / 3);
  const t = configured === undefined ? third : Math.min(third, configured);
  return Math.max(1, t);
}

/** Idle-hold backoff: double per consecutive failure, up to `max` seconds. */
export function nextIdleHoldTime(current: number, max: number): number {
  return Math.min(Math.max(current, 1) * 2, max);
}
