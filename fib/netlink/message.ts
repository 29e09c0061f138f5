/**
 * rtnetlink messages as one tagged union, and the whole-message codec: nlmsghdr + family body.
 *
 * `RtnlRequest` is what the FIB sends (type, flags, body); `RtnlMessage` is what comes back from a dump or
 * the monitor (the same plus seq/pid, and the control messages NLMSG_ERROR / NLMSG_DONE). A decoded message
 * is a valid request again, which keeps encode/decode symmetric for the vectors.
 */
import { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  RTM_GETADDR,
  RTM_GETNEIGH,
  RTM_GETNEXTHOP,
  RTM_GETROUTE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWNEXTHOP,
  RTM_NEWROUTE,
  RTM_SETLINK,
} from './constants.js';
import { type AddrMsg, decodeAddr, encodeAddr } from './ifaddr.js';
import { decodeLink, encodeLink, type LinkMsg } from './link.js';
import { decodeNeigh, encodeNeigh, type NeighMsg } from './neigh.js';
import { decodeNexthop, encodeNexthop, type NexthopMsg } from './nexthop.js';
import {
  beginMessage,
  decodeDone,
  decodeErrorMsg,
  endMessage,
  forEachMessage,
  type NlDecodeError,
  type NlDoneMsg,
  type NlErrorMsg,
  type NlMsgHdr,
  NlView,
} from './nlmsg.js';
import { decodeRoute, encodeRoute, type RouteMsg } from './route.js';

export type RtnlBody =
  | { kind: 'route'; route: RouteMsg }
  | { kind: 'link'; link: LinkMsg }
  | { kind: 'addr'; addr: AddrMsg }
  | { kind: 'neigh'; neigh: NeighMsg }
  | { kind: 'nexthop'; nexthop: NexthopMsg }
  /** Any other type (or an unmodelled family): the body octets as they are. */
  | { kind: 'raw'; body: Uint8Array };

export type RtnlRequest = RtnlBody & { type: number; flags: number };

export type NlControl = { kind: 'error'; error: NlErrorMsg } | { kind: 'done'; done: NlDoneMsg };

export type RtnlMessage = (RtnlBody | NlControl) & { type: number; flags: number; seq: number; pid: number };

export type RtnlKind = RtnlBody['kind'];

/** Which body a message type carries. */
export function kindOfType(type: number): RtnlKind {
  if (type >= RTM_NEWLINK && type <= RTM_SETLINK) return 'link';
  if (type >= RTM_NEWADDR && type <= RTM_GETADDR) return 'addr';
  if (type >= RTM_NEWROUTE && type <= RTM_GETROUTE) return 'route';
  if (type >= RTM_NEWNEIGH && type <= RTM_GETNEIGH) return 'neigh';
  if (type >= RTM_NEWNEXTHOP && type <= RTM_GETNEXTHOP) return 'nexthop';
  return 'raw';
}

/** Appends one complete message (header, body, padding) to `w`; `extraFlags` are OR-ed into nlmsg_flags. */
export function encodeRequest(w: Writer, req: RtnlRequest, seq: number, pid = 0, extraFlags = 0): void {
  const at = beginMessage(w, req.type, req.flags | extraFlags, seq, pid);
  switch (req.kind) {
    case 'route':
      encodeRoute(w, req.route);
      break;
    case 'link':
      encodeLink(w, req.link);
      break;
    case 'addr':
      encodeAddr(w, req.addr);
      break;
    case 'neigh':
      encodeNeigh(w, req.neigh);
      break;
    case 'nexthop':
      encodeNexthop(w, req.nexthop);
      break;
    case 'raw':
      w.bytes(req.body);
      break;
  }
  endMessage(w, at);
}

/** One message as a Buffer (tests, single requests). */
export function encodeMessage(req: RtnlRequest, seq: number, pid = 0, extraFlags = 0): Buffer {
  const w = new Writer(128);
  encodeRequest(w, req, seq, pid, extraFlags);
  return w.finish();
}

/** Decodes the body of one message whose header is `h` and body is [start, end) of `v`. */
export function decodeBody(v: NlView, h: NlMsgHdr, start: number, end: number): Result<RtnlMessage, NlDecodeError> {
  const head = { type: h.type, flags: h.flags, seq: h.seq, pid: h.pid };
  if (h.type === NLMSG_ERROR) {
    const e = decodeErrorMsg(v, h.flags, start, end);
    return e.ok ? ok({ kind: 'error', error: e.value, ...head }) : e;
  }
  if (h.type === NLMSG_DONE) {
    const d = decodeDone(v, h.flags, start, end);
    return d.ok ? ok({ kind: 'done', done: d.value, ...head }) : d;
  }
  switch (kindOfType(h.type)) {
    case 'route': {
      const r = decodeRoute(v, start, end);
      if (!r.ok) return r;
      return ok(
        r.value
          ? { kind: 'route', route: r.value, ...head }
          : { kind: 'raw', body: v.copy(start, end - start), ...head },
      );
    }
    case 'link': {
      const r = decodeLink(v, start, end);
      return r.ok ? ok({ kind: 'link', link: r.value, ...head }) : r;
    }
    case 'addr': {
      const r = decodeAddr(v, start, end);
      return r.ok ? ok({ kind: 'addr', addr: r.value, ...head }) : r;
    }
    case 'neigh': {
      const r = decodeNeigh(v, start, end);
      return r.ok ? ok({ kind: 'neigh', neigh: r.value, ...head }) : r;
    }
    case 'nexthop': {
      const r = decodeNexthop(v, start, end);
      return r.ok ? ok({ kind: 'nexthop', nexthop: r.value, ...head }) : r;
    }
    default:
      return ok({ kind: 'raw', body: v.copy(start, end - start), ...head });
  }
}

/** Decodes every message in `buf[0, length)`; the first malformed one is the error. */
export function decodeMessages(buf: Uint8Array, length = buf.length): Result<RtnlMessage[], NlDecodeError> {
  const v = new NlView(buf);
  const out: RtnlMessage[] = [];
  let bad: NlDecodeError | undefined;
  const n = forEachMessage(v, length, (h, start, end) => {
    if (bad) return;
    const m = decodeBody(v, h, start, end);
    if (m.ok) out.push(m.value);
    else bad = m.error;
  });
  if (!n.ok) return n;
  return bad ? err(bad) : ok(out);
}
