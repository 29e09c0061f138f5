/**
 * A binary min-heap of LSDB deadlines (refresh at LSRefreshTime, MaxAge, §12.1.6 wrap timeout). One pending
 * item per reason per entry; items of entries that were replaced or removed are dropped lazily when they
 * reach the top, so replacing an LSA costs O(log n) and no search.
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

  peek(): Deadline | undefined {
    return this.items[0];
  }

  pop(): Deadline | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && a[r]!.at < a[l]!.at ? r : l;
      if (a[c]!.at >= last.at) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
