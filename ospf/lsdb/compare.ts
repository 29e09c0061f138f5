/**
 * Instance comparison and content comparison of LSAs (RFC 2328 §13.1, §13.2).
 *
 * `compareLsaInstances` says which of two instances of the same LSA is newer, and why, in RFC order:
 *   1. the greater (signed) LS sequence number;
 *   2. the greater LS checksum, as a 16-bit unsigned integer;
 *   3. the one whose age is MaxAge, if only one is;
 *   4. the smaller age, if the ages differ by more than MaxAgeDiff;
 *   otherwise they are the same instance.
 * Ages given must be current ages (stored age plus time in the database; see `LsdbEntry.ageAt`).
 */
import type { Lsa, LsaBody, LsaHeader } from '../packet/types.js';
import { MAX_AGE, MAX_AGE_DIFF } from './constants.js';

export type CompareReason = 'seq' | 'checksum' | 'max-age' | 'age' | 'same';

export interface InstanceComparison {
  /** 'a' or 'b': that one is newer; 'same': the same instance (§13.1 last paragraph). */
  readonly newer: 'a' | 'b' | 'same';
  readonly reason: CompareReason;
}

// Preallocated answers: flooding compares on every received LSA, so the comparison allocates nothing.
const A = (reason: CompareReason): InstanceComparison => Object.freeze({ newer: 'a', reason });
const B = (reason: CompareReason): InstanceComparison => Object.freeze({ newer: 'b', reason });
const A_SEQ = A('seq');
const B_SEQ = B('seq');
const A_CK = A('checksum');
const B_CK = B('checksum');
const A_MAXAGE = A('max-age');
const B_MAXAGE = B('max-age');
const A_AGE = A('age');
const B_AGE = B('age');
const SAME: InstanceComparison = Object.freeze({ newer: 'same', reason: 'same' });

type Instance = Pick<LsaHeader, 'seq' | 'checksum' | 'age'>;

/** §13.1: which of two instances of one LSA (same type, LSID, advertising router) is newer. */
export function compareLsaInstances(a: Instance, b: Instance): InstanceComparison {
  // Sequence numbers are signed 32-bit (§12.1.6); `| 0` also accepts callers that hold them unsigned.
  const sa = a.seq | 0;
  const sb = b.seq | 0;
  if (sa !== sb) return sa > sb ? A_SEQ : B_SEQ;
  const ca = a.checksum & 0xffff;
  const cb = b.checksum & 0xffff;
  if (ca !== cb) return ca > cb ? A_CK : B_CK;
  const ma = a.age >= MAX_AGE;
  const mb = b.age >= MAX_AGE;
  if (ma !== mb) return ma ? A_MAXAGE : B_MAXAGE;
  if (Math.abs(a.age - b.age) > MAX_AGE_DIFF) return a.age < b.age ? A_AGE : B_AGE;
  return SAME;
}

/**
 * §13.2: do two instances differ in content (which makes the routing table be recalculated)? They do when
 * the options differ, when exactly one is at MaxAge, when the lengths differ, or when the bodies differ
 * (age, sequence number and checksum are not content). The bodies are compared byte-wise when both raw
 * encodings are at hand, structurally otherwise.
 */
export function lsaContentsDiffer(
  a: Lsa,
  aRaw: Uint8Array | undefined,
  aAge: number,
  b: Lsa,
  bRaw: Uint8Array | undefined,
  bAge: number,
): boolean {
  if (a.header.options !== b.header.options) return true;
  if (aAge >= MAX_AGE !== bAge >= MAX_AGE) return true;
  if (a.header.length !== b.header.length) return true;
  if (aRaw && bRaw && aRaw.length === bRaw.length) return !sameBytes(aRaw, bRaw, 20);
  return !sameBody(a.body, b.body);
}

function sameBytes(a: Uint8Array, b: Uint8Array, from: number): boolean {
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Tos = { tos: number; metric: number };

function sameTos(a: readonly Tos[], b: readonly Tos[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.tos !== y.tos || x.metric !== y.metric) return false;
  }
  return true;
}

/** Structural equality of two LSA bodies (every field that is encoded). */
export function sameBody(a: LsaBody, b: LsaBody): boolean {
  switch (a.kind) {
    case 'router': {
      if (b.kind !== 'router' || a.flags !== b.flags || a.links.length !== b.links.length) return false;
      for (let i = 0; i < a.links.length; i++) {
        const x = a.links[i]!;
        const y = b.links[i]!;
        if (x.linkId !== y.linkId || x.linkData !== y.linkData || x.type !== y.type || x.metric !== y.metric)
          return false;
        if (!sameTos(x.tos, y.tos)) return false;
      }
      return true;
    }
    case 'network': {
      if (b.kind !== 'network' || a.mask !== b.mask || a.attached.length !== b.attached.length) return false;
      for (let i = 0; i < a.attached.length; i++) if (a.attached[i] !== b.attached[i]) return false;
      return true;
    }
    case 'summary':
      return b.kind === 'summary' && a.mask === b.mask && a.metric === b.metric && sameTos(a.tos, b.tos);
    case 'external': {
      if (b.kind !== 'external' || a.mask !== b.mask || a.e2 !== b.e2 || a.metric !== b.metric) return false;
      if (a.forwarding !== b.forwarding || a.tag !== b.tag || a.tos.length !== b.tos.length) return false;
      for (let i = 0; i < a.tos.length; i++) {
        const x = a.tos[i]!;
        const y = b.tos[i]!;
        if (x.e2 !== y.e2 || x.tos !== y.tos || x.metric !== y.metric) return false;
        if (x.forwarding !== y.forwarding || x.tag !== y.tag) return false;
      }
      return true;
    }
    case 'opaque':
      return b.kind === 'opaque' && a.data.length === b.data.length && sameBytes(a.data, b.data, 0);
  }
}

/**
 * A copy of an encoded LSA with its LS age field (the first two octets, §A.4.1) set to `age`. The checksum
 * does not cover the age (§12.1.7), so no codec is needed to age or flush an LSA.
 */
export function withAge(raw: Uint8Array, age: number): Uint8Array {
  const out = raw.slice();
  const a = Math.min(Math.max(0, Math.trunc(age)), 0xffff);
  if (out.length >= 2) {
    out[0] = a >>> 8;
    out[1] = a & 0xff;
  }
  return out;
}
