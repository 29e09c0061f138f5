/**
 * OSPFv2 code points and architectural constants (IANA "Open Shortest Path First v2 (OSPFv2) Parameters",
 * "OSPF Authentication Codes", "OSPF Opaque Link-State Advertisements (LSA) Option Types"). Every number the
 * codec, the LSDB, SPF and the state machines use lives here.
 *
 * RFCs: 2328 (OSPFv2: Appendix A packet and LSA formats, Appendix B constants, Appendix D authentication),
 * 5250 (opaque LSAs and the O bit), 5709 (HMAC-SHA authentication), 3101 (NSSA N/P bit), 4576 (DN bit),
 * 5613 (LLS L bit), 3623 (graceful restart Grace-LSA), 7770 (router information).
 */

// ---- IP layer (RFC 2328 §A.1) ----

/** IP protocol number of OSPF. */
export const IPPROTO_OSPF = 89;
/** 224.0.0.5 as a u32. */
export const AllSPFRouters = 0xe0000005;
/** 224.0.0.6 as a u32. */
export const AllDRouters = 0xe0000006;

export const OSPF_VERSION = 2;

// ---- packet header (RFC 2328 §A.3.1) ----

export const HEADER_LEN = 24;
/** Offset of the 16-bit checksum, the AuType and the 64-bit authentication field in the header. */
export const CHECKSUM_OFFSET = 12;
export const AUTYPE_OFFSET = 14;
export const AUTH_OFFSET = 16;
export const AUTH_LEN = 8;

export const PacketType = {
  Hello: 1,
  DatabaseDescription: 2,
  LinkStateRequest: 3,
  LinkStateUpdate: 4,
  LinkStateAck: 5,
} as const;

/** Fixed part of each packet body (after the 24-octet header), §A.3.2-A.3.6. */
export const HELLO_FIXED_LEN = 20;
export const DD_FIXED_LEN = 8;
export const LSR_ENTRY_LEN = 12;
export const LSU_FIXED_LEN = 4;

// ---- authentication (RFC 2328 §A.3.1, Appendix D; RFC 5709) ----

export const AuType = { Null: 0, SimplePassword: 1, Cryptographic: 2 } as const;

/** Simple password: 64 bits, zero padded (§D.3). */
export const SIMPLE_PASSWORD_LEN = 8;
/** Keyed MD5: the secret is 16 octets, zero padded (§D.3). */
export const MD5_KEY_LEN = 16;

/** Authentication Data Length, L, per algorithm (§D.3; RFC 5709 §3). */
export const DIGEST_LEN = {
  md5: 16,
  'hmac-sha-1': 20,
  'hmac-sha-256': 32,
  'hmac-sha-384': 48,
  'hmac-sha-512': 64,
} as const;

/** RFC 5709 §3.3: the value the appended authentication data is filled with before the HMAC is taken. */
export const APAD_WORD = 0x878fe1f3;

// ---- options (RFC 2328 §A.2 and later RFCs) ----

export const Options = {
  /** Multi-topology / TOS capability (the T bit of RFC 1583, MT in RFC 4915). */
  MT: 0x01,
  /** AS-external-LSAs are flooded into this area (not a stub area). */
  E: 0x02,
  /** MOSPF (RFC 1584). */
  MC: 0x04,
  /** NSSA (RFC 3101): N in Hellos, P (propagate) in type-7 LSAs. */
  NP: 0x08,
  /** LLS data block present (RFC 5613); EA in RFC 2328. */
  L: 0x10,
  /** Demand circuits (RFC 1793). */
  DC: 0x20,
  /** Opaque-LSA capable (RFC 5250 §4). */
  O: 0x40,
  /** Down bit, MPLS VPN loop prevention (RFC 4576). */
  DN: 0x80,
} as const;

// ---- database description (RFC 2328 §A.3.3) ----

export const DdFlags = { MS: 0x01, M: 0x02, I: 0x04 } as const;

// ---- LSAs (RFC 2328 §A.4, RFC 5250) ----

export const LSA_HEADER_LEN = 20;
/** Offset of the Fletcher checksum within the LSA; the checksummed part starts at Options (offset 2). */
export const LSA_CHECKSUM_OFFSET = 16;
export const LSA_LENGTH_OFFSET = 18;
/** The largest LSA: its length field is 16 bits. */
export const MAX_LSA_LEN = 0xffff;

export const LsType = {
  Router: 1,
  Network: 2,
  SummaryNetwork: 3,
  SummaryAsbr: 4,
  AsExternal: 5,
  /** Not stored by this implementation (RFC 1584, RFC 3101, RFC 2328 §A.2): listed so logs can name them. */
  GroupMembership: 6,
  Nssa: 7,
  ExternalAttributes: 8,
  OpaqueLink: 9,
  OpaqueArea: 10,
  OpaqueAs: 11,
} as const;

/** Router-LSA flags (§A.4.2; W from RFC 1584, Nt from RFC 3101). */
export const RouterFlags = { B: 0x01, E: 0x02, V: 0x04, W: 0x08, Nt: 0x10 } as const;

/** Router-LSA link types (§A.4.2). */
export const LinkType = { PointToPoint: 1, TransitNetwork: 2, StubNetwork: 3, VirtualLink: 4 } as const;

export const ROUTER_LINK_LEN = 12;
export const TOS_ENTRY_LEN = 4;
export const EXTERNAL_ENTRY_LEN = 12;
/** AS-external-LSA: the E bit in the octet before each 24-bit metric (§A.4.5). */
export const EXTERNAL_E_BIT = 0x80;

/** RFC 5250 §3: the Link State ID of an opaque LSA is Opaque Type (8 bits) then Opaque ID (24 bits). */
export const OpaqueType = {
  TrafficEngineering: 1,
  SycamoreOpticalTopology: 2,
  GraceLsa: 3,
  RouterInformation: 4,
  ExtendedPrefix: 7,
  ExtendedLink: 8,
} as const;

/** RFC 2328 §A.4.1: the DoNotAge bit of LS age (demand circuits, RFC 1793). */
export const DoNotAge = 0x8000;

// ---- architectural constants (RFC 2328 Appendix B) ----

/** Seconds; an LSA is refreshed by its originator this often. */
export const LSRefreshTime = 1800;
/** Seconds between two originations of the same LSA. */
export const MinLSInterval = 5;
/** Seconds; a new instance arriving sooner than this after the last is discarded. */
export const MinLSArrival = 1;
/** Seconds; an LSA this old is flushed. */
export const MaxAge = 3600;
/** Seconds; the LSA checksum is verified this often while in the database. */
export const CheckAge = 300;
/** Seconds; ages differing by more than this make the younger LSA the newer one (§13.1). */
export const MaxAgeDiff = 900;
/** 24-bit metric meaning unreachable. */
export const LSInfinity = 0xffffff;
/** Destination ID of the default route in summary- and AS-external-LSAs. */
export const DefaultDestination = 0;
/** §12.1.6: sequence numbers are signed; 0x80000001 as a signed 32-bit value. */
export const InitialSequenceNumber = -0x7fffffff;
export const MaxSequenceNumber = 0x7fffffff;
/** §12.1.6: 0x80000000 is reserved and never used. */
export const ReservedSequenceNumber = -0x80000000;
