/**
 * RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK bodies: struct ifinfomsg and IFLA_* attributes
 * (include/uapi/linux/if_link.h, rtnetlink.h; RFC 3549 §3.1.2), with IFLA_LINKINFO for the device kinds
 * noverlay creates: "vxlan" (RFC 7348 fallback tunnel) and "bridge".
 *
 *   struct ifinfomsg {                     16 octets
 *     u8 ifi_family; u8 pad; u16 ifi_type;   (ARPHRD_*)
 *     i32 ifi_index; u32 ifi_flags; u32 ifi_change;
 *   }
 *   IFLA_IFNAME string, IFLA_MTU u32, IFLA_OPERSTATE u8, IFLA_MASTER u32, IFLA_LINK u32,
 *   IFLA_ADDRESS octets, IFLA_LINKINFO { IFLA_INFO_KIND string, IFLA_INFO_DATA { kind-specific } }
 */
import type { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  IFLA_ADDRESS,
  IFLA_BR_AGEING_TIME,
  IFLA_BR_STP_STATE,
  IFLA_BR_VLAN_FILTERING,
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINK,
  IFLA_LINKINFO,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_OPERSTATE,
  IFLA_VXLAN_COLLECT_METADATA,
  IFLA_VXLAN_GROUP,
  IFLA_VXLAN_GROUP6,
  IFLA_VXLAN_ID,
  IFLA_VXLAN_LEARNING,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_LOCAL,
  IFLA_VXLAN_LOCAL6,
  IFLA_VXLAN_PORT,
  IFLA_VXLAN_TOS,
  IFLA_VXLAN_TTL,
} from './constants.js';
import {
  attrBe16,
  attrBytes,
  attrString,
  attrU8,
  attrU32,
  beginNest,
  endNest,
  forEachAttr,
  type NlDecodeError,
  type NlView,
  needLen,
} from './nlmsg.js';

export const IFINFOMSG_LEN = 16;

/** IFLA_INFO_DATA of a vxlan device (RFC 7348). */
export interface VxlanInfo {
  vni?: number;
  /** Local source address (IFLA_VXLAN_LOCAL, 4 octets, or IFLA_VXLAN_LOCAL6, 16). */
  local?: Uint8Array;
  /** Default remote or multicast group (IFLA_VXLAN_GROUP / GROUP6). */
  group?: Uint8Array;
  /** Underlay device. */
  link?: number;
  /** Destination UDP port (4789 is the IANA port, RFC 7348 §5). */
  port?: number;
  ttl?: number;
  tos?: number;
  learning?: boolean;
  /** External control ("external" / collect metadata). */
  collectMetadata?: boolean;
}

export interface BridgeInfo {
  vlanFiltering?: boolean;
  stpState?: number;
  ageingTime?: number;
}

export interface LinkInfo {
  kind: string;
  vxlan?: VxlanInfo;
  bridge?: BridgeInfo;
  /** IFLA_INFO_DATA of other kinds, kept as raw attribute bytes. */
  data?: Uint8Array;
  /** IFLA_INFO_SLAVE_KIND: e.g. "bridge" for a bridge port. */
  slaveKind?: string;
}

export interface LinkMsg {
  family: number;
  /** ifi_type (ARPHRD_*). */
  type: number;
  index: number;
  /** ifi_flags (IFF_*). */
  flags: number;
  /** ifi_change: which flags a request changes. */
  change: number;
  ifname?: string;
  mtu?: number;
  operstate?: number;
  master?: number;
  /** IFLA_LINK: the parent device (vlan, veth peer, ...). */
  link?: number;
  address?: Uint8Array;
  linkinfo?: LinkInfo;
}

export function encodeLink(w: Writer, l: LinkMsg): void {
  w.u8(l.family).u8(0).u16le(l.type).u32le(l.index).u32le(l.flags).u32le(l.change);
  if (l.ifname !== undefined) attrString(w, IFLA_IFNAME, l.ifname);
  if (l.mtu !== undefined) attrU32(w, IFLA_MTU, l.mtu);
  if (l.operstate !== undefined) attrU8(w, IFLA_OPERSTATE, l.operstate);
  if (l.master !== undefined) attrU32(w, IFLA_MASTER, l.master);
  if (l.link !== undefined) attrU32(w, IFLA_LINK, l.link);
  if (l.address) attrBytes(w, IFLA_ADDRESS, l.address);
  if (l.linkinfo) encodeLinkInfo(w, l.linkinfo);
}

function encodeLinkInfo(w: Writer, li: LinkInfo): void {
  const nest = beginNest(w, IFLA_LINKINFO);
  attrString(w, IFLA_INFO_KIND, li.kind);
  if (li.vxlan) {
    const d = beginNest(w, IFLA_INFO_DATA);
    encodeVxlan(w, li.vxlan);
    endNest(w, d);
  } else if (li.bridge) {
    const d = beginNest(w, IFLA_INFO_DATA);
    const b = li.bridge;
    if (b.ageingTime !== undefined) attrU32(w, IFLA_BR_AGEING_TIME, b.ageingTime);
    if (b.stpState !== undefined) attrU32(w, IFLA_BR_STP_STATE, b.stpState);
    if (b.vlanFiltering !== undefined) attrU8(w, IFLA_BR_VLAN_FILTERING, b.vlanFiltering ? 1 : 0);
    endNest(w, d);
  } else if (li.data) {
    attrBytes(w, IFLA_INFO_DATA, li.data);
  }
  if (li.slaveKind !== undefined) attrString(w, IFLA_INFO_SLAVE_KIND, li.slaveKind);
  endNest(w, nest);
}

function encodeVxlan(w: Writer, x: VxlanInfo): void {
  if (x.vni !== undefined) attrU32(w, IFLA_VXLAN_ID, x.vni);
  if (x.group) attrBytes(w, x.group.length === 16 ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP, x.group);
  if (x.link !== undefined) attrU32(w, IFLA_VXLAN_LINK, x.link);
  if (x.local) attrBytes(w, x.local.length === 16 ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL, x.local);
  if (x.ttl !== undefined) attrU8(w, IFLA_VXLAN_TTL, x.ttl);
  if (x.tos !== undefined) attrU8(w, IFLA_VXLAN_TOS, x.tos);
  if (x.learning !== undefined) attrU8(w, IFLA_VXLAN_LEARNING, x.learning ? 1 : 0);
  if (x.port !== undefined) attrBe16(w, IFLA_VXLAN_PORT, x.port);
  if (x.collectMetadata !== undefined) attrU8(w, IFLA_VXLAN_COLLECT_METADATA, x.collectMetadata ? 1 : 0);
}

export function decodeLink(v: NlView, start: number, end: number): Result<LinkMsg, NlDecodeError> {
  const short = needLen('ifinfomsg', start, end - start, IFINFOMSG_LEN);
  if (short) return err(short);
  const l: LinkMsg = {
    family: v.u8(start),
    type: v.u16(start + 2),
    index: v.i32(start + 4),
    flags: v.u32(start + 8),
    change: v.u32(start + 12),
  };
  const e = forEachAttr(v, start + IFINFOMSG_LEN, end, 'ifinfomsg attributes', (type, at, len) => {
    switch (type) {
      case IFLA_IFNAME:
        l.ifname = v.str(at, len);
        return undefined;
      case IFLA_ADDRESS:
        l.address = v.copy(at, len);
        return undefined;
      case IFLA_OPERSTATE: {
        const s = needLen('IFLA_OPERSTATE', at, len, 1);
        if (s) return s;
        l.operstate = v.u8(at);
        return undefined;
      }
      case IFLA_MTU:
      case IFLA_MASTER:
      case IFLA_LINK: {
        const s = needLen(`IFLA ${type}`, at, len, 4);
        if (s) return s;
        if (type === IFLA_MTU) l.mtu = v.u32(at);
        else if (type === IFLA_MASTER) l.master = v.u32(at);
        else l.link = v.u32(at);
        return undefined;
      }
      case IFLA_LINKINFO:
        return decodeLinkInfo(v, at, at + len, (li) => {
          l.linkinfo = li;
        });
      default:
        return undefined;
    }
  });
  return e ? err(e) : ok(l);
}

function decodeLinkInfo(v: NlView, start: number, end: number, set: (li: LinkInfo) => void): NlDecodeError | undefined {
  const li: LinkInfo = { kind: '' };
  let data: [number, number] | undefined;
  const e = forEachAttr(v, start, end, 'IFLA_LINKINFO', (type, at, len) => {
    if (type === IFLA_INFO_KIND) li.kind = v.str(at, len);
    else if (type === IFLA_INFO_SLAVE_KIND) li.slaveKind = v.str(at, len);
    else if (type === IFLA_INFO_DATA) data = [at, len];
    return undefined;
  });
  if (e) return e;
  if (data) {
    const [at, len] = data;
    if (li.kind === 'vxlan') {
      const x: VxlanInfo = {};
      const e2 = decodeVxlan(v, at, at + len, x);
      if (e2) return e2;
      li.vxlan = x;
    } else if (li.kind === 'bridge') {
      const b: BridgeInfo = {};
      const e2 = decodeBridge(v, at, at + len, b);
      if (e2) return e2;
      li.bridge = b;
    } else li.data = v.copy(at, len);
  }
  set(li);
  return undefined;
}

function decodeVxlan(v: NlView, start: number, end: number, x: VxlanInfo): NlDecodeError | undefined {
  return forEachAttr(v, start, end, 'vxlan IFLA_INFO_DATA', (type, at, len) => {
    const min = type === IFLA_VXLAN_ID || type === IFLA_VXLAN_LINK ? 4 : type === IFLA_VXLAN_PORT ? 2 : 1;
    const s = needLen(`IFLA_VXLAN ${type}`, at, len, min);
    if (s) return s;
    switch (type) {
      case IFLA_VXLAN_ID:
        x.vni = v.u32(at);
        break;
      case IFLA_VXLAN_LINK:
        x.link = v.u32(at);
        break;
      case IFLA_VXLAN_LOCAL:
      case IFLA_VXLAN_LOCAL6:
      case IFLA_VXLAN_GROUP:
      case IFLA_VXLAN_GROUP6: {
        const want = type === IFLA_VXLAN_LOCAL || type === IFLA_VXLAN_GROUP ? 4 : 16;
        const s2 = needLen(`IFLA_VXLAN ${type}`, at, len, want);
        if (s2) return s2;
        if (type === IFLA_VXLAN_LOCAL || type === IFLA_VXLAN_LOCAL6) x.local = v.copy(at, want);
        else x.group = v.copy(at, want);
        break;
      }
      case IFLA_VXLAN_PORT:
        x.port = v.be16(at);
        break;
      case IFLA_VXLAN_TTL:
        x.ttl = v.u8(at);
        break;
      case IFLA_VXLAN_TOS:
        x.tos = v.u8(at);
        break;
      case IFLA_VXLAN_LEARNING:
        x.learning = v.u8(at) !== 0;
        break;
      case IFLA_VXLAN_COLLECT_METADATA:
        x.collectMetadata = v.u8(at) !== 0;
        break;
    }
    return undefined;
  });
}

function decodeBridge(v: NlView, start: number, end: number, b: BridgeInfo): NlDecodeError | undefined {
  return forEachAttr(v, start, end, 'bridge IFLA_INFO_DATA', (type, at, len) => {
    if (type === IFLA_BR_VLAN_FILTERING) {
      const s = needLen('IFLA_BR_VLAN_FILTERING', at, len, 1);
      if (s) return s;
      b.vlanFiltering = v.u8(at) !== 0;
    } else if (type === IFLA_BR_STP_STATE || type === IFLA_BR_AGEING_TIME) {
      const s = needLen(`IFLA_BR ${type}`, at, len, 4);
      if (s) return s;
      if (type === IFLA_BR_STP_STATE) b.stpState = v.u32(at);
      else b.ageingTime = v.u32(at);
    }
    return undefined;
  });
}
