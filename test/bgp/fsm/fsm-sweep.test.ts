/**
 * Every state x every event: handled, FSM Errors only where RFC 4271 §8.2.2 says "any other event" (with the
 * RFC 6608 subcode), timer bookkeeping consistent with the timer actions, input never mutated.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_NUMBER, notificationEvent, step } from '../../../bgp/fsm/fsm.js';
import {
  type FsmEvent,
  type FsmEventType,
  type FsmStateName,
  TIMER_BIT,
  type TimerName,
} from '../../../bgp/fsm/types.js';
import { makeEnv, NOTIF, peerOpen, st, UPDATE, VERERR } from './helpers.js';

// ---- every state x every event ----

const SAMPLE: { [E in FsmEventType]: Extract<FsmEvent, { type: E }> } = {
  ManualStart: { type: 'ManualStart' },
  ManualStop: { type: 'ManualStop' },
  AutomaticStart: { type: 'AutomaticStart' },
  ManualStart_with_PassiveTcpEstablishment: { type: 'ManualStart_with_PassiveTcpEstablishment' },
  AutomaticStart_with_PassiveTcpEstablishment: { type: 'AutomaticStart_with_PassiveTcpEstablishment' },
  AutomaticStop: { type: 'AutomaticStop' },
  ConnectRetryTimer_Expires: { type: 'ConnectRetryTimer_Expires' },
  HoldTimer_Expires: { type: 'HoldTimer_Expires' },
  KeepaliveTimer_Expires: { type: 'KeepaliveTimer_Expires' },
  DelayOpenTimer_Expires: { type: 'DelayOpenTimer_Expires' },
  IdleHoldTimer_Expires: { type: 'IdleHoldTimer_Expires' },
  TcpConnection_Valid: { type: 'TcpConnection_Valid' },
  Tcp_CR_Invalid: { type: 'Tcp_CR_Invalid' },
  Tcp_CR_Acked: { type: 'Tcp_CR_Acked' },
  TcpConnectionConfirmed: { type: 'TcpConnectionConfirmed' },
  TcpConnectionFails: { type: 'TcpConnectionFails' },
  BGPOpen: { type: 'BGPOpen', msg: peerOpen() },
  BGPHeaderErr: { type: 'BGPHeaderErr', error: { code: 1, subcode: 1, data: new Uint8Array(0) } },
  BGPOpenMsgErr: { type: 'BGPOpenMsgErr', error: { code: 2, subcode: 0, data: new Uint8Array(0) } },
  OpenCollisionDump: { type: 'OpenCollisionDump' },
  NotifMsgVerErr: { type: 'NotifMsgVerErr', msg: VERERR },
  NotifMsg: { type: 'NotifMsg', msg: NOTIF },
  KeepAliveMsg: { type: 'KeepAliveMsg' },
  UpdateMsg: { type: 'UpdateMsg', msg: UPDATE },
  UpdateMsgErr: { type: 'UpdateMsgErr', error: { code: 3, subcode: 1, data: new Uint8Array(0) } },
  RouteRefreshMsg: { type: 'RouteRefreshMsg', msg: { type: 'route-refresh', afi: 1, safi: 1, subtype: 0 } },
};

/** RFC 4271 §8.2.2 "any other event" lists (with RFC 6608 subcodes) for the states that send FSM Errors. */
const FSM_ERRORS: { [S in FsmStateName]?: { subcode: number; events: FsmEventType[] } } = {
  OpenSent: {
    subcode: 1,
    events: [
      'ConnectRetryTimer_Expires',
      'KeepaliveTimer_Expires',
      'DelayOpenTimer_Expires',
      'IdleHoldTimer_Expires',
      'KeepAliveMsg',
      'UpdateMsg',
      'UpdateMsgErr',
      'RouteRefreshMsg',
    ],
  },
  OpenConfirm: {
    subcode: 2,
    events: [
      'ConnectRetryTimer_Expires',
      'DelayOpenTimer_Expires',
      'IdleHoldTimer_Expires',
      'BGPOpen',
      'UpdateMsg',
      'UpdateMsgErr',
      'RouteRefreshMsg',
    ],
  },
  Established: {
    subcode: 3,
    events: [
      'ConnectRetryTimer_Expires',
      'DelayOpenTimer_Expires',
      'IdleHoldTimer_Expires',
      'BGPOpen',
      'BGPOpenMsgErr',
    ],
  },
};

const STATES: FsmStateName[] = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];
const ALL_TIMERS: TimerName[] = ['ConnectRetry', 'Hold', 'Keepalive', 'IdleHold', 'DelayOpen'];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o) && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

test('every state x event pair is handled, FSM Errors carry the RFC 6608 subcode, input is not mutated', () => {
  const events = Object.keys(SAMPLE) as FsmEventType[];
  assert.equal(events.length, Object.keys(EVENT_NUMBER).length);
  let pairs = 0;
  for (const name of STATES) {
    for (const type of events) {
      const s = deepFreeze(st(name, ALL_TIMERS));
      const before = JSON.stringify(s);
      const out = step(s, SAMPLE[type], makeEnv());
      pairs++;
      assert.equal(JSON.stringify(s), before);
      assert.ok(STATES.includes(out.state.state));
      const fsmErr = out.actions.find((a) => a.type === 'sendNotification' && a.code === 5);
      const expected = FSM_ERRORS[name];
      const label = `${name} + ${type}`;
      if (expected?.events.includes(type)) {
        assert.ok(fsmErr && fsmErr.type === 'sendNotification', `${label}: FSM Error expected`);
        assert.equal(fsmErr.subcode, expected.subcode, label);
        assert.equal(out.state.state, 'Idle', label);
      } else {
        assert.equal(fsmErr, undefined, `${label}: no FSM Error expected`);
      }
      // Whatever happens, the timer bookkeeping matches the timer actions.
      let mask = s.timers;
      const timer = { ConnectRetryTimer_Expires: 1, HoldTimer_Expires: 2, KeepaliveTimer_Expires: 4 } as const;
      if (type in timer) mask &= ~timer[type as keyof typeof timer];
      if (type === 'IdleHoldTimer_Expires') mask &= ~8;
      if (type === 'DelayOpenTimer_Expires') mask &= ~16;
      for (const a of out.actions) {
        if (a.type === 'startTimer') mask |= TIMER_BIT[a.timer];
        if (a.type === 'stopTimer') mask &= ~TIMER_BIT[a.timer];
      }
      assert.equal(out.state.timers, mask, `${label}: timer mask`);
    }
  }
  assert.equal(pairs, 6 * 26);
});

test('timer expiries for timers that are not running are ignored as stale', () => {
  for (const name of STATES) {
    for (const type of [
      'ConnectRetryTimer_Expires',
      'HoldTimer_Expires',
      'KeepaliveTimer_Expires',
      'DelayOpenTimer_Expires',
      'IdleHoldTimer_Expires',
    ] as const) {
      const s = st(name, []);
      const out = step(s, { type }, makeEnv());
      assert.equal(out.state, s, `${name} + ${type}`);
      assert.deepEqual(out.actions, []);
    }
  }
});

test('notificationEvent picks event 24 for a version error, 25 otherwise', () => {
  assert.equal(notificationEvent(VERERR).type, 'NotifMsgVerErr');
  assert.equal(notificationEvent(NOTIF).type, 'NotifMsg');
  assert.equal(notificationEvent({ ...VERERR, subcode: 2 }).type, 'NotifMsg');
  assert.equal(EVENT_NUMBER.NotifMsgVerErr, 24);
  assert.equal(EVENT_NUMBER.TcpConnectionConfirmed, 17);
});
