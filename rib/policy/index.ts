/**
 * Routing policy (FRR semantics, protocol-independent): prefix lists, AS-path lists, community and
 * large-community lists, route maps. Pure: config in, compiled structures out, evaluation without side effects.
 */
export {
  COMMUNITY_BLACKHOLE,
  COMMUNITY_GRACEFUL_SHUTDOWN,
  COMMUNITY_NO_ADVERTISE,
  COMMUNITY_NO_EXPORT,
  COMMUNITY_NO_EXPORT_SUBCONFED,
  COMMUNITY_NO_PEER,
  communitiesText,
  formatCommunity,
  formatLargeCommunity,
  type LargeCommunity,
  largeCommunitiesText,
  parseCommunity,
  parseLargeCommunity,
  WELL_KNOWN_COMMUNITIES,
} from './community.js';
export { type CompiledPolicy, compilePolicy, type PolicyDiag, type PolicyPath } from './compile.js';
export {
  type CompiledAsPathList,
  type CompiledLargeCommunityList,
  type CompiledStdCommunityList,
  matchAsPathList,
  matchCommunityList,
  matchLargeCommunityList,
} from './lists.js';
export { type CompiledPrefixList, matchPrefixList, type PrefixListEntry } from './prefix-list.js';
export { compileFrrRegex, formatAsPath } from './regex.js';
export {
  applyRouteMap,
  type CompiledRouteMap,
  type PolicyRoute,
  type RouteMapResult,
} from './route-map.js';
export * from './schema.js';
