/**
 * Storage of one flooding scope (an area, the AS, or one link for type 9): LSAs keyed by
 * (LS type, advertising router, Link State ID) in nested Maps of numbers (RFC 2328 §12.1: the three fields
 * identify an LSA). No string key is built per lookup. Advertising router comes first because there are few
 * routers and many LSAs per router (AS-external-LSAs), and because router-LSAs are found by router ID.
 */
import type { LsaType } from '../packet/types.js';
import type { LsdbEntry } from './entry.js';

/** adv router -> Link State ID -> entry. */
export type TypeTable = Map<number, Map<number, LsdbEntry>>;

export class ScopeTable {
  /** Indexed by LS type (1..11). */
  private readonly byType: (TypeTable | undefined)[] = [];
  /** Counts by LS type (index = type). */
  readonly counts = new Int32Array(12);
  size = 0;

  get(type: number, lsid: number, advRouter: number): LsdbEntry | undefined {
    return this.byType[type]?.get(advRouter)?.get(lsid);
  }

  /** The table of one LS type (read-only use: SPF, iteration). */
  ofType(type: LsaType): TypeTable | undefined {
    return this.byType[type];
  }

  /** Store `e`, returning the entry it replaces. */
  set(e: LsdbEntry): LsdbEntry | undefined {
    const h = e.lsa.header;
    let t = this.byType[h.type];
    if (!t) {
      t = new Map();
      this.byType[h.type] = t;
    }
    let byId = t.get(h.advRouter);
    if (!byId) {
      byId = new Map();
      t.set(h.advRouter, byId);
    }
    const prev = byId.get(h.lsid);
    byId.set(h.lsid, e);
    if (!prev) {
      this.counts[h.type]! += 1;
      this.size += 1;
    }
    return prev;
  }

  /** Remove `e` if it is the stored instance. */
  delete(e: LsdbEntry): boolean {
    const h = e.lsa.header;
    const t = this.byType[h.type];
    const byId = t?.get(h.advRouter);
    if (!t || !byId || byId.get(h.lsid) !== e) return false;
    byId.delete(h.lsid);
    if (byId.size === 0) t.delete(h.advRouter);
    this.counts[h.type]! -= 1;
    this.size -= 1;
    return true;
  }

  *entries(type?: LsaType): IterableIterator<LsdbEntry> {
    for (let ty = type ?? 1; ty <= (type ?? 11); ty++) {
      const t = this.byType[ty];
      if (!t) continue;
      for (const byId of t.values()) yield* byId.values();
    }
  }
}
