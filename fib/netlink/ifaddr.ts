/**
 * RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR bodies: struct ifaddrmsg and IFA_* attributes
 * (include/uapi/linux/if_addr.h; RFC 3549 §3.1.3).
 *
 *   struct ifaddrmsg {                     8 octets
 *     u8 ifa_family, ifa_prefixlen, ifa_flags, ifa_scope;
 *     u32 ifa_index;
 *   }
 *   IFA_ADDRESS, IFA_LOCAL, IFA_BROADCAST   address (on point-to-point links IFA_ADDRESS is the peer)
 *   IFA_LABEL string, IFA_FLAGS u32 (extends the u8 ifa_flags), IFA_RT_PRIORITY u32, IFA_PROTO u8
 */
import type { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  IFA_ADDRESS,
  IFA_BROADCAST,
  IFA_FLAGS,
  IFA_LABEL,
  IFA_LOCAL,
  IFA_PROTO,
  IFA_RT_PRIORITY,
} from './constants.js';
import { addrLen } from './ipaddr.js';
import {
  attrBytes,
  attrString,
  attrU8,
  attrU32,
  forEachAttr,
  type NlDecodeError,
  type NlView,
  needLen,
} from './nlmsg.js';

export const IFADDRMSG_LEN = 8;

export interface AddrMsg {
  family: number;
  prefixLen: number;
  /** IFA_F_*: ifa_flags, or IFA_FLAGS when present (it carries the bits above 0xff). */
  flags: number;
  scope: number;
  index: number;
  address?: Uint8Array;
  local?: Uint8Array;
  broadcast?: Uint8Array;
  label?: string;
  /** IFA_RT_PRIORITY: metric of the prefix route the kernel adds. */
  priority?: number;
  proto?: number;
}

export function encodeAddr(w: Writer, a: AddrMsg): void {
  w.u8(a.family)
    .u8(a.prefixLen)
    .u8(a.flags & 0xff)
    .u8(a.scope)
    .u32le(a.index);
  if (a.local) attrBytes(w, IFA_LOCAL, a.local);
  if (a.address) attrBytes(w, IFA_ADDRESS, a.address);
  if (a.broadcast) attrBytes(w, IFA_BROADCAST, a.broadcast);
  if (a.label !== undefined) attrString(w, IFA_LABEL, a.label);
  if (a.flags > 0xff) attrU32(w, IFA_FLAGS, a.flags);
  if (a.priority !== undefined) attrU32(w, IFA_RT_PRIORITY, a.priority);
  if (a.proto !== undefined) attrU8(w, IFA_PROTO, a.proto);
}

export function decodeAddr(v: NlView, start: number, end: number): Result<AddrMsg, NlDecodeError> {
  const short = needLen('ifaddrmsg', start, end - start, IFADDRMSG_LEN);
  if (short) return err(short);
  const a: AddrMsg = {
    family: v.u8(start),
    prefixLen: v.u8(start + 1),
    flags: v.u8(start + 2),
    scope: v.u8(start + 3),
    index: v.u32(start + 4),
  };
  const alen = addrLen(a.family);
  const e = forEachAttr(v, start + IFADDRMSG_LEN, end, 'ifaddrmsg attributes', (type, at, len) => {
    switch (type) {
      case IFA_ADDRESS:
      case IFA_LOCAL:
      case IFA_BROADCAST: {
        if (alen !== 0 && len !== alen)
          return { kind: 'nl-decode', what: `IFA ${type}`, offset: at, detail: `address of ${len} octets` };
        const b = v.copy(at, len);
        if (type === IFA_ADDRESS) a.address = b;
        else if (type === IFA_LOCAL) a.local = b;
        else a.broadcast = b;
        return undefined;
      }
      case IFA_LABEL:
        a.label = v.str(at, len);
        return undefined;
      case IFA_FLAGS:
      case IFA_RT_PRIORITY: {
        const s = needLen(`IFA ${type}`, at, len, 4);
        if (s) return s;
        if (type === IFA_FLAGS) a.flags = v.u32(at);
        else a.priority = v.u32(at);
        return undefined;
      }
      case IFA_PROTO: {
        const s = needLen('IFA_PROTO', at, len, 1);
        if (s) return s;
        a.proto = v.u8(at);
        return undefined;
      }
      default:
        return undefined;
    }
  });
  return e ? err(e) : ok(a);
}
