/**
 * UPDATE message (RFC 4271 §4.3) with RFC 7606 error handling, RFC 4760 MP attributes, RFC 7911 path
 * identifiers, RFC 6793 AS4 merging and RFC 4724 §2 End-of-RIB markers.
 *
 *   +-----------------------------------------------------+
 *   |   Withdrawn Routes Length (2 octets)                |
 *   +-----------------------------------------------------+
 *   |   Withdrawn Routes (variable)                       |
 *   +-----------------------------------------------------+
 *   |   Total Path Attribute Length (2 octets)            |
 *   +-----------------------------------------------------+
 *   |   Path Attributes (variable)                        |
 *   +-----------------------------------------------------+
 *   |   Network Layer Reachability Information (variable) |
 *   +-----------------------------------------------------+
 *
 * Fatal errors (the two length fields overrunning the message: 3/1; unparsable Withdrawn Routes or NLRI:
 * 3/10 — RFC 7606 §5.3 leaves no softer option) come back as `err`. Softer findings land in `errors`.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { mergeAs4 } from './attributes/as4.js';
import { type AttrDecodeState, attrsSize, decodeAttributes, writeAttrs } from './attributes/index.js';
import { updateError } from './errors.js';
import { writeHeader } from './header.js';
import { AFI, AttrType, HEADER_LEN, MAX_EXT_MSG_LEN, MAX_MSG_LEN, MsgType, SAFI, UpdateSubcode } from './iana.js';
import { decodeV4Nlri, nlriListSize, writeNlriList } from './nlri.js';
import { afiSafiKey, type BgpError, type CodecCtx, type PathAttrs, type UpdateMsg } from './types.js';
import { get16, put16 } from './wire.js';

const V4_UNICAST = afiSafiKey(AFI.IPV4, SAFI.UNICAST);

/** Decode a whole UPDATE (header included, already checked). */
export function decodeUpdate(msg: Uint8Array, ctx: CodecCtx): Result<UpdateMsg, BgpError> {
  const end = msg.length;
  let pos = HEADER_LEN;
  // RFC 4271 §6.3: Withdrawn Routes Length + Total Attribute Length + 23 must fit the message.
  if (pos + 2 > end) return err(malformedList('truncated Withdrawn Routes Length'));
  const wl = get16(msg, pos);
  pos += 2;
  if (pos + wl + 2 > end) return err(malformedList(`Withdrawn Routes Length ${wl} overruns the message`));
  const addPath = ctx.addPathRx.has(V4_UNICAST);
  const u: UpdateMsg = { type: 'update', withdrawn: [], attrs: undefined, nlri: [], errors: [] };
  const wIds: number[] | undefined = addPath ? [] : undefined;
  const bad = decodeV4Nlri(msg, pos, pos + wl, u.withdrawn as number[], wIds);
  if (bad) return err(invalidNetwork(`Withdrawn Routes: ${bad}`));
  if (wIds) u.withdrawnPathIds = wIds;
  pos += wl;
  const tal = get16(msg, pos);
  pos += 2;
  if (pos + tal > end) return err(malformedList(`Total Path Attribute Length ${tal} overruns the message`));
  const st: AttrDecodeState = { ctx, attrs: {}, errors: u.errors };
  if (tal > 0) {
    const r = decodeAttributes(msg, pos, pos + tal, st);
    if (!r.ok) return r;
    u.attrs = st.attrs;
  }
  pos += tal;
  const nIds: number[] | undefined = addPath ? [] : undefined;
  const badNlri = decodeV4Nlri(msg, pos, end, u.nlri as number[], nIds);
  if (badNlri) return err(invalidNetwork(`NLRI: ${badNlri}`));
  if (nIds) u.nlriPathIds = nIds;
  if (!ctx.fourOctetAs && u.attrs) mergeAs4(st);
  semanticChecks(u, st.attrs, ctx);
  return ok(u);
}

function malformedList(reason: string): BgpError {
  return updateError(UpdateSubcode.MALFORMED_ATTRIBUTE_LIST, 'reset', reason);
}

function invalidNetwork(reason: string): BgpError {
  return updateError(UpdateSubcode.INVALID_NETWORK_FIELD, 'reset', reason);
}

/** RFC 7606 §3 d, RFC 4271 §6.3 (NEXT_HOP, first AS): findings that need the whole message. */
function semanticChecks(u: UpdateMsg, a: PathAttrs, ctx: CodecCtx): void {
  const hasNlri = u.nlri.length > 0;
  if (hasNlri || (a.mpReach !== undefined && a.mpReach.nlri.length > 0)) {
    // RFC 7606 §3 d: missing well-known mandatory attributes; NEXT_HOP only with NLRI-field routes (RFC 4760 §3).
    const missing = (t: number, name: string) =>
      u.errors.push(
        updateError(
          UpdateSubcode.MISSING_WELL_KNOWN_ATTRIBUTE,
          'treatAsWithdraw',
          `missing ${name}`,
          Uint8Array.of(t),
          t,
        ),
      );
    if (a.origin === undefined && !hasFinding(u, AttrType.ORIGIN)) missing(AttrType.ORIGIN, 'ORIGIN');
    if (a.asPath === undefined && !hasFinding(u, AttrType.AS_PATH)) missing(AttrType.AS_PATH, 'AS_PATH');
    if (hasNlri && a.nextHop === undefined && !hasFinding(u, AttrType.NEXT_HOP)) missing(AttrType.NEXT_HOP, 'NEXT_HOP');
  }
  if (hasNlri && a.nextHop !== undefined && isMartianV4(a.nextHop)) {
    // RFC 4271 §6.3 "semantically incorrect NEXT_HOP" (3/8); RFC 7606 §7.3: treat-as-withdraw.
    const data = Uint8Array.of(
      0x40,
      AttrType.NEXT_HOP,
      4,
      a.nextHop >>> 24,
      (a.nextHop >>> 16) & 0xff,
      (a.nextHop >>> 8) & 0xff,
      a.nextHop & 0xff,
    );
    u.errors.push(
      updateError(
        UpdateSubcode.INVALID_NEXT_HOP_ATTRIBUTE,
        'treatAsWithdraw',
        'martian NEXT_HOP',
        data,
        AttrType.NEXT_HOP,
      ),
    );
  }
  if (!ctx.ibgp && ctx.peerAs !== undefined && a.asPath !== undefined) {
    // RFC 4271 §6.3: the leftmost AS must be the external peer's (3/11); RFC 7606 §7.2: treat-as-withdraw.
    const first = a.asPath[0]?.asns[0];
    if (first !== ctx.peerAs)
      u.errors.push(
        updateError(
          UpdateSubcode.MALFORMED_AS_PATH,
          'treatAsWithdraw',
          `leftmost AS ${first ?? 'none'} is not the peer AS ${ctx.peerAs}`,
          new Uint8Array(0),
          AttrType.AS_PATH,
        ),
      );
  }
}

/** An attribute that was present but malformed already explains its absence. */
function hasFinding(u: UpdateMsg, type: number): boolean {
  return u.errors.some((e) => e.attrType === type);
}

/** 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4 (multicast) and 240.0.0.0/4 (class E, broadcast). */
export function isMartianV4(a: number): boolean {
  const top = a >>> 24;
  return top === 0 || top === 127 || top >= 224;
}

export function maxMessageSize(ctx: CodecCtx): number {
  return ctx.extendedMessage ? MAX_EXT_MSG_LEN : MAX_MSG_LEN;
}

/** Encode an UPDATE. One that does not fit the negotiated maximum is a caller bug (use pack.ts): it throws. */
export function encodeUpdate(m: UpdateMsg, ctx: CodecCtx): Buffer {
  const addPath = ctx.addPathTx.has(V4_UNICAST);
  const wl = nlriListSize(m.withdrawn, addPath);
  const tal = m.attrs ? attrsSize(m.attrs, ctx) : 0;
  const nl = nlriListSize(m.nlri, addPath);
  const total = HEADER_LEN + 4 + wl + tal + nl;
  if (total > maxMessageSize(ctx)) throw new RangeError(`UPDATE of ${total} octets exceeds ${maxMessageSize(ctx)}`);
  const b = Buffer.allocUnsafe(total);
  writeHeader(b, total, MsgType.UPDATE);
  put16(b, HEADER_LEN, wl);
  let pos = writeNlriList(b, HEADER_LEN + 2, m.withdrawn, addPath, m.withdrawnPathIds);
  put16(b, pos, tal);
  pos += 2;
  if (m.attrs) pos = writeAttrs(b, pos, m.attrs, ctx);
  pos = writeNlriList(b, pos, m.nlri, addPath, m.nlriPathIds);
  if (pos !== total) throw new Error(`UPDATE encoder wrote ${pos} of ${total} octets`);
  return b;
}

/**
 * RFC 4724 §2 End-of-RIB: an empty UPDATE for IPv4 unicast, else an UPDATE holding only an empty
 * MP_UNREACH_NLRI for the family.
 */
export function endOfRib(afi: number, safi: number, _ctx: CodecCtx): Buffer {
  if (afi === AFI.IPV4 && safi === SAFI.UNICAST) {
    const b = Buffer.alloc(HEADER_LEN + 4);
    writeHeader(b, b.length, MsgType.UPDATE);
    return b;
  }
  const b = Buffer.alloc(HEADER_LEN + 4 + 6);
  writeHeader(b, b.length, MsgType.UPDATE);
  put16(b, HEADER_LEN + 2, 6);
  b[HEADER_LEN + 4] = 0x80; // optional non-transitive
  b[HEADER_LEN + 5] = AttrType.MP_UNREACH_NLRI;
  b[HEADER_LEN + 6] = 3;
  put16(b, HEADER_LEN + 7, afi);
  b[HEADER_LEN + 9] = safi;
  return b;
}

/** The family an End-of-RIB marker is for, or undefined when `m` is not one. */
export function isEndOfRib(m: UpdateMsg): { afi: number; safi: number } | undefined {
  if (m.withdrawn.length > 0 || m.nlri.length > 0) return undefined;
  if (m.attrs === undefined) return { afi: AFI.IPV4, safi: SAFI.UNICAST };
  const a = m.attrs;
  const u = a.mpUnreach;
  if (!u || u.withdrawn.length > 0) return undefined;
  for (const k of Object.keys(a)) if (k !== 'mpUnreach') return undefined;
  return { afi: u.afi, safi: u.safi };
}
