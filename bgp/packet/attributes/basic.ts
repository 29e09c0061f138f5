/**
 * RFC 4271 §5.1 attributes: ORIGIN, AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, ATOMIC_AGGREGATE,
 * AGGREGATOR. Error actions follow RFC 7606 §7.1-§7.7 and RFC 7607 (AS 0). AS numbers are 2 or 4 octets by
 * `ctx.fourOctetAs`; towards a 2-octet peer, 4-octet AS numbers become AS_TRANS (RFC 6793 §4.2.2) and as4.ts
 * adds AS4_PATH / AS4_AGGREGATOR.
 */
import {
  AS_TRANS,
  AttrType,
  OPTIONAL_NON_TRANSITIVE,
  OPTIONAL_TRANSITIVE,
  UpdateSubcode,
  WELL_KNOWN,
} from '../iana.js';
import type { AsPathSegment, PathAttrs } from '../types.js';
import { get16, get32, put16, put32 } from '../wire.js';
import { type AttrDecodeState, type AttrDescriptor, type AttrFault, fault } from './descriptor.js';

const LEN = UpdateSubcode.ATTRIBUTE_LENGTH_ERROR;

export function fixedU32(
  code: number,
  name: string,
  flags: number,
  key: 'med' | 'localPref' | 'nextHop' | 'originatorId',
  ebgpDiscard = false,
): AttrDescriptor {
  return {
    code,
    name,
    flags,
    flagsAction: 'treatAsWithdraw',
    ebgpDiscard,
    decode(b, start, end, st) {
      // RFC 7606 §7.3, §7.4, §7.5, §7.9: malformed unless exactly 4 octets; treat-as-withdraw.
      if (end - start !== 4) return fault(LEN, 'treatAsWithdraw', `length ${end - start}, expected 4`);
      st.attrs[key] = get32(b, start);
      return undefined;
    },
    size: (a) => (a[key] === undefined ? -1 : 4),
    write(b, pos, a) {
      put32(b, pos, a[key] as number);
      return pos + 4;
    },
  };
}

export const ORIGIN: AttrDescriptor = {
  code: AttrType.ORIGIN,
  name: 'ORIGIN',
  flags: WELL_KNOWN,
  flagsAction: 'treatAsWithdraw',
  decode(b, start, end, st) {
    // RFC 7606 §7.1: length other than 1 or an undefined value: treat-as-withdraw.
    if (end - start !== 1) return fault(LEN, 'treatAsWithdraw', `length ${end - start}, expected 1`);
    const v = b[start] as number;
    if (v > 2) return fault(UpdateSubcode.INVALID_ORIGIN_ATTRIBUTE, 'treatAsWithdraw', `undefined value ${v}`);
    st.attrs.origin = v as 0 | 1 | 2;
    return undefined;
  },
  size: (a) => (a.origin === undefined ? -1 : 1),
  write(b, pos, a) {
    b[pos] = a.origin as number;
    return pos + 1;
  },
};

/**
 * Parse AS_PATH-shaped segments (RFC 4271 §4.3, RFC 7606 §7.2): a segment type out of 1..4, a zero segment
 * length, an overrun, or a lone trailing octet make the attribute malformed. `as0` is the RFC 7607 check.
 */
export function parseSegments(
  b: Uint8Array,
  start: number,
  end: number,
  asSize: 2 | 4,
): AsPathSegment[] | { reason: string } {
  const segs: AsPathSegment[] = [];
  let pos = start;
  while (pos < end) {
    if (end - pos < 2) return { reason: 'a single octet left after the last segment' };
    const type = b[pos] as number;
    const n = b[pos + 1] as number;
    if (type < 1 || type > 4) return { reason: `unknown segment type ${type}` };
    if (n === 0) return { reason: 'segment of length zero' };
    pos += 2;
    if (pos + n * asSize > end) return { reason: 'segment overruns the attribute' };
    const asns: number[] = new Array(n);
    for (let i = 0; i < n; i++, pos += asSize) {
      const asn = asSize === 4 ? get32(b, pos) : get16(b, pos);
      if (asn === 0) return { reason: 'AS 0 in the path (RFC 7607)' };
      asns[i] = asn;
    }
    segs.push({ type: type as 1 | 2 | 3 | 4, asns });
  }
  return segs;
}

/** Octets for `segs` with `asSize`-octet AS numbers; segments longer than 255 are split (RFC 4271 §4.3). */
export function segmentsSize(segs: readonly AsPathSegment[], asSize: number): number {
  let n = 0;
  for (const s of segs) n += Math.ceil(s.asns.length / 255) * 2 + s.asns.length * asSize;
  return n;
}

export function writeSegments(b: Uint8Array, pos: number, segs: readonly AsPathSegment[], asSize: 2 | 4): number {
  for (const s of segs) {
    for (let i = 0; i < s.asns.length; i += 255) {
      const n = Math.min(255, s.asns.length - i);
      b[pos++] = s.type;
      b[pos++] = n;
      for (let j = i; j < i + n; j++) {
        const asn = s.asns[j] as number;
        if (asSize === 4) put32(b, pos, asn);
        else put16(b, pos, asn > 0xffff ? AS_TRANS : asn); // RFC 6793 §4.2.2
        pos += asSize;
      }
    }
  }
  return pos;
}

export const AS_PATH: AttrDescriptor = {
  code: AttrType.AS_PATH,
  name: 'AS_PATH',
  flags: WELL_KNOWN,
  flagsAction: 'treatAsWithdraw',
  decode(b, start, end, st): AttrFault | undefined {
    const r = parseSegments(b, start, end, st.ctx.fourOctetAs ? 4 : 2);
    // RFC 7606 §7.2 and RFC 7607 §2: malformed AS_PATH (AS 0 included): treat-as-withdraw.
    if (!Array.isArray(r)) return fault(UpdateSubcode.MALFORMED_AS_PATH, 'treatAsWithdraw', r.reason);
    st.attrs.asPath = r;
    return undefined;
  },
  size: (a, ctx) => (a.asPath ? segmentsSize(a.asPath, ctx.fourOctetAs ? 4 : 2) : -1),
  write: (b, pos, a, ctx) => writeSegments(b, pos, a.asPath as AsPathSegment[], ctx.fourOctetAs ? 4 : 2),
};

export const NEXT_HOP = fixedU32(AttrType.NEXT_HOP, 'NEXT_HOP', WELL_KNOWN, 'nextHop');
export const MULTI_EXIT_DISC = fixedU32(AttrType.MULTI_EXIT_DISC, 'MULTI_EXIT_DISC', OPTIONAL_NON_TRANSITIVE, 'med');
export const LOCAL_PREF = fixedU32(AttrType.LOCAL_PREF, 'LOCAL_PREF', WELL_KNOWN, 'localPref', true);

export const ATOMIC_AGGREGATE: AttrDescriptor = {
  code: AttrType.ATOMIC_AGGREGATE,
  name: 'ATOMIC_AGGREGATE',
  flags: WELL_KNOWN,
  flagsAction: 'treatAsWithdraw',
  decode(_b, start, end, st) {
    // RFC 7606 §7.6: length other than 0: attribute discard.
    if (end !== start) return fault(LEN, 'attributeDiscard', `length ${end - start}, expected 0`);
    st.attrs.atomicAggregate = true;
    return undefined;
  },
  size: (a) => (a.atomicAggregate ? 0 : -1),
  write: (_b, pos) => pos,
};

export const AGGREGATOR: AttrDescriptor = {
  code: AttrType.AGGREGATOR,
  name: 'AGGREGATOR',
  flags: OPTIONAL_TRANSITIVE,
  flagsAction: 'treatAsWithdraw',
  decode(b, start, end, st: AttrDecodeState) {
    const asSize = st.ctx.fourOctetAs ? 4 : 2;
    // RFC 7606 §7.7: length other than 6 (2-octet AS) or 8 (4-octet AS): attribute discard.
    if (end - start !== asSize + 4)
      return fault(LEN, 'attributeDiscard', `length ${end - start}, expected ${asSize + 4}`);
    const asn = asSize === 4 ? get32(b, start) : get16(b, start);
    // RFC 7607 §2: AS 0 in AGGREGATOR is malformed, handled per RFC 7606 (attribute discard).
    if (asn === 0) return fault(UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR, 'attributeDiscard', 'AS 0 (RFC 7607)');
    st.attrs.aggregator = { asn, address: get32(b, start + asSize) };
    return undefined;
  },
  size: (a, ctx) => (a.aggregator ? (ctx.fourOctetAs ? 8 : 6) : -1),
  write(b, pos, a: PathAttrs, ctx) {
    const g = a.aggregator as { asn: number; address: number };
    if (ctx.fourOctetAs) put32(b, pos, g.asn);
    else put16(b, pos, g.asn > 0xffff ? AS_TRANS : g.asn);
    pos += ctx.fourOctetAs ? 4 : 2;
    put32(b, pos, g.address);
    return pos + 4;
  },
};
