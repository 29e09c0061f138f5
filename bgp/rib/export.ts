/**
 * Export: which best paths go to which peer (RFC 4271 §9.1.3, §9.2; RFC 4456 §6 route reflection; RFC 8212
 * default deny toward eBGP; RFC 1997 well-known communities) and how their attributes change on the way
 * (RFC 4271 §5.1.2–5.1.5, RFC 4456 §8, RFC 5065 §5.3).
 *
 * Order per (path, peer): eligibility → transformation for the peer type → the peer's export policy → our AS
 * prepended toward eBGP → interned. Everything before the policy depends only on (attribute set, from-peer,
 * to-peer), so it is cached per flush: a batch of 1M prefixes with one attribute set costs one
 * transformation and one interning per peer, not one per prefix.
 *
 * ADD-PATH send (RFC 7911) is out of scope: each peer gets the single best path.
 */
import type { PrefixKey } from '../../lib/prefix.js';
import type { AsPathSegment, PathAttrs } from '../packet/types.js';
import { type AttrSet, type AttrStore, WK_NO_ADVERTISE, WK_NO_EXPORT, WK_NO_EXPORT_SUBCONFED } from './intern.js';
import type { PeerState } from './types.js';

export interface ExportCtx {
  localAs: number;
  clusterId: number;
  defaultLocalPref: number;
  ebgpRequiresPolicy: boolean;
}

/** 'send' as is (modulo peer-type changes), 'reflect' (iBGP → iBGP through us as route reflector), or not. */
export type ExportMode = 'none' | 'send' | 'reflect';

export function exportMode(set: AttrSet, from: PeerState, to: PeerState, ctx: ExportCtx): ExportMode {
  if (from === to) return 'none'; // never back to the peer it came from
  if (set.wellKnown & WK_NO_ADVERTISE) return 'none'; // RFC 1997
  if (to.info.families && !to.info.families.has(set.afi)) return 'none'; // family not negotiated (RFC 4760)
  if (to.ebgp) {
    if (set.wellKnown & (WK_NO_EXPORT | WK_NO_EXPORT_SUBCONFED)) return 'none'; // RFC 1997
    // RFC 8212 §4: without an export policy toward an eBGP peer, only our own routes leave the AS.
    if (!from.local && ctx.ebgpRequiresPolicy && !to.info.exportPolicy) return 'none';
    return 'send';
  }
  if (from.local || from.ebgp) return 'send';
  // iBGP → iBGP: RFC 4271 §9.2 forbids it (split horizon), except route reflection, RFC 4456 §6:
  // from a client → all other clients and non-clients; from a non-client → clients only.
  if (from.info.rrClient || to.info.rrClient) return 'reflect';
  return 'none';
}

function u32(b: Uint8Array): number {
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
}

/** Make us the next hop toward `to` (RFC 4271 §5.1.3, RFC 4760 §3). False when we have no address to use. */
function setSelfNextHop(out: PathAttrs, set: AttrSet, to: PeerState): boolean {
  const local = to.info.localAddress;
  if (set.afi === 1) {
    const nh = to.info.nextHopV4 ?? (local.length === 4 ? u32(local) : undefined);
    if (nh === undefined) return false;
    out.nextHop = nh;
    delete out.mpReach; // an RFC 8950 IPv6 next hop gives way to a plain NEXT_HOP
    return true;
  }
  const nh6 = to.info.nextHopV6 ?? (local.length === 16 ? local : undefined);
  if (!nh6) return false;
  out.mpReach = { afi: set.afi, safi: 1, nextHop: nh6, nlri: [] };
  return true;
}

/** Attributes toward `to`, before its export policy and before our AS prepend; undefined = cannot send. */
export function transformForPeer(
  set: AttrSet,
  from: PeerState,
  to: PeerState,
  mode: ExportMode,
  ctx: ExportCtx,
): PathAttrs | undefined {
  const a = set.attrs;
  if (to.ebgp) {
    // LOCAL_PREF (RFC 4271 §5.1.5), ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8) stay inside the AS; a MED
    // received from another AS is not passed on (§5.1.4), ours (locally originated) is.
    const { localPref: _l, originatorId: _o, clusterList: _c, med, ...rest } = a;
    const out: PathAttrs = rest;
    if (from.local && med !== undefined) out.med = med;
    return setSelfNextHop(out, set, to) ? out : undefined;
  }
  const out: PathAttrs = { ...a };
  if (mode === 'reflect') {
    // RFC 4456 §8: the reflector adds ORIGINATOR_ID (if absent) and prepends its CLUSTER_ID. It leaves the
    // next hop alone (FRR applies next-hop-self to reflected routes only with "force"; we never do).
    out.originatorId = a.originatorId ?? from.bgpId;
    out.clusterList = [ctx.clusterId, ...(a.clusterList ?? [])];
  } else if (from.local || to.info.nextHopSelf) {
    if (!setSelfNextHop(out, set, to)) return undefined;
  }
  if (out.localPref === undefined) out.localPref = ctx.defaultLocalPref; // RFC 4271 §5.1.5: iBGP carries it
  return out;
}

/**
 * Prepend our AS toward an eBGP peer (RFC 4271 §5.1.2), 4-octet values (the codec handles 2-octet peers,
 * RFC 6793). Confederation segments are removed first (RFC 5065 §5.3).
 */
export function prependAs(attrs: PathAttrs, asn: number): PathAttrs {
  const path = (attrs.asPath ?? []).filter((s) => s.type === 1 || s.type === 2);
  const first = path[0];
  let next: AsPathSegment[];
  if (first && first.type === 2 && first.asns.length < 255)
    next = [{ type: 2, asns: [asn, ...first.asns] }, ...path.slice(1)];
  else next = [{ type: 2, asns: [asn] }, ...path];
  return { ...attrs, asPath: next };
}

interface CacheEntry {
  /** What the export policy sees (frozen). */
  pre: Readonly<PathAttrs> | undefined;
  /** The interned result when the policy leaves `pre` unchanged (or there is no policy). */
  final: AttrSet | undefined;
}

/**
 * Per-batch export engine. Holds one reference on each cached result until `reset()` (call it after each
 * flush or full-table dump); Adj-RIB-Out takes its own references on what it keeps.
 */
export class Exporter {
  private readonly pairs = new Map<number, Map<AttrSet, CacheEntry>>();
  private readonly modified = new Map<PathAttrs, AttrSet>();

  constructor(
    private readonly store: AttrStore,
    private readonly ctx: ExportCtx,
  ) {}

  reset(): void {
    for (const m of this.pairs.values()) for (const e of m.values()) if (e.final) this.store.release(e.final);
    for (const s of this.modified.values()) this.store.release(s);
    this.pairs.clear();
    this.modified.clear();
  }

  /** The attribute set to advertise to `to` for this best path, or undefined (do not advertise / withdraw). */
  exportPath(prefix: PrefixKey, pathId: number, set: AttrSet, from: PeerState, to: PeerState): AttrSet | undefined {
    const mode = exportMode(set, from, to, this.ctx);
    if (mode === 'none') return undefined;
    const e = this.entry(set, from, to, mode);
    if (!e.pre) return undefined;
    const policy = to.info.exportPolicy;
    if (!policy) return e.final;
    const r = policy({ prefix, pathId, attrs: e.pre, from: from.local ? undefined : from.info }, to.info);
    if (r === undefined) return undefined;
    if (r === e.pre) return e.final;
    let s = this.modified.get(r);
    if (!s) {
      s = this.store.intern(to.ebgp ? prependAs(r, this.ctx.localAs) : r);
      this.modified.set(r, s);
    }
    return s;
  }

  private entry(set: AttrSet, from: PeerState, to: PeerState, mode: ExportMode): CacheEntry {
    const key = to.idx * 65536 + from.idx;
    let m = this.pairs.get(key);
    if (!m) {
      m = new Map();
      this.pairs.set(key, m);
    }
    let e = m.get(set);
    if (!e) {
      const pre = transformForPeer(set, from, to, mode, this.ctx);
      if (pre) Object.freeze(pre);
      const final = pre ? this.store.intern(to.ebgp ? prependAs(pre, this.ctx.localAs) : pre) : undefined;
      e = { pre, final };
      m.set(set, e);
    }
    return e;
  }
}
