/**
 * OSPFv2 wire types (RFC 2328 Appendix A) — the contract between the codec (`ospf/packet/`), the LSDB and SPF
 * (`ospf/lsdb*.ts`, `ospf/spf*.ts`), the interface and neighbor state machines and the instance.
 *
 * Conventions: router IDs, area IDs, addresses, masks and link state IDs are u32 numbers (big-endian on the
 * wire); LS sequence numbers are signed 32-bit integers (RFC 2328 §12.1.6: InitialSequenceNumber 0x80000001
 * is -2147483647). Code points live in `iana.ts`.
 */

/** LS types 1–11; 6 (MOSPF), 7 (NSSA) and 8 (external attributes) are stored and flooded as opaque data. */
export type LsaType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

/** RFC 2328 §A.4.1, 20 octets. */
export interface LsaHeader {
  /** LS age, seconds (0..3600 = MaxAge; the DoNotAge bit is not used in OSPFv2 without demand circuits). */
  age: number;
  options: number;
  type: LsaType;
  /** Link State ID. */
  lsid: number;
  advRouter: number;
  /** Signed 32-bit. */
  seq: number;
  /** Fletcher checksum of the LSA from the Options field on (age excluded), §12.1.7. */
  checksum: number;
  /** Length of the whole LSA including the header. */
  length: number;
}

/** Router-LSA link (§A.4.2). type: 1 point-to-point, 2 transit network, 3 stub network, 4 virtual link. */
export interface RouterLink {
  linkId: number;
  linkData: number;
  type: 1 | 2 | 3 | 4;
  metric: number;
  /** TOS metrics (obsolete, RFC 2328 keeps the encoding); usually empty. */
  tos: { tos: number; metric: number }[];
}

export interface RouterLsaBody {
  kind: 'router';
  /** V (virtual link endpoint) 0x04, E (ASBR) 0x02, B (ABR) 0x01. */
  flags: number;
  links: RouterLink[];
}

export interface NetworkLsaBody {
  kind: 'network';
  mask: number;
  /** Router IDs of the routers attached to the network (the DR included). */
  attached: number[];
}

/** Summary-LSA (types 3 and 4, §A.4.4). */
export interface SummaryLsaBody {
  kind: 'summary';
  mask: number;
  /** 24-bit metric; 0xffffff = LSInfinity. */
  metric: number;
  tos: { tos: number; metric: number }[];
}

/** AS-external-LSA (type 5, §A.4.5). */
export interface ExternalLsaBody {
  kind: 'external';
  mask: number;
  /** Type 2 external metric (E2) when true, type 1 (E1) when false. */
  e2: boolean;
  metric: number;
  /** Forwarding address; 0 = forward to the advertising router. */
  forwarding: number;
  tag: number;
  tos: { e2: boolean; tos: number; metric: number; forwarding: number; tag: number }[];
}

/** Opaque LSAs (RFC 5250) and anything we store and flood without parsing. */
export interface OpaqueLsaBody {
  kind: 'opaque';
  data: Uint8Array;
}

export type LsaBody = RouterLsaBody | NetworkLsaBody | SummaryLsaBody | ExternalLsaBody | OpaqueLsaBody;

export interface Lsa {
  header: LsaHeader;
  body: LsaBody;
}

// ---- packets (§A.3) ----

/** RFC 2328 §A.3.1 and Appendix D: AuType 0 null, 1 simple password, 2 cryptographic (MD5 / RFC 5709 HMAC-SHA). */
export type OspfAuth =
  | { type: 0 }
  | { type: 1; password: Uint8Array }
  | { type: 2; keyId: number; authDataLen: number; seq: number };

export interface OspfHeader {
  version: 2;
  type: 1 | 2 | 3 | 4 | 5;
  routerId: number;
  areaId: number;
  auth: OspfAuth;
}

export interface HelloPkt {
  type: 1;
  mask: number;
  helloInterval: number;
  options: number;
  priority: number;
  deadInterval: number;
  dr: number;
  bdr: number;
  neighbors: number[];
}

export interface DbDescPkt {
  type: 2;
  mtu: number;
  options: number;
  /** I (init) 0x04, M (more) 0x02, MS (master) 0x01. */
  flags: number;
  seq: number;
  headers: LsaHeader[];
}

export interface LsRequestPkt {
  type: 3;
  requests: { type: LsaType; lsid: number; advRouter: number }[];
}

export interface LsUpdatePkt {
  type: 4;
  lsas: Lsa[];
}

export interface LsAckPkt {
  type: 5;
  headers: LsaHeader[];
}

export type OspfBody = HelloPkt | DbDescPkt | LsRequestPkt | LsUpdatePkt | LsAckPkt;

export interface OspfPacket {
  header: OspfHeader;
  body: OspfBody;
}

/** Authentication configuration for encoding and verifying one interface's packets. */
export type AuthCfg =
  | { type: 'null' }
  | { type: 'simple'; password: string }
  /** Cryptographic: the send key, and every key accepted on receive (key rollover). */
  | {
      type: 'md5' | 'hmac-sha-1' | 'hmac-sha-256' | 'hmac-sha-384' | 'hmac-sha-512';
      keys: { id: number; key: string }[];
      sendKeyId: number;
    };

/** Why an incoming packet was dropped: counted per reason, never a crash. */
export type DropReason =
  | 'truncated'
  | 'bad-version'
  | 'bad-length'
  | 'bad-checksum'
  | 'bad-type'
  | 'auth-type-mismatch'
  | 'auth-failed'
  | 'auth-replay'
  | 'bad-lsa'
  | 'malformed';

export interface OspfDecodeError {
  reason: DropReason;
  detail: string;
}
