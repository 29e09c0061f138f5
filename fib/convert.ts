/**
 * Dataplane values to and from rtnetlink bodies (include/uapi/linux/rtnetlink.h, RFC 3549 §3.1): routes
 * (RTA_MULTIPATH for ECMP, RTA_VIA for a next hop of the other family, RFC 5549), links, addresses,
 * neighbours and VXLAN FDB entries (AF_BRIDGE, RFC 7348 §4). Pure.
 */
import { AFI_IPV4, AFI_IPV6, keyFromParts } from '../lib/prefix.js';
import type {
  FdbEntry,
  FibAddress,
  FibLink,
  FibNexthop,
  FibRoute,
  FibRouteKey,
  FibRouteType,
  NeighEntry,
} from './dataplane.js';
import {
  AF_BRIDGE,
  AF_INET,
  AF_INET6,
  IFF_RUNNING,
  IFF_UP,
  NTF_SELF,
  NUD_PERMANENT,
  RT_SCOPE_LINK,
  RT_SCOPE_UNIVERSE,
  RTM_F_CLONED,
  RTN_ANYCAST,
  RTN_BLACKHOLE,
  RTN_BROADCAST,
  RTN_LOCAL,
  RTN_MULTICAST,
  RTN_PROHIBIT,
  RTN_THROW,
  RTN_UNICAST,
  RTN_UNREACHABLE,
} from './netlink/constants.js';
import type { AddrMsg } from './netlink/ifaddr.js';
import { familyOfKey } from './netlink/ipaddr.js';
import type { LinkMsg } from './netlink/link.js';
import type { RtnlRequest } from './netlink/message.js';
import type { NeighMsg } from './netlink/neigh.js';
import { routeDel } from './netlink/requests.js';
import type { RouteMsg, RtNextHop } from './netlink/route.js';

const TYPE_CODE: Record<FibRouteType, number> = {
  unicast: RTN_UNICAST,
  blackhole: RTN_BLACKHOLE,
  unreachable: RTN_UNREACHABLE,
  prohibit: RTN_PROHIBIT,
  local: RTN_LOCAL,
  broadcast: RTN_BROADCAST,
  anycast: RTN_ANYCAST,
  multicast: RTN_MULTICAST,
  throw: RTN_THROW,
  other: 0,
};

const TYPE_NAME: FibRouteType[] = [];
for (const [name, code] of Object.entries(TYPE_CODE)) if (code !== 0) TYPE_NAME[code] = name as FibRouteType;

export function routeTypeName(code: number): FibRouteType {
  return TYPE_NAME[code] ?? 'other';
}

function addrFamily(a: Uint8Array): number {
  return a.length === 4 ? AF_INET : AF_INET6;
}

/** Gateway or RTA_VIA, whichever the family calls for. */
function gatewayFields(family: number, gw: Uint8Array | undefined): Pick<RtNextHop, 'gateway' | 'via'> {
  if (!gw) return {};
  return addrFamily(gw) === family ? { gateway: gw } : { via: { family: addrFamily(gw), addr: gw } };
}

/**
 * The RTM_NEWROUTE body of a route. One next hop: RTA_GATEWAY/RTA_OIF; several: RTA_MULTIPATH. Built
 * field by field (no spread: this runs once per route written), with iproute2's scope rule: link for a
 * unicast route out of an interface without a gateway, universe otherwise.
 */
export function toRouteMsg(r: FibRoute): RouteMsg {
  const family = familyOfKey(r.prefix);
  const type = TYPE_CODE[r.type ?? 'unicast'];
  const hops = r.nexthops;
  const m: RouteMsg = {
    dst: r.prefix,
    tos: 0,
    table: r.table,
    protocol: r.protocol,
    scope: RT_SCOPE_UNIVERSE,
    type,
    flags: 0,
    priority: r.metric,
  };
  if (hops.length === 1) {
    const h = hops[0] as FibNexthop;
    if (h.gateway) {
      if (addrFamily(h.gateway) === family) m.gateway = h.gateway;
      else m.via = { family: addrFamily(h.gateway), addr: h.gateway };
    } else if (type === RTN_UNICAST) m.scope = RT_SCOPE_LINK;
    if (h.ifindex !== undefined) m.oif = h.ifindex;
  } else if (hops.length > 1) {
    const mp: RtNextHop[] = new Array(hops.length);
    for (let i = 0; i < hops.length; i++) {
      const h = hops[i] as FibNexthop;
      mp[i] = { ifindex: h.ifindex ?? 0, weight: h.weight ?? 1, flags: 0, ...gatewayFields(family, h.gateway) };
    }
    m.multipath = mp;
  } else if (type === RTN_UNICAST) m.scope = RT_SCOPE_LINK;
  return m;
}

export function toRouteDel(k: FibRouteKey): RtnlRequest {
  return routeDel(k.prefix, k.protocol, { table: k.table, priority: k.metric });
}

/** A dumped or notified route, or undefined for what the FIB does not model (cache clones). */
export function fromRouteMsg(m: RouteMsg): FibRoute | undefined {
  if ((m.flags & RTM_F_CLONED) !== 0) return undefined;
  let nexthops: FibNexthop[];
  if (m.multipath) {
    nexthops = m.multipath.map((h) => {
      const n: FibNexthop = { ifindex: h.ifindex, weight: h.weight };
      const gw = h.gateway ?? h.via?.addr;
      if (gw) n.gateway = gw;
      if (h.flags !== 0) n.flags = h.flags;
      return n;
    });
  } else {
    const gw = m.gateway ?? m.via?.addr;
    const n: FibNexthop = {};
    if (gw) n.gateway = gw;
    if (m.oif !== undefined) n.ifindex = m.oif;
    nexthops = gw || m.oif !== undefined ? [n] : [];
  }
  const r: FibRoute = {
    prefix: m.dst,
    table: m.table,
    protocol: m.protocol,
    metric: m.priority ?? 0,
    nexthops,
  };
  if (m.type !== RTN_UNICAST) r.type = routeTypeName(m.type);
  return r;
}

export function fromLinkMsg(l: LinkMsg, prev?: FibLink): FibLink {
  const f: FibLink = {
    index: l.index,
    name: l.ifname ?? prev?.name ?? `if${l.index}`,
    up: (l.flags & IFF_UP) !== 0,
    running: (l.flags & IFF_RUNNING) !== 0,
    flags: l.flags,
  };
  const kind = l.linkinfo?.kind ?? prev?.kind;
  if (kind) f.kind = kind;
  const mtu = l.mtu ?? prev?.mtu;
  if (mtu !== undefined) f.mtu = mtu;
  if (l.master !== undefined && l.master !== 0) f.master = l.master;
  const mac = l.address ?? prev?.mac;
  if (mac) f.mac = mac;
  return f;
}

/** An IPv4/IPv6 address, or undefined for other families. */
export function fromAddrMsg(a: AddrMsg): FibAddress | undefined {
  if (a.family !== AF_INET && a.family !== AF_INET6) return undefined;
  const addr = a.local ?? a.address;
  if (!addr) return undefined;
  const afi = a.family === AF_INET ? AFI_IPV4 : AFI_IPV6;
  return { index: a.index, afi, addr, prefixLen: a.prefixLen, prefix: keyFromParts(afi, addr, a.prefixLen) };
}

export function toAddrMsg(a: FibAddress): AddrMsg {
  return {
    family: a.afi === AFI_IPV4 ? AF_INET : AF_INET6,
    prefixLen: a.prefixLen,
    flags: 0,
    scope: 0,
    index: a.index,
    local: a.addr,
    address: a.addr,
  };
}

/** A VXLAN FDB entry as `bridge fdb append MAC dev IF dst IP` sends it: permanent, on the device itself. */
export function toFdbMsg(e: FdbEntry): NeighMsg {
  const n: NeighMsg = {
    family: AF_BRIDGE,
    ifindex: e.ifindex,
    state: NUD_PERMANENT,
    flags: NTF_SELF,
    type: 0,
    lladdr: e.mac,
    dst: e.dst,
  };
  if (e.vni !== undefined) n.vni = e.vni;
  if (e.port !== undefined) n.port = e.port;
  return n;
}

export function fromFdbMsg(n: NeighMsg): FdbEntry | undefined {
  if (n.family !== AF_BRIDGE || !n.lladdr || !n.dst) return undefined;
  const e: FdbEntry = { ifindex: n.ifindex, mac: n.lladdr, dst: n.dst };
  if (n.vni !== undefined) e.vni = n.vni;
  if (n.port !== undefined) e.port = n.port;
  return e;
}

export function toNeighMsg(e: NeighEntry): NeighMsg {
  return {
    family: addrFamily(e.ip),
    ifindex: e.ifindex,
    state: NUD_PERMANENT,
    flags: 0,
    type: 0,
    dst: e.ip,
    lladdr: e.mac,
  };
}

export function fromNeighMsg(n: NeighMsg): NeighEntry | undefined {
  if ((n.family !== AF_INET && n.family !== AF_INET6) || !n.dst || !n.lladdr) return undefined;
  return { ifindex: n.ifindex, ip: n.dst, mac: n.lladdr };
}
