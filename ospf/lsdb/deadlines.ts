/**
 * A binary min-heap of LSDB deadlines (refresh at LSRefreshTime, MaxAge, §12.1.6 wrap timeout). One pending
 * item per reason per entry; items of entries that were replaced or removed are dropped lazily when they
 * reach the top, so replacing an LSA costs O(log n) and no search. The owner compacts the heap when stale
 * items outnumber live ones (a peer re-flooding fast must not grow it for an hour).
 */
import type { LsdbEntry } from './entry.js';

export type DeadlineKind = 'refresh' | 'max-age' | 'wrap';

export interface Deadline {
  at: number;
  entry: LsdbEntry;
  kind: DeadlineKind;
}

export class DeadlineHeap {
  private readonly items: Deadline[] = [];

  get length(): number {
    return this.items.length;
  }

  push(d: Deadline): void {
    const a = this.items;
    a.push(d);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= d.at) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = d;
  }

  /** Drop the items `keep` rejects and restore the heap order, in O(n). */
  compact(keep: (d: Deadline) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    for (const d of kept) this.items.push(d);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(i: number): void {
    const a = this.items;
    const n = a.length;
    const d = a[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && a[r]!.at < a[l]!.at ? r : l;
      if (a[c]!.at >= d.at) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = d;
  }

  peek(): Deadline | undefined {
    return this.items[0];
  }

  pop(): Deadline | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    a[0] = last;
    this.siftDown(0);
    return top;
  }
}
