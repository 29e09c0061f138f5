/**
 * Desired routes versus the kernel's, for one owner (protocol, table, metric): pure functions, no I/O.
 *
 * The kernel keys a route by (table, prefix, metric) and lets a replace overwrite any owner's route, so the
 * comparison sorts the kernel's routes at our table into: ours at our metric (compared with what we want),
 * ours at another metric (stale: a previous run with another metric), and other protocols' routes at our
 * key (conflicts: never touched). DESIGN.md §1: noverlay never deletes or replaces a route it does not own.
 */
import { comparePrefix, type PrefixKey } from '../lib/prefix.js';
import type { FibNexthop, FibRoute } from './dataplane.js';
import { PrefixIndex } from './prefix-index.js';

export interface OwnScope {
  protocol: number;
  table: number;
  metric: number;
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Does the kernel's next hop `got` implement the wanted `want`? The kernel fills in the interface it
 * resolved a gateway to, so an unspecified interface matches any; weights matter only for ECMP.
 */
export function sameNexthop(want: FibNexthop, got: FibNexthop, ecmp: boolean): boolean {
  if (!sameBytes(want.gateway, got.gateway)) return false;
  if (want.ifindex !== undefined && want.ifindex !== got.ifindex) return false;
  return !ecmp || (want.weight ?? 1) === (got.weight ?? 1);
}

/** Same type and the same set of next hops (the order within an ECMP set does not matter). */
export function sameRoute(want: FibRoute, got: FibRoute): boolean {
  if ((want.type ?? 'unicast') !== (got.type ?? 'unicast')) return false;
  const n = want.nexthops.length;
  if (n !== got.nexthops.length) return false;
  if (n === 1) return sameNexthop(want.nexthops[0] as FibNexthop, got.nexthops[0] as FibNexthop, false);
  const used = new Array<boolean>(n).fill(false);
  for (const w of want.nexthops) {
    let found = false;
    for (let j = 0; j < n; j++) {
      if (used[j] || !sameNexthop(w, got.nexthops[j] as FibNexthop, true)) continue;
      used[j] = true;
      found = true;
      break;
    }
    if (!found) return false;
  }
  return true;
}

/** What a streamed read saw for a slot of ours. */
export const SEEN_NOT = 0;
/** Our route, as wanted. */
export const SEEN_SAME = 1;
/** Our route, with other next hops or type (kept in `kept`). */
export const SEEN_DIFFERENT = 2;
/** Our route, not compared (no wanted route, or its write is queued; kept in `kept`). */
export const SEEN_KEPT = 3;

/**
 * The kernel's routes of our table, read one by one (Dataplane.scanRoutes) and compared as they come with
 * what we want, keeping only what differs: a mark per slot, and the kernel's route only where it will be
 * needed (different, unwanted, queued, unknown). A million routes in sync cost a megabyte here.
 */
export class KernelScan {
  readonly mark: Uint8Array;
  readonly kept = new Map<number, FibRoute>();
  /** Other protocols' routes at our key: their protocol; `foreignKept` for wanted slots (diff view). */
  readonly foreign = new PrefixIndex(64);
  readonly foreignKept = new Map<number, FibRoute>();
  readonly ownOtherMetric: FibRoute[] = [];
  /** Ours at our metric with no slot: a previous run's, or written behind our back. */
  readonly unknown: FibRoute[] = [];
  /** Next-hop lists of kept routes, shared by content (a restart keeps a million routes over a few). */
  private readonly hops = new Map<string, FibNexthop[]>();

  /**
   * `slotOf`: our slot for a prefix, or -1. `desiredOf`: the wanted route of a slot to compare with, null
   * when nothing is wanted, undefined when the slot must not be compared (its write is queued).
   */
  constructor(
    private readonly own: OwnScope,
    readonly high: number,
    private readonly slotOf: (p: PrefixKey) => number,
    private readonly desiredOf: (slot: number) => FibRoute | null | undefined,
  ) {
    this.mark = new Uint8Array(high);
  }

  add(r: FibRoute): void {
    const own = this.own;
    if (r.table !== own.table) return;
    if (r.protocol !== own.protocol) {
      if (r.metric !== own.metric) return;
      this.foreign.set(r.prefix, r.protocol);
      const s = this.slotOf(r.prefix);
      if (s >= 0 && this.desiredOf(s)) this.foreignKept.set(s, r);
      return;
    }
    if (r.metric !== own.metric) {
      this.ownOtherMetric.push(r);
      return;
    }
    const s = this.slotOf(r.prefix);
    if (s < 0 || s >= this.high) {
      this.unknown.push(this.intern(r));
      return;
    }
    const want = this.desiredOf(s);
    if (want && sameRoute(want, r)) {
      this.mark[s] = SEEN_SAME;
      return;
    }
    this.mark[s] = want ? SEEN_DIFFERENT : SEEN_KEPT;
    this.kept.set(s, this.intern(r));
  }

  private intern(r: FibRoute): FibRoute {
    let key = r.type ?? '';
    for (const h of r.nexthops) {
      key += `|${h.ifindex ?? ''}/${h.weight ?? ''}/${h.flags ?? ''}/`;
      if (h.gateway) for (const b of h.gateway) key += String.fromCharCode(b);
    }
    const shared = this.hops.get(key);
    if (shared) r.nexthops = shared;
    else this.hops.set(key, r.nexthops);
    return r;
  }
}

export interface RouteDiff {
  /** Wanted, nothing at the key. */
  missing: FibRoute[];
  /** Ours in the kernel, not wanted (stale own routes; other metrics included). */
  extra: FibRoute[];
  /** Ours at the key, with other next hops or type. */
  different: { want: FibRoute; got: FibRoute }[];
  /** Wanted, but another protocol's route holds the key. */
  conflicts: { want: FibRoute; got: FibRoute }[];
}

/** The full comparison from a scan that compared every slot, sorted by prefix (API `diff` view). */
export function routeDiff(scan: KernelScan, desiredOf: (slot: number) => FibRoute | null): RouteDiff {
  const d: RouteDiff = { missing: [], extra: [...scan.unknown, ...scan.ownOtherMetric], different: [], conflicts: [] };
  for (let s = 0; s < scan.high; s++) {
    const want = desiredOf(s);
    const mark = scan.mark[s] as number;
    const kept = scan.kept.get(s);
    if (want === null) {
      if (mark !== SEEN_NOT && kept) d.extra.push(kept);
      continue;
    }
    const foreign = scan.foreignKept.get(s);
    if (mark === SEEN_DIFFERENT && kept) d.different.push({ want, got: kept });
    else if (mark === SEEN_NOT && foreign) d.conflicts.push({ want, got: foreign });
    else if (mark === SEEN_NOT) d.missing.push(want);
  }
  const byKey = (a: FibRoute, b: FibRoute) => comparePrefix(a.prefix, b.prefix) || a.metric - b.metric;
  d.missing.sort(byKey);
  d.extra.sort(byKey);
  d.different.sort((a, b) => byKey(a.want, b.want));
  d.conflicts.sort((a, b) => byKey(a.want, b.want));
  return d;
}

/** Desired routes (by prefix) against a list of kernel routes: the pure diff, O(desired + kernel). */
export function diffRoutes(
  desired: ReadonlyMap<PrefixKey, FibRoute>,
  kernel: readonly FibRoute[],
  own: OwnScope,
): RouteDiff {
  const keys = [...desired.keys()];
  const slots = new Map<PrefixKey, number>(keys.map((k, i) => [k, i]));
  const desiredOf = (s: number) => desired.get(keys[s] as PrefixKey) ?? null;
  const scan = new KernelScan(own, keys.length, (p) => slots.get(p) ?? -1, desiredOf);
  for (const r of kernel) scan.add(r);
  return routeDiff(scan, desiredOf);
}
