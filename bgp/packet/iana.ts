/**
 * BGP-4 code points (IANA "Border Gateway Protocol (BGP) Parameters", "Capability Codes", "Address Family
 * Numbers", "SAFI Values"). Every number the codec, the FSM and the RIB use lives here.
 *
 * RFCs: 4271 (messages, attributes, errors), 4760 (MP-BGP), 5492 (capabilities), 2918 / 7313 (route refresh),
 * 4486 + 9003 (Cease subcodes), 6793 (4-octet AS), 7911 (ADD-PATH), 8654 (extended messages), 8950 (extended
 * next hop), 4724 + 8538 (graceful restart), 1997 / 4360 / 8092 (communities), 4456 (route reflection),
 * 7313 (enhanced route refresh), 9072 (extended optional parameters), 8203 / 9003 (shutdown communication).
 */

// ---- message header (RFC 4271 §4.1) ----

export const HEADER_LEN = 19;
export const MARKER_LEN = 16;
/** RFC 4271 §4: maximum message size without RFC 8654 extended messages. */
export const MAX_MSG_LEN = 4096;
/** RFC 8654 §4: maximum size once the extended-message capability is exchanged. */
export const MAX_EXT_MSG_LEN = 65535;

export const MsgType = {
  OPEN: 1,
  UPDATE: 2,
  NOTIFICATION: 3,
  KEEPALIVE: 4,
  ROUTE_REFRESH: 5,
} as const;

/** Smallest legal message (header included) per type (RFC 4271 §4.2-4.5, RFC 2918 §3). KEEPALIVE is exact. */
export const MIN_MSG_LEN: Readonly<Record<number, number>> = {
  [MsgType.OPEN]: 29,
  [MsgType.UPDATE]: 23,
  [MsgType.NOTIFICATION]: 21,
  [MsgType.KEEPALIVE]: 19,
  [MsgType.ROUTE_REFRESH]: 23,
};

export const BGP_VERSION = 4;

// ---- OPEN optional parameters (RFC 4271 §4.2, RFC 5492, RFC 9072) ----

export const OptParam = {
  /** Deprecated (RFC 5492 §3). */
  AUTHENTICATION: 1,
  CAPABILITIES: 2,
  /** RFC 9072: Non-Ext OP Type 255 marks the extended encoding. */
  EXTENDED_LENGTH: 255,
} as const;

export const CapCode = {
  MULTIPROTOCOL: 1,
  ROUTE_REFRESH: 2,
  OUTBOUND_ROUTE_FILTERING: 3,
  EXTENDED_NEXT_HOP: 5,
  EXTENDED_MESSAGE: 6,
  ROLE: 9,
  GRACEFUL_RESTART: 64,
  FOUR_OCTET_AS: 65,
  ADD_PATH: 69,
  ENHANCED_ROUTE_REFRESH: 70,
  LONG_LIVED_GRACEFUL_RESTART: 71,
  FQDN: 73,
  /** Pre-standard route refresh (Cisco). */
  ROUTE_REFRESH_OLD: 128,
} as const;

/** RFC 4724 §3 Restart Flags (high 4 bits of the 16-bit field) and per-AFI flags. */
export const GR_RESTART_STATE = 0x8000;
/** RFC 8538 §2: "N" bit, the speaker supports graceful NOTIFICATION. */
export const GR_NOTIFICATION = 0x4000;
export const GR_TIME_MASK = 0x0fff;
export const GR_AFI_FORWARDING = 0x80;

/** RFC 7911 §4 Send/Receive field. */
export const AddPathMode = { RECEIVE: 1, SEND: 2, BOTH: 3 } as const;

// ---- AFI / SAFI ----

export const AFI = { IPV4: 1, IPV6: 2, L2VPN: 25 } as const;
export const SAFI = { UNICAST: 1, MULTICAST: 2, MPLS_LABEL: 4, EVPN: 70, MPLS_VPN: 128, FLOWSPEC: 133 } as const;

// ---- path attributes (RFC 4271 §4.3, §5) ----

export const AttrFlag = {
  OPTIONAL: 0x80,
  TRANSITIVE: 0x40,
  PARTIAL: 0x20,
  EXTENDED_LENGTH: 0x10,
} as const;
/** The flag bits that define an attribute's category (RFC 7606 §3 c: only these can "conflict"). */
export const ATTR_CATEGORY_MASK = AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;
export const WELL_KNOWN = AttrFlag.TRANSITIVE;
export const OPTIONAL_TRANSITIVE = AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;
export const OPTIONAL_NON_TRANSITIVE = AttrFlag.OPTIONAL;

export const AttrType = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  EXTENDED_COMMUNITIES: 16,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  PMSI_TUNNEL: 22,
  IPV6_EXTENDED_COMMUNITIES: 25,
  AIGP: 26,
  LARGE_COMMUNITY: 32,
  OTC: 35,
  ATTR_SET: 128,
} as const;

export const Origin = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;

export const AsPathSegType = { AS_SET: 1, AS_SEQUENCE: 2, AS_CONFED_SEQUENCE: 3, AS_CONFED_SET: 4 } as const;

/** RFC 6793 §9: the 2-octet stand-in for a 4-octet AS number. */
export const AS_TRANS = 23456;

/** RFC 1997, RFC 3765, RFC 7999, RFC 8326 well-known communities. */
export const WellKnownCommunity = {
  GRACEFUL_SHUTDOWN: 0xffff0000,
  ACCEPT_OWN: 0xffff0001,
  LLGR_STALE: 0xffff0006,
  NO_LLGR: 0xffff0007,
  BLACKHOLE: 0xffff029a,
  NO_EXPORT: 0xffffff01,
  NO_ADVERTISE: 0xffffff02,
  NO_EXPORT_SUBCONFED: 0xffffff03,
  NOPEER: 0xffffff04,
} as const;

// ---- NOTIFICATION (RFC 4271 §4.5, §6; RFC 4486, RFC 9003, RFC 7313, RFC 6608) ----

export const ErrCode = {
  MESSAGE_HEADER: 1,
  OPEN_MESSAGE: 2,
  UPDATE_MESSAGE: 3,
  HOLD_TIMER_EXPIRED: 4,
  FSM: 5,
  CEASE: 6,
  ROUTE_REFRESH_MESSAGE: 7,
} as const;

export const HeaderSubcode = {
  CONNECTION_NOT_SYNCHRONIZED: 1,
  BAD_MESSAGE_LENGTH: 2,
  BAD_MESSAGE_TYPE: 3,
} as const;

export const OpenSubcode = {
  UNSPECIFIC: 0,
  UNSUPPORTED_VERSION_NUMBER: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNSUPPORTED_OPTIONAL_PARAMETER: 4,
  /** Deprecated (RFC 4271 Appendix A). */
  AUTHENTICATION_FAILURE: 5,
  UNACCEPTABLE_HOLD_TIME: 6,
  UNSUPPORTED_CAPABILITY: 7,
  /** RFC 9234. */
  ROLE_MISMATCH: 11,
} as const;

export const UpdateSubcode = {
  UNSPECIFIC: 0,
  MALFORMED_ATTRIBUTE_LIST: 1,
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE: 2,
  MISSING_WELL_KNOWN_ATTRIBUTE: 3,
  ATTRIBUTE_FLAGS_ERROR: 4,
  ATTRIBUTE_LENGTH_ERROR: 5,
  INVALID_ORIGIN_ATTRIBUTE: 6,
  /** Deprecated (RFC 4271 Appendix A). */
  AS_ROUTING_LOOP: 7,
  INVALID_NEXT_HOP_ATTRIBUTE: 8,
  OPTIONAL_ATTRIBUTE_ERROR: 9,
  INVALID_NETWORK_FIELD: 10,
  MALFORMED_AS_PATH: 11,
} as const;

/** RFC 6608. */
export const FsmSubcode = {
  UNSPECIFIED: 0,
  UNEXPECTED_IN_OPEN_SENT: 1,
  UNEXPECTED_IN_OPEN_CONFIRM: 2,
  UNEXPECTED_IN_ESTABLISHED: 3,
} as const;

/** RFC 4486 (+ RFC 9003 §3 for 2 and 4, RFC 8538 §3 for 9, RFC 9384 for 10 and 11). */
export const CeaseSubcode = {
  MAXIMUM_NUMBER_OF_PREFIXES_REACHED: 1,
  ADMINISTRATIVE_SHUTDOWN: 2,
  PEER_DE_CONFIGURED: 3,
  ADMINISTRATIVE_RESET: 4,
  CONNECTION_REJECTED: 5,
  OTHER_CONFIGURATION_CHANGE: 6,
  CONNECTION_COLLISION_RESOLUTION: 7,
  OUT_OF_RESOURCES: 8,
  HARD_RESET: 9,
  BFD_DOWN: 10,
  LOSS_OF_LLGR: 11,
} as const;

/** RFC 7313 §5. */
export const RouteRefreshErrSubcode = { INVALID_MESSAGE_LENGTH: 1 } as const;

/** RFC 9003 §2: the Shutdown Communication is at most 255 octets of UTF-8. */
export const SHUTDOWN_COMMUNICATION_MAX = 255;

// ---- ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2) ----

export const RouteRefreshSubtype = { REQUEST: 0, BORR: 1, EORR: 2 } as const;
