/**
 * The FIB manager's decisions, without I/O: what to write for each dirty route (create-only add, replace,
 * delete, or nothing), what each kernel answer means, what kernel events and dumps say about our routes,
 * and the ownership rules (DESIGN.md §1: never replace or delete a route of another protocol). The driver
 * (fib/manager.ts) runs the dataplane calls, the timers and the dumps, and feeds the answers back here.
 */
import { formatPrefix, type PrefixKey } from '../lib/prefix.js';
import type { Nexthop, RibChange, RouteProtocol } from '../rib/rib.js';
import type { AckResult, FibLink, FibNexthop, FibRoute, FibRouteKey, NetlinkError } from './dataplane.js';
import {
  CONFLICT,
  emptyCounters,
  F_DIRTY,
  F_DRIFT,
  F_EVER_INSTALLED,
  F_RESTORE,
  FAILED,
  type FibCounters,
  FibTable,
  INSTALLED,
  K_NOTHING,
  K_OURS,
  K_UNKNOWN,
  PENDING,
  STALE,
} from './manager-state.js';
import { netlinkError } from './netlink/collect.js';
import { PrefixIndex } from './prefix-index.js';
import { KernelScan, type OwnScope, SEEN_NOT, SEEN_SAME, sameRoute } from './reconcile.js';

/** A pino-compatible logger (the daemon passes its child logger). */
export interface FibLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CoreOptions extends OwnScope {
  batchSize: number;
  skip: ReadonlySet<RouteProtocol>;
  resyncDelayMs: number;
  log: FibLog;
  /** Ask the driver for a dump and comparison (0: as soon as possible). */
  requestResync(reason: string, delayMs: number): void;
  /** Tell the driver there is something to write. */
  kick(): void;
}

export interface WriteBatch {
  adds: FibRoute[];
  addS: number[];
  reps: FibRoute[];
  repS: number[];
  dels: FibRouteKey[];
  delS: number[];
  /** Per delete: a stale own route removed by the sweep. */
  delSwept: boolean[];
  /** clock.now() of the oldest change written. */
  oldest: number;
}

export interface BatchReport {
  failures: Map<string, { n: number; example: PrefixKey; message: string | undefined }>;
  repaired: number;
  restored: number;
}

const ENODEV = 19;
/** Errors that mean "the next hop is not reachable now" (link down, address gone, interface missing). */
const NEXTHOP_ERRORS = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ENODEV']);
/** A queue this long is checked for ascending order (see orderBacklog). */
const BACKLOG = 16_384;
/** Conflict log lines per batch or comparison before they are summed up. */
const LOG_BUDGET = 20;

export function isError<T extends object>(x: T | NetlinkError | null): x is NetlinkError {
  return x !== null && (x as NetlinkError).kind === 'netlink';
}

export class FibCore {
  readonly t = new FibTable();
  readonly counts: FibCounters = emptyCounters();
  converged = false;
  /** Other protocols' routes at our key (table, metric): their protocol, by prefix. */
  foreign = new PrefixIndex(64);
  staleOtherMetric: FibRoute[] = [];
  private queue: number[] = [];
  private qHead = 0;
  /** The queue up to here was checked by orderBacklog. */
  private orderedUpTo = 0;
  private ifIndex = new Map<string, number>();
  private nexthopCache = new WeakMap<readonly Nexthop[], FibNexthop[]>();
  private logBudget = LOG_BUDGET;

  constructor(private readonly o: CoreOptions) {}

  get pending(): boolean {
    return this.qHead < this.queue.length;
  }

  // ---- input ----

  apply(changes: readonly RibChange[], now: number, wall: number): void {
    const t = this.t;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i] as RibChange;
      let s = t.find(c.prefix);
      if (s < 0) {
        if (c.route === null) continue;
        s = t.create(c.prefix, PENDING, wall);
      }
      t.want[s] = c.route;
      this.markDirty(s, now, wall);
    }
  }

  markDirty(s: number, now: number, wall: number): void {
    const t = this.t;
    if (t.has(s, F_DIRTY)) return;
    t.set(s, F_DIRTY, true);
    t.dirtyAt[s] = now;
    this.queue.push(s);
    t.setState(s, t.state[s] === STALE && t.want[s] === null ? STALE : PENDING, wall);
    this.o.kick();
  }

  refreshLinks(links: readonly FibLink[]): void {
    const m = new Map<string, number>();
    for (const l of links) m.set(l.name, l.index);
    this.ifIndex = m;
    this.nexthopCache = new WeakMap();
  }

  /** Routes that failed or wait for a next hop are written again (a link came up, an address appeared). */
  retryWaiting(now: number, wall: number): void {
    for (const s of [...this.t.retry]) this.markDirty(s, now, wall);
  }

  // ---- what to write ----

  /** What the kernel should hold for a slot: a route, null (nothing of ours), or why it cannot be built. */
  desired(s: number): FibRoute | NetlinkError | null {
    const w = this.t.want[s];
    if (!w || this.o.skip.has(w.protocol)) return null;
    let hops = this.nexthopCache.get(w.nexthops);
    if (!hops) {
      const built = this.buildNexthops(w.nexthops);
      if (isError(built)) return built;
      hops = built;
      this.nexthopCache.set(w.nexthops, hops);
    }
    const o = this.o;
    const r: FibRoute = {
      prefix: this.t.prefix[s] as PrefixKey,
      table: o.table,
      protocol: o.protocol,
      metric: o.metric,
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

  /** Up to batchSize dirty routes, planned. */
  takeBatch(wall: number): WriteBatch {
    const b: WriteBatch = {
      adds: [],
      addS: [],
      reps: [],
      repS: [],
      dels: [],
      delS: [],
      delSwept: [],
      oldest: Infinity,
    };
    const t = this.t;
    if (this.queue.length - this.qHead >= BACKLOG && this.queue.length > this.orderedUpTo) this.orderBacklog();
    let taken = 0;
    while (taken < this.o.batchSize && this.qHead < this.queue.length) {
      const s = this.queue[this.qHead++] as number;
      if (!t.has(s, F_DIRTY)) continue;
      t.set(s, F_DIRTY, false);
      taken++;
      this.plan(s, b, wall);
    }
    if (this.qHead === this.queue.length) {
      this.queue = [];
      this.qHead = 0;
      this.orderedUpTo = 0;
    } else if (this.qHead > 65_536 && this.qHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.qHead);
      this.orderedUpTo = Math.max(0, this.orderedUpTo - this.qHead);
      this.qHead = 0;
    }
    return b;
  }

  /**
   * The kernel deletes a large table in ascending prefix order about 4x slower than in descending or random
   * order (LC-trie resizing; bench/README-netlink.md), and adds at the same rate in any order. A RIB
   * withdraws a peer's routes in the order it learnt them, usually ascending: a large backlog that is
   * mostly ascending is written in reverse.
   */
  private orderBacklog(): void {
    const q = this.queue;
    const prefix = this.t.prefix;
    const n = Math.min(q.length - this.qHead, 1024);
    let up = 0;
    for (let i = this.qHead + 1; i < this.qHead + n; i++)
      if ((prefix[q[i - 1] as number] as PrefixKey) < (prefix[q[i] as number] as PrefixKey)) up++;
    if (up * 10 >= (n - 1) * 9) {
      this.queue = q.slice(this.qHead).reverse();
      this.qHead = 0;
    }
    this.orderedUpTo = this.queue.length;
  }

  private plan(s: number, b: WriteBatch, wall: number): void {
    const t = this.t;
    const want = this.desired(s);
    if (want === null) {
      this.planRemoval(s, b, wall);
      return;
    }
    if (isError(want)) {
      this.writeFailed(s, want, wall, undefined);
      return;
    }
    const f = this.foreign.get(want.prefix);
    if (f >= 0) {
      this.setConflict(s, f, wall);
      return;
    }
    const seen = t.seen[s];
    if (seen) {
      t.setSeen(s, undefined);
      if (t.kernel[s] === K_OURS && sameRoute(want, seen)) {
        this.installed(s, wall, undefined);
        return;
      }
    }
    if (t.kernel[s] === K_OURS) {
      b.reps.push(want);
      b.repS.push(s);
    } else {
      b.adds.push(want);
      b.addS.push(s);
    }
    const at = t.dirtyAt[s] as number;
    if (at < b.oldest) b.oldest = at;
  }

  private planRemoval(s: number, b: WriteBatch, wall: number): void {
    const t = this.t;
    if (t.kernel[s] === K_NOTHING) {
      t.drop(s);
      return;
    }
    const stale = t.state[s] === STALE;
    if (stale && !this.converged) return;
    t.setState(s, PENDING, wall);
    const o = this.o;
    b.dels.push({ prefix: t.prefix[s] as PrefixKey, table: o.table, metric: o.metric, protocol: o.protocol });
    b.delS.push(s);
    b.delSwept.push(stale);
    const at = t.dirtyAt[s] as number;
    if (at < b.oldest) b.oldest = at;
  }

  // ---- what the kernel answered ----

  applyResults(b: WriteBatch, ra: AckResult[], rr: AckResult[], rd: AckResult[], wall: number): BatchReport {
    const rep: BatchReport = { failures: new Map(), repaired: 0, restored: 0 };
    const t = this.t;
    for (let i = 0; i < b.addS.length; i++) {
      const s = b.addS[i] as number;
      const r = ra[i] as AckResult;
      if (!t.used(s)) continue;
      if (r.ok) {
        t.kernel[s] = K_OURS;
        this.installed(s, wall, rep);
      } else if (r.error.code === 'EEXIST') this.keyTaken(s, r.error, wall);
      else this.writeFailed(s, r.error, wall, rep);
    }
    for (let i = 0; i < b.repS.length; i++) {
      const s = b.repS[i] as number;
      const r = rr[i] as AckResult;
      if (!t.used(s)) continue;
      if (r.ok) this.installed(s, wall, rep);
      else this.writeFailed(s, r.error, wall, rep);
    }
    for (let i = 0; i < b.delS.length; i++)
      this.deleted(b.delS[i] as number, rd[i] as AckResult, b.delSwept[i] === true, wall, rep);
    this.t.releaseDropped();
    return rep;
  }

  installed(s: number, wall: number, rep: BatchReport | undefined): void {
    const t = this.t;
    this.counts.installs++;
    if (t.has(s, F_DRIFT)) {
      this.counts.driftRepairs++;
      if (rep) rep.repaired++;
    } else if (t.has(s, F_RESTORE)) {
      this.counts.restores++;
      if (rep) rep.restored++;
    }
    t.set(s, F_DRIFT | F_RESTORE, false);
    t.set(s, F_EVER_INSTALLED, true);
    if (t.extra.size > 0) t.note(s, undefined, undefined);
    t.foreign[s] = 0;
    if (!t.has(s, F_DIRTY)) t.setState(s, INSTALLED, wall);
  }

  /** A create-only add found the key taken: by a route of ours we did not know of, or by another protocol. */
  private keyTaken(s: number, error: NetlinkError, wall: number): void {
    const t = this.t;
    t.kernel[s] = K_UNKNOWN;
    t.note(s, error, 'the key is taken: reading the table to see by whom');
    if (!t.has(s, F_DIRTY)) t.setState(s, PENDING, wall);
    this.o.requestResync('create-only add found the key taken', this.o.resyncDelayMs);
  }

  writeFailed(s: number, error: NetlinkError, wall: number, rep: BatchReport | undefined): void {
    const t = this.t;
    this.counts.netlinkErrors[error.code] = (this.counts.netlinkErrors[error.code] ?? 0) + 1;
    if (rep) {
      const f = rep.failures.get(error.code);
      if (f) f.n++;
      else rep.failures.set(error.code, { n: 1, example: t.prefix[s] as PrefixKey, message: error.message });
    }
    let state = FAILED;
    let reason: string | undefined;
    if (error.code === 'ENOBUFS') {
      t.kernel[s] = K_UNKNOWN;
      reason = 'the acknowledgement was lost: reading the table';
      state = PENDING;
      this.o.requestResync('acknowledgement lost', 0);
    } else if (NEXTHOP_ERRORS.has(error.code) && t.has(s, F_EVER_INSTALLED)) {
      // Lost with its link (or address): wait for a link to come up or an address to appear.
      reason = 'next hop unreachable: waiting for its link or address';
      t.set(s, F_DRIFT, false);
      t.set(s, F_RESTORE, true);
      state = PENDING;
    }
    t.note(s, error, reason);
    if (!t.has(s, F_DIRTY)) t.setState(s, state, wall);
  }

  private deleted(s: number, r: AckResult, swept: boolean, wall: number, rep: BatchReport): void {
    const t = this.t;
    if (!t.used(s)) return;
    if (r.ok || r.error.code === 'ESRCH') {
      if (r.ok) this.counts.deletes++;
      if (swept) this.counts.sweptRoutes++;
      t.kernel[s] = K_NOTHING;
      if (!t.has(s, F_DIRTY)) t.drop(s);
      return;
    }
    this.writeFailed(s, r.error, wall, rep);
  }

  setConflict(s: number, proto: number, wall: number): void {
    const t = this.t;
    if (t.state[s] !== CONFLICT || t.foreign[s] !== proto) {
      this.counts.conflicts++;
      this.logLimited(
        { prefix: formatPrefix(t.prefix[s] as PrefixKey), protocol: proto, table: this.o.table, metric: this.o.metric },
        'route held by another protocol: left untouched, retried when it goes',
      );
    }
    t.foreign[s] = proto;
    t.note(s, undefined, `protocol ${proto} holds this prefix at our table and metric`);
    t.setState(s, CONFLICT, wall);
  }

  private logLimited(o: object, msg: string): void {
    if (this.logBudget-- > 0) this.o.log.warn(o, msg);
  }

  /** Ends a batch or comparison: conflicts beyond the budget are summed up in one line. */
  flushLog(rep?: BatchReport): void {
    const log = this.o.log;
    if (rep) {
      for (const [code, f] of rep.failures)
        log.warn(
          { code, message: f.message, routes: f.n, example: formatPrefix(f.example) },
          'kernel refused route writes',
        );
      if (rep.repaired > 0) log.info({ routes: rep.repaired }, 'repaired routes changed or removed behind our back');
      if (rep.restored > 0) log.info({ routes: rep.restored }, 'restored routes whose next hop came back');
    }
    if (this.logBudget < 0) log.warn({ more: -this.logBudget }, 'more route conflicts (not logged one by one)');
    this.logBudget = LOG_BUDGET;
  }

  // ---- kernel events ----

  /** A route written by anyone; returns whether it concerned our key (replayed after a dump). */
  onRouteAdded(r: FibRoute, replaced: boolean, now: number, wall: number): boolean {
    const o = this.o;
    const t = this.t;
    if (r.table !== o.table || r.metric !== o.metric) return false;
    const s = t.find(r.prefix);
    if (r.protocol !== o.protocol) {
      this.foreign.set(r.prefix, r.protocol);
      if (s < 0) return true;
      if (replaced) t.kernel[s] = K_NOTHING;
      else if (t.kernel[s] === K_OURS) t.kernel[s] = K_UNKNOWN;
      if (this.desired(s) !== null) this.setConflict(s, r.protocol, wall);
      else if (t.kernel[s] === K_NOTHING && !t.has(s, F_DIRTY)) t.drop(s);
      return true;
    }
    // Our protocol: the dataplane does not echo our own writes, so someone else wrote it.
    if (s < 0) {
      this.adopt(r.prefix, r, now, wall);
      return true;
    }
    t.kernel[s] = K_OURS;
    if (t.has(s, F_DIRTY) || t.state[s] !== INSTALLED) return true;
    const want = this.desired(s);
    if (want !== null && !isError(want) && !sameRoute(want, r)) {
      t.set(s, F_DRIFT, true);
      this.markDirty(s, now, wall);
    }
    return true;
  }

  onRouteRemoved(r: FibRoute, now: number, wall: number): boolean {
    const o = this.o;
    const t = this.t;
    if (r.table !== o.table) return false;
    if (r.protocol !== o.protocol) {
      if (r.metric !== o.metric) return false;
      if (this.foreign.get(r.prefix) !== r.protocol) return true;
      this.foreign.delete(r.prefix);
      const s = t.find(r.prefix);
      if (s >= 0 && t.state[s] === CONFLICT) {
        o.log.info({ prefix: formatPrefix(r.prefix), protocol: r.protocol }, 'conflicting route gone: installing ours');
        this.markDirty(s, now, wall);
      }
      return true;
    }
    if (r.metric !== o.metric) {
      this.staleOtherMetric = this.staleOtherMetric.filter((x) => x.prefix !== r.prefix || x.metric !== r.metric);
      return false;
    }
    // The dataplane does not echo our own deletes: someone (or the kernel) removed our route.
    const s = t.find(r.prefix);
    if (s < 0) return true;
    t.kernel[s] = K_NOTHING;
    if (this.desired(s) !== null) {
      if (t.state[s] === INSTALLED) t.set(s, F_DRIFT, true);
      this.markDirty(s, now, wall);
    } else if (!t.has(s, F_DIRTY)) t.drop(s);
    return true;
  }

  // ---- comparison with a streamed read of the table ----

  /** A scan comparing with what we want; queued writes are not compared (`all`: compare them too, API). */
  newScan(all = false): KernelScan {
    const t = this.t;
    const o = this.o;
    const desiredOf = (s: number): FibRoute | null | undefined => {
      if (!all && t.has(s, F_DIRTY)) return undefined;
      const w = this.desired(s);
      return isError(w) ? undefined : w;
    };
    return new KernelScan(
      { protocol: o.protocol, table: o.table, metric: o.metric },
      t.high,
      (p) => t.find(p),
      desiredOf,
    );
  }

  applyScan(scan: KernelScan, now: number, wall: number): void {
    this.foreign = scan.foreign;
    this.staleOtherMetric = scan.ownOtherMetric;
    const t = this.t;
    for (let s = 0; s < scan.high; s++) {
      if (!t.used(s)) continue;
      const f = scan.foreign.get(t.prefix[s] as PrefixKey);
      this.reconcile(s, scan.mark[s] as number, scan.kept.get(s), f, now, wall);
    }
    for (const r of scan.unknown) {
      const s = t.find(r.prefix);
      if (s < 0) this.adopt(r.prefix, r, now, wall);
      else {
        // Created while the table was being read: ours is there.
        t.kernel[s] = K_OURS;
        t.setSeen(s, r);
      }
    }
    t.releaseDropped();
  }

  private reconcile(
    s: number,
    mark: number,
    kept: FibRoute | undefined,
    foreign: number,
    now: number,
    wall: number,
  ): void {
    const t = this.t;
    t.kernel[s] = mark === SEEN_NOT ? K_NOTHING : K_OURS;
    if (t.has(s, F_DIRTY)) {
      t.setSeen(s, kept);
      return;
    }
    const want = this.desired(s);
    if (want === null) {
      if (mark === SEEN_NOT) t.drop(s);
      else if (this.converged) {
        t.setSeen(s, kept);
        this.markDirty(s, now, wall);
      } else {
        t.setSeen(s, kept);
        if (t.state[s] !== STALE) t.setState(s, STALE, wall);
      }
      return;
    }
    if (isError(want)) return;
    if (mark === SEEN_SAME) {
      if (t.state[s] !== INSTALLED) this.installed(s, wall, undefined);
      return;
    }
    if (mark === SEEN_NOT && foreign >= 0) {
      this.setConflict(s, foreign, wall);
      return;
    }
    // Lost with its link: written again when a link comes up or an address appears, not every comparison.
    if (t.state[s] === PENDING && t.has(s, F_RESTORE)) return;
    if (t.state[s] === INSTALLED) t.set(s, F_DRIFT, true);
    this.markDirty(s, now, wall);
  }

  /** Our route in the kernel that we did not know of: kept as stale until convergence, then removed. */
  private adopt(prefix: PrefixKey, r: FibRoute, now: number, wall: number): void {
    const s = this.t.create(prefix, STALE, wall);
    this.t.kernel[s] = K_OURS;
    this.t.setSeen(s, r);
    if (this.converged) this.markDirty(s, now, wall);
  }
}
