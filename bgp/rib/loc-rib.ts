/**
 * Loc-RIB (RFC 4271 §3.2, §9.1.2): per prefix, the candidate paths from every peer plus our own, the best
 * path and the multipath set.
 *
 * A destination is one flat array, no object per path:
 *   [destFlags, peerIdx, pathId, attrSet, pathFlags, peerIdx, pathId, attrSet, pathFlags, ...]
 * Path flags remember the selection of the last flush (best, multipath); changing or removing a selected path
 * sets a destination-level "dirty" bit so the next flush knows the installed state is gone.
 *
 * Changes coalesce in a dirty queue (a flag in the destination header keeps each prefix in it once);
 * `flush()` runs the decision (RFC 4271 §9.1.2, §9.1.4 for ECMP) on dirty prefixes only and reports those
 * whose best path or multipath set changed. Paths hold no AttrSet reference of their own: their lifetime is
 * that of the Adj-RIB-In entry (or origination) they mirror. Next-hop tracking (RFC 4271 §9.1.2.1) counts
 * paths per next hop; a changed next hop is queued, and the next flush finds the prefixes behind every
 * queued next hop in one scan, then re-runs exactly those.
 */

import type { PrefixKey } from '../../lib/prefix.js';
import { PrefixMap } from '../../lib/prefix-map.js';
import { type Candidate, type DecisionCtx, type DecisionReason, select } from './decision.js';
import type { AttrSet } from './intern.js';
import { NexthopRefs } from './nexthop.js';
import type { NexthopKey, NexthopResolver, PeerState } from './types.js';

export const STRIDE = 4;
export const F_BEST = 1;
export const F_MULTIPATH = 2;
const D_INSTALLED = 1;
const D_BEST_DIRTY = 2;
const D_MP_DIRTY = 4;
/** The prefix is in the dirty queue. */
const D_QUEUED = 8;

export type DestVec = (number | AttrSet)[];

/** Called per flushed prefix whose selection changed. `bestOff` is the best entry's offset in `vec`, or -1. */
export type DestChangeFn = (
  prefix: PrefixKey,
  vec: DestVec,
  bestOff: number,
  bestChanged: boolean,
  mpChanged: boolean,
) => void;

export interface PathTrace {
  peerIdx: number;
  pathId: number;
  set: AttrSet;
  eligible: boolean;
  igpMetric: number;
  best: boolean;
  multipath: boolean;
  /** Selection flags as of the last flush. */
  installedBest: boolean;
  lostTo?: { peerIdx: number; pathId: number };
  reason?: DecisionReason;
}

interface Cand extends Candidate {
  readonly off: number;
  readonly eligible: boolean;
}

const UNREACHABLE = Object.freeze({ reachable: false, metric: 0 });
const LOCAL = Object.freeze({ reachable: true, metric: 0 });

export class LocRib {
  readonly dests = new PrefixMap<DestVec>();
  readonly nexthops: NexthopRefs;
  /** Dirty destinations, in the order they became dirty (parallel arrays). */
  private dirtyPrefixes: PrefixKey[] = [];
  private dirtyVecs: DestVec[] = [];
  /** Next hops whose resolution changed since the last flush. */
  private readonly changedNexthops = new Set<NexthopKey>();

  constructor(
    private readonly peers: readonly (PeerState | undefined)[],
    private readonly resolver: NexthopResolver,
    private readonly ctx: DecisionCtx,
  ) {
    this.nexthops = new NexthopRefs(resolver);
  }

  /** Prefixes waiting for the next flush (a queued next-hop change adds its prefixes at the flush). */
  get dirtyCount(): number {
    return this.dirtyPrefixes.length;
  }

  isDirty(prefix: PrefixKey): boolean {
    const vec = this.dests.get(prefix);
    return vec !== undefined && ((vec[0] as number) & D_QUEUED) !== 0;
  }

  private markDirty(prefix: PrefixKey, vec: DestVec): void {
    const h = vec[0] as number;
    if (h & D_QUEUED) return;
    vec[0] = h | D_QUEUED;
    this.dirtyPrefixes.push(prefix);
    this.dirtyVecs.push(vec);
  }

  /** Add or replace the path (peerIdx, pathId). An identical set is a no-op (no churn on re-announcement). */
  upsert(prefix: PrefixKey, peerIdx: number, pathId: number, set: AttrSet): void {
    const vec = this.dests.get(prefix);
    if (!vec) {
      const v: DestVec = [0, peerIdx, pathId, set, 0];
      this.dests.set(prefix, v);
      this.markDirty(prefix, v);
      if (set.nextHop !== undefined) this.nexthops.add(set.nextHop);
      return;
    }
    const off = findPath(vec, peerIdx, pathId);
    if (off < 0) {
      vec.push(peerIdx, pathId, set, 0);
      if (set.nextHop !== undefined) this.nexthops.add(set.nextHop);
      this.markDirty(prefix, vec);
      return;
    }
    const old = vec[off + 2] as AttrSet;
    if (old === set) return;
    vec[off + 2] = set;
    unselect(vec, off);
    if (old.nextHop !== set.nextHop) {
      if (set.nextHop !== undefined) this.nexthops.add(set.nextHop);
      if (old.nextHop !== undefined) this.nexthops.remove(old.nextHop);
    }
    this.markDirty(prefix, vec);
  }

  remove(prefix: PrefixKey, peerIdx: number, pathId: number): boolean {
    const vec = this.dests.get(prefix);
    if (!vec) return false;
    const off = findPath(vec, peerIdx, pathId);
    if (off < 0) return false;
    const old = vec[off + 2] as AttrSet;
    unselect(vec, off);
    vec.splice(off, STRIDE);
    if (old.nextHop !== undefined) this.nexthops.remove(old.nextHop);
    this.markDirty(prefix, vec);
    return true;
  }

  /**
   * A next hop's reachability or cost changed: its prefixes are re-run at the next flush. Returns the number
   * of paths through it (0: nothing depends on it, no flush needed).
   */
  nexthopChanged(nh: NexthopKey): number {
    const n = this.nexthops.count(nh);
    if (n > 0) this.changedNexthops.add(nh);
    return n;
  }

  /** One scan of the table for every next hop changed since the last flush. */
  private markNexthopDependents(): void {
    const changed = this.changedNexthops;
    this.dests.forEach((vec, prefix) => {
      if ((vec[0] as number) & D_QUEUED) return;
      for (let off = 1; off < vec.length; off += STRIDE) {
        const nh = (vec[off + 2] as AttrSet).nextHop;
        if (nh !== undefined && changed.has(nh)) {
          this.markDirty(prefix, vec);
          return;
        }
      }
    });
    changed.clear();
  }

  /** Run the decision on every dirty prefix; report selection changes. Returns the number processed. */
  flush(onChange: DestChangeFn): number {
    if (this.changedNexthops.size > 0) this.markNexthopDependents();
    const prefixes = this.dirtyPrefixes;
    const vecs = this.dirtyVecs;
    this.dirtyPrefixes = [];
    this.dirtyVecs = [];
    for (let i = 0; i < prefixes.length; i++) this.process(prefixes[i]!, vecs[i]!, onChange);
    return prefixes.length;
  }

  private process(prefix: PrefixKey, vec: DestVec, onChange: DestChangeFn): void {
    const paths = (vec.length - 1) / STRIDE;
    const header = vec[0] as number;
    let bestOff = -1;
    let mp: number[] | undefined;
    if (paths === 1) {
      // The common case: one path, no decision, no allocation.
      if (this.reachability(vec, 1).reachable) bestOff = 1;
    } else if (paths > 1) {
      const cands = this.candidates(vec).filter((c) => c.eligible);
      const sel = select(cands, this.ctx);
      if (sel.best >= 0) bestOff = cands[sel.best]!.off;
      if (sel.multipath.length > 1) mp = sel.multipath.map((i) => cands[i]!.off);
    }
    let bestChanged = (header & D_BEST_DIRTY) !== 0;
    let mpChanged = (header & D_MP_DIRTY) !== 0;
    for (let off = 1; off < vec.length; off += STRIDE) {
      const was = vec[off + 3] as number;
      const now = (off === bestOff ? F_BEST : 0) | (mp?.includes(off) ? F_MULTIPATH : 0);
      if ((was ^ now) & F_BEST) bestChanged = true;
      if ((was ^ now) & F_MULTIPATH) mpChanged = true;
      vec[off + 3] = now;
    }
    if ((header & D_INSTALLED) === 0 && bestOff < 0) bestChanged = mpChanged = false;
    vec[0] = bestOff >= 0 ? D_INSTALLED : 0;
    if (bestChanged || mpChanged) onChange(prefix, vec, bestOff, bestChanged, mpChanged);
    if (paths === 0) this.dests.delete(prefix);
  }

  private reachability(vec: DestVec, off: number): { reachable: boolean; metric: number } {
    const peer = this.peers[vec[off] as number]!;
    if (peer.local) return LOCAL;
    const nh = (vec[off + 2] as AttrSet).nextHop;
    return nh === undefined ? UNREACHABLE : this.resolver.resolve(nh);
  }

  private candidates(vec: DestVec): Cand[] {
    const out: Cand[] = [];
    for (let off = 1; off < vec.length; off += STRIDE) {
      const peer = this.peers[vec[off] as number]!;
      const r = this.reachability(vec, off);
      out.push({
        off,
        eligible: r.reachable,
        attrs: vec[off + 2] as AttrSet,
        weight: peer.weight,
        local: peer.local,
        ebgp: peer.ebgp,
        igpMetric: r.metric,
        peerBgpId: peer.bgpId,
        peerAddr: peer.addrKey,
        pathId: vec[off + 1] as number,
      });
    }
    return out;
  }

  /** Every path of a prefix with its live selection and, for losers, whom they lost to and why. */
  explain(prefix: PrefixKey): PathTrace[] | undefined {
    const vec = this.dests.get(prefix);
    if (!vec || vec.length === 1) return undefined;
    const all = this.candidates(vec);
    const elig = all.filter((c) => c.eligible);
    const sel = select(elig, this.ctx, true);
    const mpOffs = new Set(sel.multipath.length > 1 ? sel.multipath.map((i) => elig[i]!.off) : []);
    const bestOff = sel.best >= 0 ? elig[sel.best]!.off : -1;
    return all.map((c): PathTrace => {
      const t: PathTrace = {
        peerIdx: vec[c.off] as number,
        pathId: c.pathId,
        set: c.attrs,
        eligible: c.eligible,
        igpMetric: c.igpMetric,
        best: c.off === bestOff,
        multipath: mpOffs.has(c.off),
        installedBest: ((vec[c.off + 3] as number) & F_BEST) !== 0,
      };
      const i = elig.indexOf(c);
      const to = i >= 0 ? sel.lostTo[i]! : -1;
      if (to >= 0) {
        const w = elig[to]!;
        t.lostTo = { peerIdx: vec[w.off] as number, pathId: w.pathId };
        t.reason = sel.reasons[i]!;
      }
      return t;
    });
  }

  /** Offset of the installed best path (as of the last flush), or -1. */
  installedBest(vec: DestVec): number {
    for (let off = 1; off < vec.length; off += STRIDE) if ((vec[off + 3] as number) & F_BEST) return off;
    return -1;
  }

  /** Offsets of the installed paths: the multipath set, or just the best. */
  installedPaths(vec: DestVec): number[] {
    const out: number[] = [];
    const best = this.installedBest(vec);
    if (best < 0) return out;
    out.push(best);
    for (let off = 1; off < vec.length; off += STRIDE)
      if (off !== best && (vec[off + 3] as number) & F_MULTIPATH) out.push(off);
    return out;
  }
}

function findPath(vec: DestVec, peerIdx: number, pathId: number): number {
  for (let off = 1; off < vec.length; off += STRIDE) if (vec[off] === peerIdx && vec[off + 1] === pathId) return off;
  return -1;
}

/** A selected path changes or goes: the destination's installed state is stale until the next flush. */
function unselect(vec: DestVec, off: number): void {
  const f = vec[off + 3] as number;
  if (f & F_BEST) vec[0] = (vec[0] as number) | D_BEST_DIRTY;
  if (f & F_MULTIPATH) vec[0] = (vec[0] as number) | D_MP_DIRTY;
  vec[off + 3] = 0;
}
