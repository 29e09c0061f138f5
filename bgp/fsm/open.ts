/**
 * OPEN building and checking: what we advertise (`buildOpen`) and what a received OPEN means for the session
 * (`checkOpen` -> `Negotiated`, or the OPEN Message Error NOTIFICATION to send).
 *
 * RFCs: 4271 §4.2 and §6.2 (OPEN checks), 5492 (capabilities, Unsupported Capability), 4760 (multiprotocol;
 * IPv4 unicast implied without it), 6793 (4-octet AS, AS_TRANS), 7607 (AS 0), 6286 (BGP Identifier), 2918 and
 * 7313 (route refresh), 8654 (extended message), 8950 (extended next hop), 4724 (graceful restart),
 * 7911 (ADD-PATH), draft-walton-bgp-hostname-capability (FQDN).
 */

import { err, ok, type Result } from '../../lib/result.js';
import type { Capability, CodecCtx, OpenMsg, Safi } from '../packet/types.js';
import { afiSafiKey } from '../packet/types.js';
import {
  AFI_IPV4,
  AS_TRANS,
  BGP_VERSION,
  CAP_ENHANCED_ROUTE_REFRESH,
  CAP_EXTENDED_MESSAGE,
  CAP_FOUR_OCTET_AS,
  CAP_GRACEFUL_RESTART,
  CAP_MULTIPROTOCOL,
  CAP_ROUTE_REFRESH,
  ERR_OPEN,
  OPEN_ERR_BAD_BGP_ID,
  OPEN_ERR_BAD_PEER_AS,
  OPEN_ERR_UNACCEPTABLE_HOLD_TIME,
  OPEN_ERR_UNSUPPORTED_CAPABILITY,
  OPEN_ERR_UNSUPPORTED_OPT_PARAM,
  OPEN_ERR_UNSUPPORTED_VERSION,
  SAFI_UNICAST,
} from './codes.js';
import { DEFAULT_HOLD_TIME, isAcceptableHoldTime, keepaliveTime, negotiateHoldTime } from './timers.js';

/** The peer AS we accept: a number, our own AS, any other AS, or an inclusive range (dynamic neighbors). */
export type RemoteAsCfg = number | 'internal' | 'external' | readonly [lo: number, hi: number];

export interface AfiSafi {
  afi: number;
  safi: Safi;
}

/** A capability the peer MUST send, else we refuse the session with OPEN error 2/7 (RFC 5492 §5). */
export type RequiredCapability =
  | { kind: 'multiprotocol'; afi: number; safi: Safi }
  | {
      kind: 'route-refresh' | 'extended-message' | 'four-octet-as' | 'enhanced-route-refresh' | 'graceful-restart';
    };

/** What we say about ourselves in the OPEN, and what we accept from this peer. */
export interface LocalSessionCfg {
  /** Our AS for this session (4-octet capable). */
  localAs: number;
  /** Our BGP Identifier, u32. */
  bgpId: number;
  remoteAs: RemoteAsCfg;
  /** Hold Time we propose, seconds: 0 or >= 3. Default 180. */
  holdTime?: number;
  /** Configured keepalive interval, seconds (used when smaller than negotiated hold / 3). */
  keepaliveTime?: number;
  /** Reject peers proposing a non-zero Hold Time below this (OPEN error 2/6). */
  minHoldTime?: number;
  /** AFI/SAFIs we enable. Empty or absent: IPv4 unicast only, without the multiprotocol capability. */
  afiSafis?: readonly AfiSafi[];
  /** RFC 8950 entries we advertise (NLRI afi/safi we accept with a next hop of family nhAfi). */
  extendedNexthop?: readonly { afi: number; safi: Safi; nhAfi: number }[];
  /** RFC 7911: per AFI/SAFI, 1 receive, 2 send, 3 both. */
  addPath?: readonly { afi: number; safi: Safi; sendReceive: 1 | 2 | 3 }[];
  /** RFC 4724 graceful restart; absent: not advertised. */
  gracefulRestart?: {
    restartTime: number;
    restarting?: boolean;
    notification?: boolean;
    afis: readonly { afi: number; safi: Safi; forwarding: boolean }[];
  };
  /** Advertise RFC 8654 extended messages. Default true. */
  extendedMessage?: boolean;
  /** Advertise route refresh (2 and the pre-standard 128, as FRR does) and enhanced route refresh. Default true. */
  routeRefresh?: boolean;
  enhancedRouteRefresh?: boolean;
  hostname?: string;
  domain?: string;
  requiredCapabilities?: readonly RequiredCapability[];
}

/** What the two OPENs agreed on. Sets of AFI/SAFIs are keyed `afi * 256 + safi` (afiSafiKey). */
export interface Negotiated {
  peerAs: number;
  peerBgpId: number;
  ibgp: boolean;
  /** Seconds; 0 means no KEEPALIVEs and no Hold Timer. */
  holdTime: number;
  keepaliveTime: number;
  fourOctetAs: boolean;
  afiSafis: ReadonlySet<number>;
  /** The peer can handle ROUTE-REFRESH (it sent code 2 or 128). */
  routeRefresh: boolean;
  enhancedRouteRefresh: boolean;
  extendedMessage: boolean;
  /** RFC 8950 entries both sides advertised. */
  extendedNexthop: { afi: number; safi: Safi; nhAfi: number }[];
  addPathRx: ReadonlySet<number>;
  addPathTx: ReadonlySet<number>;
  peerGracefulRestart: Extract<Capability, { kind: 'graceful-restart' }> | undefined;
  peerFqdn: { hostname: string; domain: string } | undefined;
  /** The peer's capabilities as received, for display. */
  peerCapabilities: readonly Capability[];
  /** What the codec needs for this session. */
  codecCtx: CodecCtx;
}

/** An OPEN Message Error (code 2) to send in a NOTIFICATION, with a reason for logs. */
export interface OpenError {
  code: number;
  subcode: number;
  data: Uint8Array;
  reason: string;
}

const IPV4_UNICAST = afiSafiKey(AFI_IPV4, SAFI_UNICAST);

/** Our OPEN for this session (RFC 4271 §4.2; capabilities per RFC 5492). */
export function buildOpen(local: LocalSessionCfg): OpenMsg {
  const caps: Capability[] = [];
  for (const a of local.afiSafis ?? []) caps.push({ kind: 'multiprotocol', afi: a.afi, safi: a.safi });
  if (local.routeRefresh !== false) caps.push({ kind: 'route-refresh' }, { kind: 'route-refresh-old' });
  if (local.enhancedRouteRefresh !== false) caps.push({ kind: 'enhanced-route-refresh' });
  // RFC 6793 §3: a 4-octet AS speaker always advertises the capability.
  caps.push({ kind: 'four-octet-as', asn: local.localAs });
  if (local.extendedMessage !== false) caps.push({ kind: 'extended-message' });
  if (local.extendedNexthop && local.extendedNexthop.length > 0) {
    caps.push({ kind: 'extended-nexthop', entries: local.extendedNexthop.map((e) => ({ ...e })) });
  }
  if (local.addPath && local.addPath.length > 0) {
    caps.push({ kind: 'add-path', entries: local.addPath.map((e) => ({ ...e })) });
  }
  const gr = local.gracefulRestart;
  if (gr) {
    caps.push({
      kind: 'graceful-restart',
      restarting: gr.restarting ?? false,
      notification: gr.notification ?? false,
      restartTime: gr.restartTime,
      afis: gr.afis.map((a) => ({ ...a })),
    });
  }
  if (local.hostname !== undefined) caps.push({ kind: 'fqdn', hostname: local.hostname, domain: local.domain ?? '' });
  return {
    type: 'open',
    version: BGP_VERSION,
    // RFC 6793 §4.1: AS_TRANS in the 2-octet field when our AS does not fit.
    myAs: local.localAs > 0xffff ? AS_TRANS : local.localAs,
    holdTime: local.holdTime ?? DEFAULT_HOLD_TIME,
    bgpId: local.bgpId >>> 0,
    capabilities: caps,
    otherParams: [],
  };
}

function openErr(subcode: number, reason: string, data: Uint8Array = new Uint8Array(0)): Result<never, OpenError> {
  return err({ code: ERR_OPEN, subcode, data, reason });
}

function u16(v: number): Uint8Array {
  return Uint8Array.of((v >>> 8) & 0xff, v & 0xff);
}

function findCap<K extends Capability['kind']>(
  caps: readonly Capability[],
  kind: K,
): Extract<Capability, { kind: K }> | undefined {
  for (const c of caps) if (c.kind === kind) return c as Extract<Capability, { kind: K }>;
  return undefined;
}

export function remoteAsMatches(peerAs: number, localAs: number, remote: RemoteAsCfg): boolean {
  if (typeof remote === 'number') return peerAs === remote;
  if (remote === 'internal') return peerAs === localAs;
  if (remote === 'external') return peerAs !== localAs;
  return peerAs >= remote[0] && peerAs <= remote[1];
}

/** RFC 6793 §4.1 and RFC 7607: the peer's real AS, or a reason to send Bad Peer AS. */
function peerAsOf(open: OpenMsg): { asn: number; fourOctet: boolean } | string {
  if (open.myAs === 0) return 'AS 0 in My Autonomous System (RFC 7607)';
  const cap = findCap(open.capabilities, 'four-octet-as');
  if (!cap) return { asn: open.myAs, fourOctet: false };
  if (cap.asn === 0) return 'AS 0 in the four-octet AS capability (RFC 7607)';
  // RFC 6793 §4.1 / §9: AS_TRANS is a placeholder, never a speaker's real AS.
  if (cap.asn === AS_TRANS) return 'AS_TRANS in the four-octet AS capability';
  if (open.myAs !== AS_TRANS && open.myAs !== cap.asn) {
    return `My Autonomous System ${open.myAs} disagrees with the four-octet AS ${cap.asn}`;
  }
  return { asn: cap.asn, fourOctet: true };
}

/**
 * The RFC 4271 §6.2 checks plus the capability rules above. On success, what was negotiated; on failure, the
 * OPEN Message Error NOTIFICATION to send. Checks run in the order of §6.2.
 */
export function checkOpen(open: OpenMsg, local: LocalSessionCfg): Result<Negotiated, OpenError> {
  // §6.2: data is the largest version we support below the peer's bid, or our smallest: 4 either way.
  if (open.version !== BGP_VERSION) {
    return openErr(OPEN_ERR_UNSUPPORTED_VERSION, `unsupported version ${open.version}`, u16(BGP_VERSION));
  }
  const as = peerAsOf(open);
  if (typeof as === 'string') return openErr(OPEN_ERR_BAD_PEER_AS, as, u16(open.myAs));
  if (!remoteAsMatches(as.asn, local.localAs, local.remoteAs)) {
    return openErr(OPEN_ERR_BAD_PEER_AS, `peer AS ${as.asn} is not the configured remote AS`, u16(open.myAs));
  }
  if (!isAcceptableHoldTime(open.holdTime, local.minHoldTime)) {
    return openErr(OPEN_ERR_UNACCEPTABLE_HOLD_TIME, `unacceptable hold time ${open.holdTime}`);
  }
  const ibgp = as.asn === local.localAs;
  const peerId = open.bgpId >>> 0;
  // RFC 6286 §2.2: non-zero; equal to ours is refused only inside one AS.
  if (peerId === 0) return openErr(OPEN_ERR_BAD_BGP_ID, 'BGP Identifier 0');
  if (ibgp && peerId === local.bgpId >>> 0) return openErr(OPEN_ERR_BAD_BGP_ID, 'iBGP peer has our BGP Identifier');
  // RFC 5492 §4: optional parameters other than Capabilities are not recognized.
  const other = open.otherParams[0];
  if (other) {
    return openErr(OPEN_ERR_UNSUPPORTED_OPT_PARAM, `unsupported optional parameter ${other.type}`);
  }
  const missing = missingRequired(open.capabilities, local.requiredCapabilities ?? []);
  if (missing.length > 0) {
    return openErr(OPEN_ERR_UNSUPPORTED_CAPABILITY, 'required capability missing', concat(missing));
  }
  const afiSafis = intersectAfiSafis(open.capabilities, local.afiSafis ?? []);
  if (afiSafis.size === 0) {
    // As FRR does: no AFI/SAFI in common is refused with Unsupported Capability naming ours.
    const ours = (local.afiSafis ?? []).map((a) => mpCapTlv(a.afi, a.safi));
    return openErr(OPEN_ERR_UNSUPPORTED_CAPABILITY, 'no AFI/SAFI in common', concat(ours));
  }
  return ok(negotiate(open, local, as.asn, as.fourOctet, ibgp, afiSafis));
}

function negotiate(
  open: OpenMsg,
  local: LocalSessionCfg,
  peerAs: number,
  fourOctetAs: boolean,
  ibgp: boolean,
  afiSafis: ReadonlySet<number>,
): Negotiated {
  const caps = open.capabilities;
  const holdTime = negotiateHoldTime(local.holdTime ?? DEFAULT_HOLD_TIME, open.holdTime);
  const extendedMessage = local.extendedMessage !== false && findCap(caps, 'extended-message') !== undefined;
  const { rx, tx } = intersectAddPath(caps, local.addPath ?? [], afiSafis);
  const fqdn = findCap(caps, 'fqdn');
  return {
    peerAs,
    peerBgpId: open.bgpId >>> 0,
    ibgp,
    holdTime,
    keepaliveTime: keepaliveTime(holdTime, local.keepaliveTime),
    fourOctetAs,
    afiSafis,
    routeRefresh: findCap(caps, 'route-refresh') !== undefined || findCap(caps, 'route-refresh-old') !== undefined,
    enhancedRouteRefresh: local.enhancedRouteRefresh !== false && findCap(caps, 'enhanced-route-refresh') !== undefined,
    extendedMessage,
    extendedNexthop: intersectExtendedNexthop(caps, local.extendedNexthop ?? []),
    addPathRx: rx,
    addPathTx: tx,
    peerGracefulRestart: findCap(caps, 'graceful-restart'),
    peerFqdn: fqdn ? { hostname: fqdn.hostname, domain: fqdn.domain } : undefined,
    peerCapabilities: caps,
    codecCtx: { fourOctetAs, extendedMessage, addPathRx: rx, addPathTx: tx, ibgp, peerAs },
  };
}

/** RFC 4760 §8: a speaker that sends no multiprotocol capability supports IPv4 unicast only. */
function intersectAfiSafis(caps: readonly Capability[], ours: readonly AfiSafi[]): Set<number> {
  const theirs = new Set<number>();
  for (const c of caps) if (c.kind === 'multiprotocol') theirs.add(afiSafiKey(c.afi, c.safi));
  if (theirs.size === 0) theirs.add(IPV4_UNICAST);
  const mine = ours.length === 0 ? [IPV4_UNICAST] : ours.map((a) => afiSafiKey(a.afi, a.safi));
  const out = new Set<number>();
  for (const k of mine) if (theirs.has(k)) out.add(k);
  return out;
}

/**
 * RFC 7911 §4: we send path identifiers for an AFI/SAFI when we advertised Send (2|3) and the peer Receive (1|3);
 * we receive them when we advertised Receive and the peer Send. Only for AFI/SAFIs negotiated for the session.
 */
function intersectAddPath(
  caps: readonly Capability[],
  ours: readonly { afi: number; safi: Safi; sendReceive: 1 | 2 | 3 }[],
  afiSafis: ReadonlySet<number>,
): { rx: Set<number>; tx: Set<number> } {
  const theirs = new Map<number, number>();
  for (const c of caps) {
    if (c.kind !== 'add-path') continue;
    for (const e of c.entries) theirs.set(afiSafiKey(e.afi, e.safi), e.sendReceive);
  }
  const rx = new Set<number>();
  const tx = new Set<number>();
  for (const e of ours) {
    const k = afiSafiKey(e.afi, e.safi);
    const peer = theirs.get(k);
    if (peer === undefined || !afiSafis.has(k)) continue;
    if (e.sendReceive & 1 && peer & 2) rx.add(k);
    if (e.sendReceive & 2 && peer & 1) tx.add(k);
  }
  return { rx, tx };
}

/** RFC 8950 §4: entries both sides advertised (each side can then receive such next hops). */
function intersectExtendedNexthop(
  caps: readonly Capability[],
  ours: readonly { afi: number; safi: Safi; nhAfi: number }[],
): { afi: number; safi: Safi; nhAfi: number }[] {
  const out: { afi: number; safi: Safi; nhAfi: number }[] = [];
  const cap = findCap(caps, 'extended-nexthop');
  if (!cap) return out;
  for (const e of ours) {
    if (cap.entries.some((t) => t.afi === e.afi && t.safi === e.safi && t.nhAfi === e.nhAfi)) out.push({ ...e });
  }
  return out;
}

const SIMPLE_CAP_CODES = {
  'route-refresh': CAP_ROUTE_REFRESH,
  'extended-message': CAP_EXTENDED_MESSAGE,
  'four-octet-as': CAP_FOUR_OCTET_AS,
  'enhanced-route-refresh': CAP_ENHANCED_ROUTE_REFRESH,
  'graceful-restart': CAP_GRACEFUL_RESTART,
} as const;

/** RFC 5492 §5: the data of Unsupported Capability lists the capabilities that caused it, as TLVs. */
function missingRequired(caps: readonly Capability[], required: readonly RequiredCapability[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const r of required) {
    if (r.kind === 'multiprotocol') {
      if (!caps.some((c) => c.kind === 'multiprotocol' && c.afi === r.afi && c.safi === r.safi)) {
        out.push(mpCapTlv(r.afi, r.safi));
      }
      continue;
    }
    const present =
      r.kind === 'route-refresh'
        ? caps.some((c) => c.kind === 'route-refresh' || c.kind === 'route-refresh-old')
        : caps.some((c) => c.kind === r.kind);
    // Code with an empty value: enough to say which capability, without re-encoding our own.
    if (!present) out.push(Uint8Array.of(SIMPLE_CAP_CODES[r.kind], 0));
  }
  return out;
}

function mpCapTlv(afi: number, safi: number): Uint8Array {
  return Uint8Array.of(CAP_MULTIPROTOCOL, 4, (afi >>> 8) & 0xff, afi & 0xff, 0, safi & 0xff);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
