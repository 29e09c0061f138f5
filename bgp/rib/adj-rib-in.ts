/**
 * Adj-RIB-In (RFC 4271 §3.2, §9.1): per peer, what it sent us. Post-policy always (the accepted attribute set,
 * or a small reject code recording why the path was refused); pre-policy only with soft-reconfiguration
 * inbound (RFC 2918 §1 describes the alternative: ROUTE-REFRESH). Keyed by PrefixKey, plus the path
 * identifier for families where ADD-PATH receive is negotiated (RFC 7911).
 *
 * Storage is compact: one Map entry per prefix whose value is the AttrSet reference itself (or a number),
 * no object per path. Also here: the receive-side checks that run once per UPDATE (RFC 4271 §9.1.2 AS loop,
 * RFC 4456 §8 ORIGINATOR_ID / CLUSTER_LIST loops) and the per-UPDATE attribute preparation.
 */

import type { PrefixKey } from '../../lib/prefix.js';
import { PrefixMap } from '../../lib/prefix-map.js';
import type { AsPathSegment, MpReach, PathAttrs } from '../packet/types.js';
import type { AttrSet, AttrStore } from './intern.js';
import { REJECT_REASONS, type RejectReason } from './types.js';

/** Reject codes stored in place of an AttrSet: index into REJECT_REASONS. */
export const REJECT_POLICY = 0;
export const REJECT_RFC8212 = 1;
export const REJECT_AS_LOOP = 2;
export const REJECT_ORIGINATOR_ID = 3;
export const REJECT_CLUSTER_LOOP = 4;
export const REJECT_NO_NEXTHOP = 5;
/** Accepted (no reject code). */
export const ACCEPT = -1;

export function rejectReason(code: number): RejectReason {
  return REJECT_REASONS[code] ?? 'policy';
}

type PathList<V> = (number | V)[]; // [pathId, value, pathId, value, ...]

/**
 * prefix (+ path id) → V. Without ADD-PATH the value sits directly in the Map; with it, a flat
 * [pathId, value, ...] list per prefix. The mode is fixed per family when the session comes up.
 */
export class PathTable<V> {
  private readonly map = new PrefixMap<V | PathList<V>>();
  private count = 0;

  constructor(
    private readonly addPath4: boolean,
    private readonly addPath6: boolean,
  ) {}

  private multi(p: PrefixKey): boolean {
    return typeof p === 'number' ? this.addPath4 : this.addPath6;
  }

  /** Path identifiers are significant for this prefix's family (ADD-PATH receive negotiated). */
  hasPathIds(p: PrefixKey): boolean {
    return this.multi(p);
  }

  /** Number of paths. */
  get size(): number {
    return this.count;
  }

  get(p: PrefixKey, pathId: number): V | undefined {
    const v = this.map.get(p);
    if (v === undefined || !this.multi(p)) return v as V | undefined;
    const l = v as PathList<V>;
    for (let i = 0; i < l.length; i += 2) if (l[i] === pathId) return l[i + 1] as V;
    return undefined;
  }

  /** Store and return the previous value. */
  set(p: PrefixKey, pathId: number, val: V): V | undefined {
    if (!this.multi(p)) {
      const old = this.map.get(p) as V | undefined;
      this.map.set(p, val);
      if (old === undefined) this.count++;
      return old;
    }
    const l = this.map.get(p) as PathList<V> | undefined;
    if (!l) {
      this.map.set(p, [pathId, val]);
      this.count++;
      return undefined;
    }
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] === pathId) {
        const old = l[i + 1] as V;
        l[i + 1] = val;
        return old;
      }
    }
    l.push(pathId, val);
    this.count++;
    return undefined;
  }

  delete(p: PrefixKey, pathId: number): V | undefined {
    const v = this.map.get(p);
    if (v === undefined) return undefined;
    if (!this.multi(p)) {
      this.map.delete(p);
      this.count--;
      return v as V;
    }
    const l = v as PathList<V>;
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] !== pathId) continue;
      const old = l[i + 1] as V;
      l.splice(i, 2);
      if (l.length === 0) this.map.delete(p);
      this.count--;
      return old;
    }
    return undefined;
  }

  forEach(cb: (val: V, prefix: PrefixKey, pathId: number) => void): void {
    this.map.forEach((v, p) => {
      if (!this.multi(p)) cb(v as V, p, 0);
      else {
        const l = v as PathList<V>;
        for (let i = 0; i < l.length; i += 2) cb(l[i + 1] as V, p, l[i] as number);
      }
    });
  }

  /** All [pathId, value] of one prefix. */
  paths(p: PrefixKey): [number, V][] {
    const v = this.map.get(p);
    if (v === undefined) return [];
    if (!this.multi(p)) return [[0, v as V]];
    const l = v as PathList<V>;
    const out: [number, V][] = [];
    for (let i = 0; i < l.length; i += 2) out.push([l[i] as number, l[i + 1] as V]);
    return out;
  }

  clear(): void {
    this.map.clear();
    this.count = 0;
  }
}

/** Post-policy value: the accepted set, or a reject code. */
export type PostEntry = AttrSet | number;

export class AdjRibIn {
  readonly post: PathTable<PostEntry>;
  /** Pre-policy (as received, after per-UPDATE preparation), with soft-reconfiguration inbound only. */
  readonly pre: PathTable<AttrSet> | undefined;
  accepted = 0;

  constructor(
    private readonly store: AttrStore,
    addPath4: boolean,
    addPath6: boolean,
    softReconfig: boolean,
  ) {
    this.post = new PathTable(addPath4, addPath6);
    this.pre = softReconfig ? new PathTable(addPath4, addPath6) : undefined;
  }

  /** Paths received and currently held (accepted + rejected). */
  get received(): number {
    return this.post.size;
  }

  get rejected(): number {
    return this.post.size - this.accepted;
  }

  /** Record one received path; returns the previous post-policy entry (its reference already dropped). */
  put(prefix: PrefixKey, pathId: number, received: AttrSet, result: PostEntry): PostEntry | undefined {
    if (typeof result !== 'number') {
      this.store.retain(result);
      this.accepted++;
    }
    const old = this.post.set(prefix, pathId, result);
    if (old !== undefined && typeof old !== 'number') {
      this.accepted--;
      this.store.release(old);
    }
    if (this.pre) {
      this.store.retain(received);
      const oldPre = this.pre.set(prefix, pathId, received);
      if (oldPre) this.store.release(oldPre);
    }
    return old;
  }

  /** Withdraw one path; returns the removed post-policy entry (its reference already dropped). */
  remove(prefix: PrefixKey, pathId: number): PostEntry | undefined {
    const old = this.post.delete(prefix, pathId);
    if (old !== undefined && typeof old !== 'number') {
      this.accepted--;
      this.store.release(old);
    }
    const oldPre = this.pre?.delete(prefix, pathId);
    if (oldPre) this.store.release(oldPre);
    return old;
  }

  /** Drop everything (session down), releasing every reference. */
  clear(): void {
    this.post.forEach((v) => {
      if (typeof v !== 'number') this.store.release(v);
    });
    this.pre?.forEach((v) => {
      this.store.release(v);
    });
    this.post.clear();
    this.pre?.clear();
    this.accepted = 0;
  }
}

// ---- per-UPDATE preparation and checks ----

/**
 * The attributes that IPv4 NLRI (the UPDATE's NLRI field) carry: everything but MP_REACH / MP_UNREACH.
 * From an eBGP peer LOCAL_PREF is ignored (RFC 4271 §5.1.5) and the RFC 4456 attributes, which must not cross
 * an AS boundary (optional non-transitive, RFC 4456 §8), are dropped.
 */
export function ipv4NlriAttrs(a: PathAttrs, ebgp: boolean): PathAttrs {
  if (!a.mpReach && !a.mpUnreach && !(ebgp && hasIbgpOnly(a))) return a;
  const { mpReach: _r, mpUnreach: _u, ...rest } = a;
  return ebgp ? stripIbgpOnly(rest) : rest;
}

/**
 * The attributes that MP_REACH_NLRI routes carry. IPv4 unicast with a 4-octet next hop becomes a plain
 * NEXT_HOP (so it is advertised in the NLRI field again); other next hops (IPv6, RFC 8950) stay in mpReach.
 */
export function mpNlriAttrs(a: PathAttrs, mp: MpReach, ebgp: boolean): PathAttrs {
  const { mpReach: _r, mpUnreach: _u, nextHop: _n, ...rest } = a;
  const out: PathAttrs = rest;
  if (mp.afi === 1 && mp.nextHop.length === 4) {
    const b = mp.nextHop;
    out.nextHop = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  } else out.mpReach = { afi: mp.afi, safi: mp.safi, nextHop: mp.nextHop, nlri: [] };
  return ebgp ? stripIbgpOnly(out) : out;
}

function hasIbgpOnly(a: PathAttrs): boolean {
  return a.localPref !== undefined || a.originatorId !== undefined || a.clusterList !== undefined;
}

function stripIbgpOnly(a: PathAttrs): PathAttrs {
  if (!hasIbgpOnly(a)) return a;
  const { localPref: _l, originatorId: _o, clusterList: _c, ...rest } = a;
  return rest;
}

/** How often `asn` appears in the AS_PATH (AS_SEQUENCE and AS_SET segments). */
export function asCount(path: readonly AsPathSegment[] | undefined, asn: number): number {
  let n = 0;
  for (const seg of path ?? []) {
    if (seg.type !== 1 && seg.type !== 2) continue;
    for (const a of seg.asns) if (a === asn) n++;
  }
  return n;
}

export interface ReceiveCheckCtx {
  localAs: number;
  routerId: number;
  clusterId: number;
  allowasIn: number;
  ibgp: boolean;
}

/** Loop checks, once per UPDATE: a reject code, or ACCEPT. */
export function checkReceived(set: AttrSet, ctx: ReceiveCheckCtx): number {
  if (set.nextHop === undefined) return REJECT_NO_NEXTHOP;
  // RFC 4271 §9.1.2: a route whose AS_PATH contains our AS is a loop (allowas-in relaxes it).
  if (asCount(set.attrs.asPath, ctx.localAs) > ctx.allowasIn) return REJECT_AS_LOOP;
  if (ctx.ibgp) {
    // RFC 4456 §8: ignore a route carrying our own BGP Identifier as ORIGINATOR_ID, or our CLUSTER_ID.
    if (set.originatorId === ctx.routerId) return REJECT_ORIGINATOR_ID;
    if (set.attrs.clusterList?.includes(ctx.clusterId)) return REJECT_CLUSTER_LOOP;
  }
  return ACCEPT;
}
