/**
 * One BGP session: one FSM (bgp/fsm) bound to at most one connection. Bytes from the transport go through
 * the Framer and the codec into FSM events; the FSM's actions are executed here (connect, send, timers).
 * No protocol decisions are made in this file: it only moves data between the pure parts and the world.
 *
 * A neighbor (`peer.ts`) owns one session, or two while a connection collision (RFC 4271 §6.8) is resolved.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import { forkForCollision, initialState, notificationEvent, step } from './fsm/fsm.js';
import { buildOpen, type Negotiated } from './fsm/open.js';
import {
  type FsmAction,
  type FsmCfg,
  type FsmEnv,
  type FsmEvent,
  type NotifyData,
  type SessionState,
  TIMER_EXPIRY_EVENT,
  type TimerName,
} from './fsm/types.js';
import { decodeMessage, encodeKeepalive, encodeMessage, Framer, notificationFor } from './packet/index.js';
import type { BgpMsg, CodecCtx, NotificationMsg, RouteRefreshMsg, UpdateMsg } from './packet/types.js';
import type { BgpConnection, ConnectOptions, Transport } from './transport/types.js';

/** Codec context before the OPEN exchange: 2-octet AS, 4096-octet messages, nothing negotiated. */
export const INITIAL_CTX: CodecCtx = {
  fourOctetAs: false,
  extendedMessage: false,
  addPathRx: new Set(),
  addPathTx: new Set(),
  ibgp: false,
};

export const MSG_TYPES = ['open', 'update', 'notification', 'keepalive', 'route-refresh'] as const;
export type MsgTypeName = (typeof MSG_TYPES)[number];

/** What a session tells its neighbor. Called synchronously from inside event handling. */
export interface SessionHooks {
  established(s: Session, n: Negotiated): void;
  down(s: Session, info: { reason: string; negotiated: Negotiated; sent?: NotifyData; received?: NotifyData }): void;
  update(s: Session, msg: UpdateMsg): void;
  routeRefresh(s: Session, msg: RouteRefreshMsg): void;
  /** A second connection must be tracked by a forked FSM (collision). */
  secondConnection(s: Session, conn: BgpConnection): void;
  /**
   * An OPEN arrived: collision detection (RFC 4271 §6.8) happens in the neighbor, which may dump this session
   * itself (feeding OpenCollisionDump). Returns whether this session should go on to process the OPEN.
   */
  openReceived(s: Session, bgpId: number): boolean;
  message(s: Session, dir: 'in' | 'out', type: MsgTypeName): void;
  notification(s: Session, dir: 'in' | 'out', n: NotifyData): void;
  log(level: 'debug' | 'info' | 'warn', msg: string, extra?: Record<string, unknown>): void;
}

export interface SessionOptions {
  fsm: FsmCfg;
  clock: Clock;
  random: () => number;
  transport: Transport;
  connect: Omit<ConnectOptions, 'timeoutMs'> & { timeoutMs?: number };
  hooks: SessionHooks;
}

interface Timer {
  deadline: number;
  handle: TimerHandle;
}

export class Session {
  state: SessionState;
  conn: BgpConnection | undefined;
  /** Who opened the current connection (for collision resolution). */
  direction: 'incoming' | 'outgoing' = 'outgoing';
  ctx: CodecCtx = INITIAL_CTX;
  private framer = new Framer();
  private readonly env: FsmEnv;
  private readonly timers = new Map<TimerName, Timer>();
  /** Incoming connection offered with the event being handled (for `accept` / `rejectConnection`). */
  private offered: BgpConnection | undefined;
  /** Bumped on every connect/drop so a late connect result for an abandoned attempt is ignored. */
  private attempt = 0;
  private feeding = false;
  private readonly backlog: FsmEvent[] = [];

  constructor(
    private readonly o: SessionOptions,
    fork?: SessionState,
  ) {
    this.env = { cfg: o.fsm, now: () => o.clock.now(), random: o.random };
    this.state = fork ?? initialState(o.fsm);
  }

  /** A second FSM for a colliding connection, sharing this session's options. */
  fork(conn: BgpConnection, direction: 'incoming' | 'outgoing'): Session {
    const f = new Session(this.o, forkForCollision(this.state));
    if (direction === 'incoming') f.offer(conn);
    else {
      f.adopt(conn, 'outgoing');
      f.feed({ type: 'Tcp_CR_Acked' });
    }
    return f;
  }

  get established(): boolean {
    return this.state.state === 'Established';
  }

  /**
   * Feed one event. Events raised while an event is being handled (e.g. by a synchronous transport) wait
   * their turn, so every action list is executed in full before the next event is stepped.
   */
  feed(ev: FsmEvent): void {
    if (this.feeding) {
      this.backlog.push(ev);
      return;
    }
    this.feeding = true;
    try {
      this.runOne(ev);
      while (this.backlog.length > 0) this.runOne(this.backlog.shift() as FsmEvent);
    } finally {
      this.feeding = false;
    }
  }

  private runOne(ev: FsmEvent): void {
    const r = step(this.state, ev, this.env);
    this.state = r.state;
    for (const a of r.actions) this.execute(a);
  }

  /** An incoming TCP connection for this neighbor. */
  offer(conn: BgpConnection): void {
    this.offered = conn;
    this.feed({ type: 'TcpConnectionConfirmed' });
    if (this.offered === conn) {
      // The FSM neither adopted, rejected nor forked it (e.g. stopped): do not leak the socket.
      conn.destroy();
    }
    this.offered = undefined;
  }

  /** Send an UPDATE/ROUTE-REFRESH/etc. already encoded; only valid in Established. */
  sendRaw(bufs: readonly Uint8Array[], type: MsgTypeName): boolean {
    if (!this.conn || !this.established) return false;
    let ok = true;
    for (const b of bufs) {
      ok = this.conn.write(b) && ok;
      this.o.hooks.message(this, 'out', type);
    }
    return ok;
  }

  send(m: BgpMsg): boolean {
    return this.sendRaw([encodeMessage(m, this.ctx)], m.type);
  }

  /** Stop timers and connections for good (neighbor removed, daemon stopping) without FSM events. */
  dispose(): void {
    for (const t of this.timers.values()) t.handle.cancel();
    this.timers.clear();
    this.attempt++;
    this.conn?.destroy();
    this.conn = undefined;
  }

  private execute(a: FsmAction): void {
    const h = this.o.hooks;
    switch (a.type) {
      case 'connect':
        this.connect();
        return;
      case 'accept':
        if (this.offered) {
          this.attempt++;
          this.adopt(this.offered, 'incoming');
          this.offered = undefined;
        }
        return;
      case 'rejectConnection':
        this.offered?.destroy();
        this.offered = undefined;
        return;
      case 'trackSecondConnection': {
        const c = this.offered;
        this.offered = undefined;
        if (c) h.secondConnection(this, c);
        return;
      }
      case 'dropConnection':
        this.attempt++;
        this.conn?.end();
        this.conn = undefined;
        this.framer = new Framer();
        return;
      case 'sendOpen':
        this.write(encodeMessage(a.msg, this.ctx), 'open');
        return;
      case 'sendKeepalive':
        this.write(encodeKeepalive(), 'keepalive');
        return;
      case 'sendNotification': {
        const n: NotificationMsg = { type: 'notification', code: a.code, subcode: a.subcode, data: a.data };
        this.write(encodeMessage(n, this.ctx), 'notification');
        h.notification(this, 'out', n);
        return;
      }
      case 'startTimer':
        this.startTimer(a.timer, a.ms);
        return;
      case 'stopTimer':
        this.timers.get(a.timer)?.handle.cancel();
        this.timers.delete(a.timer);
        return;
      case 'established':
        this.ctx = a.negotiated.codecCtx;
        if (a.negotiated.extendedMessage) this.framer.setMaxSize(65535);
        h.established(this, a.negotiated);
        return;
      case 'sessionDown':
        h.down(this, {
          reason: a.reason,
          negotiated: a.negotiated,
          ...(a.sent ? { sent: a.sent } : {}),
          ...(a.received ? { received: a.received } : {}),
        });
        return;
      case 'processUpdate':
        h.update(this, a.msg);
        return;
      case 'processRouteRefresh':
        h.routeRefresh(this, a.msg);
        return;
      case 'releaseResources':
        this.ctx = INITIAL_CTX;
        this.framer = new Framer();
        return;
    }
  }

  private write(b: Uint8Array, type: MsgTypeName): void {
    if (!this.conn) return;
    this.conn.write(b);
    this.o.hooks.message(this, 'out', type);
  }

  /**
   * Timers keep a deadline; restarting a running timer only moves the deadline (the Hold timer restarts on
   * every message, and re-arming a host timer per message would cost more than the message).
   */
  private startTimer(name: TimerName, ms: number): void {
    const deadline = this.o.clock.now() + ms;
    const t = this.timers.get(name);
    if (t && t.deadline <= deadline) {
      t.deadline = deadline;
      return;
    }
    t?.handle.cancel();
    const arm = (at: number): Timer => {
      const timer: Timer = {
        deadline: at,
        handle: this.o.clock.setTimer(at - this.o.clock.now(), () => {
          const cur = this.timers.get(name);
          if (cur !== timer) return;
          if (cur.deadline > this.o.clock.now()) {
            const next = arm(cur.deadline);
            this.timers.set(name, next);
            return;
          }
          this.timers.delete(name);
          this.feed(TIMER_EXPIRY_EVENT[name]);
        }),
      };
      return timer;
    };
    this.timers.set(name, arm(deadline));
  }

  private connect(): void {
    const id = ++this.attempt;
    this.o.transport.connect({ timeoutMs: 30_000, ...this.o.connect }).then(
      (c) => {
        if (id !== this.attempt) {
          c.destroy();
          return;
        }
        this.adopt(c, 'outgoing');
        this.feed({ type: 'Tcp_CR_Acked' });
      },
      (e: Error) => {
        if (id !== this.attempt) return;
        this.o.hooks.log('debug', 'connect failed', { error: e.message });
        this.feed({ type: 'TcpConnectionFails' });
      },
    );
  }

  private adopt(c: BgpConnection, direction: 'incoming' | 'outgoing'): void {
    if (this.conn && this.conn !== c) this.conn.destroy();
    this.conn = c;
    this.direction = direction;
    this.framer = new Framer();
    c.attach({
      data: (chunk) => {
        if (this.conn !== c) return;
        this.framer.push(chunk);
        this.drain(c);
      },
      close: (reason) => {
        if (this.conn !== c) return;
        this.o.hooks.log('debug', 'connection closed', { reason });
        this.conn = undefined;
        this.feed({ type: 'TcpConnectionFails' });
      },
    });
  }

  /** Decode and feed whole messages one at a time (each decoded with the context current at its turn). */
  private drain(c: BgpConnection): void {
    while (this.conn === c) {
      const next = this.framer.next();
      if (!next.ok) {
        this.feed({ type: 'BGPHeaderErr', error: notificationFor(next.error) });
        return;
      }
      if (next.value === undefined) return;
      this.onMessage(next.value);
    }
  }

  private onMessage(raw: Uint8Array): void {
    const r = decodeMessage(raw, this.ctx);
    const type = raw[18] ?? 0;
    if (!r.ok) {
      const e = r.error;
      // RFC 7606 AFI/SAFI disable is met by a session reset (the RFC's permitted alternative).
      if (e.action !== 'reset' && e.action !== 'afiSafiDisable') {
        this.o.hooks.log('warn', 'message dropped', { reason: e.reason, code: e.code, subcode: e.subcode });
        return;
      }
      const n = notificationFor(e);
      this.o.hooks.log('warn', 'malformed message', { reason: e.reason, code: e.code, subcode: e.subcode });
      if (type === 1) this.feed({ type: 'BGPOpenMsgErr', error: n });
      else if (type === 2) this.feed({ type: 'UpdateMsgErr', error: n });
      else this.feed({ type: 'BGPHeaderErr', error: n });
      return;
    }
    const m = r.value;
    this.o.hooks.message(this, 'in', m.type);
    switch (m.type) {
      case 'open':
        if (this.o.hooks.openReceived(this, m.bgpId)) this.feed({ type: 'BGPOpen', msg: m });
        return;
      case 'update':
        this.feed({ type: 'UpdateMsg', msg: m });
        return;
      case 'notification':
        this.o.hooks.notification(this, 'in', m);
        this.feed(notificationEvent(m));
        return;
      case 'keepalive':
        this.feed({ type: 'KeepAliveMsg' });
        return;
      case 'route-refresh':
        this.feed({ type: 'RouteRefreshMsg', msg: m });
        return;
    }
  }

  /** Our OPEN for this session (for display). */
  localOpen() {
    return buildOpen(this.o.fsm.open);
  }
}
