/**
 * BGP-4 wire message types (RFC 4271 §4) — the contract between the codec (`bgp/packet/`), the session FSM
 * (`bgp/fsm/`), the RIB (`bgp/rib/`) and the driver (`bgp/peer.ts`).
 *
 * Conventions: IPv4 addresses and BGP identifiers are u32 numbers; IPv6 addresses are 16-octet Uint8Arrays;
 * prefixes are `PrefixKey`s (lib/prefix.ts). Code points live in `iana.ts`.
 */
import type { Afi, PrefixKey } from '../../lib/prefix.js';

export type Safi = number;

// ---- OPEN (RFC 4271 §4.2, RFC 5492 capabilities, RFC 9072 extended optional parameters) ----

export type Capability =
  | { kind: 'multiprotocol'; afi: number; safi: Safi } // RFC 4760, code 1
  | { kind: 'route-refresh' } // RFC 2918, code 2
  | { kind: 'route-refresh-old' } // pre-standard Cisco code 128
  | { kind: 'extended-nexthop'; entries: { afi: number; safi: Safi; nhAfi: number }[] } // RFC 8950, code 5
  | { kind: 'extended-message' } // RFC 8654, code 6
  | {
      kind: 'graceful-restart'; // RFC 4724, code 64
      restarting: boolean; // R bit
      notification: boolean; // N bit, RFC 8538
      restartTime: number; // 12 bits, seconds
      afis: { afi: number; safi: Safi; forwarding: boolean }[];
    }
  | { kind: 'four-octet-as'; asn: number } // RFC 6793, code 65
  | { kind: 'add-path'; entries: { afi: number; safi: Safi; sendReceive: 1 | 2 | 3 }[] } // RFC 7911, code 69
  | { kind: 'enhanced-route-refresh' } // RFC 7313, code 70
  | { kind: 'fqdn'; hostname: string; domain: string } // draft-walton-bgp-hostname-capability, code 73
  | { kind: 'unknown'; code: number; value: Uint8Array };

export interface OpenMsg {
  type: 'open';
  version: number;
  /** The 2-octet "My Autonomous System" field as on the wire (AS_TRANS 23456 when the real AS is 4-octet). */
  myAs: number;
  holdTime: number;
  /** BGP Identifier, u32. */
  bgpId: number;
  capabilities: Capability[];
  /** Optional parameters other than Capabilities (type 2); RFC 4271 says reject these (OPEN error subcode 4). */
  otherParams: { type: number; value: Uint8Array }[];
}

// ---- UPDATE (RFC 4271 §4.3, §5) ----

export interface AsPathSegment {
  /** 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET (RFC 5065). */
  type: 1 | 2 | 3 | 4;
  asns: number[];
}

export interface MpReach {
  afi: Afi;
  safi: Safi;
  /** Raw next-hop octets: 4 (IPv4), 16 (IPv6 global) or 32 (global + link-local), RFC 4760 / RFC 2545 / RFC 8950. */
  nextHop: Uint8Array;
  nlri: PrefixKey[];
  /** Present only when ADD-PATH receive (or send, when encoding) is negotiated for this AFI/SAFI: same length as nlri. */
  pathIds?: number[];
}

export interface MpUnreach {
  afi: Afi;
  safi: Safi;
  withdrawn: PrefixKey[];
  pathIds?: number[];
}

/** An attribute we do not model: passed on byte-exact (optional transitive, Partial bit set) or dropped. */
export interface RawAttr {
  flags: number;
  type: number;
  value: Uint8Array;
}

/**
 * Decoded path attributes. Absent keys mean the attribute was absent. For a peer without the 4-octet AS
 * capability, the decoder has already merged AS4_PATH / AS4_AGGREGATOR (RFC 6793 §4.2.3) into asPath /
 * aggregator; the encoder splits them again for such a peer.
 */
export interface PathAttrs {
  origin?: 0 | 1 | 2; // IGP, EGP, INCOMPLETE
  asPath?: AsPathSegment[];
  /** NEXT_HOP (IPv4, u32). */
  nextHop?: number;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  aggregator?: { asn: number; address: number };
  /** RFC 1997 communities, u32 each. */
  communities?: number[];
  /** RFC 4360 extended communities, 8 octets each. */
  extCommunities?: Uint8Array[];
  /** RFC 8092 large communities: [global admin, local 1, local 2]. */
  largeCommunities?: [number, number, number][];
  originatorId?: number;
  clusterList?: number[];
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
  /** Unrecognized attributes, in received order. */
  unknown?: RawAttr[];
}

/** RFC 7606 action, weakest to strongest. */
export type ErrorAction = 'attributeDiscard' | 'treatAsWithdraw' | 'afiSafiDisable' | 'reset';

/** A protocol error found while decoding: what NOTIFICATION to send (if any) and what to do. */
export interface BgpError {
  code: number;
  subcode: number;
  data: Uint8Array;
  action: ErrorAction;
  /** Human-readable cause, for logs and the API. */
  reason: string;
  /** The attribute type code involved, when there is one. */
  attrType?: number;
}

export interface UpdateMsg {
  type: 'update';
  /** IPv4 prefixes from the Withdrawn Routes field. */
  withdrawn: PrefixKey[];
  withdrawnPathIds?: number[];
  /** Path attributes; undefined when the Total Path Attribute Length is 0. */
  attrs: PathAttrs | undefined;
  /** IPv4 prefixes from the NLRI field. */
  nlri: PrefixKey[];
  nlriPathIds?: number[];
  /**
   * Non-fatal RFC 7606 findings (attributeDiscard, treatAsWithdraw). If any is treatAsWithdraw, the receiver
   * must treat every NLRI in this UPDATE (including MP_REACH_NLRI) as withdrawn.
   */
  errors: BgpError[];
}

// ---- NOTIFICATION (RFC 4271 §4.5, RFC 9003), KEEPALIVE, ROUTE-REFRESH (RFC 2918, RFC 7313) ----

export interface NotificationMsg {
  type: 'notification';
  code: number;
  subcode: number;
  data: Uint8Array;
}

export interface KeepaliveMsg {
  type: 'keepalive';
}

export interface RouteRefreshMsg {
  type: 'route-refresh';
  afi: number;
  /** RFC 7313 message subtype: 0 normal request, 1 BoRR, 2 EoRR. */
  subtype: 0 | 1 | 2;
  safi: Safi;
}

export type BgpMsg = OpenMsg | UpdateMsg | NotificationMsg | KeepaliveMsg | RouteRefreshMsg;

/** What was negotiated with a peer; steers encoding and decoding. */
export interface CodecCtx {
  /** Both sides sent the 4-octet AS capability. */
  fourOctetAs: boolean;
  /** Both sides sent extended-message: the maximum message size is 65535, else 4096. */
  extendedMessage: boolean;
  /** AFI/SAFI keys (`afi * 256 + safi`) for which we receive path identifiers (ADD-PATH). */
  addPathRx: ReadonlySet<number>;
  /** AFI/SAFI keys for which we send path identifiers. */
  addPathTx: ReadonlySet<number>;
  /** The peer is in our AS (iBGP): RFC 7606 treats some attributes differently per peer type. */
  ibgp: boolean;
  /** The peer's own AS, for RFC 7606 / RFC 4271 first-AS checks. Optional: skip the check when absent. */
  peerAs?: number;
}

export function afiSafiKey(afi: number, safi: number): number {
  return afi * 256 + safi;
}
