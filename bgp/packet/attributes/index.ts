/**
 * The path-attribute table and the generic attribute-section loop (RFC 4271 §4.3, §5; RFC 7606 §3, §4).
 *
 * Decoding, per attribute: header and length (an overrun of the section is treat-as-withdraw and stops the
 * loop, RFC 7606 §4, except for MP_REACH/MP_UNREACH whose NLRI is then lost: reset, §5.1); duplicates
 * (MP_REACH/MP_UNREACH twice: reset 3/1; anything else: all but the first discarded, §3 g); unrecognized
 * attributes (well-known: reset 3/2; optional transitive: kept with the Partial bit; optional non-transitive:
 * dropped, RFC 4271 §5); attributes dropped from external peers (§7.5, §7.9, §7.10); the Optional/Transitive
 * flags (§3 c); then the descriptor's own length and value rules. Each finding carries the raw attribute
 * (flags, type, length, value) as NOTIFICATION data, as RFC 4271 §6.3 asks.
 *
 * Encoding writes MP_REACH_NLRI and MP_UNREACH_NLRI first (RFC 7606 §5.1), then the others by type code, then
 * the unknown transitive ones in received order; the Extended Length bit is used when a value exceeds 255.
 */
import { err, ok, type Result } from '../../../lib/result.js';
import { updateError } from '../errors.js';
import { AttrFlag, AttrType, OPTIONAL_TRANSITIVE, UpdateSubcode } from '../iana.js';
import type { BgpError, CodecCtx, PathAttrs, RawAttr } from '../types.js';
import { copyOf, get16, put16 } from '../wire.js';
import { AS4_AGGREGATOR, AS4_PATH } from './as4.js';
import { AGGREGATOR, AS_PATH, ATOMIC_AGGREGATE, LOCAL_PREF, MULTI_EXIT_DISC, NEXT_HOP, ORIGIN } from './basic.js';
import { COMMUNITIES, EXTENDED_COMMUNITIES, LARGE_COMMUNITY } from './communities.js';
import type { AttrDecodeState, AttrDescriptor } from './descriptor.js';
import { MP_REACH_NLRI, MP_UNREACH_NLRI } from './mp.js';
import { CLUSTER_LIST, ORIGINATOR_ID } from './reflection.js';

export { mergeAs4 } from './as4.js';
export type { AttrDecodeState, AttrDescriptor } from './descriptor.js';

/** Encoding order: MP attributes first (RFC 7606 §5.1), then ascending type code. */
export const ATTRIBUTES: readonly AttrDescriptor[] = [
  MP_REACH_NLRI,
  MP_UNREACH_NLRI,
  ORIGIN,
  AS_PATH,
  NEXT_HOP,
  MULTI_EXIT_DISC,
  LOCAL_PREF,
  ATOMIC_AGGREGATE,
  AGGREGATOR,
  COMMUNITIES,
  ORIGINATOR_ID,
  CLUSTER_LIST,
  EXTENDED_COMMUNITIES,
  AS4_PATH,
  AS4_AGGREGATOR,
  LARGE_COMMUNITY,
];

const BY_CODE: (AttrDescriptor | undefined)[] = new Array(256).fill(undefined);
for (const d of ATTRIBUTES) BY_CODE[d.code] = d;

export function descriptorFor(code: number): AttrDescriptor | undefined {
  return BY_CODE[code];
}

const isMp = (type: number) => type === AttrType.MP_REACH_NLRI || type === AttrType.MP_UNREACH_NLRI;

/**
 * Decode the attribute section `b[pos..end)`. Non-fatal findings are pushed to `st.errors`; a reset-class
 * error is returned as `err`.
 */
export function decodeAttributes(b: Uint8Array, pos: number, end: number, st: AttrDecodeState): Result<void, BgpError> {
  const seen = new Uint8Array(256);
  while (pos < end) {
    const at = pos;
    const flags = b[pos] as number;
    const hdr = flags & AttrFlag.EXTENDED_LENGTH ? 4 : 3;
    const type = end - pos >= 2 ? (b[pos + 1] as number) : -1;
    if (end - pos < hdr || at + hdr + (hdr === 4 ? get16(b, pos + 2) : (b[pos + 2] as number)) > end) {
      // RFC 7606 §4: the section ends inside a header or a value; the Total Path Attribute Length still
      // locates the NLRI. MP attributes cut short lose their NLRI (§5.1): reset.
      const why = `attribute ${type} overruns the path attribute section`;
      const data = copyOf(b, at, end);
      if (isMp(type)) return err(updateError(UpdateSubcode.MALFORMED_ATTRIBUTE_LIST, 'reset', why, data, type));
      st.errors.push(updateError(UpdateSubcode.MALFORMED_ATTRIBUTE_LIST, 'treatAsWithdraw', why, data));
      return ok(undefined);
    }
    const len = hdr === 4 ? get16(b, pos + 2) : (b[pos + 2] as number);
    const vstart = at + hdr;
    pos = vstart + len;
    const e = decodeOne(b, at, vstart, pos, flags, type, seen, st);
    if (e) return err(e);
  }
  return ok(undefined);
}

/** One attribute whose bounds are known; returns a reset-class error, pushes weaker findings. */
function decodeOne(
  b: Uint8Array,
  at: number,
  vstart: number,
  vend: number,
  flags: number,
  type: number,
  seen: Uint8Array,
  st: AttrDecodeState,
): BgpError | undefined {
  const raw = () => copyOf(b, at, vend);
  if (seen[type]) {
    // RFC 7606 §3 g.
    if (isMp(type))
      return updateError(UpdateSubcode.MALFORMED_ATTRIBUTE_LIST, 'reset', `duplicate attribute ${type}`, raw(), type);
    st.errors.push(
      updateError(
        UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
        'attributeDiscard',
        `duplicate attribute ${type}`,
        raw(),
        type,
      ),
    );
    return undefined;
  }
  seen[type] = 1;
  const d = BY_CODE[type];
  if (!d) return unknownAttr(b, vstart, vend, flags, type, st, raw);
  if (d.ebgpDiscard && !st.ctx.ibgp) {
    st.errors.push(
      updateError(UpdateSubcode.UNSPECIFIC, 'attributeDiscard', `${d.name} from an external peer`, raw(), type),
    );
    return undefined;
  }
  if ((flags & (AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE)) !== d.flags) {
    const e = updateError(
      UpdateSubcode.ATTRIBUTE_FLAGS_ERROR,
      d.flagsAction,
      `${d.name}: flags 0x${flags.toString(16)} conflict`,
      raw(),
      type,
    );
    if (e.action === 'reset') return e;
    st.errors.push(e);
    return undefined;
  }
  const f = d.decode(b, vstart, vend, st);
  if (!f) return undefined;
  const e = updateError(f.subcode, f.action, `${d.name}: ${f.reason}`, raw(), type);
  if (f.action === 'reset' || f.action === 'afiSafiDisable') return e;
  st.errors.push(e);
  return undefined;
}

function unknownAttr(
  b: Uint8Array,
  vstart: number,
  vend: number,
  flags: number,
  type: number,
  st: AttrDecodeState,
  raw: () => Uint8Array,
): BgpError | undefined {
  // RFC 4271 §6.3: an unrecognized well-known attribute is "Unrecognized Well-known Attribute".
  if (!(flags & AttrFlag.OPTIONAL))
    return updateError(
      UpdateSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
      'reset',
      `unrecognized well-known attribute ${type}`,
      raw(),
      type,
    );
  // RFC 4271 §5: optional non-transitive ones are quietly ignored; transitive ones are passed on.
  if (!(flags & AttrFlag.TRANSITIVE)) return undefined;
  const u: RawAttr = { flags: flags & 0xe0, type, value: copyOf(b, vstart, vend) };
  if (st.attrs.unknown) st.attrs.unknown.push(u);
  else st.attrs.unknown = [u];
  return undefined;
}

export interface EncodeAttrOpts {
  /** Leave out MP_REACH_NLRI and MP_UNREACH_NLRI (the packer writes them itself). */
  skipMp?: boolean;
  /** Leave out NEXT_HOP (RFC 4760 §3: an UPDATE with only MP_REACH NLRI SHOULD NOT carry it). */
  skipNextHop?: boolean;
}

function skipped(d: AttrDescriptor, o: EncodeAttrOpts): boolean {
  return (o.skipMp === true && isMp(d.code)) || (o.skipNextHop === true && d.code === AttrType.NEXT_HOP);
}

/** Flags an unknown attribute goes out with: Partial set when it is optional transitive (RFC 4271 §5). */
function rawFlags(u: RawAttr): number {
  const f = u.flags & (AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE | AttrFlag.PARTIAL);
  return (f & OPTIONAL_TRANSITIVE) === OPTIONAL_TRANSITIVE ? f | AttrFlag.PARTIAL : f;
}

const hdrSize = (n: number) => (n > 255 ? 4 : 3);

/** Octets the attribute section for `a` takes. */
export function attrsSize(a: PathAttrs, ctx: CodecCtx, o: EncodeAttrOpts = {}): number {
  let n = 0;
  for (const d of ATTRIBUTES) {
    if (skipped(d, o)) continue;
    const s = d.size(a, ctx);
    if (s >= 0) n += hdrSize(s) + s;
  }
  if (a.unknown) for (const u of a.unknown) n += hdrSize(u.value.length) + u.value.length;
  return n;
}

function writeHdr(b: Uint8Array, pos: number, flags: number, type: number, len: number): number {
  if (len > 0xffff) throw new RangeError(`attribute ${type} of ${len} octets does not fit`);
  if (len > 255) {
    b[pos] = flags | AttrFlag.EXTENDED_LENGTH;
    b[pos + 1] = type;
    put16(b, pos + 2, len);
    return pos + 4;
  }
  b[pos] = flags;
  b[pos + 1] = type;
  b[pos + 2] = len;
  return pos + 3;
}

/** Write the attribute section at `b[pos]` (attrsSize() octets); returns the new offset. */
export function writeAttrs(b: Uint8Array, pos: number, a: PathAttrs, ctx: CodecCtx, o: EncodeAttrOpts = {}): number {
  for (const d of ATTRIBUTES) {
    if (skipped(d, o)) continue;
    const s = d.size(a, ctx);
    if (s < 0) continue;
    pos = writeHdr(b, pos, d.flags, d.code, s);
    const next = d.write(b, pos, a, ctx);
    if (next !== pos + s) throw new Error(`attribute ${d.name}: wrote ${next - pos} octets, sized ${s}`);
    pos = next;
  }
  if (a.unknown)
    for (const u of a.unknown) {
      pos = writeHdr(b, pos, rawFlags(u), u.type, u.value.length);
      b.set(u.value, pos);
      pos += u.value.length;
    }
  return pos;
}

/** The attribute section as its own buffer (encode once, reuse for many UPDATEs). */
export function encodeAttrs(a: PathAttrs, ctx: CodecCtx, o: EncodeAttrOpts = {}): Uint8Array {
  const b = new Uint8Array(attrsSize(a, ctx, o));
  writeAttrs(b, 0, a, ctx, o);
  return b;
}
