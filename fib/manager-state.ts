/**
 * Per-route bookkeeping of the FIB manager: one `FibEntry` per prefix it wants or owns, and the counts the
 * API and the metrics read (routes per state, installed routes per RIB protocol, entries waiting for a
 * next hop or a retry). Pure: no I/O, no clock (times are passed in).
 */
import type { PrefixKey } from '../lib/prefix.js';
import type { RouteProtocol, SelectedRoute } from '../rib/rib.js';
import type { FibRoute, NetlinkError } from './dataplane.js';

/**
 * installed: the kernel holds our route as wanted. pending: a write is queued, or the route waits for its
 * next hop (link down: `error` says why). failed: the kernel refused it (`error`). conflict: another
 * protocol's route holds the key; never touched. stale: our route from a previous run, not wanted (yet);
 * kept until the protocols converged or the sweep timer fired.
 */
export type FibRouteState = 'pending' | 'installed' | 'failed' | 'conflict' | 'stale';

export const FIB_STATES: readonly FibRouteState[] = ['pending', 'installed', 'failed', 'conflict', 'stale'];

/**
 * What we believe the kernel holds for our protocol at our key. unknown: a create-only add found the key
 * taken, or an ACK was lost; a dump will tell.
 */
export type KernelHas = 'nothing' | 'ours' | 'unknown';

export class FibEntry {
  want: SelectedRoute | null = null;
  state: FibRouteState = 'pending';
  kernel: KernelHas = 'nothing';
  /** Queued for a write (it is in the manager's queue). */
  dirty = false;
  /** clock.now() when first queued since the last write: install latency. */
  dirtyAt = 0;
  /** clock.wallNow() of the last state change. */
  since = 0;
  everInstalled = false;
  /** The next successful write repairs a route changed or removed behind our back. */
  drift = false;
  /** The next successful write restores a route lost with its link. */
  restore = false;
  /** The RIB protocol counted in `installedBy`. */
  countedAs: RouteProtocol | undefined = undefined;
  error: NetlinkError | undefined = undefined;
  reason: string | undefined = undefined;
  /** Protocol of the foreign route holding our key (state conflict). */
  foreign = 0;
  /** Our route as a dump showed it, to skip a write that would change nothing (restart without churn). */
  seen: FibRoute | undefined = undefined;

  constructor(readonly prefix: PrefixKey) {}
}

/** Counts kept in step with every state change. */
export class StateBook {
  readonly byState: Record<FibRouteState, number> = { pending: 0, installed: 0, failed: 0, conflict: 0, stale: 0 };
  readonly installedBy = new Map<RouteProtocol, number>();
  /** Entries to write again when a link comes up or an address appears. */
  readonly retry = new Set<FibEntry>();
  /** Counts a new entry (its initial state). */
  add(e: FibEntry): void {
    this.byState[e.state]++;
  }

  set(e: FibEntry, s: FibRouteState, wallNow: number): void {
    if (e.state !== s) {
      this.byState[e.state]--;
      this.byState[s]++;
      e.state = s;
      e.since = wallNow;
    }
    const proto = s === 'installed' ? e.want?.protocol : undefined;
    if (e.countedAs !== proto) {
      if (e.countedAs !== undefined) this.installedBy.set(e.countedAs, (this.installedBy.get(e.countedAs) ?? 1) - 1);
      if (proto !== undefined) this.installedBy.set(proto, (this.installedBy.get(proto) ?? 0) + 1);
      e.countedAs = proto;
    }
    if (!e.dirty && (s === 'failed' || (s === 'pending' && e.error !== undefined))) this.retry.add(e);
    else this.retry.delete(e);
  }

  /** Uncounts an entry that is dropped. */
  remove(e: FibEntry): void {
    this.byState[e.state]--;
    if (e.countedAs !== undefined) this.installedBy.set(e.countedAs, (this.installedBy.get(e.countedAs) ?? 1) - 1);
    e.countedAs = undefined;
    this.retry.delete(e);
  }
}

/** Manager-wide counters (monotonic), read by the metrics at scrape time. */
export interface FibCounters {
  /** Dataplane write calls (one per kind of operation per batch) and the routes they carried. */
  batches: number;
  batchRoutes: number;
  /** Kernel refusals by errno name. */
  netlinkErrors: Record<string, number>;
  /** Own routes rewritten because the kernel lost or changed them behind our back. */
  driftRepairs: number;
  /** Routes reinstalled after their next hop came back (link up, address added). */
  restores: number;
  /** Times a route went into conflict with another protocol's route. */
  conflicts: number;
  /** Sweeps of stale own routes, and the routes they removed. */
  sweeps: number;
  sweptRoutes: number;
  /** Full comparisons with the kernel (start-up, periodic, after lost events or link changes). */
  resyncs: number;
  /** Successful route writes (adds and replaces) and deletes. */
  installs: number;
  deletes: number;
}

export function emptyCounters(): FibCounters {
  return {
    batches: 0,
    batchRoutes: 0,
    netlinkErrors: {},
    driftRepairs: 0,
    restores: 0,
    conflicts: 0,
    sweeps: 0,
    sweptRoutes: 0,
    resyncs: 0,
    installs: 0,
    deletes: 0,
  };
}
