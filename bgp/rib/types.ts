/**
 * BGP RIB contracts: what the driver hands in (peers, policies, a next-hop resolver) and what comes out
 * (changes for the protocol-independent RIB, per-peer UPDATE batches).
 *
 * The RIB never imports the policy engine, the codec or the FSM: policies and next-hop resolution are injected
 * functions, so the driver (bgp/instance.ts) plugs in the real ones.
 */
import type { PrefixKey } from '../../lib/prefix.js';
import type { PathAttrs } from '../packet/types.js';
import type { AdjRibIn } from './adj-rib-in.js';
import type { AdjRibOut } from './adj-rib-out.js';
import type { AttrSet } from './intern.js';

/**
 * A next-hop address as a compact key: IPv4 as a u32 number, IPv6 as a 16-character latin1 string (the global
 * address; RFC 2545 link-local octets stay in the attribute set's MP_REACH_NLRI next hop).
 */
export type NexthopKey = number | string;

/** One configured neighbor. Addresses are octets (4 or 16); identifiers are u32. */
export interface PeerInfo {
  /** The driver's name for the peer (unique), e.g. its address as text. */
  id: string;
  /** The peer's transport address: the last decision tie-breaker (RFC 4271 §9.1.2.2 g). */
  address: Uint8Array;
  asn: number;
  /** The peer is in our AS. */
  ibgp: boolean;
  /** The peer's BGP Identifier, when already known (otherwise given at peerUp from its OPEN). */
  routerId?: number;
  /** Route-reflector client (RFC 4456 §6). */
  rrClient?: boolean;
  /** Set NEXT_HOP to our session address toward this iBGP peer (never applied to reflected routes). */
  nextHopSelf?: boolean;
  /** Our session address toward this peer (4 or 16 octets). */
  localAddress: Uint8Array;
  /** NEXT_HOP for IPv4 routes when we are the next hop; defaults to localAddress when that is IPv4. */
  nextHopV4?: number;
  /** MP_REACH next hop for IPv6 routes (16 octets, or 32 with link-local); defaults to an IPv6 localAddress. */
  nextHopV6?: Uint8Array;
  /** Local preference of this peer's paths in the decision (not a path attribute; FRR `weight`). Default 0. */
  weight?: number;
  /** How many times our AS may appear in a received AS_PATH (FRR `allowas-in`). Default 0. */
  allowasIn?: number;
  /** AFIs negotiated with the peer; routes of other families are not exported to it. Absent: all. */
  families?: ReadonlySet<number>;
  /** Keep the pre-policy Adj-RIB-In (soft-reconfiguration inbound), so policy changes need no ROUTE-REFRESH. */
  softReconfigInbound?: boolean;
  importPolicy?: ImportPolicy;
  exportPolicy?: ExportPolicy;
}

/** What a policy sees. Valid during the call only; `attrs` is frozen: return a new object to change it. */
export interface RouteView {
  readonly prefix: PrefixKey;
  readonly pathId: number;
  readonly attrs: Readonly<PathAttrs>;
  /** The peer the path was learned from; undefined for a locally originated path. */
  readonly from: Readonly<PeerInfo> | undefined;
}

/** Accept (the same `attrs` object = unchanged, or a modified copy) or reject (undefined). */
export type ImportPolicy = (route: RouteView) => PathAttrs | undefined;
/** Same contract, per destination peer. `route.attrs` is already transformed for `to` (minus our AS prepend). */
export type ExportPolicy = (route: RouteView, to: Readonly<PeerInfo>) => PathAttrs | undefined;

export interface NexthopState {
  reachable: boolean;
  /** IGP cost to the next hop (RFC 4271 §9.1.2.2 e). */
  metric: number;
}

/**
 * Next-hop reachability (RFC 4271 §9.1.2.1), injected. The RIB tells the resolver which next hops it depends
 * on (track/untrack); the driver calls `BgpRib.nexthopChanged(nh)` when one of them changes.
 */
export interface NexthopResolver {
  resolve(nh: NexthopKey): NexthopState;
  track?(nh: NexthopKey): void;
  untrack?(nh: NexthopKey): void;
}

/** One forwarding path for the protocol-independent RIB. */
export interface RibPath {
  nextHop: NexthopKey;
  peerId: string;
  /** The path's attribute set (the RFC 2545 link-local next hop, if any, is in attrs.mpReach.nextHop). */
  attrs: AttrSet;
}

/** `paths: null` = BGP has no route to install (withdrawn, nothing eligible, or the best is our own). */
export interface RibChange {
  prefix: PrefixKey;
  paths: readonly RibPath[] | null;
}

export type RibSink = (changes: readonly RibChange[]) => void;

/** Prefixes that share one exported attribute set: one UPDATE (or a few, if they do not fit). */
export interface UpdateGroup {
  /** Interned and frozen: equal sets are one object. An IPv6 group carries mpReach (with empty nlri). */
  attrs: Readonly<PathAttrs>;
  prefixes: PrefixKey[];
}

export interface PeerOutput {
  groups: UpdateGroup[];
  /** Both families; the driver splits by `typeof` (number = IPv4). */
  withdrawn: PrefixKey[];
  /** The initial table has been handed out completely: send End-of-RIB (RFC 4724 §2) for each family. */
  endOfRib: boolean;
}

export interface BgpRibCfg {
  localAs: number;
  /** Our BGP Identifier (u32). */
  routerId: number;
  /** RFC 4456 §7 CLUSTER_ID; defaults to routerId. */
  clusterId?: number;
  /** LOCAL_PREF assumed when absent and set toward iBGP peers (RFC 4271 §5.1.5). Default 100. */
  defaultLocalPref?: number;
  /** Compare MED between paths from different neighbor ASes (FRR `bgp always-compare-med`). */
  alwaysCompareMed?: boolean;
  /** A missing MED is the worst value instead of 0 (FRR `bgp bestpath med missing-as-worst`). */
  medMissingAsWorst?: boolean;
  /** Multipath only needs an equal AS_PATH length (FRR `bgp bestpath as-path multipath-relax`). */
  asPathMultipathRelax?: boolean;
  /** ECMP width when the best path is eBGP / iBGP (FRR `maximum-paths` / `maximum-paths ibgp`). Default 1. */
  maxPathsEbgp?: number;
  maxPathsIbgp?: number;
  /** RFC 8212: eBGP sessions need explicit import/export policies. Default true (FRR `bgp ebgp-requires-policy`). */
  ebgpRequiresPolicy?: boolean;
}

/** Why a received path is not in the Adj-RIB-In post-policy. */
export const REJECT_REASONS = [
  'policy',
  'rfc8212: no import policy',
  'as-loop',
  'originator-id',
  'cluster-loop',
  'missing-next-hop',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Per-peer state shared by the RIB modules (owned by the facade). Index 0 is "local" (our own routes). */
export interface PeerState {
  readonly idx: number;
  readonly id: string;
  info: PeerInfo;
  readonly local: boolean;
  readonly ebgp: boolean;
  readonly weight: number;
  /** Peer BGP Identifier (router-id tie-break) and comparable address key (peer-address tie-break). */
  bgpId: number;
  readonly addrKey: string;
  up: boolean;
  adjIn: AdjRibIn | undefined;
  adjOut: AdjRibOut | undefined;
  /** UPDATE messages applied since the session came up. */
  updates: number;
}
