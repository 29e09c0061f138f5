/**
 * LSA codec (RFC 2328 §A.4, RFC 5250 §3): the 20-octet LSA header, the per-type bodies (lsa-*.ts), the
 * Fletcher checksum (§12.1.7) and the length.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            LS age             |    Options    |    LS type    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Link State ID                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Advertising Router                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     LS sequence number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         LS checksum           |             length            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * LSAs are flooded byte-exact, so every decoder hands back the received octets next to the value. `encodeLsa`
 * of a decoded LSA gives the same octets back except where the sender set reserved bits (written as zero here);
 * flood from the received octets, not from a re-encoding.
 *
 * Types this codec does not store (6, 7, 8 and anything unassigned) are refused with 'bad-lsa': RFC 2328 §13 (2)
 * discards them from LS Updates; `LsaType` in types.ts has no room for them.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { setLsaChecksum, verifyLsaChecksum } from './checksum.js';
import { drop } from './errors.js';
import { LSA_HEADER_LEN, LSA_LENGTH_OFFSET, LsType, MAX_LSA_LEN } from './iana.js';
import { externalBodySize, readExternalBody, writeExternalBody } from './lsa-external.js';
import { networkBodySize, readNetworkBody, writeNetworkBody } from './lsa-network.js';
import { opaqueBodySize, readOpaqueBody, writeOpaqueBody } from './lsa-opaque.js';
import { readRouterBody, routerBodySize, writeRouterBody } from './lsa-router.js';
import { readSummaryBody, summaryBodySize, writeSummaryBody } from './lsa-summary.js';
import type { Lsa, LsaBody, LsaHeader, LsaType, OspfDecodeError } from './types.js';
import { get16, get32, getI32, put16, put32 } from './wire.js';

/** The LS types this implementation stores (RFC 2328 §A.4, RFC 5250 §3). */
export function isLsaType(t: number): t is LsaType {
  return t >= 1 && t <= 11;
}

/** The body kind each LS type carries. */
export function bodyKindOf(type: LsaType): LsaBody['kind'] {
  switch (type) {
    case LsType.Router:
      return 'router';
    case LsType.Network:
      return 'network';
    case LsType.SummaryNetwork:
    case LsType.SummaryAsbr:
      return 'summary';
    case LsType.AsExternal:
      return 'external';
    default:
      return 'opaque';
  }
}

// ---- header ----

/** Read the 20 header octets at `b[at..)` (the caller checked they exist); the type is not validated. */
function readHeaderFields(b: Uint8Array, at: number, type: LsaType): LsaHeader {
  return {
    age: get16(b, at),
    options: b[at + 2] as number,
    type,
    lsid: get32(b, at + 4),
    advRouter: get32(b, at + 8),
    seq: getI32(b, at + 12),
    checksum: get16(b, at + 16),
    length: get16(b, at + LSA_LENGTH_OFFSET),
  };
}

/**
 * An LSA header as carried in Database Description and LS Acknowledgment packets (§A.3.3, §A.3.6): 20 octets
 * at `b[at..)` (checked by the caller). An unknown LS type, or a length shorter than a header, is 'bad-lsa'.
 */
export function decodeLsaHeader(b: Uint8Array, at: number): Result<LsaHeader, OspfDecodeError> {
  const type = b[at + 3] as number;
  if (!isLsaType(type)) return drop('bad-lsa', `unknown LS type ${type}`);
  const h = readHeaderFields(b, at, type);
  if (h.length < LSA_HEADER_LEN) return drop('bad-lsa', `LSA length ${h.length} is shorter than its header`);
  return ok(h);
}

export function writeLsaHeader(h: LsaHeader, b: Uint8Array, at: number): void {
  put16(b, at, h.age);
  b[at + 2] = h.options;
  b[at + 3] = h.type;
  put32(b, at + 4, h.lsid);
  put32(b, at + 8, h.advRouter);
  put32(b, at + 12, h.seq);
  put16(b, at + 16, h.checksum);
  put16(b, at + LSA_LENGTH_OFFSET, h.length);
}

/** Patch LS age in encoded LSA octets (§13.3: InfTransDelay is added on the way out); the checksum is unchanged. */
export function setLsaAge(raw: Uint8Array, age: number): void {
  put16(raw, 0, age);
}

// ---- whole LSA ----

function bodySize(body: LsaBody): number {
  switch (body.kind) {
    case 'router':
      return routerBodySize(body);
    case 'network':
      return networkBodySize(body);
    case 'summary':
      return summaryBodySize(body);
    case 'external':
      return externalBodySize(body);
    case 'opaque':
      return opaqueBodySize(body);
  }
}

/** Octets `lsa` takes on the wire. */
export function lsaSize(lsa: Lsa): number {
  return LSA_HEADER_LEN + bodySize(lsa.body);
}

/**
 * Write `lsa` at `b[at..)` with its length and Fletcher checksum computed (the header's own length and
 * checksum are ignored); returns the end offset. Throws on a programmer error (body kind and LS type disagree,
 * or more than 65535 octets).
 */
export function writeLsa(lsa: Lsa, b: Uint8Array, at: number): number {
  const { header, body } = lsa;
  if (bodyKindOf(header.type) !== body.kind)
    throw new TypeError(`LS type ${header.type} cannot carry a ${body.kind} body`);
  const len = lsaSize(lsa);
  if (len > MAX_LSA_LEN) throw new RangeError(`LSA of ${len} octets`);
  writeLsaHeader({ ...header, checksum: 0, length: len }, b, at);
  const p = at + LSA_HEADER_LEN;
  switch (body.kind) {
    case 'router':
      writeRouterBody(body, b, p);
      break;
    case 'network':
      writeNetworkBody(body, b, p);
      break;
    case 'summary':
      writeSummaryBody(body, b, p);
      break;
    case 'external':
      writeExternalBody(body, b, p);
      break;
    case 'opaque':
      writeOpaqueBody(body, b, p);
      break;
  }
  setLsaChecksum(b.subarray(at, at + len));
  return at + len;
}

/** Encode one LSA: length and Fletcher checksum are computed (§12.1.7). */
export function encodeLsa(lsa: Lsa): Buffer {
  const b = Buffer.alloc(lsaSize(lsa));
  writeLsa(lsa, b, 0);
  return b;
}

/** Encode and return the LSA with its header completed (length, checksum): what an originator installs. */
export function sealLsa(lsa: Lsa): { lsa: Lsa; raw: Buffer } {
  const raw = encodeLsa(lsa);
  return {
    lsa: { header: { ...lsa.header, checksum: get16(raw, 16), length: raw.length }, body: lsa.body },
    raw,
  };
}

/**
 * The length field of the LSA at `b[at..end)`: it must cover at least the header and stay inside `end`.
 * A failure here means the octets that follow cannot be delimited.
 */
export function lsaLengthAt(b: Uint8Array, at: number, end: number): Result<number, OspfDecodeError> {
  if (end - at < LSA_HEADER_LEN) return drop('bad-lsa', `${end - at} octets left for an LSA header`);
  const len = get16(b, at + LSA_LENGTH_OFFSET);
  if (len < LSA_HEADER_LEN) return drop('bad-lsa', `LSA length ${len} is shorter than its header`);
  if (len > end - at) return drop('bad-lsa', `LSA length ${len} overruns the ${end - at} octets left`);
  return ok(len);
}

/**
 * Decode the LSA at `b[at..at+len)` whose length was checked by `lsaLengthAt`: checksum first (§13 (1):
 * 'bad-checksum'), then the LS type (§13 (2)) and the body ('bad-lsa').
 */
export function decodeLsaAt(b: Uint8Array, at: number, len: number): Result<Lsa, OspfDecodeError> {
  if (!verifyLsaChecksum(b.subarray(at, at + len)))
    return drop('bad-checksum', `LSA checksum 0x${get16(b, at + 16).toString(16)} does not verify`);
  const type = b[at + 3] as number;
  if (!isLsaType(type)) return drop('bad-lsa', `unknown LS type ${type}`);
  const header = readHeaderFields(b, at, type);
  const from = at + LSA_HEADER_LEN;
  const to = at + len;
  let body: Result<LsaBody, string>;
  switch (bodyKindOf(type)) {
    case 'router':
      body = readRouterBody(b, from, to);
      break;
    case 'network':
      body = readNetworkBody(b, from, to);
      break;
    case 'summary':
      body = readSummaryBody(b, from, to);
      break;
    case 'external':
      body = readExternalBody(b, from, to);
      break;
    default:
      body = readOpaqueBody(b, from, to);
  }
  if (!body.ok) return drop('bad-lsa', body.error);
  return ok({ header, body: body.value });
}

/**
 * Decode one whole LSA: `buf` must hold exactly the LSA (its length field equals `buf.length`). `raw` is `buf`
 * itself, the octets to store and flood.
 */
export function decodeLsa(buf: Uint8Array): Result<{ lsa: Lsa; raw: Uint8Array }, OspfDecodeError> {
  const len = lsaLengthAt(buf, 0, buf.length);
  if (!len.ok) return len;
  if (len.value !== buf.length)
    return err({ reason: 'bad-lsa', detail: `LSA length ${len.value} but ${buf.length} octets` });
  const lsa = decodeLsaAt(buf, 0, len.value);
  if (!lsa.ok) return lsa;
  return ok({ lsa: lsa.value, raw: buf });
}
