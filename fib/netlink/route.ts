/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE bodies: struct rtmsg and its attributes
 * (include/uapi/linux/rtnetlink.h; RFC 3549 §3.1.1).
 *
 *   struct rtmsg {                         12 octets
 *     u8 rtm_family, rtm_dst_len, rtm_src_len, rtm_tos;
 *     u8 rtm_table, rtm_protocol, rtm_scope, rtm_type;
 *     u32 rtm_flags;
 *   }
 *   RTA_DST, RTA_SRC, RTA_GATEWAY, RTA_PREFSRC   address (4 or 16 octets, rtm_family)
 *   RTA_OIF, RTA_PRIORITY, RTA_TABLE, RTA_NH_ID  u32
 *   RTA_VIA       struct rtvia { u16 family; u8 addr[] }  (an IPv6 next hop for an IPv4 route, RFC 5549)
 *   RTA_MULTIPATH array of struct rtnexthop { u16 len; u8 flags; u8 hops; i32 ifindex } + RTA_GATEWAY/RTA_VIA
 *
 * Destination and source are compact `PrefixKey`s (family and length included), not text.
 * Only AF_INET and AF_INET6 routes are modelled; the caller keeps other families raw.
 */
import type { Writer } from '../../lib/bytes.js';
import type { PrefixKey } from '../../lib/prefix.js';
import { prefixLen } from '../../lib/prefix.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  RT_TABLE_UNSPEC,
  RTA_DST,
  RTA_GATEWAY,
  RTA_MULTIPATH,
  RTA_NH_ID,
  RTA_OIF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_SRC,
  RTA_TABLE,
  RTA_VIA,
  RTNH_LEN,
} from './constants.js';
import { addrLen, familyOfKey, readKey, writeKeyAddr, zeroKey } from './ipaddr.js';
import {
  align4,
  attrBytes,
  attrU32,
  beginNest,
  endNest,
  forEachAttr,
  type NlDecodeError,
  type NlView,
  needLen,
  padTo4,
} from './nlmsg.js';

export const RTMSG_LEN = 12;

/** RTA_VIA: a next hop of another family than the route. */
export interface RtVia {
  family: number;
  addr: Uint8Array;
}

/** One path of an RTA_MULTIPATH route. `weight` is rtnh_hops + 1 (what `ip route` shows). */
export interface RtNextHop {
  ifindex: number;
  weight: number;
  flags: number;
  gateway?: Uint8Array;
  via?: RtVia;
}

export interface RouteMsg {
  /** rtm_family, rtm_dst_len and RTA_DST in one compact key. */
  dst: PrefixKey;
  /** rtm_src_len and RTA_SRC (source-specific routes). */
  src?: PrefixKey;
  tos: number;
  /** rtm_table, or RTA_TABLE when present (full u32). */
  table: number;
  protocol: number;
  scope: number;
  type: number;
  flags: number;
  oif?: number;
  gateway?: Uint8Array;
  via?: RtVia;
  /** RTA_PRIORITY: the metric. */
  priority?: number;
  prefsrc?: Uint8Array;
  /** RTA_NH_ID: the route uses a nexthop object (RTM_NEWNEXTHOP) instead of inline next hops. */
  nhId?: number;
  multipath?: RtNextHop[];
}

/**
 * Body of a route message. RTA_TABLE is sent only for tables >= 256 (rtm_table is one octet), as
 * iproute2 does; the kernel accepts either. Attribute order follows `ip route add PREFIX via GW metric M
 * table T dev D`, so iproute2's own requests re-encode to the same octets (test vectors).
 */
export function encodeRoute(w: Writer, r: RouteMsg): void {
  const family = familyOfKey(r.dst);
  const bigTable = r.table > 255;
  w.u8(family)
    .u8(prefixLen(r.dst))
    .u8(r.src === undefined ? 0 : prefixLen(r.src))
    .u8(r.tos)
    .u8(bigTable ? RT_TABLE_UNSPEC : r.table)
    .u8(r.protocol)
    .u8(r.scope)
    .u8(r.type)
    .u32le(r.flags);
  if (prefixLen(r.dst) > 0) keyAttr(w, RTA_DST, r.dst);
  if (r.src !== undefined && prefixLen(r.src) > 0) keyAttr(w, RTA_SRC, r.src);
  if (r.gateway) attrBytes(w, RTA_GATEWAY, r.gateway);
  if (r.via) viaAttr(w, r.via);
  if (r.priority !== undefined) attrU32(w, RTA_PRIORITY, r.priority);
  if (r.prefsrc) attrBytes(w, RTA_PREFSRC, r.prefsrc);
  if (bigTable) attrU32(w, RTA_TABLE, r.table);
  if (r.oif !== undefined) attrU32(w, RTA_OIF, r.oif);
  if (r.nhId !== undefined) attrU32(w, RTA_NH_ID, r.nhId);
  if (r.multipath) encodeMultipath(w, r.multipath);
}

function keyAttr(w: Writer, type: number, key: PrefixKey): void {
  w.u16le(typeof key === 'number' ? 8 : 20).u16le(type);
  writeKeyAddr(w, key);
}

function viaAttr(w: Writer, via: RtVia): void {
  w.u16le(6 + via.addr.length)
    .u16le(RTA_VIA)
    .u16le(via.family)
    .bytes(via.addr);
  padTo4(w);
}

function encodeMultipath(w: Writer, hops: readonly RtNextHop[]): void {
  const nest = beginNest(w, RTA_MULTIPATH);
  for (const h of hops) {
    const at = w.length;
    w.u16le(0)
      .u8(h.flags)
      .u8(h.weight - 1)
      .u32le(h.ifindex);
    if (h.gateway) attrBytes(w, RTA_GATEWAY, h.gateway);
    if (h.via) viaAttr(w, h.via);
    w.patch16le(at, w.length - at);
  }
  endNest(w, nest);
}

/**
 * Decodes a route body in [start, end). Returns `undefined` (not an error) for families other than IPv4
 * and IPv6 (multicast, MPLS, bridge), which the caller keeps raw.
 */
export function decodeRoute(v: NlView, start: number, end: number): Result<RouteMsg | undefined, NlDecodeError> {
  const short = needLen('rtmsg', start, end - start, RTMSG_LEN);
  if (short) return err(short);
  const family = v.u8(start);
  const alen = addrLen(family);
  if (alen === 0) return ok(undefined);
  const dstLen = v.u8(start + 1);
  const srcLen = v.u8(start + 2);
  if (dstLen > alen * 8 || srcLen > alen * 8)
    return err({ kind: 'nl-decode', what: 'rtmsg', offset: start, detail: `prefix length ${dstLen}/${srcLen}` });
  const r: RouteMsg = {
    dst: zeroKey(family, 0),
    tos: v.u8(start + 3),
    table: v.u8(start + 4),
    protocol: v.u8(start + 5),
    scope: v.u8(start + 6),
    type: v.u8(start + 7),
    flags: v.u32(start + 8),
  };
  let sawDst = false;
  const e = forEachAttr(v, start + RTMSG_LEN, end, 'rtmsg attributes', (type, at, len) => {
    switch (type) {
      case RTA_DST:
      case RTA_SRC: {
        const s = needLen(type === RTA_DST ? 'RTA_DST' : 'RTA_SRC', at, len, alen);
        if (s) return s;
        if (type === RTA_DST) {
          r.dst = readKey(v, family, at, dstLen);
          sawDst = true;
        } else r.src = readKey(v, family, at, srcLen);
        return undefined;
      }
      case RTA_GATEWAY:
        return addrAttr(v, 'RTA_GATEWAY', at, len, alen, (a) => {
          r.gateway = a;
        });
      case RTA_PREFSRC:
        return addrAttr(v, 'RTA_PREFSRC', at, len, alen, (a) => {
          r.prefsrc = a;
        });
      case RTA_VIA:
        return decodeVia(v, at, len, (via) => {
          r.via = via;
        });
      case RTA_MULTIPATH:
        return decodeMultipath(v, at, at + len, alen, (hops) => {
          r.multipath = hops;
        });
      case RTA_OIF:
      case RTA_PRIORITY:
      case RTA_TABLE:
      case RTA_NH_ID:
        return u32Attr(v, type, at, len, r);
      default:
        return undefined;
    }
  });
  if (e) return err(e);
  if (!sawDst && dstLen > 0)
    return err({ kind: 'nl-decode', what: 'rtmsg', offset: start, detail: 'dst_len without RTA_DST' });
  return ok(r);
}

function u32Attr(v: NlView, type: number, at: number, len: number, r: RouteMsg): NlDecodeError | undefined {
  const s = needLen(`rtattr ${type}`, at, len, 4);
  if (s) return s;
  const x = v.u32(at);
  if (type === RTA_OIF) r.oif = x;
  else if (type === RTA_PRIORITY) r.priority = x;
  else if (type === RTA_TABLE) r.table = x;
  else r.nhId = x;
  return undefined;
}

function addrAttr(
  v: NlView,
  what: string,
  at: number,
  len: number,
  alen: number,
  set: (a: Uint8Array) => void,
): NlDecodeError | undefined {
  if (len !== alen) return { kind: 'nl-decode', what, offset: at, detail: `address of ${len} octets, want ${alen}` };
  set(v.copy(at, len));
  return undefined;
}

function decodeVia(v: NlView, at: number, len: number, set: (via: RtVia) => void): NlDecodeError | undefined {
  const s = needLen('RTA_VIA', at, len, 2);
  if (s) return s;
  const family = v.u16(at);
  const alen = addrLen(family) || len - 2;
  if (len - 2 < alen) return { kind: 'nl-decode', what: 'RTA_VIA', offset: at, detail: `address of ${len - 2} octets` };
  set({ family, addr: v.copy(at + 2, alen) });
  return undefined;
}

function decodeMultipath(
  v: NlView,
  start: number,
  end: number,
  alen: number,
  set: (hops: RtNextHop[]) => void,
): NlDecodeError | undefined {
  const hops: RtNextHop[] = [];
  let off = start;
  while (end - off >= RTNH_LEN) {
    const len = v.u16(off);
    if (len < RTNH_LEN || len > end - off)
      return { kind: 'nl-decode', what: 'rtnexthop', offset: off, detail: `rtnh_len ${len} with ${end - off} left` };
    const h: RtNextHop = { ifindex: v.i32(off + 4), weight: v.u8(off + 3) + 1, flags: v.u8(off + 2) };
    const e = forEachAttr(v, off + RTNH_LEN, off + len, 'rtnexthop attributes', (type, at, alen2) => {
      if (type === RTA_GATEWAY)
        return addrAttr(v, 'RTA_GATEWAY', at, alen2, alen, (a) => {
          h.gateway = a;
        });
      if (type === RTA_VIA)
        return decodeVia(v, at, alen2, (via) => {
          h.via = via;
        });
      return undefined;
    });
    if (e) return e;
    hops.push(h);
    off += align4(len);
  }
  set(hops);
  return undefined;
}
