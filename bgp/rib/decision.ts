/**
 * BGP decision process (RFC 4271 §9.1): one pairwise comparison that says why (`compare`), and the per-prefix
 * selection of the best path and the multipath (ECMP) set (`select`).
 *
 * RFC order (RFC 4271 §9.1.1 degree of preference, then §9.1.2.2 tie-breaking, with RFC 4456 §9):
 *   LOCAL_PREF (degree of preference) → a) shortest AS_PATH → b) lowest ORIGIN → c) lowest MED among routes
 *   from the same neighbor AS → d) eBGP over iBGP → e) lowest interior cost to NEXT_HOP → f) lowest BGP
 *   Identifier (ORIGINATOR_ID when present, RFC 4456 §9) → [RFC 4456 §9: shortest CLUSTER_LIST] → g) lowest
 *   peer address.
 *
 * Our order (as FRR documents its "bgp bestpath" steps; eligibility first):
 *   0. eligibility: the NEXT_HOP must resolve (RFC 4271 §9.1.2.1) — checked by the caller, reason recorded
 *   1. weight (local to this router, higher wins; locally originated paths get 32768)
 *   2. LOCAL_PREF (higher; 100 when absent)
 *   3. locally originated (wins)
 *   4. AS_PATH length (shorter; AS_SET = 1, confederation segments = 0)
 *   5. ORIGIN (IGP < EGP < INCOMPLETE)
 *   6. MED (lower; only between paths from the same neighbor AS unless always-compare-med; missing = 0, or
 *      the worst value with med-missing-as-worst)
 *   7. eBGP over iBGP
 *   8. IGP cost to the next hop (lower)          ← paths equal up to here may share ECMP (multipath)
 *   9. router ID (lower; ORIGINATOR_ID instead of the peer's BGP Identifier when present)
 *  10. CLUSTER_LIST length (shorter)
 *  11. peer address (lower)
 *  12. ADD-PATH path identifier (lower) — ours, so two paths from one peer still order totally
 * Not implemented: FRR's "prefer the oldest eBGP path" (RFC 5004) — it depends on arrival order, and we want
 * every insertion order to pick the same best; AIGP; confederation-specific steps.
 *
 * Step 6 is not transitive across neighbor ASes (the classic MED ordering problem), so `select` groups the
 * candidates by neighbor AS first and picks the best of each group, then the best of the group winners (FRR
 * "bgp deterministic-med", always on). Within a group and among group winners the comparison is a strict
 * total order, so the best does not depend on the order the paths arrived in.
 */
import type { AttrSet } from './intern.js';

export const DECISION_STEPS = [
  'weight',
  'local-pref',
  'local-origin',
  'as-path-length',
  'origin',
  'med',
  'ebgp-over-ibgp',
  'igp-metric',
  'router-id',
  'cluster-list-length',
  'peer-address',
  'path-id',
  'equal',
] as const;
export type DecisionReason = (typeof DECISION_STEPS)[number];

const STEP_RANK: Record<DecisionReason, number> = Object.fromEntries(DECISION_STEPS.map((s, i) => [s, i])) as Record<
  DecisionReason,
  number
>;
const MULTIPATH_RANK = STEP_RANK['igp-metric'];

export interface Candidate {
  readonly attrs: AttrSet;
  readonly weight: number;
  readonly local: boolean;
  readonly ebgp: boolean;
  readonly igpMetric: number;
  /** BGP Identifier of the peer the path came from (ORIGINATOR_ID takes its place when present). */
  readonly peerBgpId: number;
  /** Comparable peer address key (see nexthop.addrKey). */
  readonly peerAddr: string;
  readonly pathId: number;
}

export interface DecisionCtx {
  defaultLocalPref: number;
  alwaysCompareMed: boolean;
  medMissingAsWorst: boolean;
  asPathMultipathRelax: boolean;
  maxPathsEbgp: number;
  maxPathsIbgp: number;
}

export interface CompareResult {
  readonly winner: 'a' | 'b';
  readonly reason: DecisionReason;
}

// Preallocated results: compare() runs in the hot path and allocates nothing.
const A_WINS = Object.fromEntries(DECISION_STEPS.map((s) => [s, Object.freeze({ winner: 'a', reason: s })]));
const B_WINS = Object.fromEntries(DECISION_STEPS.map((s) => [s, Object.freeze({ winner: 'b', reason: s })]));

function pick(aWins: boolean, reason: DecisionReason): CompareResult {
  return (aWins ? A_WINS[reason] : B_WINS[reason]) as CompareResult;
}

function medOf(c: Candidate, ctx: DecisionCtx): number {
  return c.attrs.med ?? (ctx.medMissingAsWorst ? 0xffffffff : 0);
}

/** RFC 4271 §9.1.2.2 c: MED is comparable between routes from the same neighboring AS. */
export function sameNeighborAs(a: Candidate, b: Candidate): boolean {
  return a.attrs.neighborAs >= 0 && a.attrs.neighborAs === b.attrs.neighborAs;
}

/** Which of two eligible paths is better, and the step that decided. `equal` only for identical keys. */
export function compare(a: Candidate, b: Candidate, ctx: DecisionCtx): CompareResult {
  if (a.weight !== b.weight) return pick(a.weight > b.weight, 'weight');
  const lpa = a.attrs.localPref ?? ctx.defaultLocalPref;
  const lpb = b.attrs.localPref ?? ctx.defaultLocalPref;
  if (lpa !== lpb) return pick(lpa > lpb, 'local-pref');
  if (a.local !== b.local) return pick(a.local, 'local-origin');
  if (a.attrs.asPathLen !== b.attrs.asPathLen) return pick(a.attrs.asPathLen < b.attrs.asPathLen, 'as-path-length');
  if (a.attrs.origin !== b.attrs.origin) return pick(a.attrs.origin < b.attrs.origin, 'origin');
  if (ctx.alwaysCompareMed || sameNeighborAs(a, b)) {
    const ma = medOf(a, ctx);
    const mb = medOf(b, ctx);
    if (ma !== mb) return pick(ma < mb, 'med');
  }
  if (a.ebgp !== b.ebgp) return pick(a.ebgp, 'ebgp-over-ibgp');
  if (a.igpMetric !== b.igpMetric) return pick(a.igpMetric < b.igpMetric, 'igp-metric');
  return compareTail(a, b);
}

/** Steps 9–12: the tie-breakers after the multipath point. */
function compareTail(a: Candidate, b: Candidate): CompareResult {
  const ra = a.attrs.originatorId ?? a.peerBgpId; // RFC 4456 §9
  const rb = b.attrs.originatorId ?? b.peerBgpId;
  if (ra !== rb) return pick(ra < rb, 'router-id');
  if (a.attrs.clusterListLen !== b.attrs.clusterListLen)
    return pick(a.attrs.clusterListLen < b.attrs.clusterListLen, 'cluster-list-length');
  if (a.peerAddr !== b.peerAddr) return pick(a.peerAddr < b.peerAddr, 'peer-address');
  if (a.pathId !== b.pathId) return pick(a.pathId < b.pathId, 'path-id');
  return pick(true, 'equal');
}

export interface Selection {
  /** Index of the best candidate, -1 when there is none. */
  best: number;
  /** Indexes of the ECMP set, best first; empty when there is no best, [best] without multipath. */
  multipath: number[];
  /** With `trace`: for each candidate, the index of the one it lost to (-1 for the best). */
  lostTo: number[];
  /** With `trace`: for each candidate, the step that decided against it (undefined for the best). */
  reasons: (DecisionReason | undefined)[];
}

/** Best path and multipath set among eligible candidates; order-independent (see file header). */
export function select(c: readonly Candidate[], ctx: DecisionCtx, trace = false): Selection {
  const n = c.length;
  const sel: Selection = { best: -1, multipath: [], lostTo: [], reasons: [] };
  if (n === 0) return sel;
  const better = (i: number, j: number): boolean => compare(c[i]!, c[j]!, ctx).winner === 'a';
  // Group key: the neighbor AS, or a unique negative key for paths without one (never MED-comparable).
  const groupOf = (i: number): number =>
    ctx.alwaysCompareMed ? 0 : c[i]!.attrs.neighborAs >= 0 ? c[i]!.attrs.neighborAs : -1 - i;
  const winners = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const g = groupOf(i);
    const w = winners.get(g);
    if (w === undefined || better(i, w)) winners.set(g, i);
  }
  let best = -1;
  for (const w of winners.values()) if (best < 0 || better(w, best)) best = w;
  sel.best = best;
  sel.multipath = multipathSet(c, best, ctx);
  if (trace) {
    for (let i = 0; i < n; i++) {
      const gw = winners.get(groupOf(i))!;
      const to = i === best ? -1 : gw === i ? best : gw;
      sel.lostTo.push(to);
      sel.reasons.push(to < 0 ? undefined : compare(c[to]!, c[i]!, ctx).reason);
    }
  }
  return sel;
}

/**
 * ECMP (FRR rules): paths equal to the best through the IGP-cost step, from the same neighbor AS (or just of
 * equal AS_PATH length with multipath-relax, which step 4 already guarantees), up to maximum-paths for the
 * best's session type. Locally originated paths never share. Chosen in tie-breaker order, so deterministic.
 */
function multipathSet(c: readonly Candidate[], best: number, ctx: DecisionCtx): number[] {
  const b = c[best]!;
  const max = b.local ? 1 : b.ebgp ? ctx.maxPathsEbgp : ctx.maxPathsIbgp;
  if (max <= 1 || c.length === 1) return [best];
  const eq: number[] = [];
  for (let i = 0; i < c.length; i++) {
    if (i === best) continue;
    const x = c[i]!;
    if (x.local) continue;
    if (STEP_RANK[compare(b, x, ctx).reason] <= MULTIPATH_RANK) continue;
    if (!ctx.asPathMultipathRelax && !sameNeighborAs(b, x)) continue;
    eq.push(i);
  }
  eq.sort((i, j) => (compareTail(c[i]!, c[j]!).winner === 'a' ? -1 : 1));
  if (eq.length > max - 1) eq.length = max - 1;
  return [best, ...eq];
}

/** Is `reason` a step before the multipath point (i.e. the loser could not share ECMP)? */
export function decidedBeforeMultipath(reason: DecisionReason): boolean {
  return STEP_RANK[reason] <= MULTIPATH_RANK;
}
