/**
 * A map keyed by PrefixKey, built for million-entry route tables.
 *
 * IPv4 keys (numbers, `addr*64 + len`, beyond the 31-bit small-integer range) live in an open-addressing
 * table: the keys unboxed in a Float64Array, the values in a parallel array, linear probing, deletion by
 * backward shift (no tombstones), load factor at most 3/4, grown and shrunk by powers of two. Measured on
 * this machine with 1M /24 keys it inserts about 3x and looks up about 3x faster than a `Map` and needs no
 * heap number per key. IPv6 keys (strings) go to an ordinary `Map`.
 *
 * The hash mixes a per-process random seed into a 32-bit finalizer, so a peer cannot choose prefixes that
 * pile into one probe run. Iteration order is not insertion order. Do not delete or insert while
 * iterating (updating the value of a present key is fine).
 */
import type { PrefixKey } from './prefix.js';

/** Slots store key + 1, so a fresh (zeroed) Float64Array is all empty slots: 0 is never a stored key. */
const EMPTY = 0;
const MIN_CAPACITY = 16;
const SEED = (Math.random() * 0x100000000) | 0;

function hash(k: number): number {
  // 38-bit key folded to 32 bits, then the murmur3 finalizer.
  let h = (k % 0x100000000) ^ Math.imul((k / 0x100000000) | 0, 0x9e3779b1) ^ SEED;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export class PrefixMap<V> {
  /** key + 1 per slot (EMPTY: free). */
  private keys4 = new Float64Array(MIN_CAPACITY);
  /** Holey until written; a hole reads as undefined. */
  private vals4: (V | undefined)[] = new Array(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private count4 = 0;
  private readonly map6 = new Map<string, V>();

  get size(): number {
    return this.count4 + this.map6.size;
  }

  /** The slot holding stored key `s` (= key + 1), or the free slot where it would go. */
  private slot(s: number): number {
    const keys = this.keys4;
    const mask = this.mask;
    let i = hash(s) & mask;
    for (;;) {
      const x = keys[i]!;
      if (x === s || x === EMPTY) return i;
      i = (i + 1) & mask;
    }
  }

  get(k: PrefixKey): V | undefined {
    if (typeof k !== 'number') return this.map6.get(k);
    const i = this.slot(k + 1);
    return this.keys4[i] === k + 1 ? this.vals4[i] : undefined;
  }

  has(k: PrefixKey): boolean {
    if (typeof k !== 'number') return this.map6.has(k);
    return this.keys4[this.slot(k + 1)] === k + 1;
  }

  set(k: PrefixKey, v: V): this {
    if (typeof k !== 'number') {
      this.map6.set(k, v);
      return this;
    }
    const s = k + 1;
    let i = this.slot(s);
    if (this.keys4[i] !== s) {
      if ((this.count4 + 1) * 4 > (this.mask + 1) * 3) {
        this.resize((this.mask + 1) * 2);
        i = this.slot(s);
      }
      this.keys4[i] = s;
      this.count4++;
    }
    this.vals4[i] = v;
    return this;
  }

  delete(k: PrefixKey): boolean {
    if (typeof k !== 'number') return this.map6.delete(k);
    const s = k + 1;
    let i = this.slot(s);
    const keys = this.keys4;
    if (keys[i] !== s) return false;
    const vals = this.vals4;
    const mask = this.mask;
    // Backward shift: pull later members of the probe run into the hole while that keeps them reachable.
    for (let j = (i + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const home = hash(keys[j]!) & mask;
      // Entry j may move to i unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      keys[i] = keys[j]!;
      vals[i] = vals[j];
      i = j;
    }
    keys[i] = EMPTY;
    vals[i] = undefined;
    this.count4--;
    const cap = mask + 1;
    if (cap > MIN_CAPACITY && this.count4 * 8 < cap) this.resize(cap / 2);
    return true;
  }

  clear(): void {
    this.keys4 = new Float64Array(MIN_CAPACITY);
    this.vals4 = new Array(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.count4 = 0;
    this.map6.clear();
  }

  private resize(cap: number): void {
    const keys = this.keys4;
    const vals = this.vals4;
    this.keys4 = new Float64Array(cap);
    this.vals4 = new Array(cap);
    this.mask = cap - 1;
    const nk = this.keys4;
    const nv = this.vals4;
    for (let j = 0; j < keys.length; j++) {
      const s = keys[j]!;
      if (s === EMPTY) continue;
      const i = this.slot(s);
      nk[i] = s;
      nv[i] = vals[j];
    }
  }

  forEach(cb: (v: V, k: PrefixKey) => void): void {
    const keys = this.keys4;
    const vals = this.vals4;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) cb(vals[i] as V, keys[i]! - 1);
    for (const [k, v] of this.map6) cb(v, k);
  }

  *entries(): IterableIterator<[PrefixKey, V]> {
    const keys = this.keys4;
    const vals = this.vals4;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) yield [keys[i]! - 1, vals[i] as V];
    yield* this.map6;
  }
  *keys(): IterableIterator<PrefixKey> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[PrefixKey, V]> {
    return this.entries();
  }
}
