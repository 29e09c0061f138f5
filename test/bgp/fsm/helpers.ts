/**
 * Shared fixtures for the FSM tests: a local session config, a peer OPEN, a deterministic environment, a
 * compact action formatter, a tiny driver (`Harness`) that runs timers on a FakeClock, and the state builders
 * and runner of the table tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { initialState, step } from '../../../bgp/fsm/fsm.js';
import type { LocalSessionCfg } from '../../../bgp/fsm/open.js';
import { checkOpen } from '../../../bgp/fsm/open.js';
import {
  type FsmAction,
  type FsmCfg,
  type FsmEnv,
  type FsmEvent,
  type FsmStateName,
  type SessionState,
  TIMER_BIT,
  TIMER_EXPIRY_EVENT,
  type TimerName,
} from '../../../bgp/fsm/types.js';
import type { OpenMsg, UpdateMsg } from '../../../bgp/packet/types.js';
import { FakeClock, type TimerHandle } from '../../../lib/clock.js';

export function ip(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export const LOCAL: LocalSessionCfg = {
  localAs: 65001,
  bgpId: ip(10, 0, 0, 1),
  remoteAs: 65002,
  holdTime: 90,
  afiSafis: [{ afi: 1, safi: 1 }],
};

export function peerOpen(over: Partial<OpenMsg> = {}): OpenMsg {
  return {
    type: 'open',
    version: 4,
    myAs: 65002,
    holdTime: 90,
    bgpId: ip(10, 0, 0, 2),
    capabilities: [
      { kind: 'multiprotocol', afi: 1, safi: 1 },
      { kind: 'route-refresh' },
      { kind: 'four-octet-as', asn: 65002 },
    ],
    otherParams: [],
    ...over,
  };
}

/** random() = 0.5 gives the jitter factor 0.875: ConnectRetry 105000 ms, keepalive 30 s -> 26250 ms. */
export function makeEnv(cfg: Partial<FsmCfg> = {}, clock = new FakeClock(), random = () => 0.5): FsmEnv {
  return { cfg: { open: LOCAL, ...cfg }, now: () => clock.now(), random };
}

/** One short string per action, so expectations read like the RFC's bullet lists. */
export function fmt(a: FsmAction): string {
  switch (a.type) {
    case 'startTimer':
      return `start ${a.timer} ${a.ms}`;
    case 'stopTimer':
      return `stop ${a.timer}`;
    case 'sendNotification':
      return `notify ${a.code}/${a.subcode}`;
    case 'sessionDown':
      return `down ${a.reason}`;
    case 'trackSecondConnection':
      return `track ${a.direction}`;
    default:
      return a.type;
  }
}

/** A minimal driver: executes timer actions on a FakeClock and feeds expiries back; records every action. */
export class Harness {
  readonly clock: FakeClock;
  readonly env: FsmEnv;
  s: SessionState;
  readonly log: { at: number; action: FsmAction }[] = [];
  private readonly handles = new Map<TimerName, TimerHandle>();

  constructor(cfg: Partial<FsmCfg> = {}, random: () => number = () => 0.5) {
    this.clock = new FakeClock();
    this.env = makeEnv(cfg, this.clock, random);
    this.s = initialState(this.env.cfg);
  }

  /** Feed one event; returns the formatted actions of this step. */
  feed(ev: FsmEvent): string[] {
    const r = step(this.s, ev, this.env);
    this.s = r.state;
    for (const a of r.actions) this.exec(a);
    return r.actions.map(fmt);
  }

  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Actions of a given type recorded so far. */
  actions<T extends FsmAction['type']>(type: T): Extract<FsmAction, { type: T }>[] {
    return this.log.filter((e) => e.action.type === type).map((e) => e.action as Extract<FsmAction, { type: T }>);
  }

  private exec(a: FsmAction): void {
    this.log.push({ at: this.clock.now(), action: a });
    if (a.type === 'startTimer') {
      this.handles.get(a.timer)?.cancel();
      const ev = TIMER_EXPIRY_EVENT[a.timer];
      this.handles.set(
        a.timer,
        this.clock.setTimer(a.ms, () => {
          this.handles.delete(a.timer);
          this.feed(ev);
        }),
      );
    } else if (a.type === 'stopTimer') {
      this.handles.get(a.timer)?.cancel();
      this.handles.delete(a.timer);
    }
  }

  /** Drive a fresh session to Established over an outgoing connection. */
  establish(open: OpenMsg = peerOpen()): void {
    this.feed({ type: 'ManualStart' });
    this.feed({ type: 'Tcp_CR_Acked' });
    this.feed({ type: 'BGPOpen', msg: open });
    this.feed({ type: 'KeepAliveMsg' });
  }
}

// ---- fixtures for table tests: sessions in a given state with given timers running ----

export const NEG = (() => {
  const r = checkOpen(peerOpen(), LOCAL);
  assert.ok(r.ok);
  return r.value;
})();
export const NEG_HOLD0 = (() => {
  const r = checkOpen(peerOpen({ holdTime: 0 }), LOCAL);
  assert.ok(r.ok);
  return r.value;
})();

export const DEFAULT_TIMERS: { [S in FsmStateName]: TimerName[] } = {
  Idle: [],
  Connect: ['ConnectRetry'],
  Active: ['ConnectRetry'],
  OpenSent: ['Hold'],
  OpenConfirm: ['Hold', 'Keepalive'],
  Established: ['Hold', 'Keepalive'],
};

/** A session in `name` with the usual timers running (or `timers`), started (autoRestart) unless Idle. */
export function st(name: FsmStateName, timers?: TimerName[], over: Partial<SessionState> = {}): SessionState {
  let mask = 0;
  for (const t of timers ?? DEFAULT_TIMERS[name]) mask |= TIMER_BIT[t];
  const negotiated = name === 'OpenConfirm' || name === 'Established' ? NEG : undefined;
  return {
    ...initialState({ open: LOCAL }),
    state: name,
    timers: mask,
    autoRestart: name !== 'Idle',
    negotiated,
    establishedAt: name === 'Established' ? 0 : undefined,
    ...over,
  };
}

export const UPDATE: UpdateMsg = { type: 'update', withdrawn: [], attrs: undefined, nlri: [], errors: [] };
export const NOTIF = { type: 'notification' as const, code: 6, subcode: 2, data: new Uint8Array(0) };
export const VERERR = { type: 'notification' as const, code: 2, subcode: 1, data: Uint8Array.of(0, 4) };
export const BAD_AS_OPEN = peerOpen({ myAs: 65009, capabilities: [] });

export interface Row {
  name: string;
  s: SessionState;
  ev: FsmEvent;
  cfg?: Partial<FsmCfg>;
  next: FsmStateName;
  acts: string[];
  check?: (s: SessionState) => void;
}

export const IDLE_RESTART = 'start IdleHold 1000';
export const CR = 'start ConnectRetry 105000';
export const OPEN_HOLD = 'start Hold 240000';
export const KA = 'start Keepalive 26250';
export const HOLD = 'start Hold 90000';
export const counter = (n: number) => (s: SessionState) => assert.equal(s.connectRetryCounter, n);

/** Run table rows as individual tests (the clock reads 5000 ms). */
export function runRows(rows: Row[]): void {
  for (const r of rows) {
    test(`${r.s.state} + ${r.ev.type}: ${r.name}`, () => {
      const clock = new FakeClock(5000);
      const out = step(r.s, r.ev, makeEnv(r.cfg, clock));
      assert.equal(out.state.state, r.next);
      assert.deepEqual(out.actions.map(fmt), r.acts);
      r.check?.(out.state);
    });
  }
}
