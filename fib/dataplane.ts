/**
 * The Dataplane: one interface for the kernel state noverlay reads and writes (DESIGN.md §1: fib/ is the
 * only writer). Two implementations: `NetlinkDataplane` (fib/netlink-dataplane.ts, rtnetlink, RFC 3549) and
 * `MemoryDataplane` (fib/memory.ts, a kernel-like model for tests and --no-fib).
 *
 * Routes are keyed the way the Linux FIB keys them: (table, prefix, metric). A write with NLM_F_REPLACE
 * replaces whatever route holds that key, whoever owns it; that is why `addRoutes` (create-only, EEXIST
 * when the key is taken) exists next to `replaceRoutes`, and why deletes carry the owner's protocol (the
 * kernel then deletes only a route of that protocol).
 *
 * Batched operations return one result per item, in order, and never reject: a kernel refusal is a value
 * (`NetlinkError`: errno name and the kernel's extended-ACK text).
 */

import type { Afi, PrefixKey } from '../lib/prefix.js';
import type { Result } from '../lib/result.js';
import type { InterfaceSource } from '../rib/sources/interfaces.js';
import type { AckResult, NetlinkError } from './netlink/collect.js';

export type { AckResult, NetlinkError } from './netlink/collect.js';

/** rtm_type names. Only the first three are written by noverlay; dumps may show the others. */
export type FibRouteType =
  | 'unicast'
  | 'blackhole'
  | 'unreachable'
  | 'prohibit'
  | 'local'
  | 'broadcast'
  | 'anycast'
  | 'multicast'
  | 'throw'
  | 'other';

export interface FibNexthop {
  /** Gateway octets (4 or 16). Another family than the prefix's is an RFC 5549 next hop (RTA_VIA). */
  gateway?: Uint8Array;
  /** Outgoing interface; without it the kernel resolves the gateway to its connected interface. */
  ifindex?: number;
  /** ECMP weight, 1..256 (default 1). */
  weight?: number;
  /** RTNH_F_* as the kernel reports them (dumps and events): DEAD 1, ONLINK 4, LINKDOWN 16. */
  flags?: number;
}

export interface FibRouteKey {
  prefix: PrefixKey;
  table: number;
  /** RTA_PRIORITY. */
  metric: number;
  /** The owner: the kernel deletes only a route of this protocol. */
  protocol: number;
}

export interface FibRoute extends FibRouteKey {
  /** Empty for blackhole/unreachable routes. Several: ECMP (RTA_MULTIPATH). */
  nexthops: FibNexthop[];
  /** Default unicast. */
  type?: FibRouteType;
}

/** What a streamed route read saw. */
export interface RouteScan {
  routes: number;
  /** The kernel said the table changed during the read (NLM_F_DUMP_INTR): some routes may be missing. */
  interrupted: boolean;
}

export interface RouteFilter {
  table?: number;
  protocol?: number;
  family?: Afi;
}

/** An interface as the link cache keeps it. */
export interface FibLink {
  index: number;
  name: string;
  /** Administratively up (IFF_UP): the kernel drops routes over a link set down. */
  up: boolean;
  /** Carrier (IFF_RUNNING): without it routes stay, their next hops flagged linkdown. */
  running: boolean;
  /** ifi_flags (IFF_*). */
  flags: number;
  kind?: string;
  mtu?: number;
  master?: number;
  mac?: Uint8Array;
}

export interface FibAddress {
  index: number;
  afi: Afi;
  /** The interface address (IFA_LOCAL, or IFA_ADDRESS when there is no local). */
  addr: Uint8Array;
  prefixLen: number;
  /** The connected prefix (host bits cleared). */
  prefix: PrefixKey;
}

export type LinkChange = 'added' | 'removed' | 'up' | 'down' | 'changed';

export type DataplaneEvent =
  /** A route appeared or was replaced (`replaced`: NLM_F_REPLACE), by anyone. */
  | { kind: 'route-added'; route: FibRoute; replaced: boolean }
  | { kind: 'route-removed'; route: FibRoute }
  | { kind: 'link'; change: LinkChange; link: FibLink }
  | { kind: 'address-added'; address: FibAddress }
  | { kind: 'address-removed'; address: FibAddress }
  /** Kernel events were lost: the link and address caches were re-read; route state must be re-read too. */
  | { kind: 'resync'; reason: string };

export type DataplaneListener = (e: DataplaneEvent) => void;

/** A VXLAN device (RFC 7348) for the fallback overlay: learning off, the FDB is programmed. */
export interface VxlanSpec {
  name: string;
  vni: number;
  /** Local VTEP address (4 or 16 octets). */
  local: Uint8Array;
  /** Destination UDP port (default 4789, RFC 7348 §5). */
  port?: number;
  /** Underlay device index. */
  underlay?: number;
  mtu?: number;
  /** Bring it up after creation (default true). */
  up?: boolean;
}

export interface BridgeSpec {
  name: string;
  mtu?: number;
  up?: boolean;
}

export interface LinkSettings {
  up?: boolean;
  /** Enslave to this bridge; 0 releases. */
  master?: number;
  mtu?: number;
}

/** A VXLAN forwarding-database entry: frames for `mac` go to the VTEP `dst` (all-zero MAC: flooding). */
export interface FdbEntry {
  ifindex: number;
  mac: Uint8Array;
  dst: Uint8Array;
  vni?: number;
  port?: number;
}

/** A permanent neighbour (ARP/ND) entry. */
export interface NeighEntry {
  ifindex: number;
  ip: Uint8Array;
  mac: Uint8Array;
}

export interface Dataplane {
  // ---- routes ----
  /** Create-only: EEXIST when any route holds the key (table, prefix, metric). */
  addRoutes(routes: readonly FibRoute[]): Promise<AckResult[]>;
  /** Add or replace the route at each key, whoever owns it. */
  replaceRoutes(routes: readonly FibRoute[]): Promise<AckResult[]>;
  /** Delete the route at each key if it belongs to `key.protocol` (else ESRCH). */
  deleteRoutes(keys: readonly FibRouteKey[]): Promise<AckResult[]>;
  /** Every route matching the filter, other daemons' included. */
  dumpRoutes(filter?: RouteFilter): Promise<Result<FibRoute[], NetlinkError>>;
  /** The same, handed to `fn` one by one as they are read and not kept (a million routes, little memory). */
  scanRoutes(filter: RouteFilter, fn: (r: FibRoute) => void): Promise<Result<RouteScan, NetlinkError>>;

  // ---- links and addresses (cached, kept live by kernel events) ----
  links(): FibLink[];
  link(by: number | string): FibLink | undefined;
  addresses(index?: number): FibAddress[];
  /** The link and address cache as the RIB's interface source (live, no polling). */
  interfaces(opts?: { includeDown?: boolean }): InterfaceSource;
  /** Subscribe to kernel events; returns the unsubscribe function. */
  on(listener: DataplaneListener): () => void;

  // ---- the VXLAN capability ----
  createVxlan(spec: VxlanSpec): Promise<Result<FibLink, NetlinkError>>;
  createBridge(spec: BridgeSpec): Promise<Result<FibLink, NetlinkError>>;
  setLink(index: number, s: LinkSettings): Promise<AckResult>;
  deleteLink(index: number): Promise<AckResult>;
  fdbAppend(entries: readonly FdbEntry[]): Promise<AckResult[]>;
  fdbDelete(entries: readonly FdbEntry[]): Promise<AckResult[]>;
  dumpFdb(ifindex?: number): Promise<Result<FdbEntry[], NetlinkError>>;
  neighReplace(entries: readonly NeighEntry[]): Promise<AckResult[]>;
  neighDelete(entries: readonly NeighEntry[]): Promise<AckResult[]>;
  dumpNeighbors(ifindex?: number): Promise<Result<NeighEntry[], NetlinkError>>;

  close(): void;
}

/** Default rtnetlink protocol number of noverlay's routes: unused by kernel 2, boot 3, static 4, zebra 11,
 * BIRD 12, kube-router 17, Calico 80 and FRR 186-197. */
export const RTPROT_NOVERLAY = 201;
