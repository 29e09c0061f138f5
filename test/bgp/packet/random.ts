/**
 * Seeded random generators of valid BGP messages (for the round-trip property test and as fuzz seeds).
 * "Valid" includes what the decoder normalizes: no AS 0, no martian NEXT_HOP, no empty lists, no attributes
 * an eBGP peer would see discarded, mandatory attributes present whenever routes are, and (towards a 2-octet
 * peer) only paths that RFC 6793 merging gives back unchanged.
 */

import type {
  AsPathSegment,
  BgpMsg,
  Capability,
  CodecCtx,
  MpReach,
  MpUnreach,
  PathAttrs,
  RawAttr,
  UpdateMsg,
} from '../../../bgp/packet/types.js';
import { v6Key } from '../../../lib/prefix.js';

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
const u32 = (r: Rng) => Math.floor(r() * 4294967296) >>> 0;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const maybe = (r: Rng, p = 0.5) => r() < p;
const bytes = (r: Rng, n: number) => Uint8Array.from({ length: n }, () => int(r, 0, 255));
const list = <T>(r: Rng, lo: number, hi: number, f: () => T): T[] => Array.from({ length: int(r, lo, hi) }, f);

export function randomCtx(r: Rng): CodecCtx {
  const ap = new Set<number>();
  if (maybe(r)) ap.add(257);
  if (maybe(r)) ap.add(513);
  return { fourOctetAs: maybe(r, 0.7), extendedMessage: maybe(r, 0.3), addPathRx: ap, addPathTx: ap, ibgp: maybe(r) };
}

export function v4Prefix(r: Rng): number {
  const len = int(r, 0, 32);
  const a = u32(r);
  return (len === 0 ? 0 : (a & (0xffffffff << (32 - len))) >>> 0) * 64 + len;
}

export function v6Prefix(r: Rng): string {
  return v6Key(bytes(r, 16), int(r, 0, 128));
}

function nonMartian(r: Rng): number {
  const top = int(r, 1, 223);
  return ((top === 127 ? 10 : top) * 16777216 + int(r, 0, 16777215)) >>> 0;
}

function asn(r: Rng, four: boolean): number {
  return four && maybe(r) ? int(r, 65536, 4294967295) : int(r, 1, 65535);
}

function asPath(r: Rng, c: CodecCtx, canBeBig: boolean): AsPathSegment[] {
  const segs: AsPathSegment[] = [];
  if (maybe(r, 0.2)) segs.push({ type: pick(r, [3, 4] as const), asns: list(r, 1, 4, () => asn(r, c.fourOctetAs)) });
  let last = 0;
  for (let i = int(r, 0, 3); i > 0; i--) {
    // Never two sequences in a row: RFC 6793 merging would join them.
    const type = last === 2 ? 1 : pick(r, [1, 2, 2] as const);
    segs.push({ type, asns: list(r, 1, 12, () => asn(r, canBeBig)) });
    last = type;
  }
  return segs;
}

function mpReach(r: Rng, c: CodecCtx): MpReach {
  const afi = pick(r, [1, 2] as const);
  const nlri = list(r, 1, 20, () => (afi === 1 ? v4Prefix(r) : v6Prefix(r)));
  const m: MpReach = { afi, safi: 1, nextHop: bytes(r, pick(r, afi === 1 ? [4, 16, 32] : [16, 32])), nlri };
  if (c.addPathTx.has(afi * 256 + 1)) m.pathIds = nlri.map(() => u32(r));
  return m;
}

function mpUnreach(r: Rng, c: CodecCtx): MpUnreach {
  const afi = pick(r, [1, 2] as const);
  const withdrawn = list(r, 0, 20, () => (afi === 1 ? v4Prefix(r) : v6Prefix(r)));
  const m: MpUnreach = { afi, safi: 1, withdrawn };
  if (c.addPathTx.has(afi * 256 + 1)) m.pathIds = withdrawn.map(() => u32(r));
  return m;
}

function optional(r: Rng, c: CodecCtx, a: PathAttrs): void {
  if (maybe(r)) a.med = u32(r);
  if (c.ibgp && maybe(r)) a.localPref = u32(r);
  if (maybe(r, 0.2)) a.atomicAggregate = true;
  if (maybe(r)) a.communities = list(r, 1, 30, () => u32(r));
  if (maybe(r, 0.3)) a.extCommunities = list(r, 1, 10, () => bytes(r, 8));
  if (maybe(r, 0.3)) a.largeCommunities = list(r, 1, 10, () => [u32(r), u32(r), u32(r)] as [number, number, number]);
  if (c.ibgp && maybe(r, 0.3)) a.originatorId = u32(r);
  if (c.ibgp && maybe(r, 0.3)) a.clusterList = list(r, 1, 8, () => u32(r));
  if (maybe(r, 0.3)) {
    const types = [...new Set(list(r, 1, 3, () => int(r, 200, 254)))];
    a.unknown = types.map(
      (type): RawAttr => ({ flags: 0xe0, type, value: bytes(r, int(r, 0, maybe(r, 0.2) ? 300 : 20)) }),
    );
  }
}

export function randomAttrs(r: Rng, c: CodecCtx, routes: boolean): PathAttrs {
  const a: PathAttrs = {};
  if (maybe(r, 0.4)) a.mpReach = mpReach(r, c);
  if (maybe(r, 0.3)) a.mpUnreach = mpUnreach(r, c);
  if (routes || a.mpReach || maybe(r)) {
    a.origin = pick(r, [0, 1, 2] as const);
    // RFC 6793 §4.2.3: towards a 2-octet peer, a 2-octet AGGREGATOR makes the receiver ignore AS4_PATH.
    const aggregator = maybe(r, 0.3) ? { asn: asn(r, c.fourOctetAs), address: u32(r) } : undefined;
    const bigPathOk = c.fourOctetAs || aggregator === undefined || aggregator.asn > 65535;
    a.asPath = asPath(r, c, bigPathOk);
    if (aggregator) a.aggregator = aggregator;
  }
  if (routes) a.nextHop = nonMartian(r);
  optional(r, c, a);
  return a;
}

export function randomUpdate(r: Rng, c: CodecCtx): UpdateMsg {
  const withdrawn = list(r, 0, maybe(r) ? 0 : 30, () => v4Prefix(r));
  const nlri = list(r, 0, maybe(r) ? 0 : 30, () => v4Prefix(r));
  const a = randomAttrs(r, c, nlri.length > 0);
  const u: UpdateMsg = {
    type: 'update',
    withdrawn,
    attrs: Object.keys(a).length > 0 ? a : undefined,
    nlri,
    errors: [],
  };
  if (c.addPathTx.has(257)) {
    u.withdrawnPathIds = withdrawn.map(() => u32(r));
    u.nlriPathIds = nlri.map(() => u32(r));
  }
  return u;
}

function randomCapability(r: Rng): Capability {
  switch (int(r, 0, 10)) {
    case 0:
      return { kind: 'multiprotocol', afi: int(r, 0, 65535), safi: int(r, 0, 255) };
    case 1:
      return pick(r, [
        { kind: 'route-refresh' },
        { kind: 'route-refresh-old' },
        { kind: 'extended-message' },
        { kind: 'enhanced-route-refresh' },
      ] as const);
    case 2:
      return { kind: 'extended-nexthop', entries: list(r, 0, 4, () => ({ afi: 1, safi: int(r, 0, 65535), nhAfi: 2 })) };
    case 3:
      return {
        kind: 'graceful-restart',
        restarting: maybe(r),
        notification: maybe(r),
        restartTime: int(r, 0, 4095),
        afis: list(r, 0, 4, () => ({ afi: int(r, 1, 2), safi: int(r, 0, 255), forwarding: maybe(r) })),
      };
    case 4:
      return { kind: 'four-octet-as', asn: u32(r) };
    case 5:
      return {
        kind: 'add-path',
        entries: list(r, 0, 4, () => ({ afi: int(r, 1, 2), safi: 1, sendReceive: pick(r, [1, 2, 3] as const) })),
      };
    case 6:
      return { kind: 'fqdn', hostname: `h${int(r, 0, 1e6)}`, domain: maybe(r) ? '' : 'example.net' };
    default:
      // Codes the decoder does not model (and so keeps as unknown).
      return { kind: 'unknown', code: pick(r, [3, 9, 71, 200, 255]), value: bytes(r, int(r, 0, 20)) };
  }
}

export function randomMessage(r: Rng, c: CodecCtx): BgpMsg {
  switch (int(r, 0, 5)) {
    case 0:
      return {
        type: 'open',
        version: int(r, 0, 255),
        myAs: int(r, 0, 65535),
        holdTime: int(r, 0, 65535),
        bgpId: u32(r),
        capabilities: list(r, 0, maybe(r, 0.1) ? 40 : 8, () => randomCapability(r)),
        otherParams: maybe(r, 0.2) ? [{ type: 1, value: bytes(r, int(r, 0, 10)) }] : [],
      };
    case 1:
      return { type: 'notification', code: int(r, 0, 255), subcode: int(r, 0, 255), data: bytes(r, int(r, 0, 40)) };
    case 2:
      return { type: 'keepalive' };
    case 3:
      return {
        type: 'route-refresh',
        afi: int(r, 0, 65535),
        subtype: pick(r, [0, 1, 2] as const),
        safi: int(r, 0, 255),
      };
    default:
      return randomUpdate(r, c);
  }
}
