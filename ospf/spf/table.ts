/**
 * The routing table under construction (RFC 2328 §11): one entry per destination. Path types are preferred
 * in the order of §11: intra-area, inter-area, type 1 external, type 2 external; within a type, the lower
 * cost (for type 2, the type 2 metric first, §16.4 step 6); equal paths are merged (ECMP).
 *
 * Every stub link and summary is offered here (two offers per numbered point-to-point subnet), so the table
 * is the hot part of a run: an open-addressing hash on (address, length) over typed arrays, with the route
 * fields in parallel arrays; no object and no Map entry until `publish` builds the result once.
 */
import { maskV4, type PrefixKey } from '../../lib/prefix.js';
import type { NexthopTable, NhSet } from './nexthops.js';
import type { OspfNexthop, OspfPathType, OspfRoute } from './types.js';

export interface WorkRouter {
  area: number;
  type: 'intra' | 'inter';
  cost: number;
  abr: boolean;
  asbr: boolean;
  nh: NhSet;
}

/** §11 preference order, as stored in the table. */
export const RANK_INTRA = 0;
export const RANK_INTER = 1;
export const RANK_E1 = 2;
export const RANK_E2 = 3;
const TYPE_OF: readonly OspfPathType[] = ['intra', 'inter', 'e1', 'e2'];

export class RouteTable {
  private bits = 10;
  /**
   * Slots of two int32: the address, and the length (top 8 bits) with the route index + 1 (0 = empty). Key
   * and index share a cache line and the table stays small: with tens of thousands of prefixes offered in
   * graph order, memory misses are what costs.
   */
  private slots = new Int32Array(2 << 10);
  private n = 0;
  addr = new Float64Array(512);
  len = new Uint8Array(512);
  rank = new Uint8Array(512);
  cost = new Float64Array(512);
  type2Cost = new Float64Array(512);
  area = new Float64Array(512);
  readonly nexthops: (readonly OspfNexthop[])[] = [];

  constructor(private readonly nht: NexthopTable) {}

  get size(): number {
    return this.n;
  }

  /** The slot (index of its key in `slots`) holding (addr, len), or the empty one where it would go. */
  private slotOf(addr: number, len: number): number {
    const m = (1 << this.bits) - 1;
    const a = addr | 0;
    let h = Math.imul(a ^ Math.imul(len + 1, 0x27d4eb2d), 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const s = h << 1;
      const w = this.slots[s + 1]!;
      if (w === 0 || (this.slots[s] === a && w >>> 24 === len)) return s;
      h = (h + 1) & m;
    }
  }

  /** Index of the route for (addr, len), or -1. `addr` must have its host bits clear. */
  find(addr: number, len: number): number {
    return (this.slots[this.slotOf(addr, len) + 1]! & 0xffffff) - 1;
  }

  /**
   * Offer a path: it replaces a worse one, merges with an equal one, or is dropped. `addr` has its host bits
   * clear; `nexthops` comes from `NexthopTable.list`.
   */
  offer(
    addr: number,
    len: number,
    rank: number,
    cost: number,
    type2Cost: number,
    area: number,
    nexthops: readonly OspfNexthop[],
  ): void {
    if (nexthops.length === 0) return; // no way to forward: not a route
    const s = this.slotOf(addr, len);
    const i = (this.slots[s + 1]! & 0xffffff) - 1;
    if (i < 0) {
      if (this.n >= 0xfffffe) throw new Error('route table: over 16M destinations');
      this.append(addr, len, rank, cost, type2Cost, area, nexthops);
      this.slots[s] = addr | 0;
      this.slots[s + 1] = (len << 24) | this.n;
      if (this.n * 8 > this.slots.length * 3) this.rehash(); // load factor 0.75
      return;
    }
    let d = rank - this.rank[i]!;
    if (d === 0 && rank === RANK_E2) d = type2Cost - this.type2Cost[i]!;
    if (d === 0) d = cost - this.cost[i]!;
    if (d > 0) return;
    if (d === 0) {
      this.nexthops[i] = this.nht.union(this.nexthops[i]!, nexthops);
      return;
    }
    this.set(i, rank, cost, type2Cost, area, nexthops);
  }

  private append(
    addr: number,
    len: number,
    rank: number,
    cost: number,
    type2Cost: number,
    area: number,
    nexthops: readonly OspfNexthop[],
  ): void {
    const i = this.n++;
    if (i === this.addr.length) this.growArrays();
    this.addr[i] = addr;
    this.len[i] = len;
    this.nexthops.push(nexthops);
    this.set(i, rank, cost, type2Cost, area, nexthops);
  }

  private set(
    i: number,
    rank: number,
    cost: number,
    type2Cost: number,
    area: number,
    nh: readonly OspfNexthop[],
  ): void {
    this.rank[i] = rank;
    this.cost[i] = cost;
    this.type2Cost[i] = type2Cost;
    this.area[i] = area;
    this.nexthops[i] = nh;
  }

  private growArrays(): void {
    const cap = this.addr.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const u = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    this.addr = f(this.addr);
    this.cost = f(this.cost);
    this.type2Cost = f(this.type2Cost);
    this.area = f(this.area);
    this.len = u(this.len);
    this.rank = u(this.rank);
  }

  private rehash(): void {
    this.bits++;
    this.slots = new Int32Array(2 << this.bits);
    for (let i = 0; i < this.n; i++) {
      const s = this.slotOf(this.addr[i]!, this.len[i]!);
      this.slots[s] = this.addr[i]! | 0;
      this.slots[s + 1] = (this.len[i]! << 24) | (i + 1);
    }
  }

  /** Longest match for `addr` among intra- and inter-area routes (§16.4 forwarding address), or -1. */
  longestInternal(addr: number): number {
    for (let len = 32; len >= 0; len--) {
      const i = this.find(maskV4(addr, len), len);
      if (i >= 0 && this.rank[i]! <= RANK_INTER) return i;
    }
    return -1;
  }

  /** The result: one Map entry and one route object per destination. */
  publish(): Map<PrefixKey, OspfRoute> {
    const out = new Map<PrefixKey, OspfRoute>();
    for (let i = 0; i < this.n; i++) {
      const type = TYPE_OF[this.rank[i]!]!;
      const cost = this.cost[i]!;
      const area = this.area[i]!;
      const nexthops = this.nexthops[i]!;
      out.set(
        this.addr[i]! * 64 + this.len[i]!,
        type === 'e2' ? { type, cost, type2Cost: this.type2Cost[i]!, area, nexthops } : { type, cost, area, nexthops },
      );
    }
    return out;
  }
}

/** Prefix length of a contiguous mask, or -1 (a non-contiguous mask makes the LSA unusable). */
export function maskLen(mask: number): number {
  const m = mask >>> 0;
  const len = Math.clz32(~m);
  return len === 32 || m === (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) ? len : -1;
}
