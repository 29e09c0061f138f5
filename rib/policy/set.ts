/**
 * Route-map set actions, applied copy-on-write: the input PathAttrs (interned and shared by the RIB) is never
 * mutated; a changed result is a new object, an unchanged one is the very same object, so the RIB can keep
 * interning cheap (identity check first).
 *
 * RFC 4271 §5.1 (ORIGIN, AS_PATH §5.1.2 prepend and segment overflow, NEXT_HOP, MED, LOCAL_PREF),
 * RFC 1997 communities, RFC 8092 large communities, RFC 4760 MP_REACH_NLRI next hop (RFC 2545 global + link-local).
 */
import type { AsPathSegment, PathAttrs } from '../../bgp/packet/types.js';
import { formatCommunity, formatLargeCommunity, sameLargeCommunity } from './community.js';
import { type CompiledCommunityList, communityListDelete } from './lists.js';

export interface CompiledCommunitySet<V> {
  none: boolean;
  replace: readonly V[] | undefined;
  remove: readonly V[] | undefined;
  removeList: CompiledCommunityList<V> | undefined;
  add: readonly V[] | undefined;
}

export type CompiledNextHopSet =
  | { kind: 'address'; address: number | Uint8Array }
  | { kind: 'peer-address' }
  | { kind: 'unchanged' };

/** Every field present (undefined when not configured) so all compiled sets share one shape. */
export interface CompiledSet {
  localPref: number | undefined;
  /** Absolute MED, or a delta when `medRelative`. */
  med: number | undefined;
  medRelative: boolean;
  weight: number | undefined;
  nextHop: CompiledNextHopSet | undefined;
  asPathPrepend: readonly number[] | undefined;
  asPathExclude: readonly number[] | undefined;
  community: CompiledCommunitySet<number> | undefined;
  largeCommunity: CompiledCommunitySet<[number, number, number]> | undefined;
  origin: 0 | 1 | 2 | undefined;
}

const U32_MAX = 0xffffffff;
/** RFC 4271 §4.3: a path segment holds at most 255 ASes. */
const AS_SEGMENT_MAX = 255;

type Eq<V> = (a: V, b: V) => boolean;
const eqNum: Eq<number> = (a, b) => a === b;

function has<V>(xs: readonly V[], v: V, eq: Eq<V>): boolean {
  for (const x of xs) if (eq(x, v)) return true;
  return false;
}

function sameMembers<V>(a: readonly V[], b: readonly V[], eq: Eq<V>): boolean {
  if (a.length !== b.length) return false;
  for (const v of a) if (!has(b, v, eq)) return false;
  for (const v of b) if (!has(a, v, eq)) return false;
  return true;
}

/**
 * none → replace → remove → removeList → add. Returns `current` itself when the membership is unchanged,
 * `undefined` when the result is empty (the attribute is then dropped), else a new array.
 */
function editCommunities<V>(
  cs: CompiledCommunitySet<V>,
  current: readonly V[] | undefined,
  eq: Eq<V>,
  textOf: (v: V) => string,
): readonly V[] | undefined {
  let vals: readonly V[] = current ?? [];
  if (cs.none) vals = [];
  if (cs.replace) vals = cs.replace;
  const remove = cs.remove;
  if (remove) vals = vals.filter((v) => !has(remove, v, eq));
  if (cs.removeList) vals = communityListDelete(cs.removeList, vals, textOf);
  if (cs.add) {
    let grown: V[] | undefined;
    for (const a of cs.add) {
      if (has(grown ?? vals, a, eq)) continue;
      grown ??= [...vals];
      grown.push(a);
    }
    if (grown) vals = grown;
  }
  if (sameMembers(vals, current ?? [], eq)) return current;
  return vals.length === 0 ? undefined : [...vals];
}

function excludeAsns(path: readonly AsPathSegment[], asns: readonly number[]): readonly AsPathSegment[] {
  let out: AsPathSegment[] | undefined;
  path.forEach((seg, i) => {
    const kept = seg.asns.filter((a) => !asns.includes(a));
    if (kept.length === seg.asns.length) {
      out?.push(seg);
      return;
    }
    out ??= path.slice(0, i);
    if (kept.length > 0) out.push({ type: seg.type, asns: kept });
  });
  return out ?? path;
}

/** RFC 4271 §5.1.2: prepend into a leading AS_SEQUENCE; on overflow, new AS_SEQUENCE segments go in front. */
function prependAsns(path: readonly AsPathSegment[], asns: readonly number[]): AsPathSegment[] {
  const first = path[0];
  const leading = first?.type === 2;
  const combined = leading ? [...asns, ...first.asns] : [...asns];
  const rest = leading ? path.slice(1) : path;
  const segs: AsPathSegment[] = [];
  // Chunk from the end so the original segment stays full and the overflow forms the new leading segment.
  let end = combined.length;
  while (end > 0) {
    const start = Math.max(0, end - AS_SEGMENT_MAX);
    segs.unshift({ type: 2, asns: combined.slice(start, end) });
    end = start;
  }
  return [...segs, ...rest];
}

const NO_SEGMENTS: readonly AsPathSegment[] = Object.freeze([]);

function editAsPath(s: CompiledSet, path: AsPathSegment[] | undefined): AsPathSegment[] | undefined {
  const base: readonly AsPathSegment[] = path ?? NO_SEGMENTS;
  let p = base;
  // Exclude first, so a prepend of the same ASN in the same entry survives.
  if (s.asPathExclude) p = excludeAsns(p, s.asPathExclude);
  if (s.asPathPrepend) p = prependAsns(p, s.asPathPrepend);
  if (p === base) return path;
  return p.length === 0 ? undefined : (p as AsPathSegment[]);
}

function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  if (a.length < n || b.length < n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** IPv4 → NEXT_HOP; IPv6 → the global address of MP_REACH_NLRI's next hop, keeping a link-local second half. */
function setNextHop(attrs: PathAttrs, address: number | Uint8Array, write: () => PathAttrs): void {
  if (typeof address === 'number') {
    if (attrs.nextHop !== address) write().nextHop = address;
    return;
  }
  const mp = attrs.mpReach;
  const cur = mp?.nextHop;
  if (cur && sameBytes(cur, address, 16)) return;
  let nh = address;
  if (cur && cur.length === 32) {
    nh = new Uint8Array(32);
    nh.set(address.subarray(0, 16), 0);
    nh.set(cur.subarray(16), 16);
  }
  write().mpReach = mp ? { ...mp, nextHop: nh } : { afi: 2, safi: 1, nextHop: nh, nlri: [] };
}

function newMed(s: CompiledSet, cur: number | undefined): number | undefined {
  if (s.med === undefined) return cur;
  if (!s.medRelative) return s.med;
  return Math.min(U32_MAX, Math.max(0, (cur ?? 0) + s.med));
}

const largeText = (v: [number, number, number]) => formatLargeCommunity(v);

/**
 * Apply one entry's attribute sets. `peerAddress` resolves `nextHop: peer-address` (no change when absent).
 * Weight and next-hop-unchanged are not attributes; the caller reads them from `s`.
 */
export function applySet(s: CompiledSet, attrs: PathAttrs, peerAddress: number | Uint8Array | undefined): PathAttrs {
  let out: PathAttrs | undefined;
  const write = (): PathAttrs => {
    out ??= { ...attrs };
    return out;
  };
  if (s.origin !== undefined && attrs.origin !== s.origin) write().origin = s.origin;
  if (s.localPref !== undefined && attrs.localPref !== s.localPref) write().localPref = s.localPref;
  const med = newMed(s, attrs.med);
  if (med !== attrs.med && med !== undefined) write().med = med;
  const nh = s.nextHop;
  if (nh?.kind === 'address') setNextHop(attrs, nh.address, write);
  else if (nh?.kind === 'peer-address' && peerAddress !== undefined) setNextHop(attrs, peerAddress, write);
  if (s.asPathPrepend || s.asPathExclude) {
    const p = editAsPath(s, attrs.asPath);
    if (p !== attrs.asPath) {
      if (p) write().asPath = p;
      else delete write().asPath;
    }
  }
  if (s.community) {
    const c = editCommunities(s.community, attrs.communities, eqNum, formatCommunity);
    if (c !== attrs.communities) {
      if (c) write().communities = c as number[];
      else delete write().communities;
    }
  }
  if (s.largeCommunity) {
    const c = editCommunities(s.largeCommunity, attrs.largeCommunities, sameLargeCommunity, largeText);
    if (c !== attrs.largeCommunities) {
      if (c) write().largeCommunities = c as [number, number, number][];
      else delete write().largeCommunities;
    }
  }
  return out ?? attrs;
}
