/**
 * The BGP RIB facade for the driver (bgp/instance.ts): peers, UPDATE input, local origination, batched
 * decision (`flush`), per-peer output, and the read side for the API (`explain`, Adj-RIB listings, counters).
 *
 * Driver loop, per event-queue turn:
 *   applyUpdate(peer, update) …  → flush() → for each up peer: while (out = takeOutput(peer, n)) encode + send
 * `flush` delivers changes for the protocol-independent RIB through the injected sink, and queues per-peer
 * changes in each Adj-RIB-Out; `takeOutput` hands them out grouped by attribute set (plus End-of-RIB once
 * the initial table after peerUp is drained).
 *
 * RFCs: 4271 §9 (decision, Adj-RIBs), 4760 (IPv4 + IPv6 unicast), 7606 §2 (treat-as-withdraw), 7911 (ADD-PATH
 * receive), 4456 (route reflection), 8212 (eBGP default policy), 2918 (route refresh, soft reconfiguration).
 */
import { comparePrefix, type PrefixKey } from '../../lib/prefix.js';
import type { BgpError, PathAttrs } from '../packet/types.js';
import {
  ACCEPT,
  AdjRibIn,
  checkReceived,
  ipv4NlriAttrs,
  mpNlriAttrs,
  type PostEntry,
  REJECT_POLICY,
  REJECT_RFC8212,
  rejectReason,
} from './adj-rib-in.js';
import { AdjRibOut } from './adj-rib-out.js';
import type { DecisionCtx, DecisionReason } from './decision.js';
import { Exporter } from './export.js';
import { type AttrSet, AttrStore } from './intern.js';
import { type DestVec, LocRib, STRIDE } from './loc-rib.js';
import { addrKey } from './nexthop.js';
import type {
  BgpRibCfg,
  ExportPolicy,
  ImportPolicy,
  NexthopKey,
  NexthopResolver,
  PeerInfo,
  PeerOutput,
  PeerState,
  RejectReason,
  RibChange,
  RibPath,
  RibSink,
} from './types.js';

/** FRR gives locally originated routes this weight. */
export const LOCAL_WEIGHT = 32768;
const LOCAL_IDX = 0;
const MAX_PEERS = 65535;
const SAFI_UNICAST = 1;

/** An UpdateMsg (bgp/packet/types.ts) fits; only these fields are read. */
export interface UpdateInput {
  withdrawn: readonly PrefixKey[];
  withdrawnPathIds?: readonly number[];
  attrs: PathAttrs | undefined;
  nlri: readonly PrefixKey[];
  nlriPathIds?: readonly number[];
  errors?: readonly BgpError[];
}

export interface ApplyResult {
  announced: number;
  withdrawn: number;
  accepted: number;
  rejected: number;
  /** RFC 7606: the whole UPDATE was handled as a withdrawal. */
  treatAsWithdraw: boolean;
}

/** What the session negotiated (from the OPEN exchange). */
export interface PeerSession {
  /** The peer's BGP Identifier from its OPEN. */
  routerId?: number;
  /** ADD-PATH receive negotiated (RFC 7911) per family. */
  addPathRx?: { ipv4?: boolean; ipv6?: boolean };
}

export interface FlushStats {
  processed: number;
  ribChanges: number;
}

export interface PeerCounters {
  /** Paths held from this peer (accepted + rejected). */
  received: number;
  accepted: number;
  rejected: number;
  /** Prefixes in the Adj-RIB-Out. */
  advertised: number;
  /** Prefix changes not yet taken by the driver. */
  pendingOut: number;
  updates: number;
}

export interface PathExplain {
  /** 'local' for a locally originated path. */
  peerId: string;
  pathId: number;
  attrs: Readonly<PathAttrs>;
  nextHop: NexthopKey | undefined;
  weight: number;
  /** Effective LOCAL_PREF (the default when absent). */
  localPref: number;
  asPathLength: number;
  igpMetric: number;
  eligible: boolean;
  ineligibleReason?: 'nexthop-unreachable';
  best: boolean;
  multipath: boolean;
  /** Selected at the last flush (differs from `best` while the prefix is pending). */
  installed: boolean;
  /** For an eligible path that lost: the path it lost to, and the decision step. */
  lostTo?: { peerId: string; pathId: number };
  reason?: DecisionReason;
}

export interface RejectedPath {
  peerId: string;
  pathId: number;
  reason: RejectReason;
  /** As received (soft-reconfiguration inbound only). */
  attrs?: Readonly<PathAttrs>;
}

export interface PrefixExplain {
  prefix: PrefixKey;
  /** Changes wait for the next flush. */
  pending: boolean;
  paths: PathExplain[];
  rejected: RejectedPath[];
}

export interface ReceivedRoute {
  prefix: PrefixKey;
  pathId: number;
  /** Post-policy attributes (accepted), or as received (pre-policy view with soft-reconfiguration). */
  attrs: Readonly<PathAttrs> | undefined;
  accepted: boolean;
  rejectReason?: RejectReason;
}

export interface BgpRibDeps {
  resolver: NexthopResolver;
  ribSink?: RibSink;
}

export class BgpRib {
  readonly store = new AttrStore();
  readonly cfg: Required<BgpRibCfg>;
  private readonly peers: (PeerState | undefined)[] = [];
  private readonly byId = new Map<string, PeerState>();
  private readonly loc: LocRib;
  private readonly exporter: Exporter;
  private readonly originated = new Map<PrefixKey, AttrSet>();
  private readonly ribSink: RibSink | undefined;
  /** The single-path RIB path list made last (see ribPaths). */
  private lastPaths: { set: AttrSet; peer: PeerState; paths: readonly RibPath[] } | undefined;

  constructor(cfg: BgpRibCfg, deps: BgpRibDeps) {
    this.cfg = {
      clusterId: cfg.routerId,
      defaultLocalPref: 100,
      alwaysCompareMed: false,
      medMissingAsWorst: false,
      asPathMultipathRelax: false,
      maxPathsEbgp: 1,
      maxPathsIbgp: 1,
      ebgpRequiresPolicy: true,
      ...cfg,
    };
    const c = this.cfg;
    const decision: DecisionCtx = {
      defaultLocalPref: c.defaultLocalPref,
      alwaysCompareMed: c.alwaysCompareMed,
      medMissingAsWorst: c.medMissingAsWorst,
      asPathMultipathRelax: c.asPathMultipathRelax,
      maxPathsEbgp: c.maxPathsEbgp,
      maxPathsIbgp: c.maxPathsIbgp,
    };
    this.ribSink = deps.ribSink;
    this.loc = new LocRib(this.peers, deps.resolver, decision);
    this.exporter = new Exporter(this.store, {
      localAs: c.localAs,
      clusterId: c.clusterId,
      defaultLocalPref: c.defaultLocalPref,
      ebgpRequiresPolicy: c.ebgpRequiresPolicy,
    });
    const local: PeerState = {
      idx: LOCAL_IDX,
      id: 'local',
      info: { id: 'local', address: new Uint8Array(0), asn: c.localAs, ibgp: true, localAddress: new Uint8Array(0) },
      local: true,
      ebgp: false,
      weight: LOCAL_WEIGHT,
      bgpId: c.routerId,
      addrKey: '',
      up: false,
      adjIn: undefined,
      adjOut: undefined,
      updates: 0,
    };
    this.peers[LOCAL_IDX] = local;
  }

  // ---- peers ----

  addPeer(info: PeerInfo): void {
    if (this.byId.has(info.id) || info.id === 'local') throw new Error(`BgpRib.addPeer: duplicate peer ${info.id}`);
    let idx = this.peers.indexOf(undefined, 1);
    if (idx < 0) idx = this.peers.length;
    if (idx > MAX_PEERS) throw new Error('BgpRib.addPeer: too many peers');
    const p: PeerState = {
      idx,
      id: info.id,
      info: { ...info },
      local: false,
      ebgp: !info.ibgp,
      weight: info.weight ?? 0,
      bgpId: info.routerId ?? 0,
      addrKey: addrKey(info.address),
      up: false,
      adjIn: undefined,
      adjOut: undefined,
      updates: 0,
    };
    this.peers[idx] = p;
    this.byId.set(info.id, p);
  }

  removePeer(peerId: string): void {
    const p = this.peer(peerId);
    this.peerDown(peerId);
    this.peers[p.idx] = undefined;
    this.byId.delete(peerId);
  }

  /**
   * Swap policies (undefined clears one). Then `reimport` (or send ROUTE-REFRESH when it returns false)
   * and `refreshOut` apply them to routes already held.
   */
  setPolicies(
    peerId: string,
    pol: { importPolicy?: ImportPolicy | undefined; exportPolicy?: ExportPolicy | undefined },
  ) {
    const p = this.peer(peerId);
    const { importPolicy, exportPolicy, ...rest } = p.info;
    const next: PeerInfo = rest;
    const imp = 'importPolicy' in pol ? pol.importPolicy : importPolicy;
    const exp = 'exportPolicy' in pol ? pol.exportPolicy : exportPolicy;
    if (imp) next.importPolicy = imp;
    if (exp) next.exportPolicy = exp;
    p.info = next;
  }

  /** Session Established: start the Adj-RIBs and queue the full table (End-of-RIB follows it). */
  peerUp(peerId: string, s: PeerSession = {}): void {
    const p = this.peer(peerId);
    if (p.up) throw new Error(`BgpRib.peerUp: ${peerId} is already up`);
    p.bgpId = s.routerId ?? p.info.routerId ?? 0;
    p.adjIn = new AdjRibIn(
      this.store,
      s.addPathRx?.ipv4 ?? false,
      s.addPathRx?.ipv6 ?? false,
      p.info.softReconfigInbound ?? false,
    );
    p.adjOut = new AdjRibOut(this.store);
    p.up = true;
    p.updates = 0;
    this.dumpTable(p);
    p.adjOut.eorPending = true;
  }

  /** Session gone: all its paths leave the Loc-RIB (decided at the next flush) and its Adj-RIB-Out is dropped. */
  peerDown(peerId: string): void {
    const p = this.peer(peerId);
    if (!p.up) return;
    const adjIn = p.adjIn!;
    adjIn.post.forEach((v, prefix, pathId) => {
      if (typeof v !== 'number') this.loc.remove(prefix, p.idx, pathId);
    });
    adjIn.clear();
    p.adjOut!.clear();
    p.adjIn = undefined;
    p.adjOut = undefined;
    p.up = false;
  }

  // ---- input ----

  /** Apply one UPDATE from an Established peer (withdrawals first, RFC 4271 §9). */
  applyUpdate(peerId: string, u: UpdateInput): ApplyResult {
    const p = this.upPeer(peerId);
    p.updates++;
    const res: ApplyResult = { announced: 0, withdrawn: 0, accepted: 0, rejected: 0, treatAsWithdraw: false };
    const attrs = u.attrs;
    // RFC 7606 §2: treat-as-withdraw (and anything stronger, which the driver also acts on) withdraws every
    // NLRI of the UPDATE, MP_REACH_NLRI included. attribute-discard findings leave the UPDATE usable.
    res.treatAsWithdraw = u.errors?.some((e) => e.action !== 'attributeDiscard') ?? false;
    this.withdrawAll(p, u.withdrawn, u.withdrawnPathIds, res);
    const mpu = attrs?.mpUnreach;
    if (mpu && mpu.safi === SAFI_UNICAST) this.withdrawAll(p, mpu.withdrawn, mpu.pathIds, res);
    const mp = attrs?.mpReach?.safi === SAFI_UNICAST ? attrs.mpReach : undefined;
    if (res.treatAsWithdraw || !attrs) {
      this.withdrawAll(p, u.nlri, u.nlriPathIds, res);
      if (mp) this.withdrawAll(p, mp.nlri, mp.pathIds, res);
      return res;
    }
    if (u.nlri.length > 0) this.announce(p, u.nlri, u.nlriPathIds, ipv4NlriAttrs(attrs, p.ebgp), res);
    if (mp && mp.nlri.length > 0) this.announce(p, mp.nlri, mp.pathIds, mpNlriAttrs(attrs, mp, p.ebgp), res);
    return res;
  }

  private withdrawAll(
    p: PeerState,
    prefixes: readonly PrefixKey[],
    pathIds: readonly number[] | undefined,
    res: ApplyResult,
  ): void {
    const adjIn = p.adjIn!;
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i]!;
      const pathId = this.pathId(adjIn, prefix, pathIds, i);
      const old = adjIn.remove(prefix, pathId);
      if (old === undefined) continue;
      res.withdrawn++;
      if (typeof old !== 'number') this.loc.remove(prefix, p.idx, pathId);
    }
  }

  /** One attribute set for many prefixes: interned and loop-checked once; only the policy runs per prefix. */
  private announce(
    p: PeerState,
    prefixes: readonly PrefixKey[],
    pathIds: readonly number[] | undefined,
    attrs: PathAttrs,
    res: ApplyResult,
  ): void {
    const received = this.store.intern(attrs);
    const code = this.receiveCode(p, received);
    const modified = new Map<PathAttrs, AttrSet>();
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i]!;
      const pathId = this.pathId(p.adjIn!, prefix, pathIds, i);
      const r = this.importOne(p, prefix, pathId, received, code, modified);
      this.putPath(p, prefix, pathId, received, r);
      if (typeof r === 'number') res.rejected++;
      else res.accepted++;
    }
    res.announced += prefixes.length;
    for (const s of modified.values()) this.store.release(s);
    this.store.release(received);
  }

  /** Path identifiers count only where ADD-PATH receive was negotiated (RFC 7911 §3); elsewhere 0. */
  private pathId(adjIn: AdjRibIn, prefix: PrefixKey, ids: readonly number[] | undefined, i: number): number {
    return ids && adjIn.post.hasPathIds(prefix) ? (ids[i] ?? 0) : 0;
  }

  private receiveCode(p: PeerState, set: AttrSet): number {
    const code = checkReceived(set, {
      localAs: this.cfg.localAs,
      routerId: this.cfg.routerId,
      clusterId: this.cfg.clusterId,
      allowasIn: p.info.allowasIn ?? 0,
      ibgp: !p.ebgp,
    });
    // RFC 8212 §4: no import policy on an eBGP session means nothing is accepted from it.
    if (code === ACCEPT && p.ebgp && this.cfg.ebgpRequiresPolicy && !p.info.importPolicy) return REJECT_RFC8212;
    return code;
  }

  private importOne(
    p: PeerState,
    prefix: PrefixKey,
    pathId: number,
    received: AttrSet,
    code: number,
    modified: Map<PathAttrs, AttrSet>,
  ): PostEntry {
    if (code !== ACCEPT) return code;
    const policy = p.info.importPolicy;
    if (!policy) return received;
    const r = policy({ prefix, pathId, attrs: received.attrs, from: p.info });
    if (r === undefined) return REJECT_POLICY;
    if (r === received.attrs) return received;
    let s = modified.get(r);
    if (!s) {
      s = this.store.intern(r);
      modified.set(r, s);
    }
    return s;
  }

  private putPath(p: PeerState, prefix: PrefixKey, pathId: number, received: AttrSet, r: PostEntry): void {
    const old = p.adjIn!.put(prefix, pathId, received, r);
    if (typeof r !== 'number') this.loc.upsert(prefix, p.idx, pathId, r);
    else if (old !== undefined && typeof old !== 'number') this.loc.remove(prefix, p.idx, pathId);
  }

  /** Re-run import checks and policy over the pre-policy Adj-RIB-In. False: no soft-reconfiguration (send ROUTE-REFRESH). */
  reimport(peerId: string): boolean {
    const p = this.upPeer(peerId);
    const pre = p.adjIn!.pre;
    if (!pre) return false;
    const codes = new Map<AttrSet, number>();
    const modified = new Map<PathAttrs, AttrSet>();
    pre.forEach((received, prefix, pathId) => {
      let code = codes.get(received);
      if (code === undefined) {
        code = this.receiveCode(p, received);
        codes.set(received, code);
      }
      this.putPath(p, prefix, pathId, received, this.importOne(p, prefix, pathId, received, code, modified));
    });
    for (const s of modified.values()) this.store.release(s);
    return true;
  }

  // ---- local origination ----

  /** Advertise one of the host's own prefixes (weight 32768, ORIGIN IGP unless `attrs` says otherwise). */
  originate(prefix: PrefixKey, attrs: PathAttrs = {}): void {
    const { nextHop: _n, mpReach: _r, mpUnreach: _u, ...rest } = attrs;
    const a: PathAttrs = { origin: 0, asPath: [], ...rest };
    // The next hop is filled in per peer at export; an IPv6 set carries an empty MP_REACH next hop.
    if (typeof prefix !== 'number') a.mpReach = { afi: 2, safi: SAFI_UNICAST, nextHop: new Uint8Array(0), nlri: [] };
    const set = this.store.intern(a);
    const old = this.originated.get(prefix);
    if (old === set) {
      this.store.release(set);
      return;
    }
    this.originated.set(prefix, set);
    if (old) this.store.release(old);
    this.loc.upsert(prefix, LOCAL_IDX, 0, set);
  }

  withdrawOriginated(prefix: PrefixKey): boolean {
    const old = this.originated.get(prefix);
    if (!old) return false;
    this.originated.delete(prefix);
    this.loc.remove(prefix, LOCAL_IDX, 0);
    this.store.release(old);
    return true;
  }

  // ---- next-hop tracking ----

  /** The resolver's view of `nh` changed: re-run the decision for the prefixes behind it (next flush). */
  nexthopChanged(nh: NexthopKey): number {
    return this.loc.nexthopChanged(nh);
  }

  // ---- decision and output ----

  /** Decide every dirty prefix; deliver RIB changes to the sink and queue per-peer changes. */
  flush(): FlushStats {
    const changes: RibChange[] = [];
    const up = this.upPeers();
    this.exporter.reset();
    const processed = this.loc.flush((prefix, vec, bestOff, bestChanged) => {
      changes.push({ prefix, paths: this.ribPaths(vec, bestOff) });
      if (!bestChanged) return;
      for (const q of up) q.adjOut!.set(prefix, bestOff < 0 ? undefined : this.exportOff(prefix, vec, bestOff, q));
    });
    this.exporter.reset();
    if (changes.length > 0) this.ribSink?.(changes);
    return { processed, ribChanges: changes.length };
  }

  /** Pending changes for one peer, up to `limit` prefixes; undefined when there is nothing to send. */
  takeOutput(peerId: string, limit?: number): PeerOutput | undefined {
    return this.peer(peerId).adjOut?.take(limit);
  }

  /** Re-export the whole table to a peer (export policy changed, or ROUTE-REFRESH received): resend all. */
  refreshOut(peerId: string): void {
    const p = this.upPeer(peerId);
    this.dumpTable(p);
    p.adjOut!.resendAll();
  }

  private dumpTable(p: PeerState): void {
    const out = p.adjOut!;
    this.exporter.reset();
    this.loc.dests.forEach((vec, prefix) => {
      const off = this.loc.installedBest(vec);
      out.set(prefix, off < 0 ? undefined : this.exportOff(prefix, vec, off, p));
    });
    this.exporter.reset();
  }

  private exportOff(prefix: PrefixKey, vec: DestVec, off: number, to: PeerState): AttrSet | undefined {
    const from = this.peers[vec[off] as number]!;
    return this.exporter.exportPath(prefix, vec[off + 1] as number, vec[off + 2] as AttrSet, from, to);
  }

  /**
   * Forwarding paths for the protocol-independent RIB, best first, one per distinct next hop; none when our
   * own origination wins (the prefix is the host's own).
   */
  private ribPaths(vec: DestVec, bestOff: number): readonly RibPath[] | null {
    if (bestOff < 0 || this.peers[vec[bestOff] as number]!.local) return null;
    if (vec.length === 1 + STRIDE) {
      // One path: the same (frozen) list for every prefix with this peer and attribute set.
      const set = vec[bestOff + 2] as AttrSet;
      const peer = this.peers[vec[bestOff] as number]!;
      if (this.lastPaths?.set !== set || this.lastPaths.peer !== peer) {
        const only: RibPath = Object.freeze({ nextHop: set.nextHop!, peerId: peer.id, attrs: set });
        this.lastPaths = { set, peer, paths: Object.freeze([only]) };
      }
      return this.lastPaths.paths;
    }
    const out: RibPath[] = [];
    for (const off of this.loc.installedPaths(vec)) {
      const set = vec[off + 2] as AttrSet;
      if (out.some((x) => x.nextHop === set.nextHop)) continue;
      out.push({ nextHop: set.nextHop!, peerId: this.peers[vec[off] as number]!.id, attrs: set });
    }
    return out;
  }

  // ---- read side (API) ----

  /** Every path of a prefix: best and multipath marked, why each other path lost, and rejected paths. */
  explain(prefix: PrefixKey): PrefixExplain | undefined {
    const paths = (this.loc.explain(prefix) ?? []).map((t): PathExplain => {
      const peer = this.peers[t.peerIdx]!;
      const e: PathExplain = {
        peerId: peer.id,
        pathId: t.pathId,
        attrs: t.set.attrs,
        nextHop: t.set.nextHop,
        weight: peer.weight,
        localPref: t.set.localPref ?? this.cfg.defaultLocalPref,
        asPathLength: t.set.asPathLen,
        igpMetric: t.igpMetric,
        eligible: t.eligible,
        best: t.best,
        multipath: t.multipath,
        installed: t.installedBest,
      };
      if (!t.eligible) e.ineligibleReason = 'nexthop-unreachable';
      if (t.lostTo) e.lostTo = { peerId: this.peers[t.lostTo.peerIdx]!.id, pathId: t.lostTo.pathId };
      if (t.reason) e.reason = t.reason;
      return e;
    });
    const rejected: RejectedPath[] = [];
    for (const p of this.upPeers()) {
      for (const [pathId, v] of p.adjIn!.post.paths(prefix)) {
        if (typeof v !== 'number') continue;
        const r: RejectedPath = { peerId: p.id, pathId, reason: rejectReason(v) };
        const pre = p.adjIn!.pre?.get(prefix, pathId);
        if (pre) r.attrs = pre.attrs;
        rejected.push(r);
      }
    }
    if (paths.length === 0 && rejected.length === 0) return undefined;
    return { prefix, pending: this.loc.isDirty(prefix), paths, rejected };
  }

  /**
   * Adj-RIB-In of a peer (`routes?direction=received`). 'post': accepted paths with post-policy attributes.
   * 'pre': everything received, rejected ones with their reason (attributes need soft-reconfiguration).
   * In prefix order.
   */
  *adjRibIn(peerId: string, view: 'pre' | 'post' = 'post'): Generator<ReceivedRoute> {
    const adjIn = this.peer(peerId).adjIn;
    if (!adjIn) return;
    const rows: ReceivedRoute[] = [];
    adjIn.post.forEach((v, prefix, pathId) => {
      const accepted = typeof v !== 'number';
      if (view === 'post' && !accepted) return;
      const attrs = view === 'pre' && adjIn.pre ? adjIn.pre.get(prefix, pathId)?.attrs : accepted ? v.attrs : undefined;
      const row: ReceivedRoute = { prefix, pathId, attrs, accepted };
      if (!accepted) row.rejectReason = rejectReason(v);
      rows.push(row);
    });
    rows.sort((x, y) => comparePrefix(x.prefix, y.prefix) || x.pathId - y.pathId);
    yield* rows;
  }

  /** Adj-RIB-Out of a peer (`routes?direction=advertised`): exported attributes per prefix. */
  *adjRibOut(peerId: string): Generator<{ prefix: PrefixKey; attrs: Readonly<PathAttrs> }> {
    const out = this.peer(peerId).adjOut;
    if (!out) return;
    for (const [prefix, set] of out.entries()) yield { prefix, attrs: set.attrs };
  }

  /** Loc-RIB best paths (as of the last flush). */
  *bestRoutes(): Generator<{ prefix: PrefixKey; peerId: string; attrs: Readonly<PathAttrs>; paths: number }> {
    for (const [prefix, vec] of this.loc.dests) {
      const offs = this.loc.installedPaths(vec);
      const best = offs[0];
      if (best === undefined) continue;
      const peerId = this.peers[vec[best] as number]!.id;
      yield { prefix, peerId, attrs: (vec[best + 2] as AttrSet).attrs, paths: offs.length };
    }
  }

  counters(peerId: string): PeerCounters {
    const p = this.peer(peerId);
    return {
      received: p.adjIn?.received ?? 0,
      accepted: p.adjIn?.accepted ?? 0,
      rejected: p.adjIn?.rejected ?? 0,
      advertised: p.adjOut?.size ?? 0,
      pendingOut: p.adjOut?.pendingCount ?? 0,
      updates: p.updates,
    };
  }

  stats(): { prefixes: number; attrSets: number; nexthops: number; dirty: number; originated: number } {
    return {
      prefixes: this.loc.dests.size,
      attrSets: this.store.size,
      nexthops: this.loc.nexthops.size,
      dirty: this.loc.dirtyCount,
      originated: this.originated.size,
    };
  }

  peerIds(): string[] {
    return [...this.byId.keys()];
  }

  // ---- helpers ----

  private peer(peerId: string): PeerState {
    const p = this.byId.get(peerId);
    if (!p) throw new Error(`BgpRib: unknown peer ${peerId}`);
    return p;
  }

  private upPeer(peerId: string): PeerState {
    const p = this.peer(peerId);
    if (!p.up) throw new Error(`BgpRib: peer ${peerId} is not up`);
    return p;
  }

  private upPeers(): PeerState[] {
    const out: PeerState[] = [];
    for (const p of this.peers) if (p?.up) out.push(p);
    return out;
  }
}
