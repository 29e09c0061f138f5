/**
 * BGP RIB public surface for the driver and the API: the facade plus the types and helpers they need.
 */

export {
  type ApplyResult,
  BgpRib,
  type BgpRibDeps,
  type FlushStats,
  LOCAL_WEIGHT,
  type PathExplain,
  type PeerCounters,
  type PeerSession,
  type PrefixExplain,
  type ReceivedRoute,
  type RejectedPath,
  type UpdateInput,
} from './bgp-rib.js';
export { type Candidate, type CompareResult, compare, DECISION_STEPS, type DecisionReason } from './decision.js';
export { AttrSet, AttrStore } from './intern.js';
export { formatNexthop, nexthopFromBytes, nexthopToBytes } from './nexthop.js';
export type {
  BgpRibCfg,
  ExportPolicy,
  ImportPolicy,
  NexthopKey,
  NexthopResolver,
  NexthopState,
  PeerInfo,
  PeerOutput,
  RejectReason,
  RibChange,
  RibPath,
  RibSink,
  RouteView,
  UpdateGroup,
} from './types.js';
export { REJECT_REASONS } from './types.js';
