/**
 * The FIB manager's per-route state as columns (DESIGN.md §3.9: no object per prefix where numbers do):
 * one slot per prefix the manager wants or owns, found through a PrefixIndex, with its state, what the
 * kernel holds, flags and times in typed arrays, and the rare data (kernel error, reason, the route a dump
 * showed) in a side map. Counts per state and per RIB protocol are kept in step with every change.
 * Pure: no I/O, no clock (times are passed in).
 */
import type { PrefixKey } from '../lib/prefix.js';
import type { RouteProtocol, SelectedRoute } from '../rib/rib.js';
import type { FibRoute, NetlinkError } from './dataplane.js';
import { PrefixIndex } from './prefix-index.js';

/**
 * installed: the kernel holds our route as wanted. pending: a write is queued, or the route waits for its
 * next hop (link down: `error` says why). failed: the kernel refused it (`error`). conflict: another
 * protocol's route holds the key; never touched. stale: our route from a previous run, not wanted (yet);
 * kept until the protocols converged or the sweep timer fired.
 */
export type FibRouteState = 'pending' | 'installed' | 'failed' | 'conflict' | 'stale';

export const FIB_STATES: readonly FibRouteState[] = ['pending', 'installed', 'failed', 'conflict', 'stale'];
export const PENDING = 0;
export const INSTALLED = 1;
export const FAILED = 2;
export const CONFLICT = 3;
export const STALE = 4;

/** What the kernel holds for our protocol at our key. UNKNOWN: an add found the key taken or an ACK was lost. */
export const K_NOTHING = 0;
export const K_OURS = 1;
export const K_UNKNOWN = 2;

/** Slot flags. */
export const F_USED = 1;
/** Queued for a write (in the manager's queue). */
export const F_DIRTY = 2;
export const F_EVER_INSTALLED = 4;
/** The next successful write repairs a route changed or removed behind our back. */
export const F_DRIFT = 8;
/** The next successful write restores a route lost with its link. */
export const F_RESTORE = 16;
/** In `retry`: written again when a link comes up or an address appears. */
export const F_WAITING = 32;

const PROTOCOLS: readonly RouteProtocol[] = ['connected', 'static', 'ebgp', 'ibgp', 'ospf', 'announcer'];
const PROTO_CODE: Record<RouteProtocol, number> = {
  connected: 1,
  static: 2,
  ebgp: 3,
  ibgp: 4,
  ospf: 5,
  announcer: 6,
};

/** Rare per-route data. */
export interface SlotExtra {
  error?: NetlinkError;
  reason?: string;
}

function bump(a: Float64Array, i: number, d: number): void {
  a[i] = (a[i] as number) + d;
}

export class FibTable {
  private readonly index = new PrefixIndex(1024);
  private cap = 0;
  /** One past the highest slot ever used. */
  high = 0;
  prefix: PrefixKey[] = [];
  want: (SelectedRoute | null)[] = [];
  state = new Uint8Array(0);
  kernel = new Uint8Array(0);
  flags = new Uint8Array(0);
  /** RIB protocol counted in `installedBy` (0: none). */
  private counted = new Uint8Array(0);
  /** Protocol of the foreign route holding the key (state conflict). */
  foreign = new Uint8Array(0);
  /** clock.now() when queued: install latency. */
  dirtyAt = new Float64Array(0);
  /** clock.wallNow() of the last state change. */
  since = new Float64Array(0);
  readonly extra = new Map<number, SlotExtra>();
  /**
   * Our route as a read of the table showed it, where that matters: a wanted route equal to it is not
   * rewritten (restart without churn), and the views show a stale route's next hops.
   */
  seen: (FibRoute | undefined)[] = [];
  private free: number[] = [];
  private freeLater: number[] = [];
  readonly byState = new Float64Array(5);
  private readonly installed = new Float64Array(PROTOCOLS.length + 1);
  readonly retry = new Set<number>();

  get size(): number {
    return this.index.size;
  }

  find(prefix: PrefixKey): number {
    return this.index.get(prefix);
  }

  /** A new slot for `prefix` in state `state`. */
  create(prefix: PrefixKey, state: number, wall: number): number {
    let s = this.free.pop();
    if (s === undefined) {
      if (this.high === this.cap) this.grow();
      s = this.high++;
    }
    this.index.set(prefix, s);
    this.prefix[s] = prefix;
    this.want[s] = null;
    this.seen[s] = undefined;
    this.state[s] = state;
    this.kernel[s] = K_NOTHING;
    this.flags[s] = F_USED;
    this.counted[s] = 0;
    this.foreign[s] = 0;
    this.dirtyAt[s] = 0;
    this.since[s] = wall;
    bump(this.byState, state, 1);
    return s;
  }

  /** Forgets a slot; it is reused only after `releaseDropped()` (answers in flight may still name it). */
  drop(s: number): void {
    const f = this.flags[s] as number;
    if ((f & F_USED) === 0) return;
    this.index.delete(this.prefix[s] as PrefixKey);
    bump(this.byState, this.state[s] as number, -1);
    bump(this.installed, this.counted[s] as number, -1);
    if ((f & F_WAITING) !== 0) this.retry.delete(s);
    this.flags[s] = 0;
    this.want[s] = null;
    this.seen[s] = undefined;
    this.extra.delete(s);
    this.freeLater.push(s);
  }

  releaseDropped(): void {
    for (const s of this.freeLater) this.free.push(s);
    this.freeLater.length = 0;
  }

  used(s: number): boolean {
    return ((this.flags[s] as number) & F_USED) !== 0;
  }

  has(s: number, flag: number): boolean {
    return ((this.flags[s] as number) & flag) !== 0;
  }

  set(s: number, flag: number, on: boolean): void {
    const f = this.flags[s] as number;
    this.flags[s] = on ? f | flag : f & ~flag;
  }

  error(s: number): NetlinkError | undefined {
    return this.extra.get(s)?.error;
  }

  /** Sets or clears the error and reason of a slot. */
  note(s: number, error: NetlinkError | undefined, reason: string | undefined): void {
    if (error === undefined && reason === undefined) {
      this.extra.delete(s);
      return;
    }
    const x: SlotExtra = {};
    if (error !== undefined) x.error = error;
    if (reason !== undefined) x.reason = reason;
    this.extra.set(s, x);
  }

  /** Remembers (or forgets, with undefined) our route as a read of the table showed it. */
  setSeen(s: number, r: FibRoute | undefined): void {
    if (r !== undefined || this.seen[s] !== undefined) this.seen[s] = r;
  }

  /** Changes the state, keeping the counts and the retry set in step. */
  setState(s: number, st: number, wall: number): void {
    const prev = this.state[s] as number;
    if (prev !== st) {
      bump(this.byState, prev, -1);
      bump(this.byState, st, 1);
      this.state[s] = st;
      this.since[s] = wall;
    }
    const w = this.want[s];
    const proto = st === INSTALLED && w ? PROTO_CODE[w.protocol] : 0;
    const was = this.counted[s] as number;
    if (was !== proto) {
      bump(this.installed, was, -1);
      bump(this.installed, proto, 1);
      this.counted[s] = proto;
    }
    const f = this.flags[s] as number;
    const wait =
      (f & F_DIRTY) === 0 &&
      (st === FAILED || (st === PENDING && this.extra.size > 0 && this.extra.get(s)?.error !== undefined));
    if (wait !== ((f & F_WAITING) !== 0)) {
      this.flags[s] = wait ? f | F_WAITING : f & ~F_WAITING;
      if (wait) this.retry.add(s);
      else this.retry.delete(s);
    }
  }

  installedBy(): Partial<Record<RouteProtocol, number>> {
    const out: Partial<Record<RouteProtocol, number>> = {};
    for (let i = 0; i < PROTOCOLS.length; i++) {
      const n = this.installed[i + 1] as number;
      if (n > 0) out[PROTOCOLS[i] as RouteProtocol] = n;
    }
    return out;
  }

  stateCounts(): Record<FibRouteState, number> {
    const b = this.byState;
    return { pending: b[0] ?? 0, installed: b[1] ?? 0, failed: b[2] ?? 0, conflict: b[3] ?? 0, stale: b[4] ?? 0 };
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.state = u8(this.state);
    this.kernel = u8(this.kernel);
    this.flags = u8(this.flags);
    this.counted = u8(this.counted);
    this.foreign = u8(this.foreign);
    this.dirtyAt = f64(this.dirtyAt);
    this.since = f64(this.since);
    this.cap = cap;
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
  /** Successful route writes (adds and replaces, or kept as found) and deletes. */
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
