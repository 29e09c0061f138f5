/**
 * Builders for the rtnetlink requests a FIB manager sends. They only choose message types, flags and
 * defaults the way iproute2 does; NLM_F_REQUEST and NLM_F_ACK are added by the socket layer.
 *
 * Ownership (DESIGN.md §1): deletes carry the route's protocol, and the kernel then deletes only a route of
 * that protocol (fib_table_delete / ip6_route_del match rtm_protocol when non-zero), so a delete can never
 * remove another daemon's route with the same prefix.
 */
import type { PrefixKey } from '../../lib/prefix.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  NLM_F_APPEND,
  NLM_F_CREATE,
  NLM_F_DUMP,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  RTM_DELADDR,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_DELNEXTHOP,
  RTM_DELROUTE,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETNEIGH,
  RTM_GETNEXTHOP,
  RTM_GETROUTE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWNEXTHOP,
  RTM_NEWROUTE,
  RTN_LOCAL,
  RTN_UNICAST,
  RTPROT_STATIC,
} from './constants.js';
import type { AddrMsg } from './ifaddr.js';
import { zeroKey } from './ipaddr.js';
import type { LinkMsg } from './link.js';
import type { RtnlRequest } from './message.js';
import type { NeighMsg } from './neigh.js';
import type { NexthopMsg } from './nexthop.js';
import type { RouteMsg } from './route.js';

export type RouteFields = Partial<Omit<RouteMsg, 'dst'>>;

/**
 * A route with iproute2's defaults: main table, RTPROT_STATIC unless given, unicast, and scope link for a
 * unicast route without a gateway (a connected route), host for local, universe otherwise.
 */
export function routeMsg(dst: PrefixKey, o: RouteFields = {}): RouteMsg {
  const type = o.type ?? RTN_UNICAST;
  const viaSomething =
    o.gateway !== undefined || o.via !== undefined || o.multipath !== undefined || o.nhId !== undefined;
  const scope =
    type === RTN_LOCAL ? RT_SCOPE_HOST : type === RTN_UNICAST && !viaSomething ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
  return { dst, tos: 0, table: RT_TABLE_MAIN, protocol: RTPROT_STATIC, scope, type, flags: 0, ...o };
}

/** Add (or with `replace`, add-or-replace) a route. Without replace an existing route is EEXIST. */
export function routeAdd(route: RouteMsg, replace = true): RtnlRequest {
  return { kind: 'route', type: RTM_NEWROUTE, flags: NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL), route };
}

/** Append a path to an existing route (IPv6 ECMP the iproute2 way). */
export function routeAppend(route: RouteMsg): RtnlRequest {
  return { kind: 'route', type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_APPEND, route };
}

/**
 * Delete a route of `protocol` (required: ownership). Scope "nowhere" and type 0 match any, as iproute2
 * sends; next hops given in `o` must match too.
 */
export function routeDel(dst: PrefixKey, protocol: number, o: RouteFields = {}): RtnlRequest {
  const route: RouteMsg = { ...routeMsg(dst, o), protocol, scope: o.scope ?? RT_SCOPE_NOWHERE, type: o.type ?? 0 };
  return { kind: 'route', type: RTM_DELROUTE, flags: 0, route };
}

/** Dump the routes of one family; with strict checking the kernel filters by table and protocol. */
export function routeDump(family: number, filter: { table?: number; protocol?: number } = {}): RtnlRequest {
  const route: RouteMsg = {
    dst: zeroKey(family === AF_INET ? AF_INET : AF_INET6),
    tos: 0,
    table: filter.table ?? 0,
    protocol: filter.protocol ?? 0,
    scope: 0,
    type: 0,
    flags: 0,
  };
  return { kind: 'route', type: RTM_GETROUTE, flags: NLM_F_DUMP, route };
}

function emptyLink(): LinkMsg {
  return { family: AF_UNSPEC, type: 0, index: 0, flags: 0, change: 0 };
}

/** Create a link (e.g. `{ ifname: 'vxlan0', linkinfo: { kind: 'vxlan', vxlan: {...} } }`). */
export function linkAdd(link: Partial<LinkMsg>, replace = false): RtnlRequest {
  return {
    kind: 'link',
    type: RTM_NEWLINK,
    flags: NLM_F_CREATE | (replace ? 0 : NLM_F_EXCL),
    link: { ...emptyLink(), ...link },
  };
}

/** Change a link: flags (with the mask in `change`), MTU, master, name. */
export function linkSet(link: Partial<LinkMsg> & { index: number }): RtnlRequest {
  return { kind: 'link', type: RTM_NEWLINK, flags: 0, link: { ...emptyLink(), ...link } };
}

export function linkDel(index: number): RtnlRequest {
  return { kind: 'link', type: RTM_DELLINK, flags: 0, link: { ...emptyLink(), index } };
}

export function linkDump(): RtnlRequest {
  return { kind: 'link', type: RTM_GETLINK, flags: NLM_F_DUMP, link: emptyLink() };
}

/** One link by name or index (a GET without NLM_F_DUMP). */
export function linkGet(by: string | number): RtnlRequest {
  const link = typeof by === 'number' ? { ...emptyLink(), index: by } : { ...emptyLink(), ifname: by };
  return { kind: 'link', type: RTM_GETLINK, flags: 0, link };
}

export function addrAdd(addr: AddrMsg, replace = true): RtnlRequest {
  return { kind: 'addr', type: RTM_NEWADDR, flags: NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL), addr };
}

export function addrDel(addr: AddrMsg): RtnlRequest {
  return { kind: 'addr', type: RTM_DELADDR, flags: 0, addr };
}

export function addrDump(family = AF_UNSPEC): RtnlRequest {
  return {
    kind: 'addr',
    type: RTM_GETADDR,
    flags: NLM_F_DUMP,
    addr: { family, prefixLen: 0, flags: 0, scope: 0, index: 0 },
  };
}

export function neighAdd(neigh: NeighMsg, replace = true): RtnlRequest {
  return { kind: 'neigh', type: RTM_NEWNEIGH, flags: NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL), neigh };
}

export function neighDel(neigh: NeighMsg): RtnlRequest {
  return { kind: 'neigh', type: RTM_DELNEIGH, flags: 0, neigh };
}

/** Neighbours of a family; AF_BRIDGE dumps the forwarding database (VXLAN FDB). */
export function neighDump(family = AF_UNSPEC, filter: { ifindex?: number; master?: number } = {}): RtnlRequest {
  const neigh: NeighMsg = { family, ifindex: 0, state: 0, flags: 0, type: 0 };
  if (filter.ifindex !== undefined) neigh.remoteIfindex = filter.ifindex;
  if (filter.master !== undefined) neigh.master = filter.master;
  return { kind: 'neigh', type: RTM_GETNEIGH, flags: NLM_F_DUMP, neigh };
}

export function nexthopAdd(nh: NexthopMsg, replace = true): RtnlRequest {
  return {
    kind: 'nexthop',
    type: RTM_NEWNEXTHOP,
    flags: NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL),
    nexthop: nh,
  };
}

export function nexthopDel(id: number): RtnlRequest {
  return {
    kind: 'nexthop',
    type: RTM_DELNEXTHOP,
    flags: 0,
    nexthop: { family: AF_UNSPEC, scope: 0, protocol: 0, flags: 0, id },
  };
}

export function nexthopDump(filter: { protocol?: number } = {}): RtnlRequest {
  return {
    kind: 'nexthop',
    type: RTM_GETNEXTHOP,
    flags: NLM_F_DUMP,
    nexthop: { family: AF_UNSPEC, scope: 0, protocol: filter.protocol ?? 0, flags: 0 },
  };
}
