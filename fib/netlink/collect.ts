/**
 * Pure bookkeeping for replies on a netlink request socket: which request an ACK answers (by sequence
 * number), and when a multipart dump is complete (RFC 3549 §2.3.2.2: NLM_F_MULTI parts end with
 * NLMSG_DONE). The socket layer feeds received messages in; tests feed synthetic ones.
 */

import { err, ok, type Result } from '../../lib/result.js';
import { errnoName } from '../../native/errno.js';
import { NLM_F_DUMP_INTR, NLMSG_DONE, NLMSG_ERROR } from './constants.js';
import { decodeBody, type RtnlMessage } from './message.js';
import { decodeDone, decodeErrorMsg, type NlDecodeError, type NlMsgHdr, type NlView } from './nlmsg.js';

/** A request the kernel refused (or a socket failure), with the kernel's extended-ACK text when given. */
export interface NetlinkError {
  kind: 'netlink';
  /** Positive errno. */
  errno: number;
  /** errno name: EEXIST, ENODEV, ENETUNREACH, EINVAL, ENOBUFS... */
  code: string;
  /** NLMSGERR_ATTR_MSG, e.g. "Nexthop has invalid gateway". */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: offset of the offending attribute in the request. */
  offset?: number;
}

export type AckResult = Result<void, NetlinkError>;

export const ACK_OK: AckResult = Object.freeze(ok(undefined)) as AckResult;
export const EPROTO = 71;

export function netlinkError(errno: number, message?: string, offset?: number): NetlinkError {
  const e: NetlinkError = { kind: 'netlink', errno: Math.abs(errno), code: errnoName(errno) };
  if (message !== undefined) e.message = message;
  if (offset !== undefined) e.offset = offset;
  return e;
}

export function fromDecode(e: NlDecodeError): NetlinkError {
  return netlinkError(EPROTO, `malformed ${e.what} at ${e.offset}: ${e.detail}`);
}

/** The result an NLMSG_ERROR body stands for: ACK_OK for error 0, else the errno and extended ACK. */
export function ackOf(v: NlView, h: NlMsgHdr, start: number, end: number): AckResult {
  if (end - start >= 4 && v.i32(start) === 0) return ACK_OK;
  const e = decodeErrorMsg(v, h.flags, start, end);
  if (!e.ok) return err(fromDecode(e.error));
  return e.value.error === 0 ? ACK_OK : err(netlinkError(e.value.error, e.value.message, e.value.offset));
}

/**
 * ACKs for `count` requests sent with consecutive sequence numbers from `seq0` (mod 2^32). Other
 * messages, stale sequence numbers and duplicates are ignored.
 */
export class AckCollector {
  readonly results: (AckResult | undefined)[];
  pending: number;

  constructor(
    readonly seq0: number,
    readonly count: number,
  ) {
    this.results = new Array(count);
    this.pending = count;
  }

  onMessage(v: NlView, h: NlMsgHdr, start: number, end: number): void {
    if (h.type !== NLMSG_ERROR) return;
    const k = (h.seq - this.seq0) >>> 0;
    if (k >= this.count || this.results[k] !== undefined) return;
    this.results[k] = ackOf(v, h, start, end);
    this.pending--;
  }

  /** Every result, with `lost` for the requests that got no ACK. */
  finish(lost: NetlinkError): AckResult[] {
    if (this.pending > 0) {
      const missing = err(lost);
      for (let k = 0; k < this.count; k++) if (this.results[k] === undefined) this.results[k] = missing;
    }
    return this.results as AckResult[];
  }
}

/** The parts of one dump (sequence number `seq`), until NLMSG_DONE or an NLMSG_ERROR. */
export class DumpCollector {
  readonly messages: RtnlMessage[] = [];
  done = false;
  /** NLM_F_DUMP_INTR seen: the table changed during the dump; it must be repeated. */
  interrupted = false;
  failure: NetlinkError | undefined;

  constructor(readonly seq: number) {}

  onMessage(v: NlView, h: NlMsgHdr, start: number, end: number): void {
    if (h.seq !== this.seq || this.done) return;
    if ((h.flags & NLM_F_DUMP_INTR) !== 0) this.interrupted = true;
    if (h.type === NLMSG_DONE) {
      this.done = true;
      const d = decodeDone(v, h.flags, start, end);
      if (!d.ok) this.failure ??= fromDecode(d.error);
      else if (d.value.status < 0) this.failure ??= netlinkError(d.value.status, d.value.message, d.value.offset);
      return;
    }
    if (h.type === NLMSG_ERROR) {
      this.done = true;
      const a = ackOf(v, h, start, end);
      if (!a.ok) this.failure ??= a.error;
      return;
    }
    const m = decodeBody(v, h, start, end);
    if (m.ok) this.messages.push(m.value);
    else this.failure ??= fromDecode(m.error);
  }

  result(): Result<RtnlMessage[], NetlinkError> {
    return this.failure ? err(this.failure) : ok(this.messages);
  }
}
