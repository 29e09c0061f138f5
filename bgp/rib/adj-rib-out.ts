/**
 * Adj-RIB-Out (RFC 4271 §3.2, §9.2): per peer, what we advertise, and the changes not yet handed to the driver.
 *
 * `set()` records the desired state per prefix (an interned, exported AttrSet, or nothing). The first change
 * of a prefix after a `take()` replaces its entry by a small Pending record (the desired set and what the
 * peer last received) and queues the prefix; later changes update the record in place, so a change costs
 * one map lookup and nothing is kept per prefix between batches but the advertised set. `take()` hands out
 * the queued changes grouped by attribute set, so the driver packs many prefixes with equal attributes into
 * one UPDATE (RFC 4271 §9.2: changes to one prefix coalesce; only the latest state is sent). A prefix that
 * changed and changed back, or appeared and vanished between two takes, produces nothing.
 */

import type { PrefixKey } from '../../lib/prefix.js';
import { PrefixMap } from '../../lib/prefix-map.js';
import type { AttrSet, AttrStore } from './intern.js';
import type { PeerOutput, UpdateGroup } from './types.js';

/** A queued change: `cur` is the desired set (holding the reference), `before` what the peer has (identity). */
class Pending {
  constructor(
    public cur: AttrSet | undefined,
    public before: AttrSet | null,
  ) {}
}

/** Queue slots consumed before the queue array is compacted. */
const COMPACT_AT = 65536;

export class AdjRibOut {
  /** prefix → advertised set (one reference each), or the Pending record of a queued change. */
  private readonly out = new PrefixMap<AttrSet | Pending>();
  /** Prefixes whose entry is a Pending record, each once, oldest first; `head` is the next to take. */
  private queue: PrefixKey[] = [];
  /** The Pending record of each queued prefix (parallel to `queue`: take() needs no lookup). */
  private queued: Pending[] = [];
  private head = 0;
  private advertised = 0;
  /** Set by the full-table dump at session start; cleared by the take() that drains it. */
  eorPending = false;

  constructor(private readonly store: AttrStore) {}

  /** Prefixes advertised (or about to be). */
  get size(): number {
    return this.advertised;
  }

  get pendingCount(): number {
    return this.queue.length - this.head;
  }

  get(prefix: PrefixKey): AttrSet | undefined {
    const v = this.out.get(prefix);
    return v instanceof Pending ? v.cur : v;
  }

  set(prefix: PrefixKey, set: AttrSet | undefined): void {
    const v = this.out.get(prefix);
    if (v instanceof Pending) {
      const cur = v.cur;
      if (cur === set) return;
      if (set) this.store.retain(set);
      v.cur = set;
      this.count(cur, set);
      if (cur) this.store.release(cur);
      return;
    }
    if (v === set) return;
    if (set) this.store.retain(set);
    this.enqueue(prefix, new Pending(set, v ?? null));
    this.count(v, set);
    if (v) this.store.release(v);
  }

  private count(was: AttrSet | undefined, now: AttrSet | undefined): void {
    if (!was && now) this.advertised++;
    else if (was && !now) this.advertised--;
  }

  private enqueue(prefix: PrefixKey, rec: Pending): void {
    this.out.set(prefix, rec);
    this.queue.push(prefix);
    this.queued.push(rec);
  }

  /** Queue every advertised prefix again (ROUTE-REFRESH from the peer, RFC 2918). */
  resendAll(): void {
    for (const [p, v] of this.out) {
      if (v instanceof Pending) {
        // An advertised prefix goes out again; a queued withdrawal stays one.
        if (v.cur) v.before = null;
      } else this.enqueue(p, new Pending(v, null));
    }
  }

  /** Up to `limit` pending prefix changes, grouped by attribute set; undefined when there is nothing to send. */
  take(limit = Number.POSITIVE_INFINITY): PeerOutput | undefined {
    const groups = new Map<AttrSet, PrefixKey[]>();
    const withdrawn: PrefixKey[] = [];
    const q = this.queue;
    const recs = this.queued;
    let n = 0;
    let i = this.head;
    while (n < limit && i < q.length) {
      const p = q[i]!;
      const v = recs[i++]!;
      const now = v.cur;
      if (now) this.out.set(p, now);
      else this.out.delete(p);
      if (now === v.before || (now === undefined && v.before === null)) continue;
      n++;
      if (!now) withdrawn.push(p);
      else {
        const g = groups.get(now);
        if (g) g.push(p);
        else groups.set(now, [p]);
      }
    }
    if (i === q.length) {
      this.queue = [];
      this.queued = [];
      this.head = 0;
    } else if (i >= COMPACT_AT) {
      this.queue = q.slice(i);
      this.queued = recs.slice(i);
      this.head = 0;
    } else this.head = i;
    const endOfRib = this.eorPending && this.pendingCount === 0;
    if (endOfRib) this.eorPending = false;
    if (n === 0 && !endOfRib) return undefined;
    const list: UpdateGroup[] = [];
    for (const [s, prefixes] of groups) list.push({ attrs: s.attrs, prefixes });
    return { groups: list, withdrawn, endOfRib };
  }

  /** Advertised (or about to be) prefixes and their sets. */
  *entries(): IterableIterator<[PrefixKey, AttrSet]> {
    for (const [p, v] of this.out) {
      const s = v instanceof Pending ? v.cur : v;
      if (s) yield [p, s];
    }
  }

  /** Drop everything (session down), releasing every reference. */
  clear(): void {
    for (const v of this.out.values()) {
      const s = v instanceof Pending ? v.cur : v;
      if (s) this.store.release(s);
    }
    this.out.clear();
    this.queue = [];
    this.queued = [];
    this.head = 0;
    this.advertised = 0;
    this.eorPending = false;
  }
}
