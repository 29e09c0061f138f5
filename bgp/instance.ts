/**
 * The BGP instance: neighbors, the listener, dynamic neighbors, local origination and the BGP RIB, wired to the
 * protocol-independent RIB. Everything that happens (a message, a timer, an API call) is handled to completion
 * synchronously; UPDATE processing is batched: received UPDATEs go into the BGP RIB at once, and one flush per
 * event-loop turn selects the changed prefixes and sends what changed to each neighbor.
 *
 * RFC 4271 (BGP-4), RFC 4456 (route reflection), RFC 8212 (eBGP default policy), RFC 4724 §2 (End-of-RIB).
 */

import type { BgpCfg, BgpSessionCfg } from '../daemon/config/bgp.js';
import { familiesOf } from '../daemon/config/bgp.js';
import type { Logger } from '../daemon/log.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import {
  AFI_IPV4,
  AFI_IPV6,
  afiOf,
  contains,
  formatAddr,
  type PrefixKey,
  parseAddr,
  parsePrefix,
} from '../lib/prefix.js';
import { applyRouteMap, type CompiledPolicy } from '../rib/policy/index.js';
import type { Candidate, Nexthop, Rib } from '../rib/rib.js';
import { defaultGateway } from '../rib/sources/gateway.js';
import { type InterfaceSource, isLinkLocal } from '../rib/sources/interfaces.js';
import type { BgpMetrics } from './metrics.js';
import { LocalRoutes } from './origination.js';
import { endOfRib, isEndOfRib, UpdatePacker } from './packet/index.js';
import type { PathAttrs, RouteRefreshMsg, UpdateMsg } from './packet/types.js';
import { afiSafiKey } from './packet/types.js';
import { Peer, routerIdNumber } from './peer.js';
import {
  BgpRib,
  type ExportPolicy,
  type ImportPolicy,
  type NexthopResolver,
  type PeerInfo,
  type RibChange,
  type RibPath,
} from './rib/index.js';
import type { BgpConnection, BgpListener, Transport } from './transport/types.js';

export interface BgpDeps {
  clock: Clock;
  random: () => number;
  transport: Transport;
  log: Logger;
  rib: Rib;
  interfaces: InterfaceSource;
  metrics?: BgpMetrics;
  /** The IPv4 default gateway, for `gatewayPeer` (default: /proc/net/route). */
  gateway?: () => string | undefined;
  /** How often to look at the default gateway again (ms). */
  gatewayPollMs?: number;
}

/** How many prefix changes one takeOutput hands out before the socket gets a chance to drain. */
const OUTPUT_BATCH = 20_000;

export class BgpInstance {
  readonly peers = new Map<string, Peer>();
  rib!: BgpRib;
  private listener: BgpListener | undefined;
  private flushScheduled = false;
  private readonly local: LocalRoutes;
  private readonly routerId: number;
  private readonly startedAt: number;
  private stopped = false;
  private readonly nhtUntrack = new Map<number | string, () => void>();
  /** Interned RIB next-hop lists per single BGP next hop (see ribNexthops). */
  private readonly nhCache = new Map<number | string, readonly Nexthop[]>();
  /** The candidate made last in toRib, for the path list it was made from. */
  private lastRibCand:
    | { paths: readonly RibPath[]; protocol: 'ebgp' | 'ibgp'; cand: Omit<Candidate, 'protocol'> }
    | undefined;
  /** How each tracked next hop resolves; an entry goes when the RIB reports a change (trackNexthop). */
  private readonly nhResolved = new Map<number | string, { reachable: boolean; metric: number }>();
  /** MD5 keys installed on the listener: "address/len" → password. */
  private listenKeys = new Map<string, string>();
  private gatewayTimer: TimerHandle | undefined;
  /** The address currently peered with as the default gateway. */
  private gatewayAddr: string | undefined;

  constructor(
    public cfg: BgpCfg,
    public policy: CompiledPolicy,
    routerId: string,
    private readonly hostname: string | undefined,
    private readonly d: BgpDeps,
  ) {
    this.routerId = routerIdNumber(cfg.routerId ?? routerId);
    this.startedAt = d.clock.now();
    this.rib = this.newRib();
    this.local = new LocalRoutes({
      cfg: () => this.cfg,
      policy: () => this.policy,
      interfaces: d.interfaces,
      rib: d.rib,
      bgpRib: () => this.rib,
      changed: () => this.scheduleFlush(),
    });
  }

  get localAs(): number {
    return this.cfg.asn;
  }

  get routerIdText(): string {
    return formatAddr(
      Uint8Array.of(
        this.routerId >>> 24,
        (this.routerId >>> 16) & 255,
        (this.routerId >>> 8) & 255,
        this.routerId & 255,
      ),
    );
  }

  private newRib(): BgpRib {
    const resolver: NexthopResolver = {
      resolve: (nh) => this.resolveNexthop(nh),
      track: (nh) => this.trackNexthop(nh),
      untrack: (nh) => this.untrackNexthop(nh),
    };
    return new BgpRib(
      {
        localAs: this.cfg.asn,
        routerId: this.routerId,
        ...(this.cfg.clusterId !== undefined ? { clusterId: routerIdNumber(this.cfg.clusterId) } : {}),
        alwaysCompareMed: this.cfg.bestPath.alwaysCompareMed,
        medMissingAsWorst: this.cfg.bestPath.medMissingAsWorst,
        asPathMultipathRelax: this.cfg.multipath.asPathRelax,
        maxPathsEbgp: this.cfg.multipath.ebgp,
        maxPathsIbgp: this.cfg.multipath.ibgp,
        ebgpRequiresPolicy: true,
      },
      { resolver, ribSink: (changes) => this.toRib(changes) },
    );
  }

  async start(): Promise<void> {
    const l = this.cfg.listen;
    if (l) {
      const md5 = [...this.md5Keys()].map(([k, password]) => ({ ...splitKey(k), password }));
      this.listener = await this.d.transport.listen(
        { host: l.address, port: l.port, ...(md5.length > 0 ? { md5 } : {}) },
        (c) => this.onConnection(c),
      );
      this.listenKeys = this.md5Keys();
    }
    for (const n of this.cfg.neighbors) this.addPeer(n.address, n, false);
    this.d.interfaces.onChange(() => this.local.sync());
    this.d.rib.onChange((c) => {
      if (!this.stopped) this.local.ribChanged(c);
    });
    this.local.redistributeAll();
    for (const p of this.peers.values()) if (!p.cfg.shutdown) p.start();
    this.checkGateway();
    this.d.log.info(
      { asn: this.cfg.asn, routerId: this.routerIdText, listen: l ?? false, port: this.listenPort },
      'BGP started',
    );
  }

  get listenPort(): number | undefined {
    return this.listener?.port;
  }

  /**
   * `gatewayPeer` (Calico's convenience): keep one neighbor at the current IPv4 default gateway, moving the
   * session when the gateway changes. A static neighbor at the same address takes precedence.
   */
  private checkGateway(): void {
    this.gatewayTimer?.cancel();
    this.gatewayTimer = undefined;
    const g = this.cfg.gatewayPeer;
    const now = g ? (this.d.gateway ?? defaultGateway)() : undefined;
    const addr = now !== undefined ? normalizeAddress(now) : undefined;
    if (addr !== this.gatewayAddr) {
      if (this.gatewayAddr !== undefined && this.peers.get(this.gatewayAddr)?.gateway)
        this.removePeer(this.gatewayAddr, 3, 'default gateway changed');
      this.gatewayAddr = undefined;
      if (g && addr !== undefined && !this.peers.has(addr)) {
        const p = this.addPeer(addr, g, false);
        p.gateway = true;
        this.gatewayAddr = addr;
        this.d.log.info({ peer: addr }, 'peering with the default gateway');
        if (!g.shutdown) p.start();
      }
    }
    if (g && !this.stopped)
      this.gatewayTimer = this.d.clock.setTimer(this.d.gatewayPollMs ?? 10_000, () => this.checkGateway());
  }

  /** Admin shutdown of every session (Cease 6/2) and close the listener. */
  async stop(message = 'noverlayd shutting down'): Promise<void> {
    this.stopped = true;
    this.gatewayTimer?.cancel();
    for (const p of this.peers.values()) {
      if (p.established) p.stop('daemon stopping', 2, message);
    }
    // Let the NOTIFICATIONs reach the wire before the sockets are torn down.
    await new Promise((r) => setImmediate(r));
    for (const p of this.peers.values()) p.dispose();
    await this.listener?.close();
  }

  /**
   * BGP's part of readiness: every configured neighbor has sent its initial table — End-of-RIB, or (for a peer
   * that sends none: FRR sends it only to graceful-restart-capable peers) no UPDATE for `quietMs` — or the
   * start-up grace period has passed, so a neighbor that never comes up cannot hold readiness forever.
   */
  initialSyncDone(graceMs = 30_000, quietMs = 2000): boolean {
    const now = this.d.clock.now();
    if (now - this.startedAt > graceMs) return true;
    for (const p of this.peers.values()) {
      if (p.dynamic || p.adminDown !== undefined) continue;
      if (!p.established || p.establishedAt === undefined) return false;
      if (p.eorReceived.size === 0 && now - Math.max(p.establishedAt, p.lastUpdateAt ?? 0) < quietMs) return false;
    }
    return true;
  }

  // ---- neighbors ----

  private addPeer(address: string, cfg: BgpSessionCfg, dynamic: boolean): Peer {
    const p = new Peer(normalizeAddress(address), cfg, familiesOf(cfg, address), dynamic, {
      localAs: this.cfg.asn,
      routerId: this.routerId,
      hostname: this.hostname,
      clock: this.d.clock,
      random: this.d.random,
      transport: this.d.transport,
      events: this.events,
    });
    this.peers.set(p.id, p);
    if (cfg.shutdown) p.adminDown = 'shutdown in config';
    return p;
  }

  peer(address: string): Peer | undefined {
    return this.peers.get(normalizeAddress(address));
  }

  /** TCP MD5 keys the listener needs: per neighbor, and per dynamic-neighbor range (RFC 2385). */
  private md5Keys(): Map<string, string> {
    const m = new Map<string, string>();
    for (const n of this.cfg.neighbors) {
      if (n.password !== undefined)
        m.set(`${normalizeAddress(n.address)}/${n.address.includes(':') ? 128 : 32}`, n.password);
    }
    for (const d of this.cfg.dynamicNeighbors) if (d.password !== undefined) m.set(d.range, d.password);
    return m;
  }

  private syncListenerKeys(): void {
    if (!this.listener) return;
    const want = this.md5Keys();
    for (const [k, pw] of want) {
      if (this.listenKeys.get(k) === pw) continue;
      const { address, prefixLen } = splitKey(k);
      this.listener.setMd5(address, pw, prefixLen);
    }
    for (const k of this.listenKeys.keys()) {
      if (want.has(k)) continue;
      const { address, prefixLen } = splitKey(k);
      this.listener.setMd5(address, null, prefixLen);
    }
    this.listenKeys = want;
  }

  private onConnection(c: BgpConnection): void {
    if (this.stopped) {
      c.destroy();
      return;
    }
    const addr = normalizeAddress(c.remoteAddress);
    let p = this.peers.get(addr);
    if (!p) {
      const range = this.dynamicRangeFor(addr);
      if (!range) {
        this.d.log.debug({ from: c.remoteAddress }, 'connection from an unknown address refused');
        c.destroy();
        return;
      }
      const count = [...this.peers.values()].filter((x) => x.dynamic && x.cfg === range).length;
      if (count >= range.limit) {
        this.d.log.warn({ from: addr, range: range.range, limit: range.limit }, 'dynamic neighbor limit reached');
        c.destroy();
        return;
      }
      p = this.addPeer(addr, range, true);
      this.d.log.info({ peer: addr, range: range.range }, 'dynamic neighbor accepted');
      p.start();
    }
    if (p.cfg.ttlSecurity !== undefined) c.setTtl?.(255, 256 - p.cfg.ttlSecurity);
    p.incoming(c);
  }

  private dynamicRangeFor(addr: string) {
    const a = parsePrefix(addr);
    if (!a.ok) return undefined;
    return this.cfg.dynamicNeighbors.find((d) => {
      const r = parsePrefix(d.range);
      return r.ok && contains(r.value, a.value);
    });
  }

  private readonly events = {
    established: (p: Peer) => this.onEstablished(p),
    down: (p: Peer) => this.onDown(p),
    update: (p: Peer, m: UpdateMsg) => this.onUpdate(p, m),
    routeRefresh: (p: Peer, m: RouteRefreshMsg) => this.onRouteRefresh(p, m),
    message: (p: Peer, dir: 'in' | 'out', type: string) =>
      this.d.metrics?.messages.inc({ peer: p.id, direction: dir, type }),
    log: (level: 'debug' | 'info' | 'warn', msg: string, extra: Record<string, unknown>) =>
      this.d.log[level](extra, msg),
  };

  private peerInfo(p: Peer): PeerInfo {
    const n = p.negotiated!;
    const local = parseAddr(p.localAddress ?? '') ?? { afi: AFI_IPV4, addr: new Uint8Array(4) };
    const info: PeerInfo = {
      id: p.id,
      address: p.addressBytes,
      asn: n.peerAs,
      ibgp: n.ibgp,
      routerId: n.peerBgpId,
      rrClient: p.cfg.routeReflectorClient,
      nextHopSelf: p.cfg.nextHopSelf,
      localAddress: local.addr,
      weight: p.cfg.weight,
      allowasIn: p.cfg.allowasIn,
      softReconfigInbound: p.cfg.softReconfigurationInbound,
      families: new Set([...n.afiSafis].filter((k) => k % 256 === 1).map((k) => Math.floor(k / 256))),
    };
    // The other family's next hop comes from the interface that carries the session (RFC 4760 / RFC 2545).
    const other = this.otherFamilyAddress(local.addr);
    if (local.afi === AFI_IPV4) {
      if (other) info.nextHopV6 = other;
    } else if (other) {
      info.nextHopV4 = ((other[0]! << 24) | (other[1]! << 16) | (other[2]! << 8) | other[3]!) >>> 0;
    }
    const imp = this.importPolicy(p);
    const exp = this.exportPolicy(p, local.addr);
    if (imp) info.importPolicy = imp;
    if (exp) info.exportPolicy = exp;
    return info;
  }

  private otherFamilyAddress(local: Uint8Array): Uint8Array | undefined {
    for (const ifc of this.d.interfaces.list()) {
      if (!ifc.addrs.some((a) => a.addr.length === local.length && a.addr.every((v, i) => v === local[i]))) continue;
      const want = local.length === 4 ? 16 : 4;
      const a = ifc.addrs.find((x) => x.addr.length === want && !isLinkLocal(x));
      if (a) return a.addr;
    }
    return undefined;
  }

  private importPolicy(p: Peer): ImportPolicy | undefined {
    const name = p.cfg.importPolicy;
    if (name === undefined) return undefined;
    const map = this.policy.routeMaps.get(name);
    const peerAddress = p.addressBytes.length === 4 ? bytesToU32(p.addressBytes) : p.addressBytes;
    return (r) => {
      const res = applyRouteMap(map, { prefix: r.prefix, attrs: r.attrs as PathAttrs, protocol: 'bgp', peerAddress });
      return res.action === 'permit' ? res.attrs : undefined;
    };
  }

  private exportPolicy(p: Peer, local: Uint8Array): ExportPolicy | undefined {
    const name = p.cfg.exportPolicy;
    if (name === undefined) return undefined;
    const map = this.policy.routeMaps.get(name);
    const peerAddress = local.length === 4 ? bytesToU32(local) : local;
    return (r) => {
      const protocol = r.from === undefined ? 'connected' : 'bgp';
      const res = applyRouteMap(map, { prefix: r.prefix, attrs: r.attrs as PathAttrs, protocol, peerAddress });
      return res.action === 'permit' ? res.attrs : undefined;
    };
  }

  private onEstablished(p: Peer): void {
    const n = p.negotiated!;
    if (this.rib.peerIds().includes(p.id)) this.rib.removePeer(p.id);
    this.rib.addPeer(this.peerInfo(p));
    this.rib.peerUp(p.id, {
      routerId: n.peerBgpId,
      addPathRx: { ipv4: n.addPathRx.has(afiSafiKey(1, 1)), ipv6: n.addPathRx.has(afiSafiKey(2, 1)) },
    });
    this.scheduleFlush();
  }

  private onDown(p: Peer): void {
    if (this.rib.peerIds().includes(p.id)) this.rib.removePeer(p.id);
    this.scheduleFlush();
    if (p.dynamic) {
      // A dynamic neighbor exists only while its session does (as FRR).
      setImmediate(() => {
        if (!p.established && this.peers.get(p.id) === p) {
          p.dispose();
          this.peers.delete(p.id);
        }
      });
    }
  }

  private onUpdate(p: Peer, m: UpdateMsg): void {
    const t0 = this.d.metrics ? performance.now() : 0;
    p.lastUpdateAt = this.d.clock.now();
    const eor = isEndOfRib(m);
    if (eor) {
      p.eorReceived.add(afiSafiKey(eor.afi, eor.safi));
      return;
    }
    for (const e of m.errors) {
      this.d.log.warn(
        { peer: p.id, action: e.action, reason: e.reason, attr: e.attrType },
        'UPDATE error handled (RFC 7606)',
      );
    }
    this.rib.applyUpdate(p.id, m);
    const max = p.cfg.maxPrefixes;
    if (max !== undefined && this.rib.counters(p.id).accepted > max) {
      this.d.log.warn({ peer: p.id, max }, 'maximum prefixes exceeded: session shut down');
      p.stop(`maximum prefixes (${max}) exceeded`, 1);
    }
    this.scheduleFlush();
    if (this.d.metrics) this.d.metrics.updateSeconds.observe((performance.now() - t0) / 1000);
  }

  /**
   * A ROUTE-REFRESH request: send the Adj-RIB-Out again (RFC 2918). With enhanced route refresh negotiated,
   * the resend is framed by BoRR and EoRR (RFC 7313 §4). A BoRR/EoRR from the peer needs nothing here: its
   * routes are replaced as they arrive.
   */
  private onRouteRefresh(p: Peer, m: RouteRefreshMsg): void {
    if (m.subtype !== 0) return;
    const n = p.negotiated;
    if (n?.enhancedRouteRefresh && n.afiSafis.has(afiSafiKey(m.afi, m.safi))) {
      p.primary.send({ type: 'route-refresh', afi: m.afi, safi: m.safi, subtype: 1 });
      p.eorrPending.add(afiSafiKey(m.afi, m.safi));
    }
    this.rib.refreshOut(p.id);
    this.scheduleFlush();
  }

  // ---- origination ----

  /** Re-evaluate local origination (advertisements and redistribution), e.g. after interfaces changed. */
  originate(): void {
    this.local.sync();
  }

  /** For the metrics gauges. */
  gaugeSource() {
    return {
      sessions: () => [...this.peers.values()].map((p) => ({ peer: p.id, state: p.state })),
      prefixes: () =>
        this.rib.peerIds().flatMap((id) => {
          const c = this.rib.counters(id);
          return [
            { peer: id, kind: 'received' as const, value: c.received },
            { peer: id, kind: 'accepted' as const, value: c.accepted },
            { peer: id, kind: 'advertised' as const, value: c.advertised },
          ];
        }),
    };
  }

  originatedPrefixes(): PrefixKey[] {
    return this.local.prefixes();
  }

  // ---- RIB → neighbors and the protocol-independent RIB ----

  scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Select changed prefixes and send each established neighbor what changed. */
  flush(): void {
    this.rib.flush();
    for (const p of this.peers.values()) if (p.established) this.pump(p);
  }

  private pump(p: Peer): void {
    const n = p.negotiated;
    if (!n) return;
    const packer = new UpdatePacker(n.codecCtx);
    while (!p.blocked && p.established) {
      const out = this.rib.takeOutput(p.id, OUTPUT_BATCH);
      if (!out) break;
      const bufs: Buffer[] = [];
      const wd = out.withdrawn.filter((k) => n.afiSafis.has(afiSafiKey(afiOf(k), 1)));
      if (wd.length > 0) bufs.push(...packer.withdraw(wd));
      for (const g of out.groups) {
        const byAfi = new Map<number, PrefixKey[]>();
        for (const k of g.prefixes) {
          const afi = afiOf(k);
          if (!n.afiSafis.has(afiSafiKey(afi, 1))) continue;
          const l = byAfi.get(afi);
          if (l) l.push(k);
          else byAfi.set(afi, [k]);
        }
        for (const [afi, keys] of byAfi) {
          const ok =
            afi === AFI_IPV4
              ? g.attrs.nextHop !== undefined || g.attrs.mpReach?.afi === AFI_IPV4
              : g.attrs.mpReach?.afi === AFI_IPV6;
          if (!ok) {
            this.d.log.warn(
              { peer: p.id, afi, count: keys.length },
              'no next hop of this family toward the peer: routes not sent',
            );
            continue;
          }
          bufs.push(...packer.announce(g.attrs as PathAttrs, keys));
        }
      }
      if (out.endOfRib && !p.eorSent) {
        p.eorSent = true;
        for (const k of n.afiSafis) bufs.push(endOfRib(Math.floor(k / 256), k % 256, n.codecCtx));
      }
      if (bufs.length > 0 && !p.primary.sendRaw(bufs, 'update')) {
        p.blocked = true;
        p.primary.conn?.onDrain(() => {
          p.blocked = false;
          this.pump(p);
        });
      }
    }
    if (!p.blocked && p.established && p.eorrPending.size > 0) {
      for (const k of p.eorrPending)
        p.primary.send({ type: 'route-refresh', afi: Math.floor(k / 256), safi: k % 256, subtype: 2 });
      p.eorrPending.clear();
    }
  }

  /** BGP best paths → the protocol-independent RIB (eBGP distance 20, iBGP 200). */
  private toRib(changes: readonly RibChange[]): void {
    for (const c of changes) {
      const paths = c.paths;
      if (paths === null || paths.length === 0) {
        this.d.rib.set('ebgp', c.prefix, null, 'ibgp');
        continue;
      }
      // Prefixes from one UPDATE share one path list (bgp/rib ribPaths): one candidate for all of them.
      let last = this.lastRibCand;
      if (last?.paths !== paths) {
        const first = paths[0]!;
        const ibgp = this.peers.get(first.peerId)?.negotiated?.ibgp ?? false;
        const cand = { metric: first.attrs.med ?? 0, nexthops: this.ribNexthops(paths), recursive: true };
        last = { paths, protocol: ibgp ? 'ibgp' : 'ebgp', cand };
        this.lastRibCand = last;
      }
      this.d.rib.set(last.protocol, c.prefix, last.cand, last.protocol === 'ibgp' ? 'ebgp' : 'ibgp');
    }
    this.lastRibCand = undefined;
  }

  /**
   * The RIB's next-hop list for a set of BGP paths, interned: a million prefixes over one or two sessions
   * share one list, so building a candidate allocates nothing per prefix.
   */
  private ribNexthops(paths: readonly { nextHop: number | string }[]): readonly Nexthop[] {
    const single = paths.length === 1 ? paths[0]!.nextHop : undefined;
    if (single !== undefined) {
      const hit = this.nhCache.get(single);
      if (hit) return hit;
    }
    const list = this.d.rib.internNexthops(paths.map((p) => ({ gateway: nexthopBytes(p.nextHop) })));
    if (single !== undefined) this.nhCache.set(single, list);
    return list;
  }

  /**
   * Next-hop reachability and IGP cost (RFC 4271 §9.1.2.1): resolved recursively through the protocol-
   * independent RIB (connected, static, OSPF or other BGP routes; never the default route).
   */
  private resolveNexthop(nh: number | string): { reachable: boolean; metric: number } {
    // Asked once per prefix in a decision run: a tracked next hop's answer is kept until the RIB says it moved.
    const hit = this.nhResolved.get(nh);
    if (hit) return hit;
    const r = this.d.rib.resolveNexthop(nexthopBytes(nh));
    const res = r ? { reachable: true, metric: r.metric } : { reachable: false, metric: 0 };
    if (this.nhtUntrack.has(nh)) this.nhResolved.set(nh, res);
    return res;
  }

  /** Next-hop tracking: the RIB tells us when a next hop we depend on changes; only its prefixes re-run. */
  private trackNexthop(nh: number | string): void {
    if (this.nhtUntrack.has(nh)) return;
    this.nhtUntrack.set(
      nh,
      this.d.rib.trackNexthop(nexthopBytes(nh), () => {
        this.nhResolved.delete(nh);
        if (this.rib.nexthopChanged(nh) > 0) this.scheduleFlush();
      }),
    );
  }

  private untrackNexthop(nh: number | string): void {
    this.nhtUntrack.get(nh)?.();
    this.nhtUntrack.delete(nh);
    this.nhCache.delete(nh);
    this.nhResolved.delete(nh);
  }

  // ---- reconfiguration ----

  /** Keys that need a restart of the BGP instance (checked before a reload is applied). */
  static restartOnly(a: BgpCfg, b: BgpCfg): string[] {
    const out: string[] = [];
    if (a.asn !== b.asn) out.push('bgp.asn');
    if (a.routerId !== b.routerId) out.push('bgp.routerId');
    if (a.clusterId !== b.clusterId) out.push('bgp.clusterId');
    if (JSON.stringify(a.listen) !== JSON.stringify(b.listen)) out.push('bgp.listen');
    if (JSON.stringify(a.multipath) !== JSON.stringify(b.multipath)) out.push('bgp.multipath');
    if (JSON.stringify(a.bestPath) !== JSON.stringify(b.bestPath)) out.push('bgp.bestPath');
    return out;
  }

  /**
   * Apply a new (validated) config: neighbors added, removed (Cease 6/3), reset when session settings
   * changed (Cease 6/6); policy changes applied in place with a soft reset; advertisements re-evaluated.
   */
  reconfigure(cfg: BgpCfg, policy: CompiledPolicy): void {
    const old = new Map(this.cfg.neighbors.map((n) => [normalizeAddress(n.address), n]));
    const next = new Map(cfg.neighbors.map((n) => [normalizeAddress(n.address), n]));
    const policyChanged = policy !== this.policy;
    this.cfg = cfg;
    this.policy = policy;
    this.syncListenerKeys();
    for (const addr of old.keys()) {
      if (next.has(addr) || this.peers.get(addr)?.gateway) continue;
      this.removePeer(addr, 3, 'neighbor removed from config');
    }
    for (const [addr, n] of next) {
      const before = old.get(addr);
      const p = this.peers.get(addr);
      if (!before || !p || p.dynamic) {
        if (p?.dynamic) this.removePeer(addr, 3, 'now a static neighbor');
        const np = this.addPeer(addr, n, false);
        if (!n.shutdown) np.start();
        continue;
      }
      if (sessionNeedsReset(before, n)) {
        this.removePeer(addr, 6, 'session settings changed');
        const np = this.addPeer(addr, n, false);
        if (!n.shutdown) np.start();
        continue;
      }
      p.cfg = n;
      if (n.shutdown && p.adminDown === undefined) p.stop('shutdown in config', 2);
      else if (!n.shutdown && p.adminDown === 'shutdown in config') p.start();
      if (
        p.established &&
        (policyChanged || before.importPolicy !== n.importPolicy || before.exportPolicy !== n.exportPolicy)
      ) {
        this.softReset(addr, 'both');
      }
    }
    if (policyChanged)
      for (const p of this.peers.values()) if (p.dynamic && p.established) this.softReset(p.id, 'both');
    this.local.redistributeAll();
    this.scheduleFlush();
  }

  private removePeer(addr: string, subcode: number, why: string): void {
    const p = this.peers.get(addr);
    if (!p) return;
    p.stop(why, subcode);
    p.dispose();
    this.peers.delete(addr);
    if (this.rib.peerIds().includes(addr)) this.rib.removePeer(addr);
    this.scheduleFlush();
  }

  // ---- operations (API) ----

  shutdownNeighbor(address: string, message: string | undefined): boolean {
    const p = this.peer(address);
    if (!p) return false;
    p.stop('shutdown by API', 2, message);
    return true;
  }

  enableNeighbor(address: string): boolean {
    const p = this.peer(address);
    if (!p) return false;
    if (p.adminDown !== undefined) p.start();
    return true;
  }

  /** Soft reset: `in` re-applies import policy (from the kept Adj-RIB-In, else by ROUTE-REFRESH); `out` resends. */
  softReset(address: string, direction: 'in' | 'out' | 'both'): 'done' | 'not-established' | 'unknown' {
    const p = this.peer(address);
    if (!p) return 'unknown';
    if (!p.established || !p.negotiated) return 'not-established';
    if (direction !== 'out') {
      const info = this.peerInfo(p);
      this.rib.setPolicies(p.id, { importPolicy: info.importPolicy, exportPolicy: info.exportPolicy });
      if (!this.rib.reimport(p.id) && p.negotiated.routeRefresh) {
        for (const k of p.negotiated.afiSafis)
          p.primary.send({ type: 'route-refresh', afi: Math.floor(k / 256), safi: k % 256, subtype: 0 });
      }
    }
    if (direction !== 'in') this.rib.refreshOut(p.id);
    this.scheduleFlush();
    return 'done';
  }
}

function splitKey(k: string): { address: string; prefixLen: number } {
  const i = k.lastIndexOf('/');
  return { address: k.slice(0, i), prefixLen: Number(k.slice(i + 1)) };
}

export function normalizeAddress(a: string): string {
  const p = parseAddr(a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a);
  return p ? formatAddr(p.addr) : a;
}

function bytesToU32(b: Uint8Array): number {
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

function nexthopBytes(nh: number | string): Uint8Array {
  if (typeof nh === 'number') return Uint8Array.of(nh >>> 24, (nh >>> 16) & 255, (nh >>> 8) & 255, nh & 255);
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = nh.charCodeAt(i);
  return b;
}

/** Session settings whose change needs the session to be reset (anything but policies and description). */
export function sessionNeedsReset(a: BgpSessionCfg, b: BgpSessionCfg): boolean {
  const strip = (s: BgpSessionCfg) => ({
    ...s,
    importPolicy: undefined,
    exportPolicy: undefined,
    description: undefined,
    shutdown: undefined,
  });
  return JSON.stringify(strip(a)) !== JSON.stringify(strip(b));
}
