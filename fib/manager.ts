/**
 * The FIB manager: the only writer of kernel routes (DESIGN.md §1). It takes the RIB's selected routes
 * (batches of RibChange), keeps the desired table, and installs it with noverlay's own rtnetlink protocol
 * number, in one table at one metric, in batches.
 *
 * Ownership: a route is ours when it carries our protocol. The kernel keys routes by (table, prefix,
 * metric) and a replace overwrites any owner's route at its key, so a route we do not believe we hold is
 * written create-only (EEXIST when the key is taken, then a dump tells whose it is); another protocol's
 * route at our key is a conflict: never replaced or deleted, reported, and retried when it goes away.
 * Deletes carry our protocol, so the kernel removes only ours.
 *
 * Start-up (the base for graceful restart): our routes left by a previous run are read and kept, nothing
 * is deleted, and a wanted route equal to the one in the kernel is not rewritten; only when the protocols
 * have converged (`markConverged`) or the sweep timer fires are our stale routes removed.
 *
 * Self-heal: kernel events (our route deleted, a foreign route arriving or leaving, links and addresses)
 * and a periodic full comparison with a dump repair our routes. A link set down makes the kernel drop the
 * routes over it (IPv4 ones without any event), so a link going down triggers a comparison; routes that
 * cannot be restored wait as pending, and are written again when a link comes up or an address appears.
 *
 * One operation runs at a time (a write batch or a dump and comparison); RIB changes and kernel events
 * only mark routes dirty, so nothing waits in the middle of handling an event.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import { formatPrefix, type PrefixKey } from '../lib/prefix.js';
import { err, ok, type Result } from '../lib/result.js';
import type { Nexthop, RibChange, RouteProtocol } from '../rib/rib.js';
import {
  type AckResult,
  type Dataplane,
  type DataplaneEvent,
  type FibNexthop,
  type FibRoute,
  type FibRouteKey,
  type LinkChange,
  type NetlinkError,
  RTPROT_NOVERLAY,
} from './dataplane.js';
import { emptyCounters, type FibCounters, FibEntry, type FibRouteState, StateBook } from './manager-state.js';
import { diffView, entryView, type FibDiffView, type FibRouteView, type FibSummary } from './manager-views.js';
import { netlinkError } from './netlink/collect.js';
import { indexKernel, type KernelIndex, type OwnScope, sameRoute, verdict } from './reconcile.js';

export type { FibCounters, FibRouteState } from './manager-state.js';
export type { FibDiffView, FibRouteView, FibSummary } from './manager-views.js';

/** A pino-compatible logger (the daemon passes its child logger). */
export interface FibLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FibManagerOptions {
  dataplane: Dataplane;
  clock: Clock;
  /** rtnetlink protocol of our routes (default 201). */
  protocol?: number;
  /** Routing table (default 254, main). */
  table?: number;
  /** Metric (RTA_PRIORITY) of our routes (default 20). */
  metric?: number;
  /** Routes per dataplane call (default 4096). */
  batchSize?: number;
  /** Remove stale own routes this long after start even without markConverged() (default 120 s). */
  sweepAfterMs?: number;
  /** Full comparison with the kernel every so often (default 60 s; 0: never). */
  fullDiffEveryMs?: number;
  /** Delay before the comparison that follows a link down or an address removal (default 200 ms). */
  resyncDelayMs?: number;
  /** RIB protocols whose routes the kernel already has (default ['connected']). */
  skipProtocols?: readonly RouteProtocol[];
  log?: FibLog;
}

/** Hooks for the metrics (fib/metrics.ts). */
export interface FibObserver {
  /** One write batch: routes it carried, seconds from its oldest change to the kernel's answer. */
  batch?(routes: number, latencySeconds: number): void;
}

const NOP_LOG: FibLog = { info() {}, warn() {} };
const ENODEV = 19;
/** Errors that mean "the next hop is not reachable now" (link down, address gone, interface missing). */
const NEXTHOP_ERRORS = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ENODEV']);
const NO_RESULTS: Promise<AckResult[]> = Promise.resolve([]);
/** Per-route log lines (conflicts) per batch or comparison before they are summed up. */
const LOG_BUDGET = 20;

interface BatchPlan {
  adds: FibRoute[];
  addE: FibEntry[];
  reps: FibRoute[];
  repE: FibEntry[];
  dels: FibRouteKey[];
  delE: FibEntry[];
  /** Entries deleted by the sweep (stale own routes). */
  swept: Set<FibEntry>;
  oldest: number;
}

interface BatchReport {
  failures: Map<string, { n: number; example: PrefixKey; message: string | undefined }>;
  repaired: number;
  restored: number;
}

function isError<T extends object>(x: T | NetlinkError | null): x is NetlinkError {
  return x !== null && (x as NetlinkError).kind === 'netlink';
}

export class FibManager {
  readonly protocol: number;
  readonly table: number;
  readonly metric: number;
  private readonly dp: Dataplane;
  private readonly clock: Clock;
  private readonly log: FibLog;
  private readonly batchSize: number;
  private readonly sweepAfterMs: number;
  private readonly fullDiffEveryMs: number;
  private readonly resyncDelayMs: number;
  private readonly skip: ReadonlySet<RouteProtocol>;
  private readonly entries = new Map<PrefixKey, FibEntry>();
  private queue: FibEntry[] = [];
  private qHead = 0;
  /** Other protocols' routes at our key (table, metric), by prefix: their protocol. */
  private foreign = new Map<PrefixKey, number>();
  /** Our deletes whose RTM_DELROUTE echo has not been seen yet. */
  private readonly echoes = new Map<PrefixKey, number>();
  private staleOtherMetric: FibRoute[] = [];
  private ifIndex = new Map<string, number>();
  private nexthopCache = new WeakMap<readonly Nexthop[], FibNexthop[]>();
  private readonly book = new StateBook();
  private readonly counts: FibCounters = emptyCounters();
  private readonly observers = new Set<FibObserver>();
  private started = false;
  private converged = false;
  private closed = false;
  private running = false;
  private kickQueued = false;
  private resyncNow: string | undefined;
  private resyncTimer: TimerHandle | undefined;
  private sweepTimer: TimerHandle | undefined;
  private diffTimer: TimerHandle | undefined;
  private startWaiter: ((r: Result<void, NetlinkError>) => void) | undefined;
  /** Route events that arrived during a dump, replayed after the comparison. */
  private late: DataplaneEvent[] | undefined;
  private idleWaiters: (() => void)[] = [];
  private off: (() => void) | undefined;
  private logBudget = LOG_BUDGET;

  constructor(o: FibManagerOptions) {
    this.dp = o.dataplane;
    this.clock = o.clock;
    this.log = o.log ?? NOP_LOG;
    this.protocol = o.protocol ?? RTPROT_NOVERLAY;
    this.table = o.table ?? 254;
    this.metric = o.metric ?? 20;
    this.batchSize = Math.max(1, o.batchSize ?? 4096);
    this.sweepAfterMs = o.sweepAfterMs ?? 120_000;
    this.fullDiffEveryMs = o.fullDiffEveryMs ?? 60_000;
    this.resyncDelayMs = o.resyncDelayMs ?? 200;
    this.skip = new Set(o.skipProtocols ?? ['connected']);
  }

  private get scope(): OwnScope {
    return { protocol: this.protocol, table: this.table, metric: this.metric };
  }

  // ---- life cycle ----

  /**
   * Subscribes to kernel events and reads our table: our routes from a previous run are kept. Resolves
   * when that first comparison is done (writes wait for it); an error if the dump failed (it is retried).
   */
  start(): Promise<Result<void, NetlinkError>> {
    if (this.off) throw new Error('FibManager.start() called twice');
    this.off = this.dp.on((e) => this.onEvent(e));
    this.refreshIfIndex();
    if (!this.converged)
      this.sweepTimer = this.clock.setTimer(this.sweepAfterMs, () => this.markConverged('sweep timer expired'));
    if (this.fullDiffEveryMs > 0) this.armDiffTimer();
    const done = new Promise<Result<void, NetlinkError>>((resolve) => {
      this.startWaiter = resolve;
    });
    this.requestResync('start-up', 0);
    return done;
  }

  /**
   * The protocols have converged (initial sync done, graceful restart over): our routes left from a previous
   * run that nobody wants any more are removed now. Idempotent.
   */
  markConverged(why = 'protocols converged'): void {
    if (this.converged || this.closed) return;
    this.converged = true;
    this.sweepTimer?.cancel();
    this.sweepTimer = undefined;
    this.counts.sweeps++;
    this.log.info(
      { reason: why, stale: this.book.byState.stale + this.staleOtherMetric.length },
      'FIB sweep of stale own routes',
    );
    if (this.started) this.requestResync(`sweep (${why})`, 0);
  }

  /** Stops timers and event handling. Routes stay in the kernel (a restart keeps forwarding). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of [this.resyncTimer, this.sweepTimer, this.diffTimer]) t?.cancel();
    this.off?.();
    this.startWaiter?.(err(netlinkError(9, 'FIB manager closed')));
    this.startWaiter = undefined;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when no write or comparison is running or queued (timers aside). */
  idle(): Promise<void> {
    const work = this.resyncNow !== undefined || (this.started && this.qHead < this.queue.length);
    if (!this.running && !this.kickQueued && !work) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  observe(o: FibObserver): () => void {
    this.observers.add(o);
    return () => this.observers.delete(o);
  }

  // ---- input ----

  /** A batch of RIB changes (the RIB's FibSink). Writes happen soon after, in batches. */
  apply(changes: readonly RibChange[]): void {
    if (this.closed) return;
    const now = this.clock.now();
    const wall = this.clock.wallNow();
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i] as RibChange;
      let e = this.entries.get(c.prefix);
      if (!e) {
        if (c.route === null) continue;
        e = new FibEntry(c.prefix);
        e.since = wall;
        this.entries.set(c.prefix, e);
        this.book.add(e);
      }
      e.want = c.route;
      this.markDirty(e, now, wall);
    }
  }

  private markDirty(e: FibEntry, now: number, wall: number): void {
    if (e.dirty) return;
    e.dirty = true;
    e.dirtyAt = now;
    this.queue.push(e);
    if (!(e.state === 'stale' && e.want === null)) this.book.set(e, 'pending', wall);
    else this.book.retry.delete(e);
    this.kick();
  }

  // ---- the work loop: one batch or one comparison at a time ----

  private kick(): void {
    if (this.kickQueued || this.running || this.closed) return;
    this.kickQueued = true;
    queueMicrotask(() => {
      this.kickQueued = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      while (!this.closed) {
        if (this.resyncNow !== undefined) {
          const why = this.resyncNow;
          this.resyncNow = undefined;
          await this.resync(why);
          continue;
        }
        if (!this.started || this.qHead >= this.queue.length) break;
        await this.writeBatch();
      }
    } finally {
      this.running = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private requestResync(reason: string, delayMs: number): void {
    if (this.closed) return;
    if (delayMs <= 0) {
      this.resyncTimer?.cancel();
      this.resyncTimer = undefined;
      this.resyncNow ??= reason;
      this.kick();
      return;
    }
    if (this.resyncTimer || this.resyncNow !== undefined) return;
    this.resyncTimer = this.clock.setTimer(delayMs, () => {
      this.resyncTimer = undefined;
      this.requestResync(reason, 0);
    });
  }

  private armDiffTimer(): void {
    this.diffTimer = this.clock.setTimer(this.fullDiffEveryMs, () => {
      this.requestResync('periodic full comparison', 0);
      this.armDiffTimer();
    });
  }

  // ---- writing ----

  /** What the kernel should hold for an entry: a route, null (nothing of ours), or why it cannot be built. */
  private desired(e: FibEntry): FibRoute | NetlinkError | null {
    const w = e.want;
    if (!w || this.skip.has(w.protocol)) return null;
    let hops = this.nexthopCache.get(w.nexthops);
    if (!hops) {
      const built = this.buildNexthops(w.nexthops);
      if (isError(built)) return built;
      hops = built;
      this.nexthopCache.set(w.nexthops, hops);
    }
    const r: FibRoute = {
      prefix: e.prefix,
      table: this.table,
      protocol: this.protocol,
      metric: this.metric,
      nexthops: hops,
    };
    if (hops.length === 0) r.type = 'blackhole';
    return r;
  }

  /** RIB next hops to kernel ones: an interface name becomes its index (a gateway alone: the kernel resolves). */
  private buildNexthops(nhs: readonly Nexthop[]): FibNexthop[] | NetlinkError {
    const out: FibNexthop[] = new Array(nhs.length);
    for (let i = 0; i < nhs.length; i++) {
      const h = nhs[i] as Nexthop;
      const n: FibNexthop = {};
      if (h.gateway) n.gateway = h.gateway;
      if (h.ifname !== undefined) {
        const ix = this.ifIndex.get(h.ifname);
        if (ix === undefined) return netlinkError(ENODEV, `no interface named ${h.ifname}`);
        n.ifindex = ix;
      }
      out[i] = n;
    }
    return out;
  }

  private async writeBatch(): Promise<void> {
    const wall0 = this.clock.wallNow();
    const p: BatchPlan = {
      adds: [],
      addE: [],
      reps: [],
      repE: [],
      dels: [],
      delE: [],
      swept: new Set(),
      oldest: Infinity,
    };
    let taken = 0;
    while (taken < this.batchSize && this.qHead < this.queue.length) {
      const e = this.queue[this.qHead++] as FibEntry;
      if (!e.dirty) continue;
      e.dirty = false;
      taken++;
      this.plan(e, p, wall0);
    }
    this.compactQueue();
    const size = p.adds.length + p.reps.length + p.dels.length;
    if (size === 0) return;
    for (const k of p.dels) this.echoes.set(k.prefix, (this.echoes.get(k.prefix) ?? 0) + 1);
    const [ra, rr, rd] = await Promise.all([
      p.adds.length ? this.dp.addRoutes(p.adds) : NO_RESULTS,
      p.reps.length ? this.dp.replaceRoutes(p.reps) : NO_RESULTS,
      p.dels.length ? this.dp.deleteRoutes(p.dels) : NO_RESULTS,
    ]);
    const latency = (this.clock.now() - p.oldest) / 1000;
    const report: BatchReport = { failures: new Map(), repaired: 0, restored: 0 };
    this.applyResults(p, ra, rr, rd, this.clock.wallNow(), report);
    this.counts.batches += (p.adds.length ? 1 : 0) + (p.reps.length ? 1 : 0) + (p.dels.length ? 1 : 0);
    this.counts.batchRoutes += size;
    for (const o of this.observers) o.batch?.(size, latency);
    this.logBatch(report);
  }

  private plan(e: FibEntry, p: BatchPlan, wall: number): void {
    const want = this.desired(e);
    if (want === null) {
      this.planRemoval(e, p, wall);
      return;
    }
    if (isError(want)) {
      this.writeFailed(e, want, wall, undefined);
      return;
    }
    const f = this.foreign.get(e.prefix);
    if (f !== undefined) {
      this.setConflict(e, f, wall);
      return;
    }
    const seen = e.seen;
    e.seen = undefined;
    if (seen && e.kernel === 'ours' && sameRoute(want, seen)) {
      this.installed(e, wall, undefined);
      return;
    }
    if (e.kernel === 'ours') {
      p.reps.push(want);
      p.repE.push(e);
    } else {
      p.adds.push(want);
      p.addE.push(e);
    }
    if (e.dirtyAt < p.oldest) p.oldest = e.dirtyAt;
  }

  private planRemoval(e: FibEntry, p: BatchPlan, wall: number): void {
    if (e.kernel === 'nothing') {
      this.drop(e);
      return;
    }
    if (e.state === 'stale') {
      if (!this.converged) return;
      p.swept.add(e);
    }
    this.book.set(e, 'pending', wall);
    p.dels.push({ prefix: e.prefix, table: this.table, metric: this.metric, protocol: this.protocol });
    p.delE.push(e);
    if (e.dirtyAt < p.oldest) p.oldest = e.dirtyAt;
  }

  private applyResults(
    p: BatchPlan,
    ra: AckResult[],
    rr: AckResult[],
    rd: AckResult[],
    wall: number,
    rep: BatchReport,
  ): void {
    for (let i = 0; i < p.addE.length; i++) {
      const e = p.addE[i] as FibEntry;
      const r = ra[i] as AckResult;
      if (this.entries.get(e.prefix) !== e) continue;
      if (r.ok) {
        e.kernel = 'ours';
        this.installed(e, wall, rep);
      } else if (r.error.code === 'EEXIST') this.keyTaken(e, r.error, wall);
      else this.writeFailed(e, r.error, wall, rep);
    }
    for (let i = 0; i < p.repE.length; i++) {
      const e = p.repE[i] as FibEntry;
      const r = rr[i] as AckResult;
      if (this.entries.get(e.prefix) !== e) continue;
      if (r.ok) this.installed(e, wall, rep);
      else this.writeFailed(e, r.error, wall, rep);
    }
    for (let i = 0; i < p.delE.length; i++) this.deleted(p.delE[i] as FibEntry, rd[i] as AckResult, p, wall, rep);
  }

  private installed(e: FibEntry, wall: number, rep: BatchReport | undefined): void {
    this.counts.installs++;
    if (e.drift) {
      this.counts.driftRepairs++;
      if (rep) rep.repaired++;
    } else if (e.restore) {
      this.counts.restores++;
      if (rep) rep.restored++;
    }
    e.drift = false;
    e.restore = false;
    e.everInstalled = true;
    e.error = undefined;
    e.reason = undefined;
    e.foreign = 0;
    if (!e.dirty) this.book.set(e, 'installed', wall);
  }

  /** A create-only add found the key taken: by a route of ours we did not know of, or by another protocol. */
  private keyTaken(e: FibEntry, error: NetlinkError, wall: number): void {
    e.kernel = 'unknown';
    e.error = error;
    e.reason = 'the key is taken: reading the table to see by whom';
    if (!e.dirty) this.book.set(e, 'pending', wall);
    this.requestResync('create-only add found the key taken', this.resyncDelayMs);
  }

  private writeFailed(e: FibEntry, error: NetlinkError, wall: number, rep: BatchReport | undefined): void {
    this.counts.netlinkErrors[error.code] = (this.counts.netlinkErrors[error.code] ?? 0) + 1;
    if (rep) {
      const f = rep.failures.get(error.code);
      if (f) f.n++;
      else rep.failures.set(error.code, { n: 1, example: e.prefix, message: error.message });
    }
    e.error = error;
    let state: FibRouteState = 'failed';
    if (error.code === 'ENOBUFS') {
      e.kernel = 'unknown';
      e.reason = 'the acknowledgement was lost: reading the table';
      state = 'pending';
      this.requestResync('acknowledgement lost', 0);
    } else if (NEXTHOP_ERRORS.has(error.code) && e.everInstalled) {
      // Lost with its link (or address): wait for a link to come up or an address to appear.
      e.reason = 'next hop unreachable: waiting for its link or address';
      e.drift = false;
      e.restore = true;
      state = 'pending';
    } else e.reason = undefined;
    if (!e.dirty) this.book.set(e, state, wall);
  }

  private deleted(e: FibEntry, r: AckResult, p: BatchPlan, wall: number, rep: BatchReport): void {
    if (!r.ok) {
      const n = this.echoes.get(e.prefix) ?? 0;
      if (n <= 1) this.echoes.delete(e.prefix);
      else this.echoes.set(e.prefix, n - 1);
    }
    if (this.entries.get(e.prefix) !== e) return;
    if (r.ok || r.error.code === 'ESRCH') {
      if (r.ok) this.counts.deletes++;
      if (p.swept.has(e)) this.counts.sweptRoutes++;
      e.kernel = 'nothing';
      if (!e.dirty) this.drop(e);
      return;
    }
    this.writeFailed(e, r.error, wall, rep);
  }

  private drop(e: FibEntry): void {
    if (this.entries.get(e.prefix) !== e) return;
    this.entries.delete(e.prefix);
    this.book.remove(e);
  }

  private setConflict(e: FibEntry, proto: number, wall: number): void {
    if (e.state !== 'conflict' || e.foreign !== proto) {
      this.counts.conflicts++;
      this.logLimited(
        { prefix: formatPrefix(e.prefix), protocol: proto, table: this.table, metric: this.metric },
        'route held by another protocol: left untouched, retried when it goes',
      );
    }
    e.foreign = proto;
    e.error = undefined;
    e.reason = `protocol ${proto} holds this prefix at our table and metric`;
    this.book.set(e, 'conflict', wall);
  }

  private compactQueue(): void {
    if (this.qHead === this.queue.length) {
      this.queue = [];
      this.qHead = 0;
    } else if (this.qHead > 65_536 && this.qHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.qHead);
      this.qHead = 0;
    }
  }

  private logBatch(rep: BatchReport): void {
    for (const [code, f] of rep.failures)
      this.log.warn(
        { code, message: f.message, routes: f.n, example: formatPrefix(f.example) },
        'kernel refused route writes',
      );
    if (rep.repaired > 0) this.log.info({ routes: rep.repaired }, 'repaired routes changed or removed behind our back');
    if (rep.restored > 0) this.log.info({ routes: rep.restored }, 'restored routes whose next hop came back');
    this.flushLogBudget();
  }

  private logLimited(o: object, msg: string): void {
    if (this.logBudget-- > 0) this.log.warn(o, msg);
  }

  private flushLogBudget(): void {
    if (this.logBudget < 0) this.log.warn({ more: -this.logBudget }, 'more route conflicts (not logged one by one)');
    this.logBudget = LOG_BUDGET;
  }

  // ---- kernel events ----

  private onEvent(ev: DataplaneEvent): void {
    if (this.closed) return;
    const now = this.clock.now();
    const wall = this.clock.wallNow();
    switch (ev.kind) {
      case 'route-added':
        if (this.onRouteAdded(ev.route, ev.replaced, now, wall)) this.late?.push(ev);
        return;
      case 'route-removed':
        if (this.onRouteRemoved(ev.route, now, wall)) this.late?.push(ev);
        return;
      case 'link':
        this.onLink(ev.change, ev.link.name);
        return;
      case 'address-added':
        this.retryWaiting(now, wall);
        return;
      case 'address-removed':
        this.requestResync('address removed', this.resyncDelayMs);
        return;
      case 'resync':
        this.echoes.clear();
        this.requestResync(`kernel events lost: ${ev.reason}`, 0);
        return;
    }
  }

  /** A route written by anyone; returns whether it concerned our key (replayed after a dump). */
  private onRouteAdded(r: FibRoute, replaced: boolean, now: number, wall: number): boolean {
    if (r.table !== this.table || r.metric !== this.metric) return false;
    const e = this.entries.get(r.prefix);
    if (r.protocol !== this.protocol) {
      this.foreign.set(r.prefix, r.protocol);
      if (!e) return true;
      if (replaced) e.kernel = 'nothing';
      else if (e.kernel === 'ours') e.kernel = 'unknown';
      if (this.desired(e) !== null) this.setConflict(e, r.protocol, wall);
      else if (e.kernel === 'nothing' && !e.dirty) this.drop(e);
      this.flushLogBudget();
      return true;
    }
    // Our protocol: the echo of our own writes is filtered by the dataplane, so someone else wrote it.
    if (!e) {
      this.adopt(r.prefix, r, now, wall);
      return true;
    }
    e.kernel = 'ours';
    if (e.dirty || e.state !== 'installed') return true;
    const want = this.desired(e);
    if (want !== null && !isError(want) && !sameRoute(want, r)) {
      e.drift = true;
      this.markDirty(e, now, wall);
    }
    return true;
  }

  private onRouteRemoved(r: FibRoute, now: number, wall: number): boolean {
    if (r.table !== this.table) return false;
    if (r.protocol !== this.protocol) {
      if (r.metric !== this.metric || this.foreign.get(r.prefix) !== r.protocol) return r.metric === this.metric;
      this.foreign.delete(r.prefix);
      const e = this.entries.get(r.prefix);
      if (e?.state === 'conflict') {
        this.log.info(
          { prefix: formatPrefix(r.prefix), protocol: r.protocol },
          'conflicting route gone: installing ours',
        );
        this.markDirty(e, now, wall);
      }
      return true;
    }
    if (r.metric !== this.metric) {
      this.staleOtherMetric = this.staleOtherMetric.filter((s) => s.prefix !== r.prefix || s.metric !== r.metric);
      return false;
    }
    const n = this.echoes.get(r.prefix);
    if (n !== undefined) {
      if (n <= 1) this.echoes.delete(r.prefix);
      else this.echoes.set(r.prefix, n - 1);
      return false;
    }
    const e = this.entries.get(r.prefix);
    if (!e) return true;
    e.kernel = 'nothing';
    if (this.desired(e) !== null) {
      if (e.state === 'installed') e.drift = true;
      this.markDirty(e, now, wall);
    } else if (!e.dirty) this.drop(e);
    return true;
  }

  private onLink(change: LinkChange, name: string): void {
    this.refreshIfIndex();
    if (change === 'down' || change === 'removed') this.requestResync(`link ${name} ${change}`, this.resyncDelayMs);
    else if (change === 'up' || change === 'added') this.retryWaiting(this.clock.now(), this.clock.wallNow());
  }

  /** Routes that failed or wait for a next hop are written again (a link came up, an address appeared). */
  private retryWaiting(now: number, wall: number): void {
    for (const e of [...this.book.retry]) this.markDirty(e, now, wall);
  }

  private refreshIfIndex(): void {
    const m = new Map<string, number>();
    for (const l of this.dp.links()) m.set(l.name, l.index);
    this.ifIndex = m;
    this.nexthopCache = new WeakMap();
  }

  // ---- comparison with the kernel ----

  private async resync(reason: string): Promise<void> {
    this.counts.resyncs++;
    this.late = [];
    const d = await this.dp.dumpRoutes({ table: this.table });
    const late = this.late;
    this.late = undefined;
    if (this.closed) return;
    if (!d.ok) {
      this.counts.netlinkErrors[d.error.code] = (this.counts.netlinkErrors[d.error.code] ?? 0) + 1;
      this.log.warn({ reason, code: d.error.code, message: d.error.message }, 'FIB: route dump failed; retrying');
      this.startWaiter?.(err(d.error));
      this.startWaiter = undefined;
      this.requestResync(reason, Math.max(this.resyncDelayMs, 1000));
      return;
    }
    const idx = indexKernel(d.value, this.scope);
    this.applyDump(idx);
    const now = this.clock.now();
    const wall = this.clock.wallNow();
    for (const ev of late) {
      if (ev.kind === 'route-added') this.onRouteAdded(ev.route, ev.replaced, now, wall);
      else if (ev.kind === 'route-removed') this.onRouteRemoved(ev.route, now, wall);
    }
    this.flushLogBudget();
    if (!this.started) {
      this.started = true;
      this.log.info(
        { ownRoutes: idx.own.size + idx.ownOtherMetric.length, conflicts: idx.foreign.size, table: this.table },
        'FIB started: own routes from a previous run are kept until convergence',
      );
      this.startWaiter?.(ok(undefined));
      this.startWaiter = undefined;
    }
    if (this.converged && this.staleOtherMetric.length > 0) await this.sweepOtherMetrics();
  }

  private applyDump(idx: KernelIndex): void {
    const now = this.clock.now();
    const wall = this.clock.wallNow();
    const foreign = new Map<PrefixKey, number>();
    for (const [p, r] of idx.foreign) foreign.set(p, r.protocol);
    this.foreign = foreign;
    this.staleOtherMetric = idx.ownOtherMetric;
    for (const e of this.entries.values())
      this.reconcileEntry(e, idx.own.get(e.prefix), idx.foreign.get(e.prefix), now, wall);
    for (const [p, r] of idx.own) if (!this.entries.has(p)) this.adopt(p, r, now, wall);
  }

  private reconcileEntry(
    e: FibEntry,
    own: FibRoute | undefined,
    foreign: FibRoute | undefined,
    now: number,
    wall: number,
  ): void {
    e.kernel = own ? 'ours' : 'nothing';
    if (e.dirty) {
      e.seen = own;
      return;
    }
    const want = this.desired(e);
    if (want === null) {
      if (!own) this.drop(e);
      else if (this.converged) {
        e.seen = own;
        this.markDirty(e, now, wall);
      } else if (e.state !== 'stale') this.book.set(e, 'stale', wall);
      return;
    }
    if (isError(want)) return;
    const v = verdict(want, own, foreign);
    if (v === 'ok') {
      if (e.state !== 'installed') this.installed(e, wall, undefined);
      return;
    }
    if (v === 'conflict') {
      this.setConflict(e, (foreign as FibRoute).protocol, wall);
      return;
    }
    // Lost with its link: written again when a link comes up or an address appears, not every comparison.
    if (e.state === 'pending' && e.restore) return;
    if (e.state === 'installed') e.drift = true;
    this.markDirty(e, now, wall);
  }

  /** Our route in the kernel that we did not know of: kept as stale until convergence, then removed. */
  private adopt(prefix: PrefixKey, r: FibRoute, now: number, wall: number): void {
    const e = new FibEntry(prefix);
    e.kernel = 'ours';
    e.seen = r;
    e.state = 'stale';
    e.since = wall;
    this.entries.set(prefix, e);
    this.book.add(e);
    if (this.converged) this.markDirty(e, now, wall);
  }

  private async sweepOtherMetrics(): Promise<void> {
    const stale = this.staleOtherMetric;
    this.staleOtherMetric = [];
    const rs = await this.dp.deleteRoutes(stale);
    let n = 0;
    for (const r of rs) if (r.ok) n++;
    this.counts.sweptRoutes += n;
    this.counts.deletes += n;
    if (n > 0) this.log.info({ routes: n }, 'removed own routes left at another metric');
  }

  // ---- views (API, metrics) ----

  /** Routes noverlay installs or owns, with their state (filtered; API). */
  routes(filter: { state?: FibRouteState; protocol?: RouteProtocol; limit?: number } = {}): FibRouteView[] {
    const out: FibRouteView[] = [];
    const limit = filter.limit ?? Infinity;
    for (const e of this.entries.values()) {
      if (out.length >= limit) break;
      if (filter.state !== undefined && e.state !== filter.state) continue;
      if (filter.protocol !== undefined && e.want?.protocol !== filter.protocol) continue;
      out.push(entryView(e, this.scope));
    }
    return out;
  }

  route(prefix: PrefixKey): FibRouteView | undefined {
    const e = this.entries.get(prefix);
    return e ? entryView(e, this.scope) : undefined;
  }

  summary(): FibSummary {
    const installedBy: Partial<Record<RouteProtocol, number>> = {};
    for (const [p, n] of this.book.installedBy) if (n > 0) installedBy[p] = n;
    return {
      protocol: this.protocol,
      table: this.table,
      metric: this.metric,
      started: this.started,
      converged: this.converged,
      routes: this.entries.size,
      byState: { ...this.book.byState },
      installedBy,
      staleOtherMetric: this.staleOtherMetric.length,
    };
  }

  counters(): FibCounters {
    return { ...this.counts, netlinkErrors: { ...this.counts.netlinkErrors } };
  }

  /** Desired versus kernel, from a fresh dump: missing, extra (stale own), different, conflicts. */
  async diff(): Promise<Result<FibDiffView, NetlinkError>> {
    const d = await this.dp.dumpRoutes({ table: this.table });
    if (!d.ok) return d;
    const desired = new Map<PrefixKey, FibRoute>();
    for (const e of this.entries.values()) {
      const w = this.desired(e);
      if (w !== null && !isError(w)) desired.set(e.prefix, w);
    }
    return ok(diffView(desired, d.value, this.scope, this.dp));
  }
}
