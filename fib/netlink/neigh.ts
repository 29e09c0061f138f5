/**
 * RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH bodies: struct ndmsg and NDA_* attributes
 * (include/uapi/linux/neighbour.h; RFC 3549 §3.1.4). Used for ARP/ND entries and, with family
 * AF_BRIDGE, for the VXLAN forwarding database (remote VTEP per MAC, RFC 7348 §4).
 *
 *   struct ndmsg {                         12 octets
 *     u8 ndm_family; u8 pad1; u16 pad2;
 *     i32 ndm_ifindex; u16 ndm_state (NUD_*); u8 ndm_flags (NTF_*); u8 ndm_type;
 *   }
 *   NDA_DST address, NDA_LLADDR octets, NDA_MASTER u32, NDA_VNI u32, NDA_SRC_VNI u32,
 *   NDA_PORT be16, NDA_VLAN u16, NDA_IFINDEX u32, NDA_PROTOCOL u8, NDA_NH_ID u32
 */
import type { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  NDA_DST,
  NDA_IFINDEX,
  NDA_LLADDR,
  NDA_MASTER,
  NDA_NH_ID,
  NDA_PORT,
  NDA_PROTOCOL,
  NDA_SRC_VNI,
  NDA_VLAN,
  NDA_VNI,
} from './constants.js';
import {
  attrBe16,
  attrBytes,
  attrU8,
  attrU16,
  attrU32,
  forEachAttr,
  type NlDecodeError,
  type NlView,
  needLen,
} from './nlmsg.js';

export const NDMSG_LEN = 12;

export interface NeighMsg {
  family: number;
  ifindex: number;
  /** NUD_* */
  state: number;
  /** NTF_* */
  flags: number;
  type: number;
  /** IP address (neighbour) or, in a VXLAN FDB entry, the remote VTEP. */
  dst?: Uint8Array;
  lladdr?: Uint8Array;
  master?: number;
  vni?: number;
  srcVni?: number;
  /** VXLAN destination UDP port. */
  port?: number;
  vlan?: number;
  /** NDA_IFINDEX: outgoing device toward the remote VTEP. */
  remoteIfindex?: number;
  protocol?: number;
  nhId?: number;
}

export function encodeNeigh(w: Writer, n: NeighMsg): void {
  w.u8(n.family).u8(0).u16le(0).u32le(n.ifindex).u16le(n.state).u8(n.flags).u8(n.type);
  if (n.dst) attrBytes(w, NDA_DST, n.dst);
  if (n.lladdr) attrBytes(w, NDA_LLADDR, n.lladdr);
  if (n.vlan !== undefined) attrU16(w, NDA_VLAN, n.vlan);
  if (n.port !== undefined) attrBe16(w, NDA_PORT, n.port);
  if (n.vni !== undefined) attrU32(w, NDA_VNI, n.vni);
  if (n.remoteIfindex !== undefined) attrU32(w, NDA_IFINDEX, n.remoteIfindex);
  if (n.master !== undefined) attrU32(w, NDA_MASTER, n.master);
  if (n.srcVni !== undefined) attrU32(w, NDA_SRC_VNI, n.srcVni);
  if (n.protocol !== undefined) attrU8(w, NDA_PROTOCOL, n.protocol);
  if (n.nhId !== undefined) attrU32(w, NDA_NH_ID, n.nhId);
}

const U32_ATTRS: Record<number, 'master' | 'vni' | 'srcVni' | 'remoteIfindex' | 'nhId'> = {
  [NDA_MASTER]: 'master',
  [NDA_VNI]: 'vni',
  [NDA_SRC_VNI]: 'srcVni',
  [NDA_IFINDEX]: 'remoteIfindex',
  [NDA_NH_ID]: 'nhId',
};

export function decodeNeigh(v: NlView, start: number, end: number): Result<NeighMsg, NlDecodeError> {
  const short = needLen('ndmsg', start, end - start, NDMSG_LEN);
  if (short) return err(short);
  const n: NeighMsg = {
    family: v.u8(start),
    ifindex: v.i32(start + 4),
    state: v.u16(start + 8),
    flags: v.u8(start + 10),
    type: v.u8(start + 11),
  };
  const e = forEachAttr(v, start + NDMSG_LEN, end, 'ndmsg attributes', (type, at, len) => {
    const u32 = U32_ATTRS[type];
    if (u32 !== undefined) {
      const s = needLen(`NDA ${type}`, at, len, 4);
      if (s) return s;
      n[u32] = v.u32(at);
      return undefined;
    }
    switch (type) {
      case NDA_DST:
        if (len !== 4 && len !== 16) return { kind: 'nl-decode', what: 'NDA_DST', offset: at, detail: `${len} octets` };
        n.dst = v.copy(at, len);
        return undefined;
      case NDA_LLADDR:
        n.lladdr = v.copy(at, len);
        return undefined;
      case NDA_VLAN:
      case NDA_PORT: {
        const s = needLen(`NDA ${type}`, at, len, 2);
        if (s) return s;
        if (type === NDA_VLAN) n.vlan = v.u16(at);
        else n.port = v.be16(at);
        return undefined;
      }
      case NDA_PROTOCOL: {
        const s = needLen('NDA_PROTOCOL', at, len, 1);
        if (s) return s;
        n.protocol = v.u8(at);
        return undefined;
      }
      default:
        return undefined;
    }
  });
  return e ? err(e) : ok(n);
}
