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

/** The kernel's routes in our table, sorted by owner and key. */
export interface KernelIndex {
  /** Our protocol at our metric, by prefix. */
  own: Map<PrefixKey, FibRoute>;
  /** Our protocol at another metric: always stale. */
  ownOtherMetric: FibRoute[];
  /** Other protocols at our key (table, metric), by prefix. */
  foreign: Map<PrefixKey, FibRoute>;
}

export function indexKernel(kernel: readonly FibRoute[], own: OwnScope): KernelIndex {
  const idx: KernelIndex = { own: new Map(), ownOtherMetric: [], foreign: new Map() };
  for (const r of kernel) {
    if (r.table !== own.table) continue;
    if (r.protocol === own.protocol) {
      if (r.metric === own.metric) idx.own.set(r.prefix, r);
      else idx.ownOtherMetric.push(r);
    } else if (r.metric === own.metric) idx.foreign.set(r.prefix, r);
  }
  return idx;
}

export type Verdict = 'ok' | 'missing' | 'different' | 'conflict';

/** One wanted route against what the kernel holds at its key. */
export function verdict(want: FibRoute, own: FibRoute | undefined, foreign: FibRoute | undefined): Verdict {
  if (own) return sameRoute(want, own) ? 'ok' : 'different';
  return foreign ? 'conflict' : 'missing';
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

/** The full comparison, sorted by prefix (API `diff` view and tests; O(desired + kernel)). */
export function diffRoutes(
  desired: ReadonlyMap<PrefixKey, FibRoute>,
  kernel: readonly FibRoute[],
  own: OwnScope,
): RouteDiff {
  const idx = indexKernel(kernel, own);
  const d: RouteDiff = { missing: [], extra: [...idx.ownOtherMetric], different: [], conflicts: [] };
  for (const [prefix, want] of desired) {
    const got = idx.own.get(prefix);
    const foreign = idx.foreign.get(prefix);
    switch (verdict(want, got, foreign)) {
      case 'missing':
        d.missing.push(want);
        break;
      case 'different':
        d.different.push({ want, got: got as FibRoute });
        break;
      case 'conflict':
        d.conflicts.push({ want, got: foreign as FibRoute });
        break;
      case 'ok':
        break;
    }
  }
  for (const [prefix, got] of idx.own) if (!desired.has(prefix)) d.extra.push(got);
  const byPrefix = (a: FibRoute, b: FibRoute) => comparePrefix(a.prefix, b.prefix) || a.metric - b.metric;
  d.missing.sort(byPrefix);
  d.extra.sort(byPrefix);
  d.different.sort((a, b) => byPrefix(a.want, b.want));
  d.conflicts.sort((a, b) => byPrefix(a.want, b.want));
  return d;
}
