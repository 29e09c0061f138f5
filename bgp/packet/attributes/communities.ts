/**
 * Community attributes: COMMUNITIES (RFC 1997), EXTENDED COMMUNITIES (RFC 4360), LARGE_COMMUNITY (RFC 8092).
 * RFC 7606 §7.8 / §7.14 and RFC 8092 §6: a length that is not a non-zero multiple of 4 / 8 / 12 is malformed,
 * and the UPDATE is handled as treat-as-withdraw.
 */
import { AttrType, OPTIONAL_TRANSITIVE, UpdateSubcode } from '../iana.js';
import { copyOf, get32, put32 } from '../wire.js';
import { type AttrDescriptor, fault } from './descriptor.js';

const badLen = (len: number, unit: number) =>
  fault(
    UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR,
    'treatAsWithdraw',
    `length ${len} is not a non-zero multiple of ${unit}`,
  );

export const COMMUNITIES: AttrDescriptor = {
  code: AttrType.COMMUNITIES,
  name: 'COMMUNITIES',
  flags: OPTIONAL_TRANSITIVE,
  flagsAction: 'treatAsWithdraw',
  decode(b, start, end, st) {
    const len = end - start;
    if (len === 0 || len % 4 !== 0) return badLen(len, 4);
    const out: number[] = new Array(len / 4);
    for (let i = 0; i < out.length; i++) out[i] = get32(b, start + i * 4);
    st.attrs.communities = out;
    return undefined;
  },
  // An empty list would encode a malformed (zero-length) attribute: it means absent.
  size: (a) => (a.communities?.length ? a.communities.length * 4 : -1),
  write(b, pos, a) {
    for (const c of a.communities as number[]) {
      put32(b, pos, c);
      pos += 4;
    }
    return pos;
  },
};

export const EXTENDED_COMMUNITIES: AttrDescriptor = {
  code: AttrType.EXTENDED_COMMUNITIES,
  name: 'EXTENDED_COMMUNITIES',
  flags: OPTIONAL_TRANSITIVE,
  flagsAction: 'treatAsWithdraw',
  decode(b, start, end, st) {
    const len = end - start;
    if (len === 0 || len % 8 !== 0) return badLen(len, 8);
    const out: Uint8Array[] = [];
    for (let p = start; p < end; p += 8) out.push(copyOf(b, p, p + 8));
    st.attrs.extCommunities = out;
    return undefined;
  },
  // An empty list would encode a malformed (zero-length) attribute: it means absent.
  size: (a) => (a.extCommunities?.length ? a.extCommunities.length * 8 : -1),
  write(b, pos, a) {
    for (const c of a.extCommunities as Uint8Array[]) {
      if (c.length !== 8) throw new RangeError('an extended community is 8 octets');
      b.set(c, pos);
      pos += 8;
    }
    return pos;
  },
};

export const LARGE_COMMUNITY: AttrDescriptor = {
  code: AttrType.LARGE_COMMUNITY,
  name: 'LARGE_COMMUNITY',
  flags: OPTIONAL_TRANSITIVE,
  flagsAction: 'treatAsWithdraw',
  decode(b, start, end, st) {
    const len = end - start;
    if (len === 0 || len % 12 !== 0) return badLen(len, 12);
    const out: [number, number, number][] = [];
    for (let p = start; p < end; p += 12) out.push([get32(b, p), get32(b, p + 4), get32(b, p + 8)]);
    st.attrs.largeCommunities = out;
    return undefined;
  },
  // An empty list would encode a malformed (zero-length) attribute: it means absent.
  size: (a) => (a.largeCommunities?.length ? a.largeCommunities.length * 12 : -1),
  write(b, pos, a) {
    for (const [g, l1, l2] of a.largeCommunities as [number, number, number][]) {
      put32(b, pos, g);
      put32(b, pos + 4, l1);
      put32(b, pos + 8, l2);
      pos += 12;
    }
    return pos;
  },
};
