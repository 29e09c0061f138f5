/**
 * RTM_NEWNEXTHOP / RTM_DELNEXTHOP / RTM_GETNEXTHOP bodies: struct nhmsg and NHA_* attributes
 * (include/uapi/linux/nexthop.h). Nexthop objects let many routes share one next hop or ECMP group, so a
 * next-hop change is one message instead of one per route.
 *
 *   struct nhmsg {                         8 octets
 *     u8 nh_family, nh_scope, nh_protocol, resvd; u32 nh_flags (RTNH_F_*);
 *   }
 *   NHA_ID u32, NHA_GROUP array of struct nexthop_grp { u32 id; u8 weight; u8 weight_high; u16 resvd2 },
 *   NHA_GROUP_TYPE u16, NHA_BLACKHOLE flag, NHA_OIF u32, NHA_GATEWAY address, NHA_FDB flag,
 *   NHA_GROUPS flag and NHA_MASTER u32 (dump filters)
 */
import type { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  NHA_BLACKHOLE,
  NHA_FDB,
  NHA_GATEWAY,
  NHA_GROUP,
  NHA_GROUP_TYPE,
  NHA_GROUPS,
  NHA_ID,
  NHA_MASTER,
  NHA_OIF,
} from './constants.js';
import {
  attrBytes,
  attrFlag,
  attrU16,
  attrU32,
  forEachAttr,
  type NlDecodeError,
  type NlView,
  needLen,
} from './nlmsg.js';

export const NHMSG_LEN = 8;
const NEXTHOP_GRP_LEN = 8;

/** A group member; `weight` is the wire value + 1 (1..65536 with weight_high), as `ip nexthop` shows. */
export interface NexthopGrpEntry {
  id: number;
  weight: number;
}

export interface NexthopMsg {
  family: number;
  scope: number;
  protocol: number;
  flags: number;
  id?: number;
  group?: NexthopGrpEntry[];
  groupType?: number;
  blackhole?: boolean;
  oif?: number;
  gateway?: Uint8Array;
  fdb?: boolean;
  /** Dump filter: groups only. */
  groupsOnly?: boolean;
  /** Dump filter: nexthops on devices enslaved to this master. */
  master?: number;
}

export function encodeNexthop(w: Writer, n: NexthopMsg): void {
  w.u8(n.family).u8(n.scope).u8(n.protocol).u8(0).u32le(n.flags);
  if (n.id !== undefined) attrU32(w, NHA_ID, n.id);
  if (n.group) {
    w.u16le(4 + NEXTHOP_GRP_LEN * n.group.length).u16le(NHA_GROUP);
    for (const g of n.group) {
      const wire = g.weight - 1;
      w.u32le(g.id)
        .u8(wire & 0xff)
        .u8(wire >>> 8)
        .u16le(0);
    }
  }
  if (n.groupType !== undefined) attrU16(w, NHA_GROUP_TYPE, n.groupType);
  if (n.blackhole) attrFlag(w, NHA_BLACKHOLE);
  if (n.oif !== undefined) attrU32(w, NHA_OIF, n.oif);
  if (n.gateway) attrBytes(w, NHA_GATEWAY, n.gateway);
  if (n.fdb) attrFlag(w, NHA_FDB);
  if (n.groupsOnly) attrFlag(w, NHA_GROUPS);
  if (n.master !== undefined) attrU32(w, NHA_MASTER, n.master);
}

export function decodeNexthop(v: NlView, start: number, end: number): Result<NexthopMsg, NlDecodeError> {
  const short = needLen('nhmsg', start, end - start, NHMSG_LEN);
  if (short) return err(short);
  const n: NexthopMsg = {
    family: v.u8(start),
    scope: v.u8(start + 1),
    protocol: v.u8(start + 2),
    flags: v.u32(start + 4),
  };
  const e = forEachAttr(v, start + NHMSG_LEN, end, 'nhmsg attributes', (type, at, len) => {
    switch (type) {
      case NHA_ID:
      case NHA_OIF:
      case NHA_MASTER: {
        const s = needLen(`NHA ${type}`, at, len, 4);
        if (s) return s;
        if (type === NHA_ID) n.id = v.u32(at);
        else if (type === NHA_OIF) n.oif = v.u32(at);
        else n.master = v.u32(at);
        return undefined;
      }
      case NHA_GROUP: {
        if (len % NEXTHOP_GRP_LEN !== 0)
          return { kind: 'nl-decode', what: 'NHA_GROUP', offset: at, detail: `${len} octets is not n*8` };
        const g: NexthopGrpEntry[] = [];
        for (let o = at; o < at + len; o += NEXTHOP_GRP_LEN)
          g.push({ id: v.u32(o), weight: (v.u8(o + 4) | (v.u8(o + 5) << 8)) + 1 });
        n.group = g;
        return undefined;
      }
      case NHA_GROUP_TYPE: {
        const s = needLen('NHA_GROUP_TYPE', at, len, 2);
        if (s) return s;
        n.groupType = v.u16(at);
        return undefined;
      }
      case NHA_GATEWAY:
        if (len !== 4 && len !== 16)
          return { kind: 'nl-decode', what: 'NHA_GATEWAY', offset: at, detail: `${len} octets` };
        n.gateway = v.copy(at, len);
        return undefined;
      case NHA_BLACKHOLE:
        n.blackhole = true;
        return undefined;
      case NHA_FDB:
        n.fdb = true;
        return undefined;
      case NHA_GROUPS:
        n.groupsOnly = true;
        return undefined;
      default:
        return undefined;
    }
  });
  return e ? err(e) : ok(n);
}
