/**
 * Routing policy configuration model: the `policy:` section of the YAML config (prefix lists, AS-path lists,
 * community lists, large-community lists, route maps). TypeBox schemas plus the matching static types.
 *
 * Semantics follow FRR (lib/plist.c, lib/routemap.c, bgpd/bgp_clist.c) unless a comment says otherwise:
 * RFC 1997 communities, RFC 8092 large communities, RFC 4271 §5.1 attributes.
 *
 * The schema is the structural check only (shapes, ranges, text patterns). `compilePolicy` does the semantic
 * checks (prefix parse and host bits, ge/le ranges, duplicate sequence numbers, regex syntax, references) and
 * reports each at the exact YAML path.
 *
 * Sequence numbers are optional everywhere. An entry without `seq` gets (highest seq so far in the list) + 5,
 * starting at 5, as FRR does for prefix lists; entries are evaluated in seq order, not in YAML order.
 *
 * Only `pattern` is used for text (never `format`), so the schema checks the same under TypeBox `Value`,
 * Ajv and fastify without format plugins.
 */
import { type Static, Type } from '@sinclair/typebox';

// ---- shared scalars ----

/** A list or route-map name: FRR's WORD (no white space). */
export const POLICY_NAME_PATTERN = '^[^\\s]{1,63}$';
const Name = Type.String({ pattern: POLICY_NAME_PATTERN, description: 'name of a list or route map' });

const U32_MAX = 4294967295;
const U32 = Type.Integer({ minimum: 0, maximum: U32_MAX });
/** FRR's prefix-list, AS-path-list and community-list seq range. */
const ListSeq = Type.Integer({ minimum: 1, maximum: U32_MAX, description: 'sequence number (default: previous + 5)' });
/** FRR's route-map seq range (frr-route-map.yang: uint16 1..65535). */
const MapSeq = Type.Integer({ minimum: 1, maximum: 65535, description: 'sequence number (default: previous + 5)' });

const Action = Type.Union([Type.Literal('permit'), Type.Literal('deny')]);

const V4_ADDR = '[0-9]{1,3}(?:\\.[0-9]{1,3}){3}';
const V6_ADDR = '[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*';
/** An IPv4 or IPv6 address; compile parses it fully. */
export const IP_ADDRESS_PATTERN = `^(?:${V4_ADDR}|${V6_ADDR})$`;
/** "a.b.c.d/len" or "x::/len"; compile parses it fully and rejects host bits. */
export const IP_PREFIX_PATTERN = `^(?:${V4_ADDR}/[0-9]{1,2}|${V6_ADDR}/[0-9]{1,3})$`;
const IpAddress = Type.String({ pattern: IP_ADDRESS_PATTERN });
const IpPrefix = Type.String({ pattern: IP_PREFIX_PATTERN });

/** Names accepted for RFC 1997 well-known communities (FRR spellings, plus two aliases for local-AS). */
export const COMMUNITY_NAMES = [
  'internet',
  'graceful-shutdown',
  'accept-own',
  'route-filter-translated-v4',
  'route-filter-v4',
  'route-filter-translated-v6',
  'route-filter-v6',
  'llgr-stale',
  'no-llgr',
  'accept-own-nexthop',
  'blackhole',
  'no-export',
  'no-advertise',
  'local-AS',
  'local-as',
  'no-export-subconfed',
  'no-peer',
] as const;
/** "AA:NN" (each 0..65535, range checked by compile) or a well-known name. */
export const COMMUNITY_PATTERN = `^(?:[0-9]{1,5}:[0-9]{1,5}|${COMMUNITY_NAMES.join('|')})$`;
/** "GA:L1:L2" (each 0..4294967295, range checked by compile), RFC 8092. */
export const LARGE_COMMUNITY_PATTERN = '^[0-9]{1,10}:[0-9]{1,10}:[0-9]{1,10}$';
const Community = Type.String({ pattern: COMMUNITY_PATTERN });
const LargeCommunity = Type.String({ pattern: LARGE_COMMUNITY_PATTERN });

/** An FRR/Cisco AS-path or community regular expression (POSIX ERE; `_` matches a delimiter or either end). */
const Regex = Type.String({ minLength: 1, maxLength: 1024 });

const strict = { additionalProperties: false } as const;

// ---- prefix lists ----

/**
 * One prefix-list entry. Matching (FRR lib/plist.c): the route prefix must lie inside `prefix`, and its length must
 * be: exactly the entry length when neither ge nor le is given; in [len, le] with le alone; in [ge, max] with ge
 * alone; in [ge, le] with both. Rule: len <= ge <= le <= max (FRR wants len < ge; ge == len is accepted here since
 * it means the same as leaving ge out).
 */
export const PrefixListEntrySchema = Type.Object(
  {
    seq: Type.Optional(ListSeq),
    action: Action,
    prefix: IpPrefix,
    ge: Type.Optional(Type.Integer({ minimum: 0, maximum: 128 })),
    le: Type.Optional(Type.Integer({ minimum: 0, maximum: 128 })),
  },
  strict,
);

/**
 * A prefix list may hold IPv4 and IPv6 entries together: an entry only matches prefixes of its own family, so a
 * list with only IPv4 entries denies every IPv6 prefix (implicit deny). A list with no entries at all permits
 * everything (FRR: `plist->count == 0` permits).
 */
export const PrefixListSchema = Type.Array(PrefixListEntrySchema, { maxItems: 100000 });

// ---- AS-path lists ----

export const AsPathListEntrySchema = Type.Object({ seq: Type.Optional(ListSeq), action: Action, regex: Regex }, strict);
export const AsPathListSchema = Type.Array(AsPathListEntrySchema, { maxItems: 10000 });

// ---- community lists ----

/** Standard entry: matches when every listed community is on the route. */
export const CommunityListStandardEntrySchema = Type.Object(
  {
    seq: Type.Optional(ListSeq),
    action: Action,
    communities: Type.Array(Community, { minItems: 1, maxItems: 1024 }),
  },
  strict,
);
/** Expanded entry: regex over the route's communities as FRR prints them ("65000:100 no-export", sorted). */
export const CommunityListExpandedEntrySchema = Type.Object(
  { seq: Type.Optional(ListSeq), action: Action, regex: Regex },
  strict,
);
/** Standard and expanded entries may be mixed in one list (FRR refuses mixing; evaluation is the same). */
export const CommunityListSchema = Type.Array(
  Type.Union([CommunityListStandardEntrySchema, CommunityListExpandedEntrySchema]),
  { maxItems: 10000 },
);

export const LargeCommunityListStandardEntrySchema = Type.Object(
  {
    seq: Type.Optional(ListSeq),
    action: Action,
    communities: Type.Array(LargeCommunity, { minItems: 1, maxItems: 1024 }),
  },
  strict,
);
export const LargeCommunityListSchema = Type.Array(
  Type.Union([LargeCommunityListStandardEntrySchema, CommunityListExpandedEntrySchema]),
  { maxItems: 10000 },
);

// ---- route maps ----

export const RouteProtocolSchema = Type.Union([
  Type.Literal('bgp'),
  Type.Literal('connected'),
  Type.Literal('static'),
  Type.Literal('ospf'),
  Type.Literal('kernel'),
]);

/** `community: NAME` or `community: { list: NAME, exactMatch: true }` (FRR `match community NAME exact-match`). */
const CommunityMatch = Type.Union([
  Name,
  Type.Object({ list: Name, exactMatch: Type.Optional(Type.Boolean()) }, strict),
]);

const Origin = Type.Union([Type.Literal('igp'), Type.Literal('egp'), Type.Literal('incomplete')]);

/** All given conditions must hold (AND); an entry without `match` matches every route. */
export const RouteMapMatchSchema = Type.Object(
  {
    /** FRR `match ip[v6] address prefix-list`: the list must permit the route's prefix. */
    prefixList: Type.Optional(Name),
    /** FRR `match as-path`. */
    asPathList: Type.Optional(Name),
    /** FRR `match community`. */
    community: Type.Optional(CommunityMatch),
    /** FRR `match large-community`. */
    largeCommunity: Type.Optional(CommunityMatch),
    /** FRR `match ip next-hop address A` / `match ip next-hop prefix-list NAME` (and the ipv6 forms). */
    nextHop: Type.Optional(
      Type.Union([Type.Object({ address: IpAddress }, strict), Type.Object({ prefixList: Name }, strict)]),
    ),
    /** FRR `match source-protocol`: one protocol or any of several. */
    protocol: Type.Optional(
      Type.Union([RouteProtocolSchema, Type.Array(RouteProtocolSchema, { minItems: 1, uniqueItems: true })]),
    ),
    /** FRR `match metric`: the route's metric (non-BGP routes) or MED (BGP routes; absent MED counts as 0). */
    metric: Type.Optional(U32),
    /** FRR `match local-preference`. */
    localPref: Type.Optional(U32),
    /** FRR `match origin`. */
    origin: Type.Optional(Origin),
    /** FRR `match peer`: the address of the peer the route came from. */
    peer: Type.Optional(IpAddress),
  },
  strict,
);

/**
 * Community edits, applied in this order: none (remove all), replace, remove (values), removeList (FRR
 * `set comm-list NAME delete`: drop each community the list permits), add (FRR `set community ... additive`).
 */
export const CommunitySetSchema = Type.Object(
  {
    none: Type.Optional(Type.Literal(true)),
    replace: Type.Optional(Type.Array(Community, { minItems: 1, maxItems: 1024 })),
    remove: Type.Optional(Type.Array(Community, { minItems: 1, maxItems: 1024 })),
    removeList: Type.Optional(Name),
    add: Type.Optional(Type.Array(Community, { minItems: 1, maxItems: 1024 })),
  },
  { ...strict, minProperties: 1 },
);
export const LargeCommunitySetSchema = Type.Object(
  {
    none: Type.Optional(Type.Literal(true)),
    replace: Type.Optional(Type.Array(LargeCommunity, { minItems: 1, maxItems: 1024 })),
    remove: Type.Optional(Type.Array(LargeCommunity, { minItems: 1, maxItems: 1024 })),
    removeList: Type.Optional(Name),
    add: Type.Optional(Type.Array(LargeCommunity, { minItems: 1, maxItems: 1024 })),
  },
  { ...strict, minProperties: 1 },
);

const Asn = Type.Integer({ minimum: 1, maximum: U32_MAX });

export const RouteMapSetSchema = Type.Object(
  {
    localPref: Type.Optional(U32),
    /** MED: a value, or "+N" / "-N" relative to the current MED (absent counts as 0; clamped to 0..2^32-1). */
    med: Type.Optional(Type.Union([U32, Type.String({ pattern: '^[+-][0-9]{1,10}$' })])),
    /** Local weight (not an attribute: returned beside the attributes). */
    weight: Type.Optional(U32),
    /**
     * An address; `peer-address` (PolicyRoute.peerAddress: the peer inbound, our session address outbound);
     * `unchanged` (a flag for the update builder: keep the next hop on eBGP export).
     */
    nextHop: Type.Optional(Type.Union([Type.Literal('peer-address'), Type.Literal('unchanged'), IpAddress])),
    /** Prepended in the order given: [65000, 65001] makes "65000 65001 <old path>". */
    asPathPrepend: Type.Optional(Type.Array(Asn, { minItems: 1, maxItems: 64 })),
    /** FRR `set as-path exclude`: remove these ASNs wherever they occur. */
    asPathExclude: Type.Optional(Type.Array(Asn, { minItems: 1, maxItems: 64 })),
    community: Type.Optional(CommunitySetSchema),
    largeCommunity: Type.Optional(LargeCommunitySetSchema),
    origin: Type.Optional(Origin),
  },
  strict,
);

/**
 * FRR on-match: `next` continues with the next entry; `{ goto: N }` continues with the first entry whose
 * seq >= N (N must be greater than this entry's seq). Only meaningful on permit entries; ignored on deny.
 */
export const OnMatchSchema = Type.Union([
  Type.Literal('next'),
  Type.Object({ goto: Type.Integer({ minimum: 1, maximum: 65535 }) }, strict),
]);

export const RouteMapEntrySchema = Type.Object(
  {
    seq: Type.Optional(MapSeq),
    action: Action,
    description: Type.Optional(Type.String({ maxLength: 256 })),
    match: Type.Optional(RouteMapMatchSchema),
    set: Type.Optional(RouteMapSetSchema),
    onMatch: Type.Optional(OnMatchSchema),
  },
  strict,
);
export const RouteMapSchema = Type.Array(RouteMapEntrySchema, { maxItems: 65535 });

// ---- the section ----

const named = <T extends Parameters<typeof Type.Record>[1]>(value: T) =>
  Type.Record(Type.String({ pattern: POLICY_NAME_PATTERN }), value, strict);

export const PolicyCfgSchema = Type.Object(
  {
    prefixLists: Type.Optional(named(PrefixListSchema)),
    asPathLists: Type.Optional(named(AsPathListSchema)),
    communityLists: Type.Optional(named(CommunityListSchema)),
    largeCommunityLists: Type.Optional(named(LargeCommunityListSchema)),
    routeMaps: Type.Optional(named(RouteMapSchema)),
  },
  strict,
);

export type PolicyAction = Static<typeof Action>;
export type RouteProtocol = Static<typeof RouteProtocolSchema>;
export type PrefixListEntryCfg = Static<typeof PrefixListEntrySchema>;
export type AsPathListEntryCfg = Static<typeof AsPathListEntrySchema>;
export type CommunityListEntryCfg = Static<typeof CommunityListSchema>[number];
export type LargeCommunityListEntryCfg = Static<typeof LargeCommunityListSchema>[number];
export type RouteMapMatchCfg = Static<typeof RouteMapMatchSchema>;
export type CommunitySetCfg = Static<typeof CommunitySetSchema>;
export type LargeCommunitySetCfg = Static<typeof LargeCommunitySetSchema>;
export type RouteMapSetCfg = Static<typeof RouteMapSetSchema>;
export type OnMatchCfg = Static<typeof OnMatchSchema>;
export type RouteMapEntryCfg = Static<typeof RouteMapEntrySchema>;
export type PolicyCfg = Static<typeof PolicyCfgSchema>;
