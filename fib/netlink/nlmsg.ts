/**
 * Netlink framing (RFC 3549 §2.3.2; include/uapi/linux/netlink.h): nlmsghdr, 4-octet aligned attributes
 * (struct nlattr / rtattr), nesting, and the control messages NLMSG_ERROR (with extended ACK TLVs) and
 * NLMSG_DONE.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          Length                             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            Type              |           Flags              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Sequence Number                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Process ID (PID)                       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Netlink is host byte order; we run on little-endian hosts (x86-64, arm64), so every field is written with
 * the Writer's little-endian helpers. A few attributes are explicitly big-endian (ports): those say so.
 *
 * Decoding is bounds-checked against the message's own window: a length that points outside it is a
 * `NlDecodeError`, never an over-read or a throw. Unknown attributes are skipped.
 */
import type { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  NLA_HDRLEN,
  NLA_TYPE_MASK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
} from './constants.js';

export interface NlMsgHdr {
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

export interface NlDecodeError {
  kind: 'nl-decode';
  /** What was being decoded, e.g. "rtmsg", "RTA_MULTIPATH", "nlmsghdr". */
  what: string;
  /** Offset in the buffer being decoded. */
  offset: number;
  detail: string;
}

export function decodeError(what: string, offset: number, detail: string): { ok: false; error: NlDecodeError } {
  return err({ kind: 'nl-decode', what, offset, detail });
}

export function align4(n: number): number {
  return (n + 3) & ~3;
}

// ---- encoding ----

/** Starts a message; returns its offset for `endMessage`. */
export function beginMessage(w: Writer, type: number, flags: number, seq: number, pid: number): number {
  const at = w.length;
  w.u32le(0).u16le(type).u16le(flags).u32le(seq).u32le(pid);
  return at;
}

/** Pads to 4 octets and patches nlmsg_len (which includes the padding, as the kernel does). */
export function endMessage(w: Writer, at: number): void {
  padTo4(w);
  w.patch32le(at, w.length - at);
}

export function padTo4(w: Writer): void {
  const pad = align4(w.length) - w.length;
  if (pad > 0) w.zeros(pad);
}

export function attrU8(w: Writer, type: number, v: number): void {
  w.u16le(5).u16le(type).u8(v).zeros(3);
}

export function attrU16(w: Writer, type: number, v: number): void {
  w.u16le(6).u16le(type).u16le(v).zeros(2);
}

/** A big-endian (network order) u16 attribute, e.g. IFLA_VXLAN_PORT, NDA_PORT. */
export function attrBe16(w: Writer, type: number, v: number): void {
  w.u16le(6).u16le(type).u16(v).zeros(2);
}

export function attrU32(w: Writer, type: number, v: number): void {
  w.u16le(8).u16le(type).u32le(v);
}

export function attrFlag(w: Writer, type: number): void {
  w.u16le(4).u16le(type);
}

export function attrBytes(w: Writer, type: number, b: Uint8Array): void {
  w.u16le(NLA_HDRLEN + b.length)
    .u16le(type)
    .bytes(b);
  padTo4(w);
}

/** A NUL-terminated string attribute (IFLA_IFNAME, IFA_LABEL, IFLA_INFO_KIND). */
export function attrString(w: Writer, type: number, s: string): void {
  const b = Buffer.from(s, 'utf8');
  w.u16le(NLA_HDRLEN + b.length + 1)
    .u16le(type)
    .bytes(b)
    .u8(0);
  padTo4(w);
}

/** Opens a nested attribute; `endNest` patches its length. */
export function beginNest(w: Writer, type: number): number {
  const at = w.length;
  w.u16le(0).u16le(type);
  return at;
}

export function endNest(w: Writer, at: number): void {
  padTo4(w);
  w.patch16le(at, w.length - at);
}

// ---- decoding ----

/** A little-endian view over a received buffer (one per buffer, not per message). */
export class NlView {
  readonly buf: Uint8Array;
  readonly dv: DataView;
  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  u8(at: number): number {
    return this.buf[at] ?? 0;
  }
  u16(at: number): number {
    return this.dv.getUint16(at, true);
  }
  be16(at: number): number {
    return this.dv.getUint16(at, false);
  }
  u32(at: number): number {
    return this.dv.getUint32(at, true);
  }
  i32(at: number): number {
    return this.dv.getInt32(at, true);
  }
  /** A plain Uint8Array copy (received buffers are reused; Buffer#slice would be a view). */
  copy(at: number, len: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(at, at + len));
  }
  /** A NUL-terminated string inside [at, at+len). */
  str(at: number, len: number): string {
    let end = at;
    const stop = at + len;
    while (end < stop && this.buf[end] !== 0) end++;
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + at, end - at).toString('utf8');
  }
}

/**
 * Walks attributes in [start, end): calls `fn(type, payloadOffset, payloadLength)` for each, type without
 * the NLA_F_* bits. A header or length outside the window is an error; trailing bytes shorter than an
 * attribute header are ignored (the kernel ignores them too).
 */
export function forEachAttr(
  v: NlView,
  start: number,
  end: number,
  what: string,
  fn: (type: number, at: number, len: number) => NlDecodeError | undefined,
): NlDecodeError | undefined {
  let off = start;
  while (end - off >= NLA_HDRLEN) {
    const len = v.u16(off);
    if (len < NLA_HDRLEN || len > end - off)
      return { kind: 'nl-decode', what, offset: off, detail: `attribute length ${len} with ${end - off} left` };
    const e = fn(v.u16(off + 2) & NLA_TYPE_MASK, off + NLA_HDRLEN, len - NLA_HDRLEN);
    if (e) return e;
    off += align4(len);
  }
  return undefined;
}

/** Checks an attribute's payload length; returns an error naming it when short. */
export function needLen(what: string, at: number, len: number, min: number): NlDecodeError | undefined {
  return len < min ? { kind: 'nl-decode', what, offset: at, detail: `payload ${len} < ${min}` } : undefined;
}

/**
 * Walks the messages of one received datagram (or several concatenated, each 4-aligned). Stops with an
 * error on a length outside the buffer or trailing octets; `fn` gets the header and the body window of each
 * message before that point.
 */
export function forEachMessage(
  v: NlView,
  length: number,
  fn: (h: NlMsgHdr, bodyStart: number, bodyEnd: number) => void,
): Result<number, NlDecodeError> {
  let off = 0;
  let n = 0;
  while (length - off >= NLMSG_HDRLEN) {
    const len = v.u32(off);
    if (len < NLMSG_HDRLEN || len > length - off)
      return decodeError('nlmsghdr', off, `nlmsg_len ${len} with ${length - off} left`);
    fn(
      { len, type: v.u16(off + 4), flags: v.u16(off + 6), seq: v.u32(off + 8), pid: v.u32(off + 12) },
      off + 16,
      off + len,
    );
    n++;
    off += align4(len);
  }
  if (off < length) return decodeError('nlmsghdr', off, `${length - off} trailing octets`);
  return ok(n);
}

// ---- NLMSG_ERROR / NLMSG_DONE ----

/**
 * struct nlmsgerr: `error` (0 = ACK, else -errno), the request's header (plus its payload unless capped),
 * then extended ACK TLVs when NLM_F_ACK_TLVS is set.
 */
export interface NlErrorMsg {
  /** 0 for a positive ACK, otherwise a negative errno. */
  error: number;
  /** The header of the request this answers. */
  request: NlMsgHdr;
  /** NLMSGERR_ATTR_MSG: the kernel's human-readable reason (or a warning on success). */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: offset of the offending attribute in the request. */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE: a required attribute that was missing. */
  missingType?: number;
}

export function decodeErrorMsg(
  v: NlView,
  flags: number,
  start: number,
  end: number,
): Result<NlErrorMsg, NlDecodeError> {
  if (end - start < 4 + NLMSG_HDRLEN) return decodeError('nlmsgerr', start, `body ${end - start} < 20`);
  const o = start + 4;
  const request: NlMsgHdr = {
    len: v.u32(o),
    type: v.u16(o + 4),
    flags: v.u16(o + 6),
    seq: v.u32(o + 8),
    pid: v.u32(o + 12),
  };
  const out: NlErrorMsg = { error: v.i32(start), request };
  if ((flags & NLM_F_ACK_TLVS) === 0) return ok(out);
  // The echoed request is only a header when capped or on success (the kernel caps success ACKs).
  const echoed = (flags & NLM_F_CAPPED) !== 0 || out.error === 0 ? NLMSG_HDRLEN : align4(request.len);
  const tlvs = o + echoed;
  if (tlvs > end) return decodeError('nlmsgerr', o, `echoed request ${echoed} overruns the message`);
  const e = decodeExtAck(v, tlvs, end, out);
  return e ? err(e) : ok(out);
}

function decodeExtAck(v: NlView, start: number, end: number, out: NlErrorMsg): NlDecodeError | undefined {
  return forEachAttr(v, start, end, 'extack', (type, at, len) => {
    if (type === NLMSGERR_ATTR_MSG) out.message = v.str(at, len);
    else if (type === NLMSGERR_ATTR_OFFS || type === NLMSGERR_ATTR_MISS_TYPE) {
      const short = needLen('extack u32', at, len, 4);
      if (short) return short;
      if (type === NLMSGERR_ATTR_OFFS) out.offset = v.u32(at);
      else out.missingType = v.u32(at);
    }
    return undefined;
  });
}

/** NLMSG_DONE: the dump status (0, or the negative errno that ended it) and, with NLM_F_ACK_TLVS, why. */
export interface NlDoneMsg {
  status: number;
  message?: string;
  offset?: number;
}

export function decodeDone(v: NlView, flags: number, start: number, end: number): Result<NlDoneMsg, NlDecodeError> {
  const out: NlDoneMsg = { status: end - start >= 4 ? v.i32(start) : 0 };
  if ((flags & NLM_F_ACK_TLVS) === 0 || end - start < 4) return ok(out);
  const tlv: NlErrorMsg = { error: out.status, request: { len: 0, type: 0, flags: 0, seq: 0, pid: 0 } };
  const e = decodeExtAck(v, start + 4, end, tlv);
  if (e) return err(e);
  if (tlv.message !== undefined) out.message = tlv.message;
  if (tlv.offset !== undefined) out.offset = tlv.offset;
  return ok(out);
}

/** Encodes NLMSG_ERROR (tests and fakes of the kernel). */
export function encodeErrorMsg(w: Writer, seq: number, pid: number, e: NlErrorMsg): void {
  const tlvs = e.message !== undefined || e.offset !== undefined;
  const at = beginMessage(w, NLMSG_ERROR, tlvs ? NLM_F_CAPPED | NLM_F_ACK_TLVS : NLM_F_CAPPED, seq, pid);
  w.u32le(e.error >>> 0);
  const r = e.request;
  w.u32le(r.len).u16le(r.type).u16le(r.flags).u32le(r.seq).u32le(r.pid);
  if (e.message !== undefined) attrString(w, NLMSGERR_ATTR_MSG, e.message);
  if (e.offset !== undefined) attrU32(w, NLMSGERR_ATTR_OFFS, e.offset);
  endMessage(w, at);
}
