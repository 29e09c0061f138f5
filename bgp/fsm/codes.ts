/**
 * The few BGP code points the session FSM needs: NOTIFICATION error codes and subcodes, capability codes (for
 * the data field of "Unsupported Capability"), AFI/SAFI values and special AS numbers.
 *
 * Kept local to `bgp/fsm/` so the FSM does not depend on the codec's `iana.ts`; the values are the IANA ones.
 * RFCs: 4271 §4.5 and §6, 4486 / 8538 / 9384 (Cease subcodes), 5492 (capabilities), 6608 (FSM error subcodes),
 * 4760 (AFI/SAFI), 6793 (AS_TRANS), 7607 (AS 0).
 */

/** RFC 4271 §4.2: the only version we speak. */
export const BGP_VERSION = 4;

/** RFC 6793 §9: the 2-octet placeholder for a 4-octet AS in "My Autonomous System" and AS_PATH. */
export const AS_TRANS = 23456;

// ---- NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313 §5) ----
export const ERR_MSG_HEADER = 1;
export const ERR_OPEN = 2;
export const ERR_UPDATE = 3;
export const ERR_HOLD_TIMER_EXPIRED = 4;
export const ERR_FSM = 5;
export const ERR_CEASE = 6;
export const ERR_ROUTE_REFRESH = 7;

// ---- OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492 §5) ----
export const OPEN_ERR_UNSPECIFIC = 0;
export const OPEN_ERR_UNSUPPORTED_VERSION = 1;
export const OPEN_ERR_BAD_PEER_AS = 2;
export const OPEN_ERR_BAD_BGP_ID = 3;
export const OPEN_ERR_UNSUPPORTED_OPT_PARAM = 4;
export const OPEN_ERR_UNACCEPTABLE_HOLD_TIME = 6;
export const OPEN_ERR_UNSUPPORTED_CAPABILITY = 7;

// ---- Finite State Machine Error subcodes (RFC 6608 §3) ----
export const FSM_ERR_UNSPECIFIED = 0;
export const FSM_ERR_UNEXPECTED_IN_OPENSENT = 1;
export const FSM_ERR_UNEXPECTED_IN_OPENCONFIRM = 2;
export const FSM_ERR_UNEXPECTED_IN_ESTABLISHED = 3;

// ---- Cease subcodes (RFC 4486 §4, RFC 8538 §5, RFC 9384 §2) ----
export const CEASE_MAX_PREFIXES = 1;
export const CEASE_ADMIN_SHUTDOWN = 2;
export const CEASE_PEER_DECONFIGURED = 3;
export const CEASE_ADMIN_RESET = 4;
export const CEASE_CONNECTION_REJECTED = 5;
export const CEASE_OTHER_CONFIG_CHANGE = 6;
export const CEASE_CONNECTION_COLLISION = 7;
export const CEASE_OUT_OF_RESOURCES = 8;
export const CEASE_HARD_RESET = 9;
export const CEASE_BFD_DOWN = 10;

// ---- Capability codes (IANA "Capability Codes" registry; RFC 5492) ----
export const CAP_MULTIPROTOCOL = 1; // RFC 4760
export const CAP_ROUTE_REFRESH = 2; // RFC 2918
export const CAP_EXTENDED_NEXTHOP = 5; // RFC 8950
export const CAP_EXTENDED_MESSAGE = 6; // RFC 8654
export const CAP_GRACEFUL_RESTART = 64; // RFC 4724
export const CAP_FOUR_OCTET_AS = 65; // RFC 6793
export const CAP_ADD_PATH = 69; // RFC 7911
export const CAP_ENHANCED_ROUTE_REFRESH = 70; // RFC 7313
export const CAP_FQDN = 73; // draft-walton-bgp-hostname-capability
export const CAP_ROUTE_REFRESH_OLD = 128; // pre-standard

// ---- AFI / SAFI (RFC 4760 §3, IANA registries) ----
export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const AFI_L2VPN = 25;
export const SAFI_UNICAST = 1;
export const SAFI_MULTICAST = 2;
export const SAFI_EVPN = 70;
export const SAFI_MPLS_VPN = 128;
export const SAFI_FLOWSPEC = 133;
