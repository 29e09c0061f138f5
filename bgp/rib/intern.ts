/**
 * Path-attribute interning (DESIGN.md §3.9). Many prefixes share one attribute set: the RIB keeps one frozen,
 * ref-counted `AttrSet` per distinct set and stores a reference per path. An UPDATE is interned once, not once
 * per prefix. The key is a compact binary serialization (latin1 string) of every attribute except the NLRI
 * lists of MP_REACH_NLRI / MP_UNREACH_NLRI; the next hop (NEXT_HOP or MP_REACH_NLRI's next hop) is part of it.
 *
 * Each set also carries what the decision process reads, computed once: AS_PATH length (RFC 4271 §9.1.2.2 a,
 * RFC 5065 §5.3), neighbor AS (RFC 4271 §9.1.2.2 c), ORIGIN, MED, LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST
 * length (RFC 4456 §9), and the RFC 1997 well-known communities that steer export.
 *
 * Refcount contract: `intern` returns a set holding one reference for the caller; every stored use calls
 * `retain`; `release` drops one and removes the set from the table at zero. Typed arrays (next hops,
 * extended communities, unknown attributes) are copied but cannot be frozen: never mutate them.
 */
import type { Afi, PrefixKey } from '../../lib/prefix.js';
import type { AsPathSegment, MpReach, PathAttrs, RawAttr } from '../packet/types.js';
import { nexthopFromBytes } from './nexthop.js';
import type { NexthopKey } from './types.js';

/** RFC 1997 well-known communities, as bits in `AttrSet.wellKnown`. */
export const WK_NO_EXPORT = 1; // 0xFFFFFF01
export const WK_NO_ADVERTISE = 2; // 0xFFFFFF02
export const WK_NO_EXPORT_SUBCONFED = 4; // 0xFFFFFF03

const EMPTY_NLRI = Object.freeze([]) as unknown as PrefixKey[];

let adjustRefs!: (s: AttrSet, delta: number) => number;

export class AttrSet {
  #refs = 0;
  /** The interning key (canonical serialization). */
  readonly key: string;
  readonly attrs: Readonly<PathAttrs>;
  /** Address family of the routes carrying this set: MP_REACH_NLRI's AFI, else IPv4. */
  readonly afi: Afi;
  readonly nextHop: NexthopKey | undefined;
  /** RFC 4271 §9.1.2.2 a: AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3). */
  readonly asPathLen: number;
  /** First AS of the first AS_SEQUENCE (after confederation segments); 0 = empty path (our AS); -1 = none. */
  readonly neighborAs: number;
  /** ORIGIN; an absent ORIGIN (malformed) ranks as INCOMPLETE. */
  readonly origin: 0 | 1 | 2;
  readonly med: number | undefined;
  readonly localPref: number | undefined;
  readonly originatorId: number | undefined;
  readonly clusterListLen: number;
  /** WK_* bits. */
  readonly wellKnown: number;

  static {
    adjustRefs = (s, delta) => {
      s.#refs += delta;
      return s.#refs;
    };
  }

  constructor(key: string, attrs: Readonly<PathAttrs>) {
    this.key = key;
    this.attrs = attrs;
    const mp = attrs.mpReach;
    this.afi = mp ? mp.afi : 1;
    this.nextHop = mp ? nexthopFromBytes(mp.nextHop) : attrs.nextHop;
    const [len, nas] = asPathMetrics(attrs.asPath);
    this.asPathLen = len;
    this.neighborAs = nas;
    this.origin = attrs.origin ?? 2;
    this.med = attrs.med;
    this.localPref = attrs.localPref;
    this.originatorId = attrs.originatorId;
    this.clusterListLen = attrs.clusterList?.length ?? 0;
    this.wellKnown = wellKnownBits(attrs.communities);
    Object.freeze(this);
  }

  /** References held (0 once released from the store). */
  get refs(): number {
    return this.#refs;
  }
}

/** [AS_PATH length for the decision, neighbor AS]. */
export function asPathMetrics(path: readonly AsPathSegment[] | undefined): [number, number] {
  let len = 0;
  let neighbor = 0;
  let seenPlain = false;
  for (const seg of path ?? []) {
    if (seg.type === 2) len += seg.asns.length;
    else if (seg.type === 1) len += 1;
    if (!seenPlain && (seg.type === 1 || seg.type === 2)) {
      seenPlain = true;
      neighbor = seg.type === 2 ? (seg.asns[0] ?? -1) : -1;
    }
  }
  return [len, neighbor];
}

function wellKnownBits(communities: readonly number[] | undefined): number {
  let bits = 0;
  for (const c of communities ?? []) {
    if (c === 0xffffff01) bits |= WK_NO_EXPORT;
    else if (c === 0xffffff02) bits |= WK_NO_ADVERTISE;
    else if (c === 0xffffff03) bits |= WK_NO_EXPORT_SUBCONFED;
  }
  return bits;
}

/** Growable scratch for keys; owned by one store (no module-level shared buffers). */
class KeyWriter {
  private buf = Buffer.allocUnsafe(512);
  private pos = 0;

  reset(): void {
    this.pos = 0;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
  }

  u32(v: number): void {
    this.room(4);
    const b = this.buf;
    b[this.pos] = (v >>> 24) & 0xff;
    b[this.pos + 1] = (v >>> 16) & 0xff;
    b[this.pos + 2] = (v >>> 8) & 0xff;
    b[this.pos + 3] = v & 0xff;
    this.pos += 4;
  }

  bytes(v: Uint8Array): void {
    this.u32(v.length);
    this.room(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  u32s(v: readonly number[]): void {
    this.u32(v.length);
    for (const x of v) this.u32(x);
  }

  toKey(): string {
    return this.buf.toString('latin1', 0, this.pos);
  }
}

/** Attribute tags in the key: fixed order, one per present attribute (RFC 4271 type codes where they exist). */
function writeKey(w: KeyWriter, a: PathAttrs): void {
  w.reset();
  if (a.origin !== undefined) {
    w.u8(1);
    w.u8(a.origin);
  }
  if (a.asPath !== undefined) {
    w.u8(2);
    w.u32(a.asPath.length);
    for (const s of a.asPath) {
      w.u8(s.type);
      w.u32s(s.asns);
    }
  }
  if (a.nextHop !== undefined) {
    w.u8(3);
    w.u32(a.nextHop);
  }
  if (a.med !== undefined) {
    w.u8(4);
    w.u32(a.med);
  }
  if (a.localPref !== undefined) {
    w.u8(5);
    w.u32(a.localPref);
  }
  if (a.atomicAggregate) w.u8(6);
  if (a.aggregator !== undefined) {
    w.u8(7);
    w.u32(a.aggregator.asn);
    w.u32(a.aggregator.address);
  }
  if (a.communities !== undefined) {
    w.u8(8);
    w.u32s(a.communities);
  }
  if (a.originatorId !== undefined) {
    w.u8(9);
    w.u32(a.originatorId);
  }
  if (a.clusterList !== undefined) {
    w.u8(10);
    w.u32s(a.clusterList);
  }
  if (a.mpReach !== undefined) {
    w.u8(14);
    w.u32(a.mpReach.afi);
    w.u8(a.mpReach.safi);
    w.bytes(a.mpReach.nextHop);
  }
  if (a.extCommunities !== undefined) {
    w.u8(16);
    w.u32(a.extCommunities.length);
    for (const c of a.extCommunities) w.bytes(c);
  }
  if (a.largeCommunities !== undefined) {
    w.u8(32);
    w.u32(a.largeCommunities.length);
    for (const [g, l1, l2] of a.largeCommunities) {
      w.u32(g);
      w.u32(l1);
      w.u32(l2);
    }
  }
  if (a.unknown !== undefined) {
    w.u8(255);
    w.u32(a.unknown.length);
    for (const u of a.unknown) {
      w.u8(u.flags);
      w.u8(u.type);
      w.bytes(u.value);
    }
  }
}

function frozenCopy<T>(xs: readonly T[]): T[] {
  return Object.freeze(xs.slice()) as T[];
}

/** A private, frozen copy in canonical key order; MP_REACH keeps AFI/SAFI/next hop, drops the NLRI. */
function canonicalCopy(a: PathAttrs): Readonly<PathAttrs> {
  const c: PathAttrs = {};
  if (a.origin !== undefined) c.origin = a.origin;
  if (a.asPath !== undefined)
    c.asPath = frozenCopy(
      a.asPath.map((s): AsPathSegment => Object.freeze({ type: s.type, asns: frozenCopy(s.asns) })),
    );
  if (a.nextHop !== undefined) c.nextHop = a.nextHop;
  if (a.med !== undefined) c.med = a.med;
  if (a.localPref !== undefined) c.localPref = a.localPref;
  if (a.atomicAggregate) c.atomicAggregate = true;
  if (a.aggregator !== undefined)
    c.aggregator = Object.freeze({ asn: a.aggregator.asn, address: a.aggregator.address });
  if (a.communities !== undefined) c.communities = frozenCopy(a.communities);
  if (a.extCommunities !== undefined) c.extCommunities = frozenCopy(a.extCommunities.map((x) => x.slice()));
  if (a.largeCommunities !== undefined)
    c.largeCommunities = frozenCopy(
      a.largeCommunities.map((x) => Object.freeze([x[0], x[1], x[2]]) as [number, number, number]),
    );
  if (a.originatorId !== undefined) c.originatorId = a.originatorId;
  if (a.clusterList !== undefined) c.clusterList = frozenCopy(a.clusterList);
  if (a.mpReach !== undefined) {
    const m = a.mpReach;
    c.mpReach = Object.freeze<MpReach>({ afi: m.afi, safi: m.safi, nextHop: m.nextHop.slice(), nlri: EMPTY_NLRI });
  }
  if (a.unknown !== undefined)
    c.unknown = frozenCopy(
      a.unknown.map((u): RawAttr => Object.freeze({ flags: u.flags, type: u.type, value: u.value.slice() })),
    );
  return Object.freeze(c);
}

export class AttrStore {
  private readonly table = new Map<string, AttrSet>();
  private readonly w = new KeyWriter();
  /** Sets created since construction (for stats and tests). */
  created = 0;

  /** Distinct live sets. */
  get size(): number {
    return this.table.size;
  }

  /** The shared set equal to `attrs` (MP NLRI lists and MP_UNREACH ignored), with one reference for the caller. */
  intern(attrs: PathAttrs): AttrSet {
    writeKey(this.w, attrs);
    const key = this.w.toKey();
    let set = this.table.get(key);
    if (!set) {
      set = new AttrSet(key, canonicalCopy(attrs));
      this.table.set(key, set);
      this.created++;
    }
    adjustRefs(set, 1);
    return set;
  }

  retain(set: AttrSet): void {
    // A set that was released to zero and is used again goes back into the table (unless replaced meanwhile).
    if (adjustRefs(set, 1) === 1 && !this.table.has(set.key)) this.table.set(set.key, set);
  }

  release(set: AttrSet): void {
    const n = adjustRefs(set, -1);
    if (n === 0) {
      if (this.table.get(set.key) === set) this.table.delete(set.key);
    } else if (n < 0) throw new Error('AttrStore.release: reference count below zero');
  }

  /** The live set with this key, if any (tests and diagnostics). */
  lookup(key: string): AttrSet | undefined {
    return this.table.get(key);
  }
}
