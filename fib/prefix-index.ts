/**
 * PrefixKey -> small integer, without a heap object per prefix (DESIGN.md §3.9). IPv4 keys (numbers up to
 * 2^38, not V8 small integers) live in an open-addressing table of a Float64Array and an Int32Array
 * (linear probing, backward-shift deletion, so no tombstones); IPv6 keys (17-char strings) in a Map.
 * A million IPv4 prefixes cost 24 MiB here and no garbage, where a Map costs a hash-table entry and a
 * slower lookup per key.
 */
import type { PrefixKey } from '../lib/prefix.js';

const EMPTY = -1;

function hashV4(k: number): number {
  const lo = k >>> 0;
  const hi = (k - lo) / 4294967296;
  const h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2f), 0x9e3779b1);
  return h ^ (h >>> 15);
}

export class PrefixIndex {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  private v4Count = 0;
  private readonly v6 = new Map<string, number>();

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.v4Count + this.v6.size;
  }

  /** The value for `k`, or -1. */
  get(k: PrefixKey): number {
    if (typeof k !== 'number') return this.v6.get(k) ?? -1;
    const i = this.slotOf(k);
    return i >= 0 ? (this.vals[i] as number) : -1;
  }

  has(k: PrefixKey): boolean {
    return typeof k === 'number' ? this.slotOf(k) >= 0 : this.v6.has(k);
  }

  /** Sets `k` to `v` (v >= 0). */
  set(k: PrefixKey, v: number): void {
    if (typeof k !== 'number') {
      this.v6.set(k, v);
      return;
    }
    if ((this.v4Count + 1) * 2 > this.mask + 1) this.grow();
    const keys = this.keys;
    let i = hashV4(k) & this.mask;
    for (;;) {
      const x = keys[i] as number;
      if (x === k) {
        this.vals[i] = v;
        return;
      }
      if (x === EMPTY) break;
      i = (i + 1) & this.mask;
    }
    keys[i] = k;
    this.vals[i] = v;
    this.v4Count++;
  }

  delete(k: PrefixKey): boolean {
    if (typeof k !== 'number') return this.v6.delete(k);
    let i = this.slotOf(k);
    if (i < 0) return false;
    const keys = this.keys;
    const mask = this.mask;
    // Backward shift: pull later members of the probe run into the hole when their home allows it.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const kj = keys[j] as number;
      if (kj === EMPTY) break;
      const home = hashV4(kj) & mask;
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      keys[i] = kj;
      this.vals[i] = this.vals[j] as number;
      i = j;
    }
    keys[i] = EMPTY;
    this.v4Count--;
    return true;
  }

  clear(): void {
    this.keys.fill(EMPTY);
    this.v4Count = 0;
    this.v6.clear();
  }

  /** Every (key, value) pair, IPv4 first (no particular order within a family). */
  forEach(fn: (k: PrefixKey, v: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as number;
      if (k !== EMPTY) fn(k, this.vals[i] as number);
    }
    for (const [k, v] of this.v6) fn(k, v);
  }

  private slotOf(k: number): number {
    const keys = this.keys;
    let i = hashV4(k) & this.mask;
    for (;;) {
      const x = keys[i] as number;
      if (x === k) return i;
      if (x === EMPTY) return -1;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i] as number;
      if (k === EMPTY) continue;
      let j = hashV4(k) & this.mask;
      while (this.keys[j] !== EMPTY) j = (j + 1) & this.mask;
      this.keys[j] = k;
      this.vals[j] = oldVals[i] as number;
    }
  }
}
