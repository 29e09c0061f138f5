/**
 * The OSPFv2 instance (RFC 2328): interfaces from the configuration matched against the dataplane's links,
 * their interface and neighbor machines (iface.ts), flooding (flood.ts), self-origination (originate.ts),
 * redistribution into AS-external-LSAs (redistribute.ts), aging and MaxAge removal (the LSDB's hooks), and
 * SPF through the throttle, diffed into the protocol-independent RIB (distance 110).
 *
 * Every event (a packet, a timer, a dataplane or RIB change, an API call) is handled to completion by `run`,
 * then the end-of-event work happens once: marked LSAs are originated, queued floods and acks are sent, SPF
 * is triggered if the database changed, the aging deadline and the MaxAge sweep are re-armed. An exception
 * inside an event is a bug: it is caught, counted and logged, and the instance carries on.
 *
 * Not implemented (see the report in the header of views.ts): virtual links, NBMA and point-to-multipoint
 * networks, stub/NSSA areas, summary-LSA origination (an instance in several areas computes inter-area
 * routes from others' summaries but does not act as an ABR), opaque LSA origination, graceful restart.
 */
import type { OspfAuthCfg, OspfCfg, OspfInterfaceCfg } from '../daemon/config/ospf.js';
import type { FibAddress, FibLink } from '../fib/dataplane.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { formatIPv4, type PrefixKey, parseIPv4, v4Key } from '../lib/prefix.js';
import type { CompiledPolicy } from '../rib/policy/index.js';
import type { Rib } from '../rib/rib.js';
import { globMatch } from '../rib/sources/interfaces.js';
import { OspfCounters, type OspfLog } from './counters.js';
import { Flooder } from './flood.js';
import type { NbrEventType, NbrStateName } from './fsm/index.js';
import type { OspfHost } from './host.js';
import { type IfaceSpec, type Neighbor, OspfInterface } from './iface.js';
import type { OspfIo } from './io.js';
import { AS_SCOPE, Lsdb, type LsdbEntry, type SelfOriginatedAction } from './lsdb.js';
import type { OspfMetrics } from './metrics.js';
import { type ExternalRoute, Originator, type OriginHost } from './originate.js';
import type { AuthCfg } from './packet/types.js';
import { Redistributor } from './redistribute.js';
import { diffRoutes, ribRelevant, toRibCandidate } from './routes.js';
import { type OspfRoute, runSpf, type SpfInterface, type SpfResult } from './spf.js';
import { SpfScheduler, type SpfThrottleCfg } from './throttle.js';

/** What the instance reads of the dataplane: links and addresses (read-only) and their change events. */
export interface OspfDataplane {
  links(): FibLink[];
  addresses(index?: number): FibAddress[];
  on(listener: (e: { kind: string }) => void): () => void;
}

export interface OspfDeps {
  clock: Clock;
  /** In [0, 1): Hello jitter, DD sequence numbers. */
  random: () => number;
  io: OspfIo;
  dataplane: OspfDataplane;
  rib: Rib;
  log: OspfLog;
  metrics?: OspfMetrics;
}

/** How long the MaxAge sweep waits after a LSA reached MaxAge or an ack arrived (§14). */
const SWEEP_DELAY_MS = 1000;

export function authCfgOf(a: OspfAuthCfg): AuthCfg {
  if (a.type === 'null') return { type: 'null' };
  if (a.type === 'simple') return { type: 'simple', password: a.password };
  const keys = a.keys.map((k) => ({ id: k.id, key: k.key }));
  return { type: a.type, keys, sendKeyId: a.sendKeyId ?? keys[0]?.id ?? 0 };
}

function throttleOf(cfg: OspfCfg): SpfThrottleCfg {
  return { ...cfg.spfTimers, growth: 'linear' };
}

const maskOf = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

export class OspfInstance implements OspfHost, OriginHost {
  readonly routerId: number;
  readonly lsdb: Lsdb;
  readonly counters: OspfCounters;
  readonly flood: Flooder;
  readonly clock: Clock;
  readonly random: () => number;
  readonly io: OspfIo;
  readonly log: OspfLog;
  /** The OSPF routing table of the last SPF run (what the RIB was given). */
  routes = new Map<PrefixKey, OspfRoute>();
  lastSpf: SpfResult | undefined;
  readonly startedAt: number;
  private readonly ifaces = new Map<string, OspfInterface>();
  private readonly origin: Originator;
  private readonly redist: Redistributor;
  private readonly spf: SpfScheduler;
  private depth = 0;
  private started = false;
  private stopped = false;
  private spfDirty = false;
  private deadlineTimer: TimerHandle | undefined;
  private deadlineAt: number | undefined;
  private sweepTimer: TimerHandle | undefined;
  private syncTimer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    public cfg: OspfCfg,
    public policy: CompiledPolicy,
    routerId: string,
    private readonly d: OspfDeps,
  ) {
    const rid = parseIPv4(cfg.routerId ?? routerId);
    if (rid === undefined || rid === 0) throw new Error(`OSPF router ID ${cfg.routerId ?? routerId} is not usable`);
    this.routerId = rid >>> 0;
    this.clock = d.clock;
    this.random = d.random;
    this.io = d.io;
    this.log = d.log;
    this.startedAt = d.clock.now();
    this.counters = new OspfCounters(d.clock, d.log);
    this.lsdb = new Lsdb({
      routerId: this.routerId,
      maxLsas: cfg.maxLsas,
      isOwnAddress: (a) => this.isOwnAddress(a),
    });
    this.flood = new Flooder(this);
    this.origin = new Originator(this);
    this.redist = new Redistributor({
      cfg: () => this.cfg,
      policy: () => this.policy,
      isOspfSubnet: (p) => this.isOspfSubnet(p),
      changed: (lsid) => this.origin.markExternal(lsid),
      conflict: (p) =>
        this.counters.rateLimited('external-lsid', () => ({ prefix: p }), 'OSPF: no Link State ID left for a prefix'),
    });
    this.spf = new SpfScheduler(throttleOf(cfg), d.clock, () => this.run(() => this.runSpfNow()));
  }

  get routerIdText(): string {
    return formatIPv4(this.routerId);
  }

  // ---- lifecycle ----

  /** Open the interfaces that match the configuration, start originating and following the RIB. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const a of this.cfg.areas) this.lsdb.addArea(a.id);
    this.unsubscribe = this.d.dataplane.on((e) => {
      if (e.kind === 'link' || e.kind === 'address-added' || e.kind === 'address-removed' || e.kind === 'resync')
        this.scheduleSync();
    });
    this.d.rib.onChange((c) => this.run(() => this.redist.ribChanged(c)));
    this.run(() => {
      this.syncInterfaces();
      this.redist.resync(this.d.rib.routes());
      for (const a of this.cfg.areas) this.origin.markRouter(a.id);
    });
    this.log.info(
      { routerId: this.routerIdText, interfaces: [...this.ifaces.keys()], areas: this.cfg.areas.map((a) => a.id) },
      'OSPF started',
    );
  }

  /**
   * Clean shutdown, as FRR: our LSAs are flooded at MaxAge (premature aging, §14.1) so neighbors drop them at
   * once, then the interfaces go down, the sockets close and OSPF's routes leave the RIB.
   */
  async stop(): Promise<void> {
    if (!this.started || this.stopped) return;
    this.run(() => {
      for (const e of this.origin.flushAll()) this.flood.flood(e);
    });
    this.stopped = true;
    this.origin.cancel();
    for (const ifc of this.ifaces.values()) ifc.shutdown();
    this.ifaces.clear();
    for (const t of [this.deadlineTimer, this.sweepTimer, this.syncTimer]) t?.cancel();
    this.spf.cancel();
    this.unsubscribe?.();
    for (const p of this.routes.keys()) this.d.rib.set('ospf', p, null);
    this.routes = new Map();
    this.log.info({ routerId: this.routerIdText }, 'OSPF stopped');
  }

  /**
   * Apply a new configuration: interfaces added, removed or changed (cost, timers, priority, network type,
   * passive, authentication), areas, redistribution and its route maps, SPF timers, the LSDB limit stays.
   * The router ID needs a restart (`restartOnly`).
   */
  reconfigure(cfg: OspfCfg, policy: CompiledPolicy): void {
    this.run(() => {
      const old = this.cfg;
      this.cfg = cfg;
      this.policy = policy;
      if (JSON.stringify(old.spfTimers) !== JSON.stringify(cfg.spfTimers)) this.spf.configure(throttleOf(cfg));
      for (const a of cfg.areas) this.lsdb.addArea(a.id);
      this.syncInterfaces();
      const keep = new Set(cfg.areas.map((a) => a.id));
      for (const a of this.lsdb.areaIds()) if (!keep.has(a)) this.lsdb.removeArea(a);
      this.redist.resync(this.d.rib.routes());
      if (old.redistribute.length > 0 !== cfg.redistribute.length > 0 || old.areas.length !== cfg.areas.length)
        for (const a of cfg.areas) this.origin.markRouter(a.id);
      this.spfDirty = true;
    });
  }

  /** Configuration keys that only a restart applies. */
  static restartOnly(a: OspfCfg, b: OspfCfg): string[] {
    const out: string[] = [];
    if (a.routerId !== b.routerId) out.push('ospf.routerId');
    if (a.maxLsas !== b.maxLsas) out.push('ospf.maxLsas');
    return out;
  }

  /**
   * Readiness: every adjacency that is forming has finished (no neighbor in ExStart, Exchange or Loading),
   * every non-passive interface has a Full neighbor or has been up for its RouterDeadInterval (nobody is
   * there), and no SPF is pending; or `graceMs` passed since start.
   */
  initialSyncDone(graceMs = 60_000): boolean {
    if (!this.started) return false;
    const now = this.clock.now();
    if (now - this.startedAt >= graceMs) return true;
    if (this.spf.status.scheduledAt !== null) return false;
    for (const ifc of this.ifaces.values()) {
      if (ifc.spec.passive || ifc.spec.loopback || !ifc.isUp) continue;
      let full = false;
      for (const n of ifc.nbrs.values()) {
        const s = n.st.state;
        if (s === 'ExStart' || s === 'Exchange' || s === 'Loading') return false;
        if (s === 'Full') full = true;
      }
      if (!full && now - ifc.upAt < ifc.spec.deadInterval * 1000) return false;
    }
    return true;
  }

  /** An SPF run is scheduled (throttle). */
  spfPending(): boolean {
    return this.spf.status.scheduledAt !== null;
  }

  // ---- the event loop ----

  run(fn: () => void): void {
    if (this.stopped) return;
    if (this.depth > 0) {
      fn();
      return;
    }
    this.depth++;
    try {
      fn();
      this.afterEvent();
    } catch (e) {
      this.counters.internalErrors++;
      this.counters.rateLimited(
        'internal',
        () => ({ error: (e as Error).message, stack: (e as Error).stack }),
        'OSPF internal error',
      );
    } finally {
      this.depth--;
    }
  }

  private afterEvent(): void {
    this.origin.process();
    this.flood.deliverSatisfied();
    this.origin.process();
    this.flood.flushQueues();
    if (this.lsdb.takeSpfPending() !== undefined || this.spfDirty) {
      this.spfDirty = false;
      this.spf.trigger();
    }
    this.armDeadline();
    this.armSweep();
  }

  /** §14, §12.4: wake up when the next LSA of the database is due (refresh, MaxAge, wrap timeout). */
  private armDeadline(): void {
    const at = this.lsdb.nextDeadline();
    if (at === this.deadlineAt) return;
    this.deadlineTimer?.cancel();
    this.deadlineTimer = undefined;
    this.deadlineAt = at;
    if (at === undefined) return;
    this.deadlineTimer = this.clock.setTimer(at - this.clock.now(), () =>
      this.run(() => {
        this.deadlineTimer = undefined;
        this.deadlineAt = undefined;
        for (const ev of this.lsdb.poll(this.clock.now())) {
          if (ev.kind === 'refresh') this.origin.refresh(ev.entry.area, ev.entry.lsa.header.type, ev.entry.lsid);
          else if (ev.kind === 'max-age') this.flood.flood(ev.entry);
          else this.origin.refresh(ev.ref.area, ev.ref.type, ev.ref.lsid);
        }
      }),
    );
  }

  /** §14: MaxAge LSAs leave once no retransmission list holds them and no neighbor is exchanging. */
  private armSweep(): void {
    if (this.sweepTimer || this.lsdb.maxAgeEntries().next().done) return;
    this.sweepTimer = this.clock.setTimer(SWEEP_DELAY_MS, () =>
      this.run(() => {
        this.sweepTimer = undefined;
        const busy = this.anyExchangeOrLoading();
        const r = this.lsdb.sweepMaxAge(this.clock.now(), (e) => busy || this.flood.stillListed(e));
        for (const ev of r.events)
          if (ev.kind === 'originate') this.origin.refresh(ev.ref.area, ev.ref.type, ev.ref.lsid);
      }),
    );
  }

  // ---- SPF ----

  private spfInterfaces(): SpfInterface[] {
    const out: SpfInterface[] = [];
    for (const ifc of this.ifaces.values()) {
      if (!ifc.isUp) continue;
      const s: SpfInterface = { name: ifc.name, area: ifc.area, address: ifc.address, mask: ifc.spec.mask };
      s.ifIndex = ifc.spec.ifindex;
      if (!ifc.broadcast)
        s.neighbors = [...ifc.nbrs.values()].map((n) => ({ routerId: n.st.routerId, address: n.st.address }));
      out.push(s);
    }
    return out;
  }

  private runSpfNow(): void {
    const t0 = this.clock.now();
    const res = runSpf({ lsdb: this.lsdb, interfaces: this.spfInterfaces(), now: t0 });
    for (const c of diffRoutes(this.routes, res)) {
      if (c.kind === 'withdraw') this.d.rib.set('ospf', c.prefix, null);
      else if (ribRelevant(c))
        this.d.rib.set('ospf', c.prefix, c.route.nexthops.length > 0 ? toRibCandidate(c.route) : null);
    }
    this.routes = res.routes;
    this.lastSpf = res;
    const ms = this.clock.now() - t0;
    this.counters.spfRuns++;
    this.counters.lastSpfAt = t0;
    this.counters.lastSpfMs = ms;
    this.d.metrics?.spfSeconds.observe(ms / 1000);
  }

  // ---- interfaces ----

  interfaces(): IterableIterator<OspfInterface> {
    return this.ifaces.values();
  }

  private scheduleSync(): void {
    if (this.syncTimer || this.stopped) return;
    this.syncTimer = this.clock.setTimer(0, () =>
      this.run(() => {
        this.syncTimer = undefined;
        this.syncInterfaces();
      }),
    );
  }

  /** The interfaces the configuration asks for, as the dataplane has them now (up, with an IPv4 address). */
  private desiredInterfaces(): Map<string, IfaceSpec> {
    const out = new Map<string, IfaceSpec>();
    const links = this.d.dataplane.links();
    for (const area of this.cfg.areas) {
      for (const ic of area.interfaces) {
        for (const l of links) {
          if (out.has(l.name) || !globMatch(ic.name, l.name) || !l.up) continue;
          const loopback = l.kind === 'loopback' || l.name === 'lo';
          if (!loopback && !l.running) continue;
          const a = primaryV4(this.d.dataplane.addresses(l.index), loopback);
          if (a) out.set(l.name, specOf(l, area.id, a, ic, loopback));
        }
      }
    }
    return out;
  }

  private syncInterfaces(): void {
    const want = this.desiredInterfaces();
    for (const [name, ifc] of [...this.ifaces]) {
      const s = want.get(name);
      if (s && !needsBounce(ifc.spec, s)) {
        if (JSON.stringify(ifc.spec) !== JSON.stringify(s)) {
          ifc.update(s);
          this.origin.markRouter(ifc.area);
        }
        continue;
      }
      ifc.shutdown();
      this.ifaces.delete(name);
      this.lsdb.removeLink(ifc.area, name);
      this.origin.markRouter(ifc.area);
      this.origin.markNetwork(ifc);
      this.log.info({ ifname: name }, 'OSPF interface removed');
    }
    for (const [name, s] of want) {
      if (this.ifaces.has(name)) continue;
      const ifc = new OspfInterface(this, s);
      this.ifaces.set(name, ifc);
      const e = ifc.start();
      if (e !== undefined) {
        this.ifaces.delete(name);
        ifc.shutdown();
        this.counters.rateLimited(`open:${name}`, () => ({ ifname: name, error: e }), 'OSPF interface cannot open');
        continue;
      }
      this.origin.markRouter(s.area);
      this.log.info({ ifname: name, area: s.area, address: formatIPv4(s.address) }, 'OSPF interface added');
    }
    this.spfDirty = true;
  }

  private isOwnAddress(a: number): boolean {
    for (const ifc of this.ifaces.values()) if (ifc.address === a >>> 0) return true;
    return false;
  }

  private isOspfSubnet(p: number): boolean {
    for (const ifc of this.ifaces.values()) {
      const s = ifc.spec;
      if (v4Key((s.address & s.mask) >>> 0, maskLen(s.mask)) === p) return true;
    }
    return false;
  }

  // ---- OspfHost / OriginHost ----

  routerLsaChanged(area: number): void {
    this.origin.markRouter(area);
  }

  networkLsaChanged(ifc: OspfInterface): void {
    this.origin.markNetwork(ifc);
  }

  interfaceChanged(_ifc: OspfInterface): void {
    this.spfDirty = true;
  }

  neighborChanged(ifc: OspfInterface, n: Neighbor, from: NbrStateName, to: NbrStateName, event: NbrEventType): void {
    const o = {
      ifname: ifc.name,
      neighbor: formatIPv4(n.st.routerId),
      address: formatIPv4(n.st.address),
      from,
      to,
      event,
    };
    if (from === 'Full' || to === 'Full' || to === 'Down') this.log.info(o, 'OSPF neighbor state change');
    else this.log.debug(o, 'OSPF neighbor state change');
    if (from === 'Full' || to === 'Full' || !ifc.broadcast) this.spfDirty = true;
  }

  anyExchangeOrLoading(): boolean {
    for (const ifc of this.ifaces.values()) {
      for (const n of ifc.nbrs.values()) if (n.st.state === 'Exchange' || n.st.state === 'Loading') return true;
    }
    return false;
  }

  selfOriginatedReceived(entry: LsdbEntry, action: SelfOriginatedAction): void {
    this.origin.selfReceived(entry, action);
  }

  isAsbr(): boolean {
    return this.cfg.redistribute.length > 0;
  }

  externalByLsid(lsid: number): ExternalRoute | undefined {
    return this.redist.byLsidGet(lsid);
  }

  externalArea(): number | undefined {
    for (const a of this.cfg.areas) if (this.lsdb.hasArea(a.id)) return a.id;
    return undefined;
  }

  /** Redistributed prefixes (views). */
  redistributed(): [number, ExternalRoute][] {
    return this.redist.entries();
  }

  /** AS-scope marker for views. */
  static readonly AS_SCOPE = AS_SCOPE;
}

function maskLen(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m & 0x80000000; m = (m << 1) >>> 0) n++;
  return n;
}

function primaryV4(addrs: FibAddress[], loopback: boolean): FibAddress | undefined {
  for (const a of addrs) {
    if (a.afi !== 1 || a.addr.length !== 4) continue;
    if (loopback && a.addr[0] === 127) continue;
    return a;
  }
  return undefined;
}

function specOf(l: FibLink, area: number, a: FibAddress, ic: OspfInterfaceCfg, loopback: boolean): IfaceSpec {
  const address = ((a.addr[0]! << 24) | (a.addr[1]! << 16) | (a.addr[2]! << 8) | a.addr[3]!) >>> 0;
  return {
    name: l.name,
    ifindex: l.index,
    area,
    address,
    mask: maskOf(a.prefixLen),
    mtu: l.mtu ?? 1500,
    network: ic.network === 'point-to-point' ? 'pointToPoint' : 'broadcast',
    loopback,
    passive: ic.passive,
    priority: ic.priority,
    helloInterval: ic.helloInterval,
    deadInterval: ic.deadInterval,
    rxmtInterval: ic.retransmitInterval,
    transmitDelay: ic.transmitDelay,
    cost: ic.cost,
    mtuIgnore: ic.mtuIgnore,
    auth: authCfgOf(ic.authentication),
  };
}

/** Changes the interface machine cannot take in place: the interface goes down and comes up again. */
function needsBounce(a: IfaceSpec, b: IfaceSpec): boolean {
  return (
    a.ifindex !== b.ifindex ||
    a.area !== b.area ||
    a.address !== b.address ||
    a.mask !== b.mask ||
    a.mtu !== b.mtu ||
    a.network !== b.network ||
    a.loopback !== b.loopback ||
    a.passive !== b.passive ||
    a.priority !== b.priority ||
    a.helloInterval !== b.helloInterval ||
    a.deadInterval !== b.deadInterval
  );
}
