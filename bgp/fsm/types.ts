/**
 * Types of the BGP session FSM (RFC 4271 §8): states, events (with the §8.1 names and numbers), actions the
 * driver executes, the per-session state record, configuration and the injected environment.
 *
 * Units: configuration is in seconds (as in BGP and FRR configuration); timer actions carry milliseconds.
 */
import type { NotificationMsg, OpenMsg, RouteRefreshMsg, UpdateMsg } from '../packet/types.js';
import type { LocalSessionCfg, Negotiated } from './open.js';

export type FsmStateName = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/** What a NOTIFICATION says; the codec's BgpError fits this shape. */
export interface NotifyData {
  code: number;
  subcode: number;
  data: Uint8Array;
}

/**
 * FSM input events, RFC 4271 §8.1. Not modelled as separate events:
 * - 6 AutomaticStart_with_DampPeerOscillations and 7 ..._and_PassiveTcpEstablishment: damping is always on,
 *   so AutomaticStart (3, 5) waits for a running IdleHoldTimer by itself;
 * - 20 "BGPOpen with DelayOpenTimer running": the FSM tells 19 from 20 by whether its DelayOpenTimer runs;
 * - 24 vs 25 share a payload; `notificationEvent()` picks the right one for a received NOTIFICATION.
 * Direction of TCP events: 16 is our own (outgoing) connection; 14, 15 and 17 are incoming ones.
 */
export type FsmEvent =
  // 8.1.2 Administrative events
  | { type: 'ManualStart' } // Event 1
  /** Event 2. `subcode` defaults to Cease / Administrative Shutdown (RFC 4486); data e.g. RFC 9003 text. */
  | { type: 'ManualStop'; subcode?: number; data?: Uint8Array }
  | { type: 'AutomaticStart' } // Event 3
  | { type: 'ManualStart_with_PassiveTcpEstablishment' } // Event 4
  | { type: 'AutomaticStart_with_PassiveTcpEstablishment' } // Event 5
  /** Event 8, e.g. maximum prefixes exceeded (Cease subcode 1). Default subcode 0 (unspecific). */
  | { type: 'AutomaticStop'; subcode?: number; data?: Uint8Array }
  // 8.1.3 Timer events
  | { type: 'ConnectRetryTimer_Expires' } // Event 9
  | { type: 'HoldTimer_Expires' } // Event 10
  | { type: 'KeepaliveTimer_Expires' } // Event 11
  | { type: 'DelayOpenTimer_Expires' } // Event 12
  | { type: 'IdleHoldTimer_Expires' } // Event 13
  // 8.1.4 TCP connection-based events
  | { type: 'TcpConnection_Valid' } // Event 14: an incoming SYN from a valid address (TrackTcpState)
  | { type: 'Tcp_CR_Invalid' } // Event 15: an incoming connection request to reject
  | { type: 'Tcp_CR_Acked' } // Event 16: our outgoing connection is up
  | { type: 'TcpConnectionConfirmed' } // Event 17: an incoming connection is up
  | { type: 'TcpConnectionFails' } // Event 18
  // 8.1.5 BGP message-based events
  | { type: 'BGPOpen'; msg: OpenMsg } // Event 19 (or 20 when the DelayOpenTimer runs); checked by the FSM
  | { type: 'BGPHeaderErr'; error: NotifyData } // Event 21: the NOTIFICATION to send
  | { type: 'BGPOpenMsgErr'; error: NotifyData } // Event 22: an OPEN the codec could not decode
  | { type: 'OpenCollisionDump' } // Event 23: collision resolution (collision.ts) chose this connection to close
  | { type: 'NotifMsgVerErr'; msg: NotificationMsg } // Event 24: NOTIFICATION 2/1 received
  | { type: 'NotifMsg'; msg: NotificationMsg } // Event 25: any other NOTIFICATION received
  | { type: 'KeepAliveMsg' } // Event 26
  | { type: 'UpdateMsg'; msg: UpdateMsg } // Event 27
  | { type: 'UpdateMsgErr'; error: NotifyData } // Event 28: the NOTIFICATION to send (RFC 7606 "reset")
  /** Not in RFC 4271 §8 (RFC 2918): a ROUTE-REFRESH received; like UPDATE, valid in Established only. */
  | { type: 'RouteRefreshMsg'; msg: RouteRefreshMsg };

export type FsmEventType = FsmEvent['type'];

export type TimerName = 'ConnectRetry' | 'Hold' | 'Keepalive' | 'IdleHold' | 'DelayOpen';

/** Why a session went down (kept in `SessionState.lastDown`; carried by `sessionDown`). */
export type DownReason =
  | 'manualStop'
  | 'automaticStop'
  | 'holdTimerExpired'
  | 'tcpConnectionFails'
  | 'notificationReceived'
  | 'headerError'
  | 'openError'
  | 'updateError'
  | 'collision'
  | 'fsmError';

/**
 * What the driver does, in array order. Connection vocabulary: the session's "connection" is the one it
 * adopted (or its outgoing attempt in progress); an incoming connection announced by events 14/15/17 is
 * adopted by `accept`, refused by `rejectConnection`, or handed to a second FSM by `trackSecondConnection`.
 */
export type FsmAction =
  /** Start an outgoing TCP connection to the peer (abandoning any previous attempt). */
  | { type: 'connect' }
  /** Adopt the incoming connection of this event as the session's transport; abandon any outgoing attempt. */
  | { type: 'accept' }
  /** Close the incoming connection of this event without adopting it. */
  | { type: 'rejectConnection' }
  /**
   * A second connection exists while this one is past Active (RFC 4271 §6.8): run a second FSM for it
   * (`forkForCollision`) and resolve the collision (`resolveCollision`) when an OPEN arrives.
   */
  | { type: 'trackSecondConnection'; direction: 'incoming' | 'outgoing' }
  /** Close the session's connection (after flushing queued output) and any outgoing attempt. */
  | { type: 'dropConnection' }
  | { type: 'sendOpen'; msg: OpenMsg }
  | { type: 'sendKeepalive' }
  | { type: 'sendNotification'; code: number; subcode: number; data: Uint8Array }
  /** (Re)start: a running timer of that name is replaced. */
  | { type: 'startTimer'; timer: TimerName; ms: number }
  | { type: 'stopTimer'; timer: TimerName }
  /** Entered Established: switch the codec to `negotiated.codecCtx`, tell the RIB, send the initial UPDATEs. */
  | { type: 'established'; negotiated: Negotiated }
  /**
   * Left Established: the routes learned over this session go (RFC 4271 §8.2.2 "deletes all routes"), or turn
   * stale when `negotiated.peerGracefulRestart` allows it (RFC 4724; the driver's call).
   */
  | { type: 'sessionDown'; reason: DownReason; negotiated: Negotiated; sent?: NotifyData; received?: NotifyData }
  | { type: 'processUpdate'; msg: UpdateMsg }
  | { type: 'processRouteRefresh'; msg: RouteRefreshMsg }
  /** RFC 4271 "releases all BGP resources": buffers, codec context, per-session caches. */
  | { type: 'releaseResources' };

export interface DownInfo {
  reason: DownReason;
  /** The state the session was in and the event that brought it down. */
  from: FsmStateName;
  event: FsmEventType;
  sent?: NotifyData;
  received?: NotifyData;
  /** env.now() at that moment. */
  at: number;
}

/** Per-session FSM state: plain immutable data (step returns a new record). */
export interface SessionState {
  readonly state: FsmStateName;
  /** RFC 4271 §8 mandatory attribute. */
  readonly connectRetryCounter: number;
  /** Bit set of running timers (TIMER_BIT); expiries of timers not running are stale and ignored. */
  readonly timers: number;
  /** A start event was seen and no ManualStop since: restart automatically after failures (AllowAutomaticStart). */
  readonly autoRestart: boolean;
  /** PassiveTcpEstablishment: never connect, only accept (events 4/5, or `FsmCfg.passive`). */
  readonly passive: boolean;
  /** Seconds to wait (IdleHoldTimer) before the next automatic restart; doubles per failure (damping). */
  readonly idleHoldTime: number;
  /** Set from a valid OPEN (OpenConfirm, Established); undefined otherwise. */
  readonly negotiated: Negotiated | undefined;
  /** env.now() when Established was entered. */
  readonly establishedAt: number | undefined;
  /** How many times the session reached Established (FRR "Established" count). */
  readonly establishedCount: number;
  readonly lastDown: DownInfo | undefined;
}

/** Session configuration (seconds). Absent fields take the defaults in timers.ts. */
export interface FsmCfg {
  open: LocalSessionCfg;
  /** Passive neighbor: never initiate a connection. */
  passive?: boolean;
  /** Default 120. */
  connectRetryTime?: number;
  /** The "large value" of the HoldTimer while waiting for the peer's OPEN. Default 240. */
  openHoldTime?: number;
  /** DelayOpen (RFC 4271 §8.1.1): wait this long for the peer's OPEN before sending ours. 0/absent: off. */
  delayOpenTime?: number;
  /** Idle-hold backoff: first wait, ceiling, and how long Established must last to reset it. 1 / 120 / 60. */
  idleHoldTime?: number;
  idleHoldTimeMax?: number;
  idleHoldResetTime?: number;
  /** RFC 4271 SendNOTIFICATIONwithoutOPEN: send NOTIFICATIONs before our OPEN went out (DelayOpen). */
  sendNotificationWithoutOpen?: boolean;
}

/** What the pure FSM may ask of the world: configuration, monotonic time (ms), randomness in [0, 1). */
export interface FsmEnv {
  cfg: FsmCfg;
  now(): number;
  random(): number;
}

export interface StepResult {
  state: SessionState;
  actions: FsmAction[];
}

export const TIMER_BIT: { readonly [T in TimerName]: number } = {
  ConnectRetry: 1,
  Hold: 2,
  Keepalive: 4,
  IdleHold: 8,
  DelayOpen: 16,
};

/** Timer expiry events and the timer they belong to (for the stale-expiry check). */
export const TIMER_OF_EVENT: { readonly [E in FsmEventType]?: TimerName } = {
  ConnectRetryTimer_Expires: 'ConnectRetry',
  HoldTimer_Expires: 'Hold',
  KeepaliveTimer_Expires: 'Keepalive',
  DelayOpenTimer_Expires: 'DelayOpen',
  IdleHoldTimer_Expires: 'IdleHold',
};

/** The event a driver feeds when a timer fires (shared, read-only objects). */
export const TIMER_EXPIRY_EVENT: { readonly [T in TimerName]: Readonly<FsmEvent> } = {
  ConnectRetry: { type: 'ConnectRetryTimer_Expires' },
  Hold: { type: 'HoldTimer_Expires' },
  Keepalive: { type: 'KeepaliveTimer_Expires' },
  IdleHold: { type: 'IdleHoldTimer_Expires' },
  DelayOpen: { type: 'DelayOpenTimer_Expires' },
};
