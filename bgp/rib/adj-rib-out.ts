/**
 * Adj-RIB-Out (RFC 4271 §3.2, §9.2): per peer, what we advertise, and the changes not yet handed to the driver.
 *
 * `set()` records the desired state per prefix (an interned, exported AttrSet, or nothing) and, the first time
 * a prefix changes in a batch, what the peer last received. `take()` hands out the pending changes grouped by
 * attribute set, so the driver packs many prefixes with equal attributes into one UPDATE (RFC 4271 §9.2:
 * changes to one prefix coalesce; only the latest state is sent). A prefix that changed and changed back, or
 * appeared and vanished between two takes, produces nothing.
 */
import type { PrefixKey } from '../../lib/prefix.js';
import type { AttrSet, AttrStore } from './intern.js';
import type { PeerOutput, UpdateGroup } from './types.js';

export class AdjRibOut {
  /** prefix → advertised set (one reference each). */
  private readonly out = new Map<PrefixKey, AttrSet>();
  /** prefix → what the peer had before the pending change (null: nothing). Identity only, no reference. */
  private readonly pending = new Map<PrefixKey, AttrSet | null>();
  private cursor: Iterator<[PrefixKey, AttrSet | null]> | undefined;
  /** Set by the full-table dump at session start; cleared by the take() that drains it. */
  eorPending = false;

  constructor(private readonly store: AttrStore) {}

  /** Prefixes advertised (or about to be). */
  get size(): number {
    return this.out.size;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get(prefix: PrefixKey): AttrSet | undefined {
    return this.out.get(prefix);
  }

  set(prefix: PrefixKey, set: AttrSet | undefined): void {
    const cur = this.out.get(prefix);
    if (cur === set) return;
    if (set) {
      this.store.retain(set);
      this.out.set(prefix, set);
    } else this.out.delete(prefix);
    if (!this.pending.has(prefix)) this.pending.set(prefix, cur ?? null);
    if (cur) this.store.release(cur);
  }

  /** Queue every advertised prefix again (ROUTE-REFRESH from the peer, RFC 2918). */
  resendAll(): void {
    for (const p of this.out.keys()) this.pending.set(p, null);
  }

  /** Up to `limit` pending prefix changes, grouped by attribute set; undefined when there is nothing to send. */
  take(limit = Number.POSITIVE_INFINITY): PeerOutput | undefined {
    const groups = new Map<AttrSet, PrefixKey[]>();
    const withdrawn: PrefixKey[] = [];
    let n = 0;
    while (n < limit && this.pending.size > 0) {
      // A live Map iterator survives deletions and sees appended entries, so a bounded take resumes where
      // the previous one stopped instead of skipping over deleted slots again.
      this.cursor ??= this.pending.entries();
      const it = this.cursor.next();
      if (it.done) {
        this.cursor = undefined;
        continue;
      }
      const [p, before] = it.value;
      this.pending.delete(p);
      const now = this.out.get(p);
      if (now === before || (now === undefined && before === null)) continue;
      n++;
      if (!now) withdrawn.push(p);
      else {
        const g = groups.get(now);
        if (g) g.push(p);
        else groups.set(now, [p]);
      }
    }
    if (this.pending.size === 0) this.cursor = undefined;
    const endOfRib = this.eorPending && this.pending.size === 0;
    if (endOfRib) this.eorPending = false;
    if (n === 0 && !endOfRib) return undefined;
    const list: UpdateGroup[] = [];
    for (const [s, prefixes] of groups) list.push({ attrs: s.attrs, prefixes });
    return { groups: list, withdrawn, endOfRib };
  }

  entries(): IterableIterator<[PrefixKey, AttrSet]> {
    return this.out.entries();
  }

  /** Drop everything (session down), releasing every reference. */
  clear(): void {
    for (const s of this.out.values()) this.store.release(s);
    this.out.clear();
    this.pending.clear();
    this.cursor = undefined;
    this.eorPending = false;
  }
}
