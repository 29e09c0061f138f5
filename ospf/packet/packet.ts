/**
 * OSPFv2 packet codec entry points (RFC 2328 §A.3): the 24-octet header, the five packet types and their
 * authentication. Pure: bytes in (the IP payload), typed values or typed errors out.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Version #   |     Type      |         Packet length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Router ID                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Area ID                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |             AuType            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Authentication                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Authentication                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Decoding follows §8.2's order where it is the codec's business: version, length, type, then AuType,
 * checksum and credentials (Appendix D), then the body. The Router ID / Area ID / source checks of §8.2
 * belong to the interface. Octets after the packet length (the digest, an RFC 5613 LLS block) are allowed.
 *
 * Encoding: `header.auth` of the packet is ignored; the AuthCfg decides AuType, password, key ID and Auth
 * Data Len, and `cryptoSeq` (or, when absent, the sequence number in `header.auth`) is sent.
 */
import { ok, type Result } from '../../lib/result.js';
import { type AuthResult, applyAuth, checkAuth, trailerLen } from './auth.js';
import { dbDescSize, readDbDesc, writeDbDesc } from './dbdesc.js';
import { drop } from './errors.js';
import { helloSize, readHello, writeHello } from './hello.js';
import { HEADER_LEN, OSPF_VERSION, PacketType } from './iana.js';
import { lsAckSize, readLsAck, writeLsAck } from './lsack.js';
import { lsRequestSize, readLsRequest, writeLsRequest } from './lsreq.js';
import { lsUpdateSize, rawLsUpdateSize, readLsUpdate, writeLsUpdate, writeRawLsUpdate } from './lsupdate.js';
import type { AuthCfg, OspfBody, OspfDecodeError, OspfHeader, OspfPacket } from './types.js';
import { get16, get32, put16, put32 } from './wire.js';

/** What `decodePacket` hands out. */
export interface DecodedPacket {
  packet: OspfPacket;
  /** Cryptographic authentication: the sequence number (for the neighbor's replay check) and the key used. */
  cryptoSeq?: number;
  keyId?: number;
  /** LS Update: the received octets of each LSA of `body.lsas` (same index), to store and flood byte-exact. */
  lsaRaws?: Uint8Array[];
  /** LS Update: LSAs skipped one by one (bad checksum, unknown LS type, malformed body; RFC 2328 §13). */
  lsaDrops?: OspfDecodeError[];
}

/** Largest packet: the 16-bit length field. */
const MAX_PACKET_LEN = 0xffff;

function bodySize(body: OspfBody): number {
  switch (body.type) {
    case 1:
      return helloSize(body);
    case 2:
      return dbDescSize(body);
    case 3:
      return lsRequestSize(body);
    case 4:
      return lsUpdateSize(body);
    case 5:
      return lsAckSize(body);
  }
}

function writeBody(body: OspfBody, b: Uint8Array, at: number): number {
  switch (body.type) {
    case 1:
      return writeHello(body, b, at);
    case 2:
      return writeDbDesc(body, b, at);
    case 3:
      return writeLsRequest(body, b, at);
    case 4:
      return writeLsUpdate(body, b, at);
    case 5:
      return writeLsAck(body, b, at);
  }
}

/** Lay out header + body + digest room, let `write` fill the body, then authenticate. */
function frame(
  type: number,
  h: Pick<OspfHeader, 'routerId' | 'areaId'>,
  size: number,
  write: (b: Uint8Array, at: number) => number,
  auth: AuthCfg,
  cryptoSeq: number,
): Buffer {
  const len = HEADER_LEN + size;
  if (len > MAX_PACKET_LEN) throw new RangeError(`OSPF packet of ${len} octets`);
  const b = Buffer.alloc(len + trailerLen(auth));
  b[0] = OSPF_VERSION;
  b[1] = type;
  put16(b, 2, len);
  put32(b, 4, h.routerId);
  put32(b, 8, h.areaId);
  const end = write(b, HEADER_LEN);
  if (end !== len) throw new Error(`OSPF body writer ended at ${end}, expected ${len}`);
  applyAuth(b, len, auth, cryptoSeq);
  return b;
}

/**
 * Encode one packet as the IP payload: header, body, and for cryptographic authentication the digest.
 * Throws only on programmer errors (header and body types differ, a packet over 65535 octets, a send key
 * that is not configured).
 */
export function encodePacket(pkt: OspfPacket, auth: AuthCfg, cryptoSeq?: number): Buffer {
  if (pkt.header.type !== pkt.body.type)
    throw new TypeError(`header type ${pkt.header.type} with a type ${pkt.body.type} body`);
  const seq = cryptoSeq ?? (pkt.header.auth.type === 2 ? pkt.header.auth.seq : 0);
  const body = pkt.body;
  return frame(body.type, pkt.header, bodySize(body), (b, at) => writeBody(body, b, at), auth, seq);
}

/**
 * An LS Update from LSAs already encoded (stored or received octets, LS age patched by the caller per
 * §13.3): what flooding sends, so every LSA goes out byte-exact.
 */
export function encodeRawLsUpdate(
  h: Pick<OspfHeader, 'routerId' | 'areaId'>,
  lsas: readonly Uint8Array[],
  auth: AuthCfg,
  cryptoSeq = 0,
): Buffer {
  return frame(
    PacketType.LinkStateUpdate,
    h,
    rawLsUpdateSize(lsas),
    (b, at) => writeRawLsUpdate(lsas, b, at),
    auth,
    cryptoSeq,
  );
}

/** Version, length and type of the header at `buf[0..24)`; the packet length is returned. */
function checkHeader(buf: Uint8Array): Result<number, OspfDecodeError> {
  if (buf.length < HEADER_LEN) return drop('truncated', `${buf.length} octets, a header needs ${HEADER_LEN}`);
  if (buf[0] !== OSPF_VERSION) return drop('bad-version', `version ${buf[0]}`);
  const len = get16(buf, 2);
  if (len < HEADER_LEN) return drop('bad-length', `packet length ${len} is shorter than the header`);
  if (len > buf.length) return drop('bad-length', `packet length ${len} but ${buf.length} octets received`);
  const type = buf[1] as number;
  if (type < PacketType.Hello || type > PacketType.LinkStateAck) return drop('bad-type', `packet type ${type}`);
  return ok(len);
}

function withAuth(out: DecodedPacket, a: AuthResult): DecodedPacket {
  if (a.cryptoSeq !== undefined) out.cryptoSeq = a.cryptoSeq;
  if (a.keyId !== undefined) out.keyId = a.keyId;
  return out;
}

/** Decode one packet (the IP payload) under the receiving interface's authentication configuration. */
export function decodePacket(buf: Uint8Array, auth: AuthCfg): Result<DecodedPacket, OspfDecodeError> {
  const len = checkHeader(buf);
  if (!len.ok) return len;
  const a = checkAuth(buf, len.value, auth);
  if (!a.ok) return a;
  const type = buf[1] as OspfHeader['type'];
  const header: OspfHeader = {
    version: 2,
    type,
    routerId: get32(buf, 4),
    areaId: get32(buf, 8),
    auth: a.value.auth,
  };
  const from = HEADER_LEN;
  const to = len.value;
  if (type === PacketType.LinkStateUpdate) {
    const u = readLsUpdate(buf, from, to);
    if (!u.ok) return u;
    const out = withAuth({ packet: { header, body: u.value.pkt } }, a.value);
    out.lsaRaws = u.value.raws;
    out.lsaDrops = u.value.drops;
    return ok(out);
  }
  const body: Result<OspfBody, OspfDecodeError> =
    type === PacketType.Hello
      ? readHello(buf, from, to)
      : type === PacketType.DatabaseDescription
        ? readDbDesc(buf, from, to)
        : type === PacketType.LinkStateRequest
          ? readLsRequest(buf, from, to)
          : readLsAck(buf, from, to);
  if (!body.ok) return body;
  return ok(withAuth({ packet: { header, body: body.value } }, a.value));
}
