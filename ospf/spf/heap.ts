/**
 * A binary min-heap of (distance, vertex) pairs in typed arrays for Dijkstra (RFC 2328 §16.1's candidate
 * list). Decrease-key is done lazily: a vertex is pushed again with its better distance and stale pairs are
 * skipped on pop (the caller checks the distance), which keeps every operation O(log n) and allocation-free.
 */
export class VertexHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.vals = new Int32Array(Math.max(16, capacity));
  }

  get size(): number {
    return this.n;
  }

  push(key: number, v: number): void {
    if (this.n === this.keys.length) this.grow();
    const keys = this.keys;
    const vals = this.vals;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = key;
    vals[i] = v;
  }

  /** Key of the top pair (call only when size > 0). */
  topKey(): number {
    return this.keys[0]!;
  }

  /** Remove the top pair and return its vertex (call only when size > 0). */
  pop(): number {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0]!;
    const n = --this.n;
    if (n === 0) return top;
    const key = keys[n]!;
    const val = vals[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && keys[r]! < keys[l]! ? r : l;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!;
      vals[i] = vals[c]!;
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
    return top;
  }

  private grow(): void {
    const k = new Float64Array(this.keys.length * 2);
    const v = new Int32Array(this.vals.length * 2);
    k.set(this.keys);
    v.set(this.vals);
    this.keys = k;
    this.vals = v;
  }
}
