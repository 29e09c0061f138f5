/**
 * AS4_PATH and AS4_AGGREGATOR (RFC 6793): how a 4-octet-AS speaker talks to a peer that did not send the
 * 4-octet AS capability ("OLD" speaker).
 *
 * Decode (2-octet peer): both are parsed here and merged into asPath / aggregator after the attribute loop
 * (RFC 6793 §4.2.3). From a 4-octet peer they are ignored ("MUST NOT send", so only a confused or OLD-relaying
 * peer sends them; RFC 6793 §4.2.2 says a NEW speaker discards them from a NEW peer).
 * Errors: RFC 6793 §6 — a malformed AS4_PATH / AS4_AGGREGATOR is discarded ("attribute discard"), including a
 * confederation segment in AS4_PATH. Exception: AS 0 in AS4_PATH is treated as withdraw, like AS 0 in AS_PATH
 * (RFC 7607 points to RFC 6793, whose remedy would be discard; we keep routes with an AS 0 anywhere in their
 * real path out of the RIB, as FRR does).
 * Encode (2-octet peer): AS_PATH / AGGREGATOR carry AS_TRANS (basic.ts), and these attributes carry the real
 * numbers when any of them is above 65535 (RFC 6793 §4.2.2). AS4_PATH never holds confederation segments.
 */
import { AS_TRANS, AsPathSegType, AttrType, OPTIONAL_TRANSITIVE, UpdateSubcode } from '../iana.js';
import type { AsPathSegment, PathAttrs } from '../types.js';
import { get32, put32 } from '../wire.js';
import { parseSegments, segmentsSize, writeSegments } from './basic.js';
import { type AttrDecodeState, type AttrDescriptor, fault } from './descriptor.js';

const OPT = UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR;

const isConfed = (s: AsPathSegment) =>
  s.type === AsPathSegType.AS_CONFED_SEQUENCE || s.type === AsPathSegType.AS_CONFED_SET;

function needsAs4Path(a: PathAttrs): AsPathSegment[] | undefined {
  if (!a.asPath?.some((s) => s.asns.some((x) => x > 0xffff))) return undefined;
  return a.asPath.filter((s) => !isConfed(s));
}

export const AS4_PATH: AttrDescriptor = {
  code: AttrType.AS4_PATH,
  name: 'AS4_PATH',
  flags: OPTIONAL_TRANSITIVE,
  flagsAction: 'attributeDiscard',
  decode(b, start, end, st) {
    if (st.ctx.fourOctetAs) return undefined;
    const r = parseSegments(b, start, end, 4);
    if (!Array.isArray(r)) {
      const as0 = r.reason.includes('RFC 7607');
      return fault(UpdateSubcode.MALFORMED_AS_PATH, as0 ? 'treatAsWithdraw' : 'attributeDiscard', r.reason);
    }
    if (r.some(isConfed)) return fault(OPT, 'attributeDiscard', 'confederation segment in AS4_PATH');
    st.as4Path = r;
    return undefined;
  },
  size(a, ctx) {
    if (ctx.fourOctetAs) return -1;
    const p = needsAs4Path(a);
    return p ? segmentsSize(p, 4) : -1;
  },
  write: (b, pos, a) => writeSegments(b, pos, needsAs4Path(a) as AsPathSegment[], 4),
};

export const AS4_AGGREGATOR: AttrDescriptor = {
  code: AttrType.AS4_AGGREGATOR,
  name: 'AS4_AGGREGATOR',
  flags: OPTIONAL_TRANSITIVE,
  flagsAction: 'attributeDiscard',
  decode(b, start, end, st) {
    if (st.ctx.fourOctetAs) return undefined;
    if (end - start !== 8)
      return fault(UpdateSubcode.ATTRIBUTE_LENGTH_ERROR, 'attributeDiscard', `length ${end - start}, expected 8`);
    const asn = get32(b, start);
    if (asn === 0) return fault(OPT, 'attributeDiscard', 'AS 0 (RFC 7607)');
    st.as4Aggregator = { asn, address: get32(b, start + 4) };
    return undefined;
  },
  size: (a, ctx) => (!ctx.fourOctetAs && a.aggregator && a.aggregator.asn > 0xffff ? 8 : -1),
  write(b, pos, a) {
    const g = a.aggregator as { asn: number; address: number };
    put32(b, pos, g.asn);
    put32(b, pos + 4, g.address);
    return pos + 8;
  },
};

/** RFC 6793 §4.2.3 path length: an AS_SET counts 1, confederation segments count 0. */
function pathCount(segs: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segs) {
    if (s.type === AsPathSegType.AS_SEQUENCE) n += s.asns.length;
    else if (s.type === AsPathSegType.AS_SET) n += 1;
  }
  return n;
}

/** Merge AS4_PATH / AS4_AGGREGATOR from a 2-octet peer into asPath / aggregator (RFC 6793 §4.2.3). */
export function mergeAs4(st: AttrDecodeState): void {
  const a = st.attrs;
  if (a.aggregator && a.aggregator.asn !== AS_TRANS) return; // "MUST be ignored" (both AS4 attributes)
  if (a.aggregator && st.as4Aggregator) a.aggregator = st.as4Aggregator;
  const as4 = st.as4Path;
  if (!as4 || !a.asPath) return;
  let keep = pathCount(a.asPath) - pathCount(as4);
  if (keep < 0) return; // AS4_PATH longer than AS_PATH: ignore it
  const out: AsPathSegment[] = [];
  for (const s of a.asPath) {
    if (keep === 0 && !isConfed(s)) break;
    if (s.type === AsPathSegType.AS_SEQUENCE && s.asns.length > keep) {
      out.push({ type: s.type, asns: s.asns.slice(0, keep) });
      keep = 0;
      break;
    }
    out.push({ type: s.type, asns: s.asns.slice() });
    if (!isConfed(s)) keep -= s.type === AsPathSegType.AS_SET ? 1 : s.asns.length;
  }
  for (const s of as4) {
    const last = out[out.length - 1];
    // Join the two halves of a sequence that the split cut in two.
    if (
      last &&
      last.type === AsPathSegType.AS_SEQUENCE &&
      s.type === AsPathSegType.AS_SEQUENCE &&
      last.asns.length + s.asns.length <= 255
    )
      last.asns.push(...s.asns);
    else out.push({ type: s.type, asns: s.asns.slice() });
  }
  a.asPath = out.filter((s) => s.asns.length > 0);
}
