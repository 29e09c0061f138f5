/**
 * Fixtures for the OSPF state machine tests: interface configurations, an in-memory database view, LSA
 * headers, compact action formatters, and `Net`, a tiny driver that runs several routers' interface and
 * neighbor machines on one simulated link (packets queued and delivered in order, timers on a FakeClock,
 * a per-packet loss filter).
 */
import { FakeClock, type TimerHandle } from '../../../lib/clock.js';
import { processHello } from '../../../ospf/fsm/hello.js';
import { IF_TIMER_EVENT, initialInterface, stepInterface } from '../../../ospf/fsm/interface.js';
import { NBR_TIMER_EVENT, newNeighbor, stepNeighbor } from '../../../ospf/fsm/neighbor.js';
import { compareInstances, lsaKey } from '../../../ospf/fsm/request-list.js';
import {
  type DbView,
  type IfAction,
  type IfCfg,
  type IfEvent,
  type IfState,
  type NbrAction,
  type NbrEvent,
  type NbrState,
  nbrAtLeast,
  OPT_E,
} from '../../../ospf/fsm/types.js';
import type { DbDescPkt, HelloPkt, LsaHeader, LsaType, LsRequestPkt } from '../../../ospf/packet/types.js';

export function ip(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export const MASK24 = ip(255, 255, 255, 0);

/** A broadcast interface on 10.0.0.0/24 at 10.0.0.<host>, router ID <host>.<host>.<host>.<host>. */
export function ifCfg(host: number, over: Partial<IfCfg> = {}): IfCfg {
  return {
    type: 'broadcast',
    routerId: ip(host, host, host, host),
    areaId: 0,
    address: ip(10, 0, 0, host),
    mask: MASK24,
    priority: 1,
    helloInterval: 10,
    routerDeadInterval: 40,
    rxmtInterval: 5,
    mtu: 1500,
    options: OPT_E,
    ...over,
  };
}

/** The MTU that fits exactly `n` LSA headers in one DD (IP 20 + OSPF 24 + DD 8 + 20 n). */
export function mtuForHeaders(n: number): number {
  return 20 + 24 + 8 + 20 * n;
}

export function hdr(type: LsaType, lsid: number, advRouter: number, seq = -0x7fffffff, over: Partial<LsaHeader> = {}) {
  const h: LsaHeader = { age: 10, options: OPT_E, type, lsid, advRouter, seq, checksum: 0x1234, length: 36, ...over };
  return h;
}

/** An LSDB of headers only: enough for the Database Exchange. */
export class FakeDb implements DbView {
  readonly map = new Map<string, LsaHeader>();
  stub = false;

  constructor(headers: LsaHeader[] = []) {
    for (const h of headers) this.install(h);
  }

  install(h: LsaHeader): void {
    this.map.set(lsaKey(h.type, h.lsid, h.advRouter), h);
  }

  get(type: number, lsid: number, adv: number): LsaHeader | undefined {
    return this.map.get(lsaKey(type, lsid, adv));
  }

  summary(): readonly LsaHeader[] {
    return [...this.map.values()];
  }

  compare(h: LsaHeader): 'newer' | 'same' | 'older' | 'absent' {
    const ours = this.get(h.type, h.lsid, h.advRouter);
    if (ours === undefined) return 'absent';
    const c = compareInstances(h, ours);
    return c > 0 ? 'newer' : c < 0 ? 'older' : 'same';
  }

  has(type: LsaType, lsid: number, advRouter: number): boolean {
    return this.get(type, lsid, advRouter) !== undefined;
  }

  acceptsType(type: number): boolean {
    if (type === 5 && this.stub) return false;
    return [1, 2, 3, 4, 5, 9, 10, 11].includes(type);
  }

  /** Sorted keys with sequence numbers, to compare two databases. */
  dump(): string[] {
    return [...this.map.entries()].map(([k, h]) => `${k}@${h.seq}`).sort();
  }
}

export function fmtNbr(a: NbrAction): string {
  switch (a.type) {
    case 'startTimer':
      return `start ${a.timer} ${a.ms}`;
    case 'stopTimer':
      return `stop ${a.timer}`;
    case 'sendDd':
      return `dd ${ddFlags(a.pkt)} seq=${a.pkt.seq} n=${a.pkt.headers.length}`;
    case 'sendLsRequest':
      return `lsr n=${a.pkt.requests.length}`;
    case 'sendLsUpdate':
      return `lsu n=${a.requests.length}`;
    case 'stateChange':
      return `${a.from}->${a.to}`;
    case 'exchangeRestart':
      return `restart ${a.cause} ${a.reason}`;
    case 'dropped':
      return `drop ${a.reason}`;
    case 'addToRetransmissionList':
      return `rxmt-list n=${a.headers.length}`;
    default:
      return a.type;
  }
}

export function ddFlags(p: DbDescPkt): string {
  return `${p.flags & 4 ? 'I' : '-'}${p.flags & 2 ? 'M' : '-'}${p.flags & 1 ? 'MS' : '-'}`;
}

export function fmtIf(a: IfAction): string {
  switch (a.type) {
    case 'startTimer':
      return `start ${a.timer} ${a.ms}`;
    case 'stopTimer':
      return `stop ${a.timer}`;
    case 'sendHello':
      return 'hello';
    case 'joinGroup':
      return `join ${a.group === 0xe0000006 ? 'AllDRouters' : 'AllSPFRouters'}`;
    case 'leaveGroup':
      return `leave ${a.group === 0xe0000006 ? 'AllDRouters' : 'AllSPFRouters'}`;
    case 'neighborEvent':
      return `${a.event.type} ${a.routerId >>> 24}`;
    case 'stateChange':
      return `${a.from}->${a.to}`;
    default:
      return a.type;
  }
}

// ---- a simulated link with several routers ----

export type Msg =
  | { kind: 'hello'; pkt: HelloPkt }
  | { kind: 'dd'; pkt: DbDescPkt }
  | { kind: 'lsr'; pkt: LsRequestPkt }
  | { kind: 'lsu'; headers: LsaHeader[] };

interface InFlight {
  from: Router;
  /** Unicast to the router with this router ID, or undefined for multicast. */
  to: number | undefined;
  msg: Msg;
}

export class Router {
  ifc: IfState = initialInterface();
  /** Neighbors keyed as §8.2 says: by address on broadcast networks, by router ID on point-to-point links. */
  readonly nbrs = new Map<number, NbrState>();
  readonly ifLog: IfAction[] = [];
  readonly nbrLog: { rid: number; action: NbrAction }[] = [];
  readonly helloDrops: string[] = [];
  private readonly ifTimers = new Map<string, TimerHandle>();
  private readonly nbrTimers = new Map<string, TimerHandle>();

  constructor(
    readonly net: Net,
    readonly cfg: IfCfg,
    readonly db: FakeDb,
  ) {}

  get id(): number {
    return this.cfg.routerId;
  }

  nbrByRid(rid: number): NbrState | undefined {
    for (const n of this.nbrs.values()) if (n.routerId === rid) return n;
    return undefined;
  }

  private keyOf(rid: number, address: number): number {
    return this.cfg.type === 'broadcast' ? address : rid;
  }

  ifEvent(ev: IfEvent): void {
    const r = stepInterface(this.ifc, ev, {
      cfg: this.cfg,
      neighbors: [...this.nbrs.values()],
      random: this.net.random,
    });
    this.ifc = r.state;
    for (const a of r.actions) this.execIf(a);
  }

  nbrEvent(key: number, ev: NbrEvent): void {
    const n = this.nbrs.get(key);
    if (n === undefined) return;
    const r = stepNeighbor(n, ev, { cfg: this.cfg, ifc: this.ifc, db: this.db, random: this.net.random });
    this.nbrs.set(key, r.state);
    for (const a of r.actions) this.execNbr(key, r.state, a);
  }

  private execIf(a: IfAction): void {
    this.ifLog.push(a);
    switch (a.type) {
      case 'sendHello':
        this.net.send(this, undefined, { kind: 'hello', pkt: a.hello });
        break;
      case 'startTimer': {
        this.ifTimers.get(a.timer)?.cancel();
        const ev = IF_TIMER_EVENT[a.timer];
        this.ifTimers.set(
          a.timer,
          this.net.clock.setTimer(a.ms, () => {
            this.ifTimers.delete(a.timer);
            this.ifEvent(ev);
            this.net.drain();
          }),
        );
        break;
      }
      case 'stopTimer':
        this.ifTimers.get(a.timer)?.cancel();
        this.ifTimers.delete(a.timer);
        break;
      case 'neighborEvent':
        this.nbrEvent(this.keyOf(a.routerId, a.address), a.event);
        break;
      default:
        break;
    }
  }

  private execNbr(key: number, n: NbrState, a: NbrAction): void {
    this.nbrLog.push({ rid: n.routerId, action: a });
    const tkey = (t: string) => `${key}/${t}`;
    switch (a.type) {
      case 'sendDd':
        this.net.send(this, n.routerId, { kind: 'dd', pkt: a.pkt });
        break;
      case 'sendLsRequest':
        this.net.send(this, n.routerId, { kind: 'lsr', pkt: a.pkt });
        break;
      case 'sendLsUpdate': {
        const headers = a.requests.map((r) => this.db.get(r.type, r.lsid, r.advRouter)!);
        this.net.send(this, n.routerId, { kind: 'lsu', headers });
        break;
      }
      case 'neighborChange':
        this.ifEvent({ type: 'NeighborChange' });
        break;
      case 'startTimer': {
        this.nbrTimers.get(tkey(a.timer))?.cancel();
        const ev = NBR_TIMER_EVENT[a.timer];
        this.nbrTimers.set(
          tkey(a.timer),
          this.net.clock.setTimer(a.ms, () => {
            this.nbrTimers.delete(tkey(a.timer));
            this.nbrEvent(key, ev);
            this.net.drain();
          }),
        );
        break;
      }
      case 'stopTimer':
        this.nbrTimers.get(tkey(a.timer))?.cancel();
        this.nbrTimers.delete(tkey(a.timer));
        break;
      default:
        break;
    }
  }

  receive(from: Router, msg: Msg): void {
    const key = this.keyOf(from.id, from.cfg.address);
    switch (msg.kind) {
      case 'hello': {
        const src = { routerId: from.id, areaId: from.cfg.areaId, address: from.cfg.address };
        const r = processHello(this.cfg, this.ifc, this.nbrs.get(key), src, msg.pkt);
        if (!r.ok) {
          this.helloDrops.push(r.error);
          return;
        }
        if (r.value.isNew) this.nbrs.set(key, newNeighbor(from.id, from.cfg.address));
        for (const ev of r.value.nbrEvents) this.nbrEvent(key, ev);
        for (const ev of r.value.ifEvents) this.ifEvent(ev);
        return;
      }
      case 'dd':
        this.nbrEvent(key, { type: 'DdReceived', pkt: msg.pkt });
        return;
      case 'lsr':
        this.nbrEvent(key, { type: 'LsReqReceived', pkt: msg.pkt });
        return;
      case 'lsu': {
        // Flooding in miniature (§13 step 5, §13.3 (1b)): install what is newer, tell every exchanging neighbor.
        const installed = msg.headers.filter((h) => {
          const c = this.db.compare(h);
          return c === 'newer' || c === 'absent';
        });
        for (const h of installed) this.db.install(h);
        for (const [k, n] of this.nbrs) {
          if (n.state === 'Exchange' || n.state === 'Loading') {
            this.nbrEvent(k, { type: 'LsaReceivedForRequest', headers: msg.headers });
          }
        }
        return;
      }
    }
  }

  nbrActions(type: NbrAction['type']): NbrAction[] {
    return this.nbrLog.filter((e) => e.action.type === type).map((e) => e.action);
  }

  /** Neighbor states by neighbor router ID's first octet, e.g. { 2: 'Full' }. */
  states(): Record<number, string> {
    const o: Record<number, string> = {};
    for (const n of this.nbrs.values()) o[n.routerId >>> 24] = n.state;
    return o;
  }

  fullNeighbors(): number {
    let k = 0;
    for (const n of this.nbrs.values()) if (nbrAtLeast(n.state, 'Full')) k++;
    return k;
  }
}

export class Net {
  readonly clock = new FakeClock();
  readonly routers: Router[] = [];
  /** Everything sent, in order, with a flag telling whether the loss filter dropped it. */
  readonly sent: { from: number; to: number | undefined; msg: Msg; lost: boolean }[] = [];
  /** Return true to lose this packet. */
  lose: (from: Router, msg: Msg, index: number) => boolean = () => false;
  random: () => number = () => 0.5;
  private readonly queue: InFlight[] = [];
  private draining = false;

  add(cfg: IfCfg, db = new FakeDb()): Router {
    const r = new Router(this, cfg, db);
    this.routers.push(r);
    return r;
  }

  send(from: Router, to: number | undefined, msg: Msg): void {
    const lost = this.lose(from, msg, this.sent.length);
    this.sent.push({ from: from.id, to, msg, lost });
    if (!lost) this.queue.push({ from, to, msg });
  }

  /** Deliver queued packets (and whatever they cause) until the link is quiet. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let guard = 0; this.queue.length > 0; guard++) {
        if (guard > 100_000) throw new Error('packet storm');
        const p = this.queue.shift()!;
        for (const r of this.routers) {
          if (r === p.from || (p.to !== undefined && r.id !== p.to)) continue;
          r.receive(p.from, p.msg);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Bring every interface up and let the packets settle. */
  up(): void {
    for (const r of this.routers) r.ifEvent({ type: 'InterfaceUp' });
    this.drain();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.drain();
  }

  count(kind: Msg['kind'], from?: number): number {
    return this.sent.filter((s) => s.msg.kind === kind && (from === undefined || s.from === from)).length;
  }
}
