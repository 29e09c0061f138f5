/**
 * A BGP neighbor: its configuration, its session (and a second one while a connection collision is being
 * resolved, RFC 4271 §6.8), and what the API shows about it. Messages and session events are passed to the
 * instance (`instance.ts`), which owns the RIB.
 */

import type { BgpSessionCfg, FamilyName } from '../daemon/config/bgp.js';
import type { Clock } from '../lib/clock.js';
import { AFI_IPV4, AFI_IPV6, formatIPv4, parseAddr, parseIPv4 } from '../lib/prefix.js';
import { resolveCollision } from './fsm/collision.js';
import { promoteFork } from './fsm/fsm.js';
import type { AfiSafi, LocalSessionCfg, Negotiated } from './fsm/open.js';
import type { FsmCfg, FsmStateName, NotifyData } from './fsm/types.js';
import {
  carriesShutdownCommunication,
  decodeShutdownCommunication,
  encodeShutdownCommunication,
} from './packet/index.js';
import type { RouteRefreshMsg, UpdateMsg } from './packet/types.js';
import { MSG_TYPES, type MsgTypeName, Session, type SessionHooks } from './session.js';
import type { BgpConnection, Transport } from './transport/types.js';

export interface PeerEvents {
  established(p: Peer): void;
  down(p: Peer): void;
  update(p: Peer, msg: UpdateMsg): void;
  routeRefresh(p: Peer, msg: RouteRefreshMsg): void;
  message(p: Peer, dir: 'in' | 'out', type: MsgTypeName): void;
  log(level: 'debug' | 'info' | 'warn', msg: string, extra: Record<string, unknown>): void;
}

export interface PeerContext {
  localAs: number;
  routerId: number;
  hostname: string | undefined;
  clock: Clock;
  random: () => number;
  transport: Transport;
  events: PeerEvents;
}

export interface NotificationRecord {
  code: number;
  subcode: number;
  /** RFC 9003 shutdown communication, when the NOTIFICATION carried one. */
  message?: string;
  /** Wall-clock ms. */
  at: number;
}

const FAMILY_AFI: Record<FamilyName, AfiSafi> = {
  'ipv4-unicast': { afi: AFI_IPV4, safi: 1 },
  'ipv6-unicast': { afi: AFI_IPV6, safi: 1 },
};

export class Peer {
  primary: Session;
  fork: Session | undefined;
  negotiated: Negotiated | undefined;
  /** Wall-clock ms when the session last reached / left Established. */
  upSince: number | undefined;
  downSince: number;
  lastDownReason: string | undefined;
  lastSent: NotificationRecord | undefined;
  lastReceived: NotificationRecord | undefined;
  readonly msgs = { in: zeroCounts(), out: zeroCounts() };
  /** Families for which the peer's End-of-RIB arrived in the current session. */
  eorReceived = new Set<number>();
  eorSent = false;
  /** Families whose enhanced route refresh (RFC 7313) awaits its EoRR after the resend. */
  eorrPending = new Set<number>();
  /** Monotonic ms: when the session reached Established, and when the last UPDATE arrived. */
  establishedAt: number | undefined;
  lastUpdateAt: number | undefined;
  /** Output is waiting for the socket to drain. */
  blocked = false;
  /** This neighbor is the default gateway (`gatewayPeer`), not a configured address. */
  gateway = false;
  /** Administratively down (config `shutdown`, API shutdown, or max-prefix). */
  adminDown: string | undefined;
  readonly addressBytes: Uint8Array;

  constructor(
    readonly address: string,
    public cfg: BgpSessionCfg,
    readonly families: FamilyName[],
    readonly dynamic: boolean,
    private readonly ctx: PeerContext,
  ) {
    const a = parseAddr(address);
    if (!a) throw new Error(`Peer: bad address ${address}`);
    this.addressBytes = a.addr;
    this.downSince = ctx.clock.wallNow();
    this.primary = this.newSession();
  }

  get id(): string {
    return this.address;
  }

  get state(): FsmStateName {
    return this.primary.state.state;
  }

  get established(): boolean {
    return this.primary.established;
  }

  /** Our address on the established connection. */
  get localAddress(): string | undefined {
    return this.primary.conn?.localAddress;
  }

  fsmCfg(): FsmCfg {
    const open: LocalSessionCfg = {
      localAs: this.ctx.localAs,
      bgpId: this.ctx.routerId,
      remoteAs: this.cfg.remoteAs,
      holdTime: this.cfg.holdTime,
      keepaliveTime: this.cfg.keepalive,
      afiSafis: this.families.map((f) => FAMILY_AFI[f]),
      ...(this.ctx.hostname !== undefined ? { hostname: this.ctx.hostname } : {}),
    };
    return { open, passive: this.cfg.passive || this.dynamic, connectRetryTime: this.cfg.connectRetry };
  }

  private newSession(): Session {
    const c = this.cfg;
    return new Session({
      fsm: this.fsmCfg(),
      clock: this.ctx.clock,
      random: this.ctx.random,
      transport: this.ctx.transport,
      connect: {
        remoteAddress: this.address,
        remotePort: c.port,
        ...(c.localAddress !== undefined ? { localAddress: c.localAddress } : {}),
        ...(c.password !== undefined ? { md5Password: c.password } : {}),
        ...(c.ebgpMultihop !== undefined ? { ttl: c.ebgpMultihop } : {}),
        ...(c.ttlSecurity !== undefined ? { ttl: 255, minTtl: 256 - c.ttlSecurity } : {}),
      },
      hooks: this.hooks,
    });
  }

  start(): void {
    this.adminDown = undefined;
    this.primary.feed(
      this.cfg.passive || this.dynamic ? { type: 'ManualStart_with_PassiveTcpEstablishment' } : { type: 'ManualStart' },
    );
  }

  /** Administrative shutdown (Cease 6/2 with an RFC 9003 message), or another Cease subcode. */
  stop(reason: string, subcode = 2, message?: string): void {
    this.adminDown = reason;
    const data =
      message !== undefined && carriesShutdownCommunication(6, subcode)
        ? encodeShutdownCommunication(message)
        : undefined;
    this.fork?.feed({ type: 'ManualStop', subcode, ...(data ? { data } : {}) });
    this.fork?.dispose();
    this.fork = undefined;
    this.primary.feed({ type: 'ManualStop', subcode, ...(data ? { data } : {}) });
  }

  /** An incoming connection from this neighbor's address. */
  incoming(conn: BgpConnection): void {
    if (this.adminDown !== undefined) {
      conn.destroy();
      return;
    }
    this.primary.offer(conn);
  }

  dispose(): void {
    this.fork?.dispose();
    this.primary.dispose();
  }

  private readonly hooks: SessionHooks = {
    established: (s, n) => {
      if (s === this.fork) this.promoteForkOver('the other connection reached Established first');
      else if (this.fork) this.dumpFork();
      this.negotiated = n;
      this.upSince = this.ctx.clock.wallNow();
      this.establishedAt = this.ctx.clock.now();
      this.lastUpdateAt = undefined;
      this.eorReceived = new Set();
      this.eorSent = false;
      this.eorrPending.clear();
      this.blocked = false;
      this.ctx.events.log('info', 'session established', {
        peer: this.address,
        peerAs: n.peerAs,
        holdTime: n.holdTime,
      });
      this.ctx.events.established(this);
    },
    down: (s, info) => {
      if (s !== this.primary) return;
      this.negotiated = undefined;
      this.upSince = undefined;
      this.establishedAt = undefined;
      this.downSince = this.ctx.clock.wallNow();
      this.lastDownReason = info.reason;
      this.ctx.events.log('info', 'session down', { peer: this.address, reason: info.reason });
      this.ctx.events.down(this);
    },
    update: (s, msg) => {
      if (s === this.primary) this.ctx.events.update(this, msg);
    },
    routeRefresh: (s, msg) => {
      if (s === this.primary) this.ctx.events.routeRefresh(this, msg);
    },
    secondConnection: (s, conn) => {
      if (s !== this.primary || this.fork) {
        conn.destroy();
        return;
      }
      this.fork = this.primary.fork(conn, 'incoming');
    },
    openReceived: (s, bgpId) => this.collision(s, bgpId),
    message: (_s, dir, type) => {
      this.msgs[dir][type]++;
      this.ctx.events.message(this, dir, type);
    },
    notification: (_s, dir, n) => {
      const rec = notificationRecord(n, this.ctx.clock.wallNow());
      if (dir === 'in') this.lastReceived = rec;
      else this.lastSent = rec;
      this.ctx.events.log(dir === 'in' ? 'warn' : 'info', `NOTIFICATION ${dir === 'in' ? 'received' : 'sent'}`, {
        peer: this.address,
        code: n.code,
        subcode: n.subcode,
        ...(rec.message !== undefined ? { message: rec.message } : {}),
      });
    },
    log: (level, msg, extra) => this.ctx.events.log(level, msg, { peer: this.address, ...extra }),
  };

  /** RFC 4271 §6.8 when an OPEN arrives on one connection while the other is in OpenConfirm or Established. */
  private collision(s: Session, remoteBgpId: number): boolean {
    const other = s === this.primary ? this.fork : this.primary;
    if (!other || (other.state.state !== 'OpenConfirm' && other.state.state !== 'Established')) return true;
    const r = resolveCollision({
      localBgpId: this.ctx.routerId,
      remoteBgpId,
      localAs: this.ctx.localAs,
      remoteAs: other.state.negotiated?.peerAs ?? 0,
      ...(other.established ? { established: other.direction } : {}),
    });
    const loser = r.keep === s.direction ? other : s;
    this.ctx.events.log('info', 'connection collision', { peer: this.address, keep: r.keep });
    if (loser === this.primary) {
      this.promoteForkOver('collision');
    } else {
      this.dumpFork();
    }
    return loser !== s;
  }

  private dumpFork(): void {
    this.fork?.feed({ type: 'OpenCollisionDump' });
    this.fork?.dispose();
    this.fork = undefined;
  }

  /** The fork wins: the primary's connection is closed with Cease/7 and the fork becomes the session. */
  private promoteForkOver(why: string): void {
    const fork = this.fork;
    if (!fork) return;
    const before = this.primary.state;
    this.ctx.events.log('debug', 'second connection replaces the first', { peer: this.address, why });
    this.primary.feed({ type: 'OpenCollisionDump' });
    this.primary.dispose();
    fork.state = promoteFork(fork.state, before);
    this.primary = fork;
    this.fork = undefined;
  }
}

function zeroCounts(): Record<MsgTypeName, number> {
  return Object.fromEntries(MSG_TYPES.map((t) => [t, 0])) as Record<MsgTypeName, number>;
}

function notificationRecord(n: NotifyData, at: number): NotificationRecord {
  const rec: NotificationRecord = { code: n.code, subcode: n.subcode, at };
  if (carriesShutdownCommunication(n.code, n.subcode) && n.data.length > 0) {
    const t = decodeShutdownCommunication(n.data);
    if (t.ok) rec.message = t.value;
  }
  return rec;
}

/** Router ID text → u32. */
export function routerIdNumber(id: string): number {
  const v = parseIPv4(id);
  if (v === undefined) throw new Error(`bad router id ${id}`);
  return v;
}

export { formatIPv4 };
