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
 * This file is the driver: the dataplane calls, timers, the one-operation-at-a-time loop (a write batch
 * or a dump and comparison) and the views. The decisions are in fib/manager-core.ts. RIB changes and
 * kernel events only mark routes dirty, so nothing waits in the middle of handling an event.
 */
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { PrefixKey } from '../lib/prefix.js';
import { err, ok, type Result } from '../lib/result.js';
import type { RibChange, RouteProtocol } from '../rib/rib.js';
import {
  type AckResult,
  type Dataplane,
  type DataplaneEvent,
  type LinkChange,
  type NetlinkError,
  RTPROT_NOVERLAY,
} from './dataplane.js';
import { FibCore, type FibLog, isError } from './manager-core.js';
import { FIB_STATES, type FibCounters, type FibRouteState } from './manager-state.js';
import { diffView, type FibDiffView, type FibRouteView, type FibSummary, slotView } from './manager-views.js';
import { netlinkError } from './netlink/collect.js';
import type { KernelScan, OwnScope } from './reconcile.js';

export type { FibLog } from './manager-core.js';
export type { FibCounters, FibRouteState } from './manager-state.js';
export type { FibDiffView, FibRouteView, FibSummary } from './manager-views.js';

export interface FibManagerOptions {
  dataplane: Dataplane;
  clock: Clock;
  /** rtnetlink protocol of our routes (default 201; give the netlink dataplane the same number). */
  protocol?: number;
  /** Routing table (default 254, main). */
  table?: number;
  /** Metric (RTA_PRIORITY) of our routes (default 20; 1..2^32-1: IPv6 turns 0 into 1024). */
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

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
const NO_RESULTS: Promise<AckResult[]> = Promise.resolve([]);

export class FibManager {
  readonly protocol: number;
  readonly table: number;
  readonly metric: number;
  private readonly dp: Dataplane;
  private readonly clock: Clock;
  private readonly log: FibLog;
  private readonly sweepAfterMs: number;
  private readonly fullDiffEveryMs: number;
  private readonly resyncDelayMs: number;
  private readonly core: FibCore;
  private readonly observers = new Set<FibObserver>();
  private started = false;
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

  constructor(o: FibManagerOptions) {
    this.dp = o.dataplane;
    this.clock = o.clock;
    this.log = o.log ?? NOP_LOG;
    this.protocol = o.protocol ?? RTPROT_NOVERLAY;
    this.table = o.table ?? 254;
    this.metric = o.metric ?? 20;
    // The kernel stores an IPv6 route of metric 0 at 1024: our routes would never be found again.
    if (!Number.isInteger(this.metric) || this.metric < 1 || this.metric > 0xffffffff)
      throw new Error(`FibManager: metric must be 1..2^32-1, not ${this.metric}`);
    this.sweepAfterMs = o.sweepAfterMs ?? 120_000;
    this.fullDiffEveryMs = o.fullDiffEveryMs ?? 60_000;
    this.resyncDelayMs = o.resyncDelayMs ?? 200;
    this.core = new FibCore({
      protocol: this.protocol,
      table: this.table,
      metric: this.metric,
      batchSize: Math.max(1, o.batchSize ?? 4096),
      skip: new Set(o.skipProtocols ?? ['connected']),
      resyncDelayMs: this.resyncDelayMs,
      log: this.log,
      requestResync: (reason, delayMs) => this.requestResync(reason, delayMs),
      kick: () => this.kick(),
    });
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
    this.core.refreshLinks(this.dp.links());
    if (!this.core.converged)
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
    if (this.core.converged || this.closed) return;
    this.core.converged = true;
    this.sweepTimer?.cancel();
    this.sweepTimer = undefined;
    this.core.counts.sweeps++;
    const stale = (this.core.t.byState[4] ?? 0) + this.core.staleOtherMetric.length;
    this.log.info({ reason: why, stale }, 'FIB sweep of stale own routes');
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
    const work = this.resyncNow !== undefined || (this.started && this.core.pending);
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
    this.core.apply(changes, this.clock.now(), this.clock.wallNow());
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
        if (!this.started || !this.core.pending) break;
        await this.writeBatch();
        // Let the event loop run between batches: kernel events (the monitor must not overrun), API calls.
        await yieldToLoop();
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

  private async writeBatch(): Promise<void> {
    const core = this.core;
    const b = core.takeBatch(this.clock.wallNow());
    const size = b.adds.length + b.reps.length + b.dels.length;
    if (size === 0) {
      core.t.releaseDropped();
      core.flushLog();
      return;
    }
    const [ra, rr, rd] = await Promise.all([
      b.adds.length ? this.dp.addRoutes(b.adds) : NO_RESULTS,
      b.reps.length ? this.dp.replaceRoutes(b.reps) : NO_RESULTS,
      b.dels.length ? this.dp.deleteRoutes(b.dels) : NO_RESULTS,
    ]);
    const latency = (this.clock.now() - b.oldest) / 1000;
    const rep = core.applyResults(b, ra, rr, rd, this.clock.wallNow());
    core.counts.batches += (b.adds.length ? 1 : 0) + (b.reps.length ? 1 : 0) + (b.dels.length ? 1 : 0);
    core.counts.batchRoutes += size;
    for (const o of this.observers) o.batch?.(size, latency);
    core.flushLog(rep);
  }

  // ---- kernel events ----

  private onEvent(ev: DataplaneEvent): void {
    if (this.closed) return;
    const now = this.clock.now();
    const wall = this.clock.wallNow();
    switch (ev.kind) {
      case 'route-added':
        if (this.core.onRouteAdded(ev.route, ev.replaced, now, wall)) this.late?.push(ev);
        this.core.flushLog();
        return;
      case 'route-removed':
        if (this.core.onRouteRemoved(ev.route, now, wall)) this.late?.push(ev);
        return;
      case 'link':
        this.onLink(ev.change, ev.link.name);
        return;
      case 'address-added':
        this.core.retryWaiting(now, wall);
        return;
      case 'address-removed':
        this.requestResync('address removed', this.resyncDelayMs);
        return;
      case 'resync':
        this.requestResync(`kernel events lost: ${ev.reason}`, 0);
        return;
    }
  }

  private onLink(change: LinkChange, name: string): void {
    this.core.refreshLinks(this.dp.links());
    if (change === 'down' || change === 'removed') this.requestResync(`link ${name} ${change}`, this.resyncDelayMs);
    else if (change === 'up' || change === 'added') this.core.retryWaiting(this.clock.now(), this.clock.wallNow());
  }

  // ---- comparison with the kernel ----

  private async resync(reason: string): Promise<void> {
    const core = this.core;
    core.counts.resyncs++;
    this.late = [];
    const r = await this.scan(false);
    const late = this.late;
    this.late = undefined;
    if (this.closed) return;
    if (!r.ok) {
      core.counts.netlinkErrors[r.error.code] = (core.counts.netlinkErrors[r.error.code] ?? 0) + 1;
      this.log.warn(
        { reason, code: r.error.code, message: r.error.message },
        'FIB: reading the route table failed; retrying',
      );
      this.startWaiter?.(err(r.error));
      this.startWaiter = undefined;
      this.requestResync(reason, Math.max(this.resyncDelayMs, 1000));
      return;
    }
    const scan = r.value;
    const now = this.clock.now();
    const wall = this.clock.wallNow();
    core.applyScan(scan, now, wall);
    for (const ev of late) {
      if (ev.kind === 'route-added') core.onRouteAdded(ev.route, ev.replaced, now, wall);
      else if (ev.kind === 'route-removed') core.onRouteRemoved(ev.route, now, wall);
    }
    core.flushLog();
    if (!this.started) {
      this.started = true;
      this.log.info(
        {
          ownRoutes: scan.unknown.length + scan.ownOtherMetric.length,
          conflicts: scan.foreign.size,
          table: this.table,
        },
        'FIB started: own routes from a previous run are kept until convergence',
      );
      this.startWaiter?.(ok(undefined));
      this.startWaiter = undefined;
    }
    if (core.converged && core.staleOtherMetric.length > 0) await this.sweepOtherMetrics();
  }

  /**
   * Reads our table as a stream. A read the kernel flags as interrupted (the table changed meanwhile) is
   * done again, up to three times; the last one is used anyway (a route it missed is written create-only,
   * and an EEXIST brings another read).
   */
  private async scan(all: boolean): Promise<Result<KernelScan, NetlinkError>> {
    for (let attempt = 1; ; attempt++) {
      const scan = this.core.newScan(all);
      const r = await this.dp.scanRoutes({ table: this.table }, (route) => scan.add(route));
      if (!r.ok) return r;
      if (!r.value.interrupted || attempt >= 3) return ok(scan);
    }
  }

  private async sweepOtherMetrics(): Promise<void> {
    const stale = this.core.staleOtherMetric;
    this.core.staleOtherMetric = [];
    const rs = await this.dp.deleteRoutes(stale);
    let n = 0;
    for (const r of rs) if (r.ok) n++;
    this.core.counts.sweptRoutes += n;
    this.core.counts.deletes += n;
    if (n > 0) this.log.info({ routes: n }, 'removed own routes left at another metric');
  }

  // ---- views (API, metrics) ----

  /** Routes noverlay installs or owns, with their state (filtered; API). */
  routes(filter: { state?: FibRouteState; protocol?: RouteProtocol; limit?: number } = {}): FibRouteView[] {
    const out: FibRouteView[] = [];
    const t = this.core.t;
    const limit = filter.limit ?? Infinity;
    const st = filter.state === undefined ? -1 : FIB_STATES.indexOf(filter.state);
    for (let s = 0; s < t.high && out.length < limit; s++) {
      if (!t.used(s) || (st >= 0 && t.state[s] !== st)) continue;
      if (filter.protocol !== undefined && t.want[s]?.protocol !== filter.protocol) continue;
      out.push(slotView(t, s, this.scope));
    }
    return out;
  }

  route(prefix: PrefixKey): FibRouteView | undefined {
    const s = this.core.t.find(prefix);
    return s >= 0 ? slotView(this.core.t, s, this.scope) : undefined;
  }

  summary(): FibSummary {
    const t = this.core.t;
    return {
      protocol: this.protocol,
      table: this.table,
      metric: this.metric,
      started: this.started,
      converged: this.core.converged,
      routes: t.size,
      byState: t.stateCounts(),
      installedBy: t.installedBy(),
      staleOtherMetric: this.core.staleOtherMetric.length,
    };
  }

  counters(): FibCounters {
    const c = this.core.counts;
    return { ...c, netlinkErrors: { ...c.netlinkErrors } };
  }

  /** Desired versus kernel, from a fresh read of the table: missing, extra (stale own), different, conflicts. */
  async diff(): Promise<Result<FibDiffView, NetlinkError>> {
    const r = await this.scan(true);
    if (!r.ok) return r;
    const desiredOf = (s: number) => {
      const w = this.core.desired(s);
      return w === null || isError(w) ? null : w;
    };
    return ok(diffView(r.value, desiredOf, this.dp));
  }
}
