/**
 * Multiprotocol attributes (RFC 4760 §3, §4): MP_REACH_NLRI and MP_UNREACH_NLRI, for IPv4 and IPv6 unicast.
 *
 *   MP_REACH_NLRI:   AFI u16 | SAFI u8 | Next Hop Length u8 | Next Hop | Reserved u8 | NLRI ...
 *   MP_UNREACH_NLRI: AFI u16 | SAFI u8 | Withdrawn Routes ...
 *
 * Next hops: 4 octets (IPv4), 16 (global) or 32 (global + link-local, RFC 2545 §3) — for AFI 1 the 16/32
 * forms are RFC 8950 IPv4 NLRI over an IPv6 next hop. Path identifiers (RFC 7911) when ADD-PATH receive (on
 * decode) or send (on encode) is negotiated for the family.
 *
 * RFC 7606 §7.11 / §7.12 and §5.3: a malformed MP attribute or unparsable NLRI cannot be treated as withdraw
 * (the NLRI could not be located), so it is a session reset with "Optional Attribute Error" (RFC 4760 §7).
 * An AFI/SAFI this codec does not model (e.g. VPN, EVPN) is discarded and reported (the session never
 * negotiates those, so a peer sending one is misbehaving but harmless).
 */
import type { PrefixKey } from '../../../lib/prefix.js';
import { AFI, AttrType, OPTIONAL_NON_TRANSITIVE, SAFI, UpdateSubcode } from '../iana.js';
import { decodeV4Nlri, decodeV6Nlri, nlriListSize, writeNlriList } from '../nlri.js';
import { afiSafiKey, type MpReach, type MpUnreach } from '../types.js';
import { copyOf, get16, put16 } from '../wire.js';
import { type AttrDescriptor, type AttrFault, fault } from './descriptor.js';

const OPT = UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR;

function supported(afi: number, safi: number): boolean {
  return (afi === AFI.IPV4 || afi === AFI.IPV6) && safi === SAFI.UNICAST;
}

/** Legal next-hop lengths per AFI (RFC 4760 §3, RFC 2545 §3, RFC 8950 §3). */
export function validNextHopLength(afi: number, len: number): boolean {
  return afi === AFI.IPV4 ? len === 4 || len === 16 || len === 32 : len === 16 || len === 32;
}

function decodePrefixes(
  afi: number,
  b: Uint8Array,
  start: number,
  end: number,
  ids: number[] | undefined,
): PrefixKey[] | string {
  if (afi === AFI.IPV4) {
    const keys: number[] = [];
    return decodeV4Nlri(b, start, end, keys, ids) ?? keys;
  }
  const keys: string[] = [];
  return decodeV6Nlri(b, start, end, keys, ids) ?? keys;
}

export const MP_REACH_NLRI: AttrDescriptor = {
  code: AttrType.MP_REACH_NLRI,
  name: 'MP_REACH_NLRI',
  flags: OPTIONAL_NON_TRANSITIVE,
  flagsAction: 'reset',
  decode(b, start, end, st): AttrFault | undefined {
    if (end - start < 5) return fault(OPT, 'reset', `length ${end - start} < 5`);
    const afi = get16(b, start);
    const safi = b[start + 2] as number;
    const nhLen = b[start + 3] as number;
    const nlriStart = start + 4 + nhLen + 1; // +1: the Reserved octet (RFC 4760 §3), ignored
    if (nlriStart > end) return fault(OPT, 'reset', `next hop length ${nhLen} overruns the attribute`);
    if (!supported(afi, safi)) return fault(OPT, 'attributeDiscard', `unsupported AFI/SAFI ${afi}/${safi}`);
    if (!validNextHopLength(afi, nhLen)) return fault(OPT, 'reset', `next hop length ${nhLen} for AFI ${afi}`);
    const ids = st.ctx.addPathRx.has(afiSafiKey(afi, safi)) ? [] : undefined;
    const nlri = decodePrefixes(afi, b, nlriStart, end, ids);
    if (typeof nlri === 'string') return fault(OPT, 'reset', nlri);
    const r: MpReach = { afi: afi as 1 | 2, safi, nextHop: copyOf(b, start + 4, start + 4 + nhLen), nlri };
    if (ids) r.pathIds = ids;
    st.attrs.mpReach = r;
    return undefined;
  },
  size(a, ctx) {
    const r = a.mpReach;
    if (!r) return -1;
    return 5 + r.nextHop.length + nlriListSize(r.nlri, ctx.addPathTx.has(afiSafiKey(r.afi, r.safi)));
  },
  write(b, pos, a, ctx) {
    const r = a.mpReach as MpReach;
    put16(b, pos, r.afi);
    b[pos + 2] = r.safi;
    b[pos + 3] = r.nextHop.length;
    b.set(r.nextHop, pos + 4);
    pos += 4 + r.nextHop.length;
    b[pos++] = 0;
    return writeNlriList(b, pos, r.nlri, ctx.addPathTx.has(afiSafiKey(r.afi, r.safi)), r.pathIds);
  },
};

export const MP_UNREACH_NLRI: AttrDescriptor = {
  code: AttrType.MP_UNREACH_NLRI,
  name: 'MP_UNREACH_NLRI',
  flags: OPTIONAL_NON_TRANSITIVE,
  flagsAction: 'reset',
  decode(b, start, end, st): AttrFault | undefined {
    if (end - start < 3) return fault(OPT, 'reset', `length ${end - start} < 3`);
    const afi = get16(b, start);
    const safi = b[start + 2] as number;
    if (!supported(afi, safi)) return fault(OPT, 'attributeDiscard', `unsupported AFI/SAFI ${afi}/${safi}`);
    const ids = st.ctx.addPathRx.has(afiSafiKey(afi, safi)) ? [] : undefined;
    const withdrawn = decodePrefixes(afi, b, start + 3, end, ids);
    if (typeof withdrawn === 'string') return fault(OPT, 'reset', withdrawn);
    const u: MpUnreach = { afi: afi as 1 | 2, safi, withdrawn };
    if (ids) u.pathIds = ids;
    st.attrs.mpUnreach = u;
    return undefined;
  },
  size(a, ctx) {
    const u = a.mpUnreach;
    if (!u) return -1;
    return 3 + nlriListSize(u.withdrawn, ctx.addPathTx.has(afiSafiKey(u.afi, u.safi)));
  },
  write(b, pos, a, ctx) {
    const u = a.mpUnreach as MpUnreach;
    put16(b, pos, u.afi);
    b[pos + 2] = u.safi;
    return writeNlriList(b, pos + 3, u.withdrawn, ctx.addPathTx.has(afiSafiKey(u.afi, u.safi)), u.pathIds);
  },
};
