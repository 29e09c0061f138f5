/**
 * Seeded random generators of valid OSPF LSAs and packets, for the round-trip property test, the checksum test
 * and as fuzz seeds. "Valid" means canonical: what the decoder gives back unchanged (LSAs sealed with their
 * real length and checksum, known LS and link types, reserved octets zero, the header's auth matching the
 * AuthCfg the packet is encoded with).
 */
import { DIGEST_LEN } from '../../../ospf/packet/iana.js';
import { sealLsa } from '../../../ospf/packet/lsa.js';
import type {
  AuthCfg,
  Lsa,
  LsaBody,
  LsaHeader,
  LsaType,
  OspfAuth,
  OspfBody,
  OspfPacket,
  RouterLink,
} from '../../../ospf/packet/types.js';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for tests. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const u8 = (r: Rng) => int(r, 0, 255);
const u16 = (r: Rng) => int(r, 0, 0xffff);
const u24 = (r: Rng) => int(r, 0, 0xffffff);
const u32 = (r: Rng) => Math.floor(r() * 4294967296) >>> 0;
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const list = <T>(r: Rng, lo: number, hi: number, f: () => T): T[] => Array.from({ length: int(r, lo, hi) }, f);

export const LSA_TYPES: readonly LsaType[] = [1, 2, 3, 4, 5, 9, 10, 11];

function randomBody(r: Rng, type: LsaType): LsaBody {
  switch (type) {
    case 1:
      return {
        kind: 'router',
        flags: r() < 0.7 ? int(r, 0, 7) : u8(r),
        links: list(r, 0, 6, () => ({
          linkId: u32(r),
          linkData: u32(r),
          type: int(r, 1, 4) as RouterLink['type'],
          metric: u16(r),
          tos: r() < 0.8 ? [] : list(r, 1, 3, () => ({ tos: u8(r), metric: u16(r) })),
        })),
      };
    case 2:
      // §12.4.2: a network-LSA lists at least the DR itself.
      return { kind: 'network', mask: u32(r), attached: list(r, 1, 6, () => u32(r)) };
    case 3:
    case 4:
      return {
        kind: 'summary',
        mask: u32(r),
        metric: u24(r),
        tos: r() < 0.8 ? [] : list(r, 1, 3, () => ({ tos: u8(r), metric: u24(r) })),
      };
    case 5:
      return {
        kind: 'external',
        mask: u32(r),
        e2: r() < 0.5,
        metric: u24(r),
        forwarding: r() < 0.5 ? 0 : u32(r),
        tag: r() < 0.5 ? 0 : u32(r),
        tos:
          r() < 0.8
            ? []
            : list(r, 1, 2, () => ({
                e2: r() < 0.5,
                tos: int(r, 1, 127),
                metric: u24(r),
                forwarding: u32(r),
                tag: u32(r),
              })),
      };
    default:
      return { kind: 'opaque', data: Uint8Array.from({ length: int(r, 0, 40) }, () => u8(r)) };
  }
}

/** A sealed LSA (real length and checksum), as decoding gives it back. */
export function randomLsa(r: Rng, type: LsaType = pick(r, LSA_TYPES)): Lsa {
  const header: LsaHeader = {
    age: r() < 0.8 ? int(r, 0, 3600) : u16(r),
    options: u8(r),
    type,
    lsid: u32(r),
    advRouter: u32(r),
    seq: u32(r) | 0,
    checksum: 0,
    length: 0,
  };
  return sealLsa({ header, body: randomBody(r, type) }).lsa;
}

/** An LSA header as listed in DD and LS Acknowledgment packets (any checksum, length at least 20). */
export function randomLsaHeader(r: Rng): LsaHeader {
  return {
    age: u16(r),
    options: u8(r),
    type: pick(r, LSA_TYPES),
    lsid: u32(r),
    advRouter: u32(r),
    seq: u32(r) | 0,
    checksum: u16(r),
    length: int(r, 20, 0xffff),
  };
}

function randomBodyPkt(r: Rng, type: OspfBody['type']): OspfBody {
  switch (type) {
    case 1:
      return {
        type,
        mask: u32(r),
        helloInterval: u16(r),
        options: u8(r),
        priority: u8(r),
        deadInterval: u32(r),
        dr: u32(r),
        bdr: u32(r),
        neighbors: list(r, 0, 8, () => u32(r)),
      };
    case 2:
      return {
        type,
        mtu: u16(r),
        options: u8(r),
        flags: u8(r),
        seq: u32(r),
        headers: list(r, 0, 8, () => randomLsaHeader(r)),
      };
    case 3:
      return {
        type,
        requests: list(r, 0, 8, () => ({ type: pick(r, LSA_TYPES), lsid: u32(r), advRouter: u32(r) })),
      };
    case 4:
      return { type, lsas: list(r, 0, 6, () => randomLsa(r)) };
    case 5:
      return { type, headers: list(r, 0, 8, () => randomLsaHeader(r)) };
  }
}

/** The header.auth decoding gives for a packet sent under `cfg` with sequence number `seq`. */
export function authSeen(cfg: AuthCfg, seq: number): OspfAuth {
  if (cfg.type === 'null') return { type: 0 };
  if (cfg.type === 'simple') {
    const password = new Uint8Array(8);
    password.set(new TextEncoder().encode(cfg.password).subarray(0, 8));
    return { type: 1, password };
  }
  return { type: 2, keyId: cfg.sendKeyId, authDataLen: DIGEST_LEN[cfg.type], seq };
}

export function randomPacket(r: Rng, cfg: AuthCfg, seq: number): OspfPacket {
  const type = int(r, 1, 5) as OspfBody['type'];
  return {
    header: { version: 2, type, routerId: u32(r), areaId: r() < 0.5 ? 0 : u32(r), auth: authSeen(cfg, seq) },
    body: randomBodyPkt(r, type),
  };
}
