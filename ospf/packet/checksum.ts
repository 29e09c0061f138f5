/**
 * The two checksums of OSPFv2:
 *  - the LSA checksum (RFC 2328 §12.1.7): the Fletcher checksum of ISO 8473 Annex C (RFC 905 Annex B) over the
 *    LSA from the Options field on (LS age excluded, so aging in flight does not change it), with the two check
 *    octets chosen so that the whole checked range sums to zero;
 *  - the packet checksum (RFC 2328 §A.3.1, §D.4): the Internet checksum (RFC 1071) of the packet with the 64-bit
 *    authentication field left out.
 * Pure functions over byte ranges; no allocation.
 */
import { AUTH_LEN, AUTH_OFFSET, CHECKSUM_OFFSET, LSA_CHECKSUM_OFFSET } from './iana.js';

/** Bytes between reductions mod 255: keeps both sums in small-integer range (255 * 2048 * 2049 / 2 < 2^31). */
const FLETCHER_CHUNK = 2048;

/** The two Fletcher sums of `b[from..to)`, each reduced mod 255. */
function fletcherSums(b: Uint8Array, from: number, to: number): { c0: number; c1: number } {
  let c0 = 0;
  let c1 = 0;
  for (let i = from; i < to; ) {
    const stop = Math.min(to, i + FLETCHER_CHUNK);
    for (; i < stop; i++) {
      c0 += b[i] as number;
      c1 += c0;
    }
    c0 %= 255;
    c1 %= 255;
  }
  return { c0, c1 };
}

const mod255 = (x: number): number => ((x % 255) + 255) % 255;

/**
 * The Fletcher checksum an LSA (`lsa[0..len)`, header included) must carry, computed as if the checksum
 * field were zero. RFC 905 Annex B.2: with L octets checked and the first check octet at (1-based) position n,
 * X = ((L - n) * C0 - C1) mod 255 and Y = (C1 - (L - n + 1) * C0) mod 255, each 0 replaced by 255.
 */
export function lsaChecksum(lsa: Uint8Array, len = lsa.length): number {
  const from = 2; // Options: LS age is not covered (§12.1.7)
  const L = len - from;
  const n = LSA_CHECKSUM_OFFSET - from + 1;
  // Sum with the check octets treated as zero, without touching the caller's bytes.
  const a = fletcherSums(lsa, from, LSA_CHECKSUM_OFFSET);
  const b = fletcherSums(lsa, LSA_CHECKSUM_OFFSET + 2, len);
  // Splicing: the part after the check octets starts from C0 = a.c0 (plus two zero octets).
  const tail = len - (LSA_CHECKSUM_OFFSET + 2);
  const c0 = mod255(a.c0 + b.c0);
  const c1 = mod255(a.c1 + a.c0 * 2 + a.c0 * tail + b.c1);
  let x = mod255((L - n) * c0 - c1);
  let y = mod255(c1 - (L - n + 1) * c0);
  if (x === 0) x = 255;
  if (y === 0) y = 255;
  return (x << 8) | y;
}

/** True when the LSA in `lsa[0..len)` carries a correct Fletcher checksum: both sums over Options.. are 0. */
export function verifyLsaChecksum(lsa: Uint8Array, len = lsa.length): boolean {
  if (len < LSA_CHECKSUM_OFFSET + 2 || len > lsa.length) return false;
  const { c0, c1 } = fletcherSums(lsa, 2, len);
  return c0 === 0 && c1 === 0;
}

/** Write the Fletcher checksum into an encoded LSA in place. */
export function setLsaChecksum(lsa: Uint8Array, len = lsa.length): number {
  lsa[LSA_CHECKSUM_OFFSET] = 0;
  lsa[LSA_CHECKSUM_OFFSET + 1] = 0;
  const c = lsaChecksum(lsa, len);
  lsa[LSA_CHECKSUM_OFFSET] = c >>> 8;
  lsa[LSA_CHECKSUM_OFFSET + 1] = c & 0xff;
  return c;
}

/** One's complement sum of the 16-bit words of `b[from..to)` (an odd last octet is padded with zero). */
function onesSum(b: Uint8Array, from: number, to: number, sum: number): number {
  let i = from;
  for (; i + 1 < to; i += 2) sum += ((b[i] as number) << 8) | (b[i + 1] as number);
  if (i < to) sum += (b[i] as number) << 8;
  return sum;
}

/**
 * The Internet checksum (RFC 1071) of the OSPF packet `p[0..len)` with the checksum field taken as zero and
 * the 64-bit authentication field excluded (§D.4.1, §D.4.2). The caller guarantees len >= 24.
 */
export function packetChecksum(p: Uint8Array, len: number): number {
  let sum = onesSum(p, 0, CHECKSUM_OFFSET, 0);
  sum = onesSum(p, CHECKSUM_OFFSET + 2, AUTH_OFFSET, sum);
  sum = onesSum(p, AUTH_OFFSET + AUTH_LEN, len, sum);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
