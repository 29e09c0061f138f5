/**
 * The BGP-4 session FSM (RFC 4271 §8.2.2) as a pure function: `step(state, event, env) -> { state, actions }`.
 * The driver (bgp/peer.ts) owns sockets and timers, feeds events one at a time and executes the actions in order.
 *
 * RFCs: 4271 §8 (FSM), §6 (error handling), §10 (timers, jitter); 6608 (FSM Error subcodes); 4486 (Cease
 * subcodes); 9003 (shutdown communication passes through ManualStop data).
 *
 * The table `TABLE` has one row per state and one handler per event, so every state x event pair is explicit
 * (the type forces completeness). Local decisions, each cited where it is made:
 * - Optional attributes supported: DelayOpen (FsmCfg.delayOpenTime), DampPeerOscillations (always on: the
 *   doubling idle hold), PassiveTcpEstablishment, SendNOTIFICATIONwithoutOPEN, AllowAutomaticStart (a started
 *   session restarts by itself after failures; ManualStop ends that), CollisionDetectEstablishedState (the
 *   driver may send OpenCollisionDump in Established).
 * - A timer expiry for a timer this FSM does not have running is stale (it raced a stop) and is ignored.
 * - Passive sessions never start the ConnectRetryTimer: it could only lead to an outgoing connection.
 * - Every automatic fall to Idle waits the IdleHoldTimer and doubles it (RFC 4271 leaves damping to the
 *   implementation), so a peer that refuses connections is retried after 1, 2, 4 ... 120 s, not in a tight loop.
 * - A NOTIFICATION received in OpenSent closes the session without answering it with an FSM Error (RFC 4271
 *   §6.4: NOTIFICATIONs are not answered); an OPEN received again in OpenConfirm or Established is an FSM Error.
 * - A header error in Established sends the Message Header Error the codec found (§6.1), not an FSM Error.
 */

import type { NotificationMsg } from '../packet/types.js';
import {
  CEASE_ADMIN_SHUTDOWN,
  CEASE_CONNECTION_COLLISION,
  ERR_CEASE,
  ERR_FSM,
  ERR_HOLD_TIMER_EXPIRED,
  ERR_OPEN,
  FSM_ERR_UNEXPECTED_IN_ESTABLISHED,
  FSM_ERR_UNEXPECTED_IN_OPENCONFIRM,
  FSM_ERR_UNEXPECTED_IN_OPENSENT,
  FSM_ERR_UNSPECIFIED,
  OPEN_ERR_UNSUPPORTED_VERSION,
} from './codes.js';
import { buildOpen, checkOpen, type Negotiated } from './open.js';
import {
  DEFAULT_CONNECT_RETRY_TIME,
  DEFAULT_IDLE_HOLD_RESET_TIME,
  DEFAULT_IDLE_HOLD_TIME,
  DEFAULT_IDLE_HOLD_TIME_MAX,
  DEFAULT_OPEN_HOLD_TIME,
  jitter,
  nextIdleHoldTime,
  secs,
} from './timers.js';
import {
  type DownReason,
  type FsmAction,
  type FsmCfg,
  type FsmEnv,
  type FsmEvent,
  type FsmEventType,
  type FsmStateName,
  type NotifyData,
  type SessionState,
  type StepResult,
  TIMER_BIT,
  TIMER_OF_EVENT,
  type TimerName,
} from './types.js';

/** RFC 4271 §8.1 event numbers (for logs and management); RouteRefreshMsg has none. */
export const EVENT_NUMBER: { readonly [E in FsmEventType]: number | undefined } = {
  ManualStart: 1,
  ManualStop: 2,
  AutomaticStart: 3,
  ManualStart_with_PassiveTcpEstablishment: 4,
  AutomaticStart_with_PassiveTcpEstablishment: 5,
  AutomaticStop: 8,
  ConnectRetryTimer_Expires: 9,
  HoldTimer_Expires: 10,
  KeepaliveTimer_Expires: 11,
  DelayOpenTimer_Expires: 12,
  IdleHoldTimer_Expires: 13,
  TcpConnection_Valid: 14,
  Tcp_CR_Invalid: 15,
  Tcp_CR_Acked: 16,
  TcpConnectionConfirmed: 17,
  TcpConnectionFails: 18,
  BGPOpen: 19,
  BGPHeaderErr: 21,
  BGPOpenMsgErr: 22,
  OpenCollisionDump: 23,
  NotifMsgVerErr: 24,
  NotifMsg: 25,
  KeepAliveMsg: 26,
  UpdateMsg: 27,
  UpdateMsgErr: 28,
  RouteRefreshMsg: undefined,
};

/** A fresh session: Idle, nothing running. */
export function initialState(cfg: FsmCfg): SessionState {
  return {
    state: 'Idle',
    connectRetryCounter: 0,
    timers: 0,
    autoRestart: false,
    passive: cfg.passive === true,
    idleHoldTime: cfg.idleHoldTime ?? DEFAULT_IDLE_HOLD_TIME,
    negotiated: undefined,
    establishedAt: undefined,
    establishedCount: 0,
    lastDown: undefined,
  };
}

/** RFC 4271 §8.1.5: a received NOTIFICATION is event 24 when it is an OPEN / Unsupported Version Number. */
export function notificationEvent(msg: NotificationMsg): FsmEvent {
  return msg.code === ERR_OPEN && msg.subcode === OPEN_ERR_UNSUPPORTED_VERSION
    ? { type: 'NotifMsgVerErr', msg }
    : { type: 'NotifMsg', msg };
}

/**
 * A second FSM for a colliding connection (RFC 4271 §8.2.1: one FSM per connection). It starts in Active and
 * never connects or restarts by itself; feed it TcpConnectionConfirmed (incoming) or Tcp_CR_Acked (outgoing).
 */
export function forkForCollision(primary: SessionState): SessionState {
  return {
    ...primary,
    state: 'Active',
    timers: 0,
    autoRestart: false,
    passive: true,
    negotiated: undefined,
    establishedAt: undefined,
  };
}

/**
 * When the fork wins the collision, it becomes the peer's session and inherits the peer's attributes. Pass the
 * primary as it was before its OpenCollisionDump (losing a collision is not a flap), and cancel its timers.
 */
export function promoteFork(fork: SessionState, primary: SessionState): SessionState {
  return {
    ...fork,
    autoRestart: primary.autoRestart,
    passive: primary.passive,
    idleHoldTime: primary.idleHoldTime,
  };
}

// ---- step machinery ----

type Draft = { -readonly [K in keyof SessionState]: SessionState[K] };

interface Ctx {
  n: Draft;
  acts: FsmAction[];
  env: FsmEnv;
  ev: FsmEvent;
}

type Handler<E extends FsmEventType> = (c: Ctx, ev: Extract<FsmEvent, { type: E }>) => void;
type Row = { readonly [E in FsmEventType]: Handler<E> };

/** Feed one event; returns the next state and the actions to execute in order. Does not mutate `s`. */
export function step(s: SessionState, ev: FsmEvent, env: FsmEnv): StepResult {
  const timer = TIMER_OF_EVENT[ev.type];
  if (timer !== undefined && (s.timers & TIMER_BIT[timer]) === 0) return { state: s, actions: [] };
  const c: Ctx = { n: { ...s }, acts: [], env, ev };
  if (timer !== undefined) c.n.timers &= ~TIMER_BIT[timer]; // it fired: no longer running
  const handler = TABLE[s.state][ev.type] as (c: Ctx, ev: FsmEvent) => void;
  handler(c, ev);
  return { state: c.n, actions: c.acts };
}

function running(c: Ctx, t: TimerName): boolean {
  return (c.n.timers & TIMER_BIT[t]) !== 0;
}

function startTimer(c: Ctx, t: TimerName, ms: number): void {
  c.acts.push({ type: 'startTimer', timer: t, ms });
  c.n.timers |= TIMER_BIT[t];
}

function stopTimer(c: Ctx, t: TimerName): void {
  if (!running(c, t)) return;
  c.acts.push({ type: 'stopTimer', timer: t });
  c.n.timers &= ~TIMER_BIT[t];
}

/** RFC 4271 §10: the ConnectRetryTimer is jittered, with a fresh random factor each time it is set. */
function startConnectRetry(c: Ctx): void {
  if (c.n.passive) return;
  startTimer(c, 'ConnectRetry', jitter(secs(c.env.cfg.connectRetryTime ?? DEFAULT_CONNECT_RETRY_TIME), c.env.random));
}

/** RFC 4271 §10: the KeepaliveTimer is jittered too, which keeps it below hold / 3. */
function startKeepalive(c: Ctx, neg: Negotiated): void {
  if (neg.keepaliveTime > 0) startTimer(c, 'Keepalive', jitter(secs(neg.keepaliveTime), c.env.random));
}

function restartHold(c: Ctx): void {
  const hold = c.n.negotiated?.holdTime ?? 0;
  if (hold > 0) startTimer(c, 'Hold', secs(hold));
}

function notification(code: number, subcode: number, data?: Uint8Array): NotifyData {
  return { code, subcode, data: data ?? new Uint8Array(0) };
}

/** Send our OPEN and wait for the peer's with the "large" HoldTimer (RFC 4271 §8.2.2, 4 minutes). */
function sendOpenAndWait(c: Ctx): void {
  c.acts.push({ type: 'sendOpen', msg: buildOpen(c.env.cfg.open) });
  startTimer(c, 'Hold', secs(c.env.cfg.openHoldTime ?? DEFAULT_OPEN_HOLD_TIME));
  c.n.state = 'OpenSent';
}

interface IdleHow {
  reason: DownReason;
  counter: 'inc' | 'zero' | 'keep';
  send?: NotifyData | undefined;
  received?: NotifyData | undefined;
}

/**
 * Every way into Idle: optional NOTIFICATION, stop timers, drop the connection, delete routes if Established,
 * release resources, update ConnectRetryCounter, then (unless stopped by the operator) arm the IdleHoldTimer
 * for the automatic restart and double it for next time (peer oscillation damping).
 */
function goIdle(c: Ctx, how: IdleHow): void {
  const n = c.n;
  const from = n.state;
  if (how.send) c.acts.push({ type: 'sendNotification', ...how.send });
  for (const t of ['ConnectRetry', 'DelayOpen', 'Hold', 'Keepalive'] as const) stopTimer(c, t);
  c.acts.push({ type: 'dropConnection' });
  if (from === 'Established' && n.negotiated) {
    const down: FsmAction = { type: 'sessionDown', reason: how.reason, negotiated: n.negotiated };
    if (how.send) down.sent = how.send;
    if (how.received) down.received = how.received;
    c.acts.push(down);
  }
  c.acts.push({ type: 'releaseResources' });
  if (how.counter === 'inc') n.connectRetryCounter += 1;
  else if (how.counter === 'zero') n.connectRetryCounter = 0;
  n.lastDown = { reason: how.reason, from, event: c.ev.type, at: c.env.now() };
  if (how.send) n.lastDown.sent = how.send;
  if (how.received) n.lastDown.received = how.received;
  const cfg = c.env.cfg;
  const initial = cfg.idleHoldTime ?? DEFAULT_IDLE_HOLD_TIME;
  // A session that stayed up long enough was not flapping: start the backoff over.
  if (from === 'Established' && n.establishedAt !== undefined) {
    if (c.env.now() - n.establishedAt >= secs(cfg.idleHoldResetTime ?? DEFAULT_IDLE_HOLD_RESET_TIME)) {
      n.idleHoldTime = initial;
    }
  }
  n.state = 'Idle';
  n.negotiated = undefined;
  n.establishedAt = undefined;
  if (how.reason === 'manualStop') {
    n.autoRestart = false;
    n.idleHoldTime = initial;
  } else if (n.autoRestart) {
    startTimer(c, 'IdleHold', secs(n.idleHoldTime));
    n.idleHoldTime = nextIdleHoldTime(n.idleHoldTime, cfg.idleHoldTimeMax ?? DEFAULT_IDLE_HOLD_TIME_MAX);
  }
}

/** RFC 6608: the FSM Error subcode names the state that got the unexpected event. */
function fsmError(c: Ctx): void {
  const sub =
    c.n.state === 'OpenSent'
      ? FSM_ERR_UNEXPECTED_IN_OPENSENT
      : c.n.state === 'OpenConfirm'
        ? FSM_ERR_UNEXPECTED_IN_OPENCONFIRM
        : c.n.state === 'Established'
          ? FSM_ERR_UNEXPECTED_IN_ESTABLISHED
          : FSM_ERR_UNSPECIFIED;
  goIdle(c, { reason: 'fsmError', counter: 'inc', send: notification(ERR_FSM, sub) });
}

/** Connect/Active "any other event": close without a NOTIFICATION (our OPEN has not been sent). */
function unexpectedBeforeOpen(c: Ctx): void {
  goIdle(c, { reason: 'fsmError', counter: 'inc' });
}

function ignore(): void {}

function rejectConnection(c: Ctx): void {
  c.acts.push({ type: 'rejectConnection' });
}

function trackIncoming(c: Ctx): void {
  c.acts.push({ type: 'trackSecondConnection', direction: 'incoming' });
}

function trackOutgoing(c: Ctx): void {
  c.acts.push({ type: 'trackSecondConnection', direction: 'outgoing' });
}

// ---- Idle ----

/** RFC 4271 §8.2.2 Idle, events 1/3/4/5 (and 13, our automatic restart). */
function startSession(c: Ctx, passive: boolean, resetCounter: boolean): void {
  const n = c.n;
  stopTimer(c, 'IdleHold');
  n.autoRestart = true;
  n.passive = passive || c.env.cfg.passive === true;
  if (resetCounter) n.connectRetryCounter = 0;
  if (n.passive) {
    n.state = 'Active';
    return;
  }
  startConnectRetry(c);
  c.acts.push({ type: 'connect' });
  n.state = 'Connect';
}

function idleManualStart(c: Ctx): void {
  startSession(c, false, true);
}

function idleManualStartPassive(c: Ctx): void {
  startSession(c, true, true);
}

/** Events 3/5 with damping (events 6/7): while the IdleHoldTimer runs, the start waits for it. */
function idleAutomaticStart(c: Ctx, passive: boolean): void {
  if (running(c, 'IdleHold')) {
    c.n.autoRestart = true;
    c.n.passive = passive || c.env.cfg.passive === true;
    return;
  }
  startSession(c, passive, true);
}

/** RFC says ManualStop is ignored in Idle; with automatic restarts it must also cancel the pending one. */
function idleManualStop(c: Ctx): void {
  stopTimer(c, 'IdleHold');
  c.n.autoRestart = false;
  c.n.connectRetryCounter = 0;
  c.n.idleHoldTime = c.env.cfg.idleHoldTime ?? DEFAULT_IDLE_HOLD_TIME;
}

function idleHoldExpires(c: Ctx): void {
  if (c.n.autoRestart) startSession(c, c.n.passive, false);
}

/** A connection of ours completed after we gave up on it. */
function idleDropStale(c: Ctx): void {
  c.acts.push({ type: 'dropConnection' });
}

// ---- Connect and Active ----

function manualStopBeforeOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'ManualStop' }>): void {
  goIdle(c, {
    reason: 'manualStop',
    counter: 'zero',
    send: ceaseWithoutOpen(c, ev.subcode ?? CEASE_ADMIN_SHUTDOWN, ev.data),
  });
}

function automaticStopBeforeOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'AutomaticStop' }>): void {
  goIdle(c, { reason: 'automaticStop', counter: 'inc', send: ceaseWithoutOpen(c, ev.subcode ?? 0, ev.data) });
}

/** RFC 4271 §8.2.2 Active/ManualStop: a Cease only with DelayOpen running and SendNOTIFICATIONwithoutOPEN. */
function ceaseWithoutOpen(c: Ctx, subcode: number, data?: Uint8Array): NotifyData | undefined {
  if (!running(c, 'DelayOpen') || c.env.cfg.sendNotificationWithoutOpen !== true) return undefined;
  return notification(ERR_CEASE, subcode, data);
}

function connectRetryInConnect(c: Ctx): void {
  c.acts.push({ type: 'dropConnection' });
  startConnectRetry(c);
  stopTimer(c, 'DelayOpen');
  c.acts.push({ type: 'connect' });
}

function connectRetryInActive(c: Ctx): void {
  if (c.n.passive) return;
  startConnectRetry(c);
  c.acts.push({ type: 'connect' });
  c.n.state = 'Connect';
}

function delayOpenExpires(c: Ctx): void {
  stopTimer(c, 'ConnectRetry');
  sendOpenAndWait(c);
}

/** Events 16/17 in Connect or Active: with DelayOpen, wait for the peer's OPEN first. */
function tcpUp(c: Ctx, incoming: boolean): void {
  stopTimer(c, 'ConnectRetry');
  if (incoming) c.acts.push({ type: 'accept' });
  const delay = c.env.cfg.delayOpenTime ?? 0;
  if (delay > 0) {
    startTimer(c, 'DelayOpen', secs(delay));
    return;
  }
  sendOpenAndWait(c);
}

function tcpAcked(c: Ctx): void {
  tcpUp(c, false);
}

function tcpConfirmed(c: Ctx): void {
  tcpUp(c, true);
}

/**
 * Connect, event 18: our connection attempt failed (refused, unreachable, timed out). RFC 4271 goes to Idle
 * unless DelayOpen runs; like FRR and BIRD we go to Active instead and retry when ConnectRetry expires. A
 * peer that is not up yet is not a flapping session: sending it through Idle would refuse its own incoming
 * connection and, with idle-hold damping, delay the session by up to IdleHoldTimeMax.
 */
function tcpFailsInConnect(c: Ctx): void {
  if (running(c, 'DelayOpen')) stopTimer(c, 'DelayOpen');
  c.acts.push({ type: 'dropConnection' });
  startConnectRetry(c);
  c.n.state = 'Active';
}

function tcpFailsInActive(c: Ctx): void {
  goIdle(c, { reason: 'tcpConnectionFails', counter: 'inc' });
}

/** Event 20: the peer's OPEN while we delay ours. Event 19 (no DelayOpen running) is unexpected here. */
function openBeforeOurs(c: Ctx, ev: Extract<FsmEvent, { type: 'BGPOpen' }>): void {
  if (!running(c, 'DelayOpen')) {
    unexpectedBeforeOpen(c);
    return;
  }
  const r = checkOpen(ev.msg, c.env.cfg.open);
  if (!r.ok) {
    errorBeforeOpen(c, 'openError', r.error);
    return;
  }
  stopTimer(c, 'ConnectRetry');
  stopTimer(c, 'DelayOpen');
  c.acts.push({ type: 'sendOpen', msg: buildOpen(c.env.cfg.open) });
  enterOpenConfirm(c, r.value);
}

function errorBeforeOpen(c: Ctx, reason: DownReason, error: NotifyData): void {
  const send = c.env.cfg.sendNotificationWithoutOpen === true ? pickNotify(error) : undefined;
  goIdle(c, { reason, counter: 'inc', send });
}

function headerErrBeforeOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'BGPHeaderErr' }>): void {
  errorBeforeOpen(c, 'headerError', ev.error);
}

function openMsgErrBeforeOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'BGPOpenMsgErr' }>): void {
  errorBeforeOpen(c, 'openError', ev.error);
}

function collisionBeforeOpen(c: Ctx): void {
  goIdle(c, { reason: 'collision', counter: 'inc' });
}

/** Event 24 in Connect/Active: with DelayOpen running, no ConnectRetryCounter increment (version retry). */
function verErrBeforeOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'NotifMsgVerErr' }>): void {
  const counter = running(c, 'DelayOpen') ? 'keep' : 'inc';
  goIdle(c, { reason: 'notificationReceived', counter, received: pickNotify(ev.msg) });
}

function notifBeforeOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'NotifMsg' }>): void {
  goIdle(c, { reason: 'notificationReceived', counter: 'inc', received: pickNotify(ev.msg) });
}

function pickNotify(m: NotifyData): NotifyData {
  return { code: m.code, subcode: m.subcode, data: m.data };
}

// ---- OpenSent, OpenConfirm, Established ----

function manualStopWithCease(c: Ctx, ev: Extract<FsmEvent, { type: 'ManualStop' }>): void {
  const send = notification(ERR_CEASE, ev.subcode ?? CEASE_ADMIN_SHUTDOWN, ev.data);
  goIdle(c, { reason: 'manualStop', counter: 'zero', send });
}

function automaticStopWithCease(c: Ctx, ev: Extract<FsmEvent, { type: 'AutomaticStop' }>): void {
  goIdle(c, { reason: 'automaticStop', counter: 'inc', send: notification(ERR_CEASE, ev.subcode ?? 0, ev.data) });
}

function holdExpires(c: Ctx): void {
  goIdle(c, { reason: 'holdTimerExpired', counter: 'inc', send: notification(ERR_HOLD_TIMER_EXPIRED, 0) });
}

/** OpenSent, event 18: back to Active, listening (and retrying connects unless passive). */
function tcpFailsInOpenSent(c: Ctx): void {
  c.acts.push({ type: 'dropConnection' });
  stopTimer(c, 'Hold');
  startConnectRetry(c);
  c.n.state = 'Active';
}

function tcpFailsAfterOpen(c: Ctx): void {
  goIdle(c, { reason: 'tcpConnectionFails', counter: 'inc' });
}

/** OpenSent, event 19: the OPEN is checked here (RFC 4271 §6.2); a bad one is event 22. */
function openInOpenSent(c: Ctx, ev: Extract<FsmEvent, { type: 'BGPOpen' }>): void {
  const r = checkOpen(ev.msg, c.env.cfg.open);
  if (!r.ok) {
    goIdle(c, { reason: 'openError', counter: 'inc', send: pickNotify(r.error) });
    return;
  }
  stopTimer(c, 'DelayOpen');
  stopTimer(c, 'ConnectRetry');
  enterOpenConfirm(c, r.value);
}

/** KEEPALIVE now; Hold and Keepalive timers from the negotiated Hold Time, none when it is 0 (§8.2.2). */
function enterOpenConfirm(c: Ctx, neg: Negotiated): void {
  c.n.negotiated = neg;
  c.acts.push({ type: 'sendKeepalive' });
  if (neg.holdTime > 0) {
    startKeepalive(c, neg);
    startTimer(c, 'Hold', secs(neg.holdTime));
  } else {
    stopTimer(c, 'Hold');
    stopTimer(c, 'Keepalive');
  }
  c.n.state = 'OpenConfirm';
}

function headerErrAfterOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'BGPHeaderErr' }>): void {
  goIdle(c, { reason: 'headerError', counter: 'inc', send: pickNotify(ev.error) });
}

function openMsgErrAfterOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'BGPOpenMsgErr' }>): void {
  goIdle(c, { reason: 'openError', counter: 'inc', send: pickNotify(ev.error) });
}

function collisionDump(c: Ctx): void {
  goIdle(c, { reason: 'collision', counter: 'inc', send: notification(ERR_CEASE, CEASE_CONNECTION_COLLISION) });
}

function verErrAfterOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'NotifMsgVerErr' }>): void {
  goIdle(c, { reason: 'notificationReceived', counter: 'keep', received: pickNotify(ev.msg) });
}

function notifAfterOpen(c: Ctx, ev: Extract<FsmEvent, { type: 'NotifMsg' | 'NotifMsgVerErr' }>): void {
  goIdle(c, { reason: 'notificationReceived', counter: 'inc', received: pickNotify(ev.msg) });
}

function sendKeepalive(c: Ctx): void {
  c.acts.push({ type: 'sendKeepalive' });
  if (c.n.negotiated) startKeepalive(c, c.n.negotiated);
}

function keepaliveInOpenConfirm(c: Ctx): void {
  restartHold(c);
  c.n.state = 'Established';
  c.n.establishedAt = c.env.now();
  c.n.establishedCount += 1;
  if (c.n.negotiated) c.acts.push({ type: 'established', negotiated: c.n.negotiated });
}

function keepaliveInEstablished(c: Ctx): void {
  restartHold(c);
}

function updateInEstablished(c: Ctx, ev: Extract<FsmEvent, { type: 'UpdateMsg' }>): void {
  c.acts.push({ type: 'processUpdate', msg: ev.msg });
  restartHold(c);
}

function routeRefreshInEstablished(c: Ctx, ev: Extract<FsmEvent, { type: 'RouteRefreshMsg' }>): void {
  c.acts.push({ type: 'processRouteRefresh', msg: ev.msg });
  restartHold(c);
}

function updateErrInEstablished(c: Ctx, ev: Extract<FsmEvent, { type: 'UpdateMsgErr' }>): void {
  goIdle(c, { reason: 'updateError', counter: 'inc', send: pickNotify(ev.error) });
}

// ---- The table: RFC 4271 §8.2.2, one row per state ----

const TABLE: { readonly [S in FsmStateName]: Row } = {
  Idle: {
    ManualStart: idleManualStart,
    ManualStop: idleManualStop,
    AutomaticStart: (c) => idleAutomaticStart(c, false),
    ManualStart_with_PassiveTcpEstablishment: idleManualStartPassive,
    AutomaticStart_with_PassiveTcpEstablishment: (c) => idleAutomaticStart(c, true),
    AutomaticStop: ignore,
    ConnectRetryTimer_Expires: ignore,
    HoldTimer_Expires: ignore,
    KeepaliveTimer_Expires: ignore,
    DelayOpenTimer_Expires: ignore,
    IdleHoldTimer_Expires: idleHoldExpires,
    // "BGP FSM refuses all incoming BGP connections for this peer" in Idle.
    TcpConnection_Valid: rejectConnection,
    Tcp_CR_Invalid: rejectConnection,
    Tcp_CR_Acked: idleDropStale,
    TcpConnectionConfirmed: rejectConnection,
    TcpConnectionFails: ignore,
    BGPOpen: ignore,
    BGPHeaderErr: ignore,
    BGPOpenMsgErr: ignore,
    OpenCollisionDump: ignore,
    NotifMsgVerErr: ignore,
    NotifMsg: ignore,
    KeepAliveMsg: ignore,
    UpdateMsg: ignore,
    UpdateMsgErr: ignore,
    RouteRefreshMsg: ignore,
  },
  Connect: {
    ManualStart: ignore,
    ManualStop: manualStopBeforeOpen,
    AutomaticStart: ignore,
    ManualStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStop: automaticStopBeforeOpen,
    ConnectRetryTimer_Expires: connectRetryInConnect,
    HoldTimer_Expires: unexpectedBeforeOpen,
    KeepaliveTimer_Expires: unexpectedBeforeOpen,
    DelayOpenTimer_Expires: delayOpenExpires,
    IdleHoldTimer_Expires: unexpectedBeforeOpen,
    TcpConnection_Valid: ignore, // "the TCP connection is processed": nothing to do until it is confirmed
    Tcp_CR_Invalid: rejectConnection,
    Tcp_CR_Acked: tcpAcked,
    TcpConnectionConfirmed: tcpConfirmed,
    TcpConnectionFails: tcpFailsInConnect,
    BGPOpen: openBeforeOurs,
    BGPHeaderErr: headerErrBeforeOpen,
    BGPOpenMsgErr: openMsgErrBeforeOpen,
    OpenCollisionDump: collisionBeforeOpen,
    NotifMsgVerErr: verErrBeforeOpen,
    NotifMsg: notifBeforeOpen,
    KeepAliveMsg: unexpectedBeforeOpen,
    UpdateMsg: unexpectedBeforeOpen,
    UpdateMsgErr: unexpectedBeforeOpen,
    RouteRefreshMsg: unexpectedBeforeOpen,
  },
  Active: {
    ManualStart: ignore,
    ManualStop: manualStopBeforeOpen,
    AutomaticStart: ignore,
    ManualStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStop: automaticStopBeforeOpen,
    ConnectRetryTimer_Expires: connectRetryInActive,
    HoldTimer_Expires: unexpectedBeforeOpen,
    KeepaliveTimer_Expires: unexpectedBeforeOpen,
    DelayOpenTimer_Expires: delayOpenExpires,
    IdleHoldTimer_Expires: unexpectedBeforeOpen,
    TcpConnection_Valid: ignore,
    Tcp_CR_Invalid: rejectConnection,
    Tcp_CR_Acked: tcpAcked,
    TcpConnectionConfirmed: tcpConfirmed,
    TcpConnectionFails: tcpFailsInActive,
    BGPOpen: openBeforeOurs,
    BGPHeaderErr: headerErrBeforeOpen,
    BGPOpenMsgErr: openMsgErrBeforeOpen,
    OpenCollisionDump: collisionBeforeOpen,
    NotifMsgVerErr: verErrBeforeOpen,
    NotifMsg: notifBeforeOpen,
    KeepAliveMsg: unexpectedBeforeOpen,
    UpdateMsg: unexpectedBeforeOpen,
    UpdateMsgErr: unexpectedBeforeOpen,
    RouteRefreshMsg: unexpectedBeforeOpen,
  },
  OpenSent: {
    ManualStart: ignore,
    ManualStop: manualStopWithCease,
    AutomaticStart: ignore,
    ManualStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStop: automaticStopWithCease,
    ConnectRetryTimer_Expires: fsmError,
    HoldTimer_Expires: holdExpires,
    KeepaliveTimer_Expires: fsmError,
    DelayOpenTimer_Expires: fsmError,
    IdleHoldTimer_Expires: fsmError,
    TcpConnection_Valid: trackIncoming,
    Tcp_CR_Invalid: rejectConnection,
    Tcp_CR_Acked: trackOutgoing,
    TcpConnectionConfirmed: trackIncoming,
    TcpConnectionFails: tcpFailsInOpenSent,
    BGPOpen: openInOpenSent,
    BGPHeaderErr: headerErrAfterOpen,
    BGPOpenMsgErr: openMsgErrAfterOpen,
    OpenCollisionDump: collisionDump,
    NotifMsgVerErr: verErrAfterOpen,
    NotifMsg: notifAfterOpen,
    KeepAliveMsg: fsmError,
    UpdateMsg: fsmError,
    UpdateMsgErr: fsmError,
    RouteRefreshMsg: fsmError,
  },
  OpenConfirm: {
    ManualStart: ignore,
    ManualStop: manualStopWithCease,
    AutomaticStart: ignore,
    ManualStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStop: automaticStopWithCease,
    ConnectRetryTimer_Expires: fsmError,
    HoldTimer_Expires: holdExpires,
    KeepaliveTimer_Expires: sendKeepalive,
    DelayOpenTimer_Expires: fsmError,
    IdleHoldTimer_Expires: fsmError,
    TcpConnection_Valid: trackIncoming,
    Tcp_CR_Invalid: rejectConnection,
    Tcp_CR_Acked: trackOutgoing,
    TcpConnectionConfirmed: trackIncoming,
    TcpConnectionFails: tcpFailsAfterOpen,
    BGPOpen: fsmError,
    BGPHeaderErr: headerErrAfterOpen,
    BGPOpenMsgErr: openMsgErrAfterOpen,
    OpenCollisionDump: collisionDump,
    NotifMsgVerErr: verErrAfterOpen,
    NotifMsg: notifAfterOpen,
    KeepAliveMsg: keepaliveInOpenConfirm,
    UpdateMsg: fsmError,
    UpdateMsgErr: fsmError,
    RouteRefreshMsg: fsmError,
  },
  Established: {
    ManualStart: ignore,
    ManualStop: manualStopWithCease,
    AutomaticStart: ignore,
    ManualStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStart_with_PassiveTcpEstablishment: ignore,
    AutomaticStop: automaticStopWithCease,
    ConnectRetryTimer_Expires: fsmError,
    HoldTimer_Expires: holdExpires,
    KeepaliveTimer_Expires: sendKeepalive,
    DelayOpenTimer_Expires: fsmError,
    IdleHoldTimer_Expires: fsmError,
    TcpConnection_Valid: trackIncoming,
    Tcp_CR_Invalid: rejectConnection,
    Tcp_CR_Acked: trackOutgoing,
    TcpConnectionConfirmed: trackIncoming,
    TcpConnectionFails: tcpFailsAfterOpen,
    BGPOpen: fsmError,
    BGPHeaderErr: headerErrAfterOpen,
    BGPOpenMsgErr: fsmError,
    OpenCollisionDump: collisionDump,
    // Established makes no difference between events 24 and 25.
    NotifMsgVerErr: notifAfterOpen,
    NotifMsg: notifAfterOpen,
    KeepAliveMsg: keepaliveInEstablished,
    UpdateMsg: updateInEstablished,
    UpdateMsgErr: updateErrInEstablished,
    RouteRefreshMsg: routeRefreshInEstablished,
  },
};
