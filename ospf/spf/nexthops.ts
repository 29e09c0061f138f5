/**
 * Next hops of one SPF run: (outgoing interface, next-hop address) pairs interned as small integers, so that
 * vertices and routes share next-hop sets as plain number arrays and equal-cost merging is cheap
 * (RFC 2328 §16.1.1). Address 0 means "directly attached": forward on the interface itself.
 */
import type { OspfNexthop, SpfInterface } from './types.js';

/** A next-hop set: interned ids, unsorted, no duplicates. Shared between vertices; never mutated. */
export type NhSet = readonly number[];

export const NO_NEXTHOPS: NhSet = Object.freeze([]) as NhSet;

export class NexthopTable {
  readonly ifaces: readonly SpfInterface[];
  private readonly ids = new Map<number, number>();
  private readonly ifOf: number[] = [];
  private readonly addrOf: number[] = [];
  private readonly objs: OspfNexthop[] = [];
  private readonly lists = new Map<NhSet, readonly OspfNexthop[]>();
  private readonly sets = new Map<readonly OspfNexthop[], NhSet>();

  constructor(ifaces: readonly SpfInterface[]) {
    this.ifaces = ifaces;
  }

  intern(ifIdx: number, address: number): number {
    const a = address >>> 0;
    const key = ifIdx * 0x1_0000_0000 + a;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.objs.length;
      this.ids.set(key, id);
      this.ifOf.push(ifIdx);
      this.addrOf.push(a);
      this.objs.push(Object.freeze({ address: a, ifIndexOrName: this.ifaces[ifIdx]?.name ?? '' }));
    }
    return id;
  }

  ifIndexOf(id: number): number {
    return this.ifOf[id]!;
  }

  addressOf(id: number): number {
    return this.addrOf[id]!;
  }

  /** The public form of a set, sorted by interface then address; one array per distinct set object. */
  list(set: NhSet): readonly OspfNexthop[] {
    let l = this.lists.get(set);
    if (!l) {
      const ids = [...set].sort((x, y) => this.ifOf[x]! - this.ifOf[y]! || this.addrOf[x]! - this.addrOf[y]!);
      l = Object.freeze(ids.map((id) => this.objs[id]!));
      this.lists.set(set, l);
      this.sets.set(l, set);
    }
    return l;
  }

  /** The interned set behind a list made by `list`. */
  setOf(list: readonly OspfNexthop[]): NhSet {
    const s = this.sets.get(list);
    if (!s) throw new Error('next-hop list not made by this table');
    return s;
  }

  /** Union of two lists made by `list` (ECMP merge); returns `a` when `b` adds nothing. */
  union(a: readonly OspfNexthop[], b: readonly OspfNexthop[]): readonly OspfNexthop[] {
    if (a === b) return a;
    const sa = this.setOf(a);
    const u = unionNh(sa, this.setOf(b));
    return u === sa ? a : this.list(u);
  }
}

/** Union of two next-hop sets; returns `a` itself when `b` adds nothing (no allocation in the common case). */
export function unionNh(a: NhSet, b: NhSet): NhSet {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  let out: number[] | undefined;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if (a.includes(x) || out?.includes(x)) continue;
    if (!out) out = a.slice();
    out.push(x);
  }
  return out ?? a;
}
