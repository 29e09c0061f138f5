/**
 * One OSPF interface as the instance drives it (RFC 2328 §8.1-8.2, §9, §10): its socket, the interface state
 * machine, the neighbors and their state machines, Hello processing, and the dispatch of received packets.
 * The machines are pure (ospf/fsm); this driver keeps only their newest state, runs their timers on the
 * injected clock and executes their actions. Flooding (LS Update / LS Ack) is `flood.ts`'s.
 *
 * §8.2 receive checks made here, in order: interface up, not our own packet, the codec (version, length,
 * checksum, authentication), AllDRouters only when DR or Backup, Area ID, our own Router ID, passive. Then
 * the neighbor: found by source address on broadcast networks and by Router ID on point-to-point links;
 * packets other than Hellos from an unknown neighbor are dropped. Appendix D.5.1: a cryptographic sequence
 * number lower than the neighbor's last is a replay. Every drop is counted by reason.
 */
import type { TimerHandle } from '../lib/clock.js';
import {
  ALL_D_ROUTERS,
  ALL_SPF_ROUTERS,
  acceptsAllDRouters,
  cryptoSeqAcceptable,
  type DbView,
  IF_TIMER_EVENT,
  type IfAction,
  type IfCfg,
  type IfEvent,
  type IfState,
  type IfTimerName,
  initialInterface,
  NBR_TIMER_EVENT,
  type NbrAction,
  type NbrEvent,
  type NbrState,
  type NbrTimerName,
  newNeighbor,
  noteCryptoSeq,
  processHello,
  stepInterface,
  stepNeighbor,
} from './fsm/index.js';
import type { OspfHost } from './host.js';
import type { OspfIoLink, OspfIoPacket } from './io.js';
import type { LsdbEntry } from './lsdb.js';
import { compareLsaInstances } from './lsdb.js';
import { type DecodedPacket, decodePacket, encodePacket, encodeRawLsUpdate, trailerLen } from './packet/index.js';
import type { AuthCfg, LsaHeader, LsaType, OspfBody } from './packet/types.js';

/** Neighbors kept per interface: more are refused (a sender cycling source addresses cannot grow the table). */
export const MAX_NEIGHBORS_PER_INTERFACE = 256;

export const isAsScope = (type: number): boolean => type === 5 || type === 8 || type === 11;

/** Everything the instance resolved for one interface from the configuration and the dataplane. */
export interface IfaceSpec {
  name: string;
  ifindex: number;
  area: number;
  address: number;
  mask: number;
  mtu: number;
  network: 'broadcast' | 'pointToPoint';
  /** A loopback device: advertised as a host route (§9.3 Loopback state, §12.4.1). */
  loopback: boolean;
  passive: boolean;
  priority: number;
  helloInterval: number;
  deadInterval: number;
  rxmtInterval: number;
  transmitDelay: number;
  cost: number;
  mtuIgnore: boolean;
  auth: AuthCfg;
}

/** The retransmission list entry of one LSA for one neighbor (§13.3 (1d), §13.6). */
export interface RxmtItem {
  entry: LsdbEntry;
  sentAt: number;
}

export class Neighbor {
  st: NbrState;
  readonly timers = new Map<NbrTimerName, TimerHandle>();
  /** Clock ms at which the Inactivity Timer fires (dead time left). */
  inactivityAt: number | undefined;
  /** §10 "Link state retransmission list", keyed by lsaKey. */
  readonly rxmt = new Map<string, RxmtItem>();
  rxmtTimer: TimerHandle | undefined;
  rxmtTimerAt = 0;
  /** Direct acknowledgements (§13.5) collected while one packet is processed. */
  directAcks: LsaHeader[] = [];
  stateSince: number;
  stateChanges = 0;

  constructor(
    readonly key: number,
    st: NbrState,
    now: number,
  ) {
    this.st = st;
    this.stateSince = now;
  }
}

export class OspfInterface {
  spec: IfaceSpec;
  cfg: IfCfg;
  ifc: IfState = initialInterface();
  readonly nbrs = new Map<number, Neighbor>();
  link: OspfIoLink | undefined;
  upAt = 0;
  /** Delayed acknowledgements (§13.5) and the timer that sends them. */
  delayedAcks: LsaHeader[] = [];
  ackTimer: TimerHandle | undefined;
  /** LSAs to flood out of this interface at the end of the event (§13.3 step 5), keyed by lsaKey. */
  readonly floodQueue = new Map<string, LsdbEntry>();
  private readonly timers = new Map<IfTimerName, TimerHandle>();
  private cryptoSeq = 0;
  readonly db: DbView;

  constructor(
    private readonly host: OspfHost,
    spec: IfaceSpec,
  ) {
    this.spec = spec;
    this.cfg = ifCfgOf(host.routerId, spec);
    this.cryptoSeq = Math.floor(host.clock.wallNow() / 1000) >>> 0;
    this.db = this.dbView();
  }

  get name(): string {
    return this.spec.name;
  }

  get area(): number {
    return this.spec.area;
  }

  get address(): number {
    return this.spec.address;
  }

  get isUp(): boolean {
    return this.ifc.state !== 'Down';
  }

  get broadcast(): boolean {
    return this.spec.network === 'broadcast';
  }

  /** Configuration changes that do not need the interface bounced (cost, timers of flooding, auth). */
  update(spec: IfaceSpec): void {
    this.spec = spec;
    this.cfg = ifCfgOf(this.host.routerId, spec);
  }

  // ---- up and down ----

  /** Open the socket and run InterfaceUp (LoopInd for a loopback device). Returns an error text on failure. */
  start(): string | undefined {
    this.upAt = this.host.clock.now();
    if (!this.spec.passive && !this.spec.loopback) {
      const l = this.host.io.open(
        { ifname: this.spec.name, ifindex: this.spec.ifindex, address: this.spec.address },
        (p) => this.host.run(() => this.receive(p)),
      );
      if (!l.ok) return l.error;
      this.link = l.value;
    }
    this.ifEvent(this.spec.loopback ? { type: 'LoopInd' } : { type: 'InterfaceUp' });
    return undefined;
  }

  /** InterfaceDown: neighbors killed, groups left, timers stopped, socket closed. */
  shutdown(): void {
    this.ifEvent({ type: 'InterfaceDown' });
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.ackTimer?.cancel();
    this.ackTimer = undefined;
    this.delayedAcks = [];
    this.floodQueue.clear();
    for (const n of [...this.nbrs.values()]) this.removeNeighbor(n);
    this.link?.close();
    this.link = undefined;
  }

  // ---- the interface state machine ----

  ifEvent(ev: IfEvent): void {
    const r = stepInterface(this.ifc, ev, { cfg: this.cfg, neighbors: this.nbrViews(), random: this.host.random });
    this.ifc = r.state;
    for (const a of r.actions) this.execIf(a);
  }

  private nbrViews(): NbrState[] {
    const out: NbrState[] = [];
    for (const n of this.nbrs.values()) out.push(n.st);
    return out;
  }

  private execIf(a: IfAction): void {
    switch (a.type) {
      case 'sendHello':
        this.send(a.hello, ALL_SPF_ROUTERS);
        break;
      case 'startTimer': {
        this.timers.get(a.timer)?.cancel();
        const ev = IF_TIMER_EVENT[a.timer];
        this.timers.set(
          a.timer,
          this.host.clock.setTimer(a.ms, () =>
            this.host.run(() => {
              this.timers.delete(a.timer);
              this.ifEvent(ev);
            }),
          ),
        );
        break;
      }
      case 'stopTimer':
        this.timers.get(a.timer)?.cancel();
        this.timers.delete(a.timer);
        break;
      case 'joinGroup':
      case 'leaveGroup': {
        const r = a.type === 'joinGroup' ? this.link?.join(a.group) : this.link?.leave(a.group);
        if (r && !r.ok)
          this.host.counters.rateLimited(
            `group:${this.name}`,
            () => ({ ifname: this.name, error: r.error }),
            `OSPF ${a.type} failed`,
          );
        break;
      }
      case 'neighborEvent': {
        const n = this.nbrs.get(this.broadcast ? a.address : a.routerId);
        if (n) this.nbrEvent(n, a.event);
        break;
      }
      case 'originateRouterLsa':
        this.host.routerLsaChanged(this.area);
        break;
      case 'originateNetworkLsa':
      case 'flushNetworkLsa':
        this.host.networkLsaChanged(this);
        break;
      case 'stateChange':
        this.host.log.info(
          { ifname: this.name, from: a.from, to: a.to, event: a.event },
          'OSPF interface state change',
        );
        this.host.interfaceChanged(this);
        break;
    }
  }

  // ---- the neighbor state machines ----

  nbrEvent(n: Neighbor, ev: NbrEvent): void {
    const r = stepNeighbor(n.st, ev, { cfg: this.cfg, ifc: this.ifc, db: this.db, random: this.host.random });
    n.st = r.state;
    for (const a of r.actions) this.execNbr(n, a);
    // A neighbor that went Down is forgotten (§10.3 leaves the structure; a new Hello creates it again).
    if (n.st.state === 'Down' && this.nbrs.get(n.key) === n) this.removeNeighbor(n);
  }

  private removeNeighbor(n: Neighbor): void {
    for (const t of n.timers.values()) t.cancel();
    n.timers.clear();
    this.host.flood.clearRxmt(n);
    if (this.nbrs.get(n.key) === n) this.nbrs.delete(n.key);
  }

  private execNbr(n: Neighbor, a: NbrAction): void {
    switch (a.type) {
      case 'startTimer': {
        n.timers.get(a.timer)?.cancel();
        if (a.timer === 'Inactivity') n.inactivityAt = this.host.clock.now() + a.ms;
        const ev = NBR_TIMER_EVENT[a.timer];
        n.timers.set(
          a.timer,
          this.host.clock.setTimer(a.ms, () =>
            this.host.run(() => {
              n.timers.delete(a.timer);
              if (this.nbrs.get(n.key) === n) this.nbrEvent(n, ev);
            }),
          ),
        );
        break;
      }
      case 'stopTimer':
        n.timers.get(a.timer)?.cancel();
        n.timers.delete(a.timer);
        if (a.timer === 'Inactivity') n.inactivityAt = undefined;
        break;
      case 'sendDd':
        this.send(a.pkt, this.dstOf(n));
        break;
      case 'sendLsRequest':
        this.send(a.pkt, this.dstOf(n));
        break;
      case 'sendLsUpdate':
        this.host.flood.sendRequested(this, n, a.requests);
        break;
      case 'addToRetransmissionList':
        this.host.flood.addRxmtHeaders(this, n, a.headers);
        break;
      case 'clearRetransmissionList':
        this.host.flood.clearRxmt(n);
        break;
      case 'neighborChange':
        this.ifEvent({ type: 'NeighborChange' });
        break;
      case 'adjacencyUp':
      case 'adjacencyDown':
        this.host.routerLsaChanged(this.area);
        if (this.ifc.state === 'DR') this.host.networkLsaChanged(this);
        break;
      case 'exchangeRestart':
        this.host.counters.exchangeRestart(a.cause, a.reason, { ifname: this.name, neighbor: n.st.routerId });
        break;
      case 'dropped':
        this.host.counters.drop(a.reason, 'neighbor state machine', { ifname: this.name });
        break;
      case 'stateChange':
        n.stateSince = this.host.clock.now();
        n.stateChanges++;
        this.host.neighborChanged(this, n, a.from, a.to, a.event);
        break;
    }
  }

  // ---- receiving (§8.2) ----

  receive(p: OspfIoPacket): void {
    const c = this.host.counters;
    if (!this.isUp || this.link === undefined) return;
    if (p.src === this.address) return; // our own packet, looped back by a bridge
    const d = decodePacket(p.data, this.spec.auth);
    if (!d.ok) {
      c.drop(d.error.reason, d.error.detail, { ifname: this.name, src: p.src });
      return;
    }
    const { header, body } = d.value.packet;
    c.packetIn(header.type);
    const why = this.headerProblem(p, header.areaId, header.routerId);
    if (why !== undefined) {
      c.drop(why, `packet type ${header.type} from router ${header.routerId >>> 0}`, { ifname: this.name, src: p.src });
      return;
    }
    const key = this.broadcast ? p.src : header.routerId;
    const n = this.nbrs.get(key);
    const seq = d.value.cryptoSeq;
    if (seq !== undefined && n && !cryptoSeqAcceptable(n.st, seq)) {
      c.drop('auth-replay', `sequence ${seq >>> 0} below ${n.st.cryptoSeq}`, { ifname: this.name, src: p.src });
      return;
    }
    if (body.type === 1) {
      this.hello(p, header.routerId, header.areaId, body, n, seq);
      return;
    }
    if (!n) {
      c.drop('unknown-neighbor', `packet type ${body.type}`, { ifname: this.name, src: p.src });
      return;
    }
    if (seq !== undefined) n.st = noteCryptoSeq(n.st, seq);
    this.dispatch(n, d.value);
  }

  private headerProblem(p: OspfIoPacket, areaId: number, routerId: number): string | undefined {
    if (p.dst === ALL_D_ROUTERS && !acceptsAllDRouters(this.ifc)) return 'not-dr-or-backup';
    if (areaId >>> 0 !== this.area >>> 0) return 'area-mismatch';
    if (routerId >>> 0 === this.host.routerId) return 'duplicate-router-id';
    if (this.spec.passive) return 'passive';
    return undefined;
  }

  private hello(
    p: OspfIoPacket,
    routerId: number,
    areaId: number,
    body: Extract<OspfBody, { type: 1 }>,
    n: Neighbor | undefined,
    seq: number | undefined,
  ): void {
    const r = processHello(this.cfg, this.ifc, n?.st, { routerId, areaId, address: p.src }, body);
    if (!r.ok) {
      this.host.counters.drop(`hello-${r.error}`, `Hello from ${routerId >>> 0}`, { ifname: this.name, src: p.src });
      return;
    }
    let nbr = n;
    if (!nbr) {
      if (this.nbrs.size >= MAX_NEIGHBORS_PER_INTERFACE) {
        this.host.counters.drop('too-many-neighbors', `${this.nbrs.size} neighbors`, { ifname: this.name });
        return;
      }
      const key = this.broadcast ? p.src : routerId;
      nbr = new Neighbor(key, newNeighbor(routerId, p.src), this.host.clock.now());
      this.nbrs.set(key, nbr);
    }
    if (seq !== undefined) nbr.st = noteCryptoSeq(nbr.st, seq);
    for (const ev of r.value.nbrEvents) {
      if (this.nbrs.get(nbr.key) !== nbr) return;
      this.nbrEvent(nbr, ev);
    }
    for (const ev of r.value.ifEvents) this.ifEvent(ev);
  }

  private dispatch(n: Neighbor, d: DecodedPacket): void {
    const body = d.packet.body;
    switch (body.type) {
      case 2:
        this.nbrEvent(n, { type: 'DdReceived', pkt: body });
        break;
      case 3:
        this.nbrEvent(n, { type: 'LsReqReceived', pkt: body });
        break;
      case 4:
        this.host.flood.receiveUpdate(this, n, d);
        break;
      case 5:
        this.host.flood.receiveAck(this, n, body.headers);
        break;
    }
  }

  // ---- sending ----

  /** §8.1: where packets for one neighbor go: its address on broadcast networks, AllSPFRouters on p2p links. */
  dstOf(n: Neighbor): number {
    return this.broadcast ? n.st.address : ALL_SPF_ROUTERS;
  }

  /** §13.3 step 5, §13.5: flooded LSAs and delayed acks: AllSPFRouters from the DR and Backup, else AllDRouters. */
  floodDst(): number {
    if (!this.broadcast) return ALL_SPF_ROUTERS;
    return this.ifc.state === 'DR' || this.ifc.state === 'Backup' ? ALL_SPF_ROUTERS : ALL_D_ROUTERS;
  }

  /** §D.4.3: the cryptographic sequence number never decreases: wall-clock seconds, or one more than the last. */
  private nextCryptoSeq(): number {
    const t = Math.floor(this.host.clock.wallNow() / 1000) >>> 0;
    this.cryptoSeq = t > this.cryptoSeq ? t : (this.cryptoSeq + 1) >>> 0;
    return this.cryptoSeq;
  }

  private header(type: OspfBody['type']) {
    return { version: 2 as const, type, routerId: this.host.routerId, areaId: this.area, auth: { type: 0 as const } };
  }

  send(body: OspfBody, dst: number): void {
    const auth = this.spec.auth;
    const seq = auth.type === 'null' || auth.type === 'simple' ? 0 : this.nextCryptoSeq();
    this.sendEncoded(body.type, encodePacket({ header: this.header(body.type), body }, auth, seq), dst);
  }

  /** An LS Update from encoded LSAs (ages already set). */
  sendRawUpdate(raws: readonly Uint8Array[], dst: number): void {
    const auth = this.spec.auth;
    const seq = auth.type === 'null' || auth.type === 'simple' ? 0 : this.nextCryptoSeq();
    this.sendEncoded(4, encodeRawLsUpdate(this.header(4), raws, auth, seq), dst);
  }

  private sendEncoded(type: number, buf: Uint8Array, dst: number): void {
    if (!this.link) return;
    const r = this.link.send(buf, dst);
    if (r.ok) this.host.counters.packetOut(type);
    else this.host.counters.sendError(this.name, r.error);
  }

  /** Octets of room for LSAs in one LS Update (MTU less IP, OSPF, LSU count and digest). */
  lsuRoom(): number {
    return Math.max(64, this.spec.mtu - 20 - 24 - 4 - trailerLen(this.spec.auth));
  }

  /** LSA headers that fit one LS Ack. */
  ackCapacity(): number {
    return Math.max(1, Math.floor((this.spec.mtu - 20 - 24 - trailerLen(this.spec.auth)) / 20));
  }

  // ---- the database view the neighbor machine reads (§10.3, §10.6, §10.7) ----

  private dbView(): DbView {
    const lsdb = this.host.lsdb;
    const clock = this.host.clock;
    return {
      summary: () => {
        const now = clock.now();
        const out: LsaHeader[] = [];
        for (const e of lsdb.dbSummary(this.area, this.name)) out.push(e.header(now));
        return out;
      },
      compare: (h) => {
        const e = lsdb.lookup(this.area, h.type, h.lsid, h.advRouter, this.name);
        if (!e) return 'absent';
        const c = compareLsaInstances(h, { seq: e.seq, checksum: e.lsa.header.checksum, age: e.ageAt(clock.now()) });
        return c.newer === 'a' ? 'newer' : c.newer === 'b' ? 'older' : 'same';
      },
      has: (type: LsaType, lsid, advRouter) => lsdb.lookup(this.area, type, lsid, advRouter, this.name) !== undefined,
      acceptsType: (t) => t >= 1 && t <= 11 && !(isAsScope(t) && lsdb.isStub(this.area)),
    };
  }
}

/** The interface machines' configuration (seconds, as the RFC). */
export function ifCfgOf(routerId: number, s: IfaceSpec): IfCfg {
  const cfg: IfCfg = {
    type: s.network,
    passive: s.passive || s.loopback,
    routerId,
    areaId: s.area,
    address: s.address,
    mask: s.mask,
    priority: s.priority,
    helloInterval: s.helloInterval,
    routerDeadInterval: s.deadInterval,
    rxmtInterval: s.rxmtInterval,
    mtu: s.mtu,
    // §A.2: E set (no stub areas are configured); §10.5 requires the neighbors' E bit to match.
    options: 0x02,
    mtuIgnore: s.mtuIgnore,
  };
  const t = trailerLen(s.auth);
  if (t > 0) cfg.authTrailerLen = t;
  return cfg;
}
