/**
 * The Link state request list of one neighbor (RFC 2328 §10, §10.9, §13.3): the LSAs the neighbor has that
 * are newer than ours or missing here, in the order the DD packets listed them, and the batch requested by
 * the LS Request packet in flight (at most one LSR is outstanding, §10.9).
 *
 * Ownership: the list is a buffer owned by the neighbor's state. `stepNeighbor` updates it in place (O(1) per
 * LSA instead of copying the list per packet) and starts a fresh list whenever the RFC clears it, so the
 * driver must keep only the latest neighbor state. Everything else in the state record is immutable.
 */
import type { LsaHeader, LsaType } from '../packet/types.js';
import { MAX_AGE, MAX_AGE_DIFF } from './types.js';

/** The identity of an LSA (§12.1): LS type, Link State ID, Advertising Router. */
export function lsaKey(type: number, lsid: number, advRouter: number): string {
  return `${type}:${lsid >>> 0}:${advRouter >>> 0}`;
}

/**
 * §13.1: is instance `a` more recent than `b` (1), less recent (-1), or the same (0)? Sequence numbers are
 * signed, checksums unsigned 16-bit, ages current. (The LSDB has the full comparison with its reasons; the
 * request list needs only the order.)
 */
export function compareInstances(a: LsaHeader, b: LsaHeader): 1 | 0 | -1 {
  if ((a.seq | 0) !== (b.seq | 0)) return (a.seq | 0) > (b.seq | 0) ? 1 : -1;
  const ca = a.checksum & 0xffff;
  const cb = b.checksum & 0xffff;
  if (ca !== cb) return ca > cb ? 1 : -1;
  const ma = a.age >= MAX_AGE;
  const mb = b.age >= MAX_AGE;
  if (ma !== mb) return ma ? 1 : -1;
  if (Math.abs(a.age - b.age) > MAX_AGE_DIFF) return a.age < b.age ? 1 : -1;
  return 0;
}

/** §13.3 (1b): how a newly installed LSA relates to this neighbor's request for it. */
export type RequestMatch = 'absent' | 'less-recent' | 'same' | 'more-recent';

export class LsRequestList {
  private readonly entries = new Map<string, LsaHeader>();
  private readonly inFlight = new Set<string>();

  get size(): number {
    return this.entries.size;
  }

  /** Requests of the LSR in flight that are still unanswered. */
  get outstanding(): number {
    return this.inFlight.size;
  }

  /** The requested instance of an LSA, if it is on the list. */
  get(type: LsaType, lsid: number, advRouter: number): LsaHeader | undefined {
    return this.entries.get(lsaKey(type, lsid, advRouter));
  }

  /** §10.6: put an LSA on the list; when it is already there, keep the more recent of the two instances. */
  add(h: LsaHeader): void {
    const k = lsaKey(h.type, h.lsid, h.advRouter);
    const old = this.entries.get(k);
    if (old === undefined || compareInstances(h, old) > 0) this.entries.set(k, h);
  }

  /** §13.3 (1b): compare a newly received instance with the one requested. */
  match(h: LsaHeader): RequestMatch {
    const old = this.entries.get(lsaKey(h.type, h.lsid, h.advRouter));
    if (old === undefined) return 'absent';
    const c = compareInstances(h, old);
    return c < 0 ? 'less-recent' : c === 0 ? 'same' : 'more-recent';
  }

  /** §13.3 (1b): remove the request when `h` is the same instance or a more recent one. Returns whether it did. */
  satisfy(h: LsaHeader): boolean {
    const m = this.match(h);
    if (m === 'absent' || m === 'less-recent') return false;
    const k = lsaKey(h.type, h.lsid, h.advRouter);
    this.entries.delete(k);
    this.inFlight.delete(k);
    return true;
  }

  /** §10.9: the next LSR: the first `max` entries of the list, which become the batch in flight. */
  nextBatch(max: number): LsaHeader[] {
    this.inFlight.clear();
    const out: LsaHeader[] = [];
    for (const [k, h] of this.entries) {
      if (out.length >= max) break;
      out.push(h);
      this.inFlight.add(k);
    }
    return out;
  }

  /** The requested instances, in list order (for show output and tests). */
  headers(): LsaHeader[] {
    return [...this.entries.values()];
  }
}
