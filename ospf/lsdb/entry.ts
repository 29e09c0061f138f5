/**
 * One LSA instance held in the link-state database (RFC 2328 §12, §14).
 *
 * Aging (§14) is computed, not performed: an entry keeps the LS age it had when installed and the clock time
 * of installation; its current age is the stored age plus the whole seconds since then, capped at MaxAge.
 * Nothing touches every LSA every second. Entries are replaced, never edited in place, when a new instance
 * arrives: holders of an old entry (retransmission lists) can tell it went stale with `current`.
 */
import type { Lsa, LsaHeader } from '../packet/types.js';
import { MAX_AGE } from './constants.js';

/** The area ID used for AS-scope LSAs (types 5 and 11), which belong to no area. Area IDs are u32. */
export const AS_SCOPE = -1;

/** §12.1.6 wrap procedure state of a self-originated LSA: flushing at MaxAge, or ready to start again. */
export interface WrapState {
  phase: 'flushing' | 'ready';
  /** Clock ms after which we originate again even if the flush was not acknowledged (no pinning). */
  deadline: number;
}

export class LsdbEntry {
  /** The instance; `lsa.header.age` is the age at installation. Never mutate. */
  readonly lsa: Lsa;
  /** The encoded instance as received or originated (for flooding), if the caller supplied it. */
  readonly raw: Uint8Array | undefined;
  /** Area ID, or AS_SCOPE for types 5 and 11. */
  readonly area: number;
  /** Interface the LSA belongs to (type 9, link-local scope), else undefined. */
  readonly link: string | undefined;
  /** Clock ms at installation. */
  readonly installedAt: number;
  /** Clock ms when received by flooding (§13 step 5a MinLSArrival); undefined when we originated it. */
  readonly receivedAt: number | undefined;
  /** The LSA is ours (§13.4): advertising router is our router ID, or a network-LSA for one of our addresses. */
  readonly self: boolean;
  /** Clock ms when we last originated this LSA (§12.4 MinLSInterval); carried across instances. */
  originatedAt: number | undefined;
  /** Clock ms when this instance was last sent back to a neighbor (§13 step 8). */
  sentBackAt: number | undefined = undefined;
  wrap: WrapState | undefined = undefined;
  /** False once replaced by another instance or removed from the database. */
  current = true;
  /** Set while the entry is counted in the database's MaxAge set. */
  inMaxAgeSet = false;

  constructor(
    lsa: Lsa,
    raw: Uint8Array | undefined,
    area: number,
    link: string | undefined,
    installedAt: number,
    receivedAt: number | undefined,
    self: boolean,
    originatedAt: number | undefined,
  ) {
    this.lsa = lsa;
    this.raw = raw;
    this.area = area;
    this.link = link;
    this.installedAt = installedAt;
    this.receivedAt = receivedAt;
    this.self = self;
    this.originatedAt = originatedAt;
  }

  /** §14: current LS age in seconds. */
  ageAt(now: number): number {
    const a0 = this.lsa.header.age;
    if (a0 >= MAX_AGE) return MAX_AGE;
    const a = a0 + Math.floor((now - this.installedAt) / 1000);
    return Math.min(a, MAX_AGE);
  }

  isMaxAge(now: number): boolean {
    return this.ageAt(now) >= MAX_AGE;
  }

  /** Clock ms at which the entry reaches MaxAge (Infinity once there: it stays). */
  maxAgeAt(): number {
    const a0 = this.lsa.header.age;
    return a0 >= MAX_AGE ? this.installedAt : this.installedAt + (MAX_AGE - a0) * 1000;
  }

  /** A header copy carrying the current age (DD summaries, acknowledgements). */
  header(now: number): LsaHeader {
    return { ...this.lsa.header, age: this.ageAt(now) };
  }

  get type(): number {
    return this.lsa.header.type;
  }
  get lsid(): number {
    return this.lsa.header.lsid;
  }
  get advRouter(): number {
    return this.lsa.header.advRouter;
  }
  get seq(): number {
    return this.lsa.header.seq;
  }
}
