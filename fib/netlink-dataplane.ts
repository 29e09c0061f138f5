/**
 * The Dataplane over rtnetlink (RFC 3549): a batched NetlinkSocket for requests and dumps, and a
 * NetlinkMonitor for kernel events that keeps the link and address caches live. When the monitor loses
 * events (ENOBUFS on its socket) the caches are dumped again, the differences are emitted as ordinary
 * events, and a 'resync' event tells route owners to re-read the routes.
 *
 * Events report what others did: the echo of our own route writes (RTM_NEWROUTE with our protocol, a
 * million of them when a full table is installed) is skipped by the monitor before decoding, and the
 * RTM_DELROUTE of a delete we sent is dropped here (counted per prefix when sent). Any other removal of a
 * route of ours is delivered, so a route removed behind our back is seen at once.
 */
import { AFI_IPV4, type PrefixKey } from '../lib/prefix.js';
import { err, ok, type Result } from '../lib/result.js';
import {
  fromAddrMsg,
  fromFdbMsg,
  fromLinkMsg,
  fromNeighMsg,
  fromRouteMsg,
  toFdbMsg,
  toNeighMsg,
  toRouteDel,
  toRouteMsg,
} from './convert.js';
import {
  type AckResult,
  type BridgeSpec,
  type Dataplane,
  type DataplaneEvent,
  type DataplaneListener,
  type FdbEntry,
  type FibAddress,
  type FibLink,
  type FibRoute,
  type FibRouteKey,
  type LinkChange,
  type LinkSettings,
  type NeighEntry,
  type NetlinkError,
  type RouteFilter,
  type RouteScan,
  RTPROT_NOVERLAY,
  type VxlanSpec,
} from './dataplane.js';
import { DataplaneInterfaceSource } from './interfaces.js';
import { netlinkError } from './netlink/collect.js';
import {
  AF_BRIDGE,
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  IFF_UP,
  NLM_F_APPEND,
  NLM_F_CREATE,
  NLM_F_REPLACE,
  RTM_DELADDR,
  RTM_DELLINK,
  RTM_DELROUTE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
} from './netlink/constants.js';
import type { AddrMsg } from './netlink/ifaddr.js';
import type { LinkMsg } from './netlink/link.js';
import type { RtnlMessage, RtnlRequest } from './netlink/message.js';
import {
  addrDump,
  linkAdd,
  linkDel,
  linkDump,
  linkGet,
  linkSet,
  neighAdd,
  neighDel,
  neighDump,
  routeAdd,
  routeDump,
} from './netlink/requests.js';
import { NetlinkMonitor, NetlinkSocket, type NetlinkSocketOptions } from './netlink/socket.js';
import { PrefixIndex } from './prefix-index.js';
import { RouteSocket } from './route-socket.js';

export interface NetlinkDataplaneOptions {
  /** Our rtnetlink protocol: the echo of our own route writes and deletes is not delivered. null: deliver all. */
  protocol?: number | null;
  socket?: NetlinkSocketOptions;
  /** Monitor receive buffer (default 32 MiB). */
  monitorRcvbuf?: number;
  /**
   * Route writes: 'errors' (default) sends them without NLM_F_ACK, the kernel answering only failures
   * (fib/netlink-writer.ts, ~40% faster); 'all' asks an ACK for each, through the request socket.
   */
  routeAcks?: 'errors' | 'all';
}

const VXLAN_PORT = 4789;

function addrKey(a: FibAddress): string {
  return `${a.index}/${a.prefixLen}/${String.fromCharCode(...a.addr)}`;
}

function sysToNetlink(e: { errno: number; syscall: string; code: string }): NetlinkError {
  return netlinkError(e.errno, `${e.syscall}: ${e.code}`);
}

export class NetlinkDataplane implements Dataplane {
  private linkCache = new Map<number, FibLink>();
  private addrCache = new Map<string, FibAddress>();
  private readonly listeners = new Set<DataplaneListener>();
  /** Deletes of our protocol sent whose RTM_DELROUTE has not come back yet, by prefix. */
  private readonly echoes = new PrefixIndex(64);
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private closed = false;

  private constructor(
    readonly socket: NetlinkSocket,
    readonly monitor: NetlinkMonitor,
    /** Errors-only route writes and streaming route dumps. */
    private readonly routeSocket: RouteSocket,
    private readonly ackEach: boolean,
    private readonly ownProtocol: number,
  ) {
    monitor.on('message', (m) => this.onMessage(m));
    monitor.on('resync', (e) => this.onOverrun(e.message ?? e.code));
  }

  /** Opens both sockets in the current network namespace and reads the link and address tables. */
  static async open(o: NetlinkDataplaneOptions = {}): Promise<Result<NetlinkDataplane, NetlinkError>> {
    const proto = o.protocol === undefined ? RTPROT_NOVERLAY : o.protocol;
    const mo = proto === null ? {} : { ignoreNewRoutesOfProtocol: proto };
    const mon = NetlinkMonitor.open(o.monitorRcvbuf ? { ...mo, rcvbuf: o.monitorRcvbuf } : mo);
    if (!mon.ok) return err(sysToNetlink(mon.error));
    const nl = NetlinkSocket.open(o.socket ?? {});
    if (!nl.ok) {
      mon.value.close();
      return err(sysToNetlink(nl.error));
    }
    const batchBytes = o.socket?.batchBytes;
    const rs = RouteSocket.open(batchBytes === undefined ? {} : { batchBytes });
    if (!rs.ok) {
      mon.value.close();
      nl.value.close();
      return err(sysToNetlink(rs.error));
    }
    const dp = new NetlinkDataplane(nl.value, mon.value, rs.value, o.routeAcks === 'all', proto ?? -1);
    const r = await dp.readCaches();
    if (!r.ok) {
      dp.close();
      return r;
    }
    dp.linkCache = r.value.links;
    dp.addrCache = r.value.addrs;
    return ok(dp);
  }

  /** Do not keep the process alive for the monitor alone. */
  unref(): this {
    this.monitor.unref();
    return this;
  }

  // ---- routes ----

  addRoutes(routes: readonly FibRoute[]): Promise<AckResult[]> {
    const reqs = new Array<RtnlRequest>(routes.length);
    for (let i = 0; i < routes.length; i++) reqs[i] = routeAdd(toRouteMsg(routes[i] as FibRoute), false);
    return this.writeRoutes(reqs);
  }

  replaceRoutes(routes: readonly FibRoute[]): Promise<AckResult[]> {
    const reqs = new Array<RtnlRequest>(routes.length);
    for (let i = 0; i < routes.length; i++) reqs[i] = routeAdd(toRouteMsg(routes[i] as FibRoute), true);
    return this.writeRoutes(reqs);
  }

  async deleteRoutes(keys: readonly FibRouteKey[]): Promise<AckResult[]> {
    const reqs = new Array<RtnlRequest>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as FibRouteKey;
      reqs[i] = toRouteDel(k);
      if (k.protocol === this.ownProtocol) this.expectEcho(k.prefix, 1);
    }
    const rs = await this.writeRoutes(reqs);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as FibRouteKey;
      if (!(rs[i] as AckResult).ok && k.protocol === this.ownProtocol) this.expectEcho(k.prefix, -1);
    }
    return rs;
  }

  /** Counts an RTM_DELROUTE to come (+1) or one that came or will not (-1); whether one was expected. */
  private expectEcho(prefix: PrefixKey, d: number): boolean {
    const n = this.echoes.get(prefix);
    if (d > 0) this.echoes.set(prefix, Math.max(0, n) + 1);
    else if (n < 0) return false;
    else if (n <= 1) this.echoes.delete(prefix);
    else this.echoes.set(prefix, n - 1);
    return true;
  }

  private writeRoutes(reqs: RtnlRequest[]): Promise<AckResult[]> {
    return this.ackEach ? this.socket.request(reqs) : this.routeSocket.write(reqs);
  }

  async dumpRoutes(filter: RouteFilter = {}): Promise<Result<FibRoute[], NetlinkError>> {
    const kf = dumpFilter(filter);
    const out: FibRoute[] = [];
    for (const fam of families(filter)) {
      const d = await this.socket.dump(routeDump(fam, kf));
      if (!d.ok) return d;
      const msgs = d.value;
      for (let i = 0; i < msgs.length; i++) {
        const m = msgs[i] as RtnlMessage;
        if (m.kind !== 'route') continue;
        const r = fromRouteMsg(m.route);
        // Without strict checking the kernel ignores the filter: apply it here too.
        if (!r || (kf.table !== undefined && r.table !== kf.table)) continue;
        if (kf.protocol !== undefined && r.protocol !== kf.protocol) continue;
        out.push(r);
      }
    }
    return ok(out);
  }

  /** Streams the routes (nothing kept): for tables too large to hold twice. */
  async scanRoutes(filter: RouteFilter, fn: (r: FibRoute) => void): Promise<Result<RouteScan, NetlinkError>> {
    const kf = dumpFilter(filter);
    let routes = 0;
    let interrupted = false;
    const onMsg = (m: RtnlMessage) => {
      if (m.kind !== 'route') return;
      const r = fromRouteMsg(m.route);
      if (!r || (kf.table !== undefined && r.table !== kf.table)) return;
      if (kf.protocol !== undefined && r.protocol !== kf.protocol) return;
      routes++;
      fn(r);
    };
    for (const fam of families(filter)) {
      const d = await this.routeSocket.scan(routeDump(fam, kf), onMsg);
      if (!d.ok) return d;
      interrupted ||= d.value.interrupted;
    }
    return ok({ routes, interrupted });
  }

  // ---- links and addresses ----

  links(): FibLink[] {
    return [...this.linkCache.values()];
  }

  link(by: number | string): FibLink | undefined {
    if (typeof by === 'number') return this.linkCache.get(by);
    for (const l of this.linkCache.values()) if (l.name === by) return l;
    return undefined;
  }

  addresses(index?: number): FibAddress[] {
    const all = [...this.addrCache.values()];
    return index === undefined ? all : all.filter((a) => a.index === index);
  }

  interfaces(opts: { includeDown?: boolean } = {}): DataplaneInterfaceSource {
    return new DataplaneInterfaceSource(this, opts.includeDown ?? false);
  }

  on(listener: DataplaneListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: DataplaneEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- VXLAN capability ----

  async createVxlan(s: VxlanSpec): Promise<Result<FibLink, NetlinkError>> {
    const vxlan = { vni: s.vni, local: s.local, port: s.port ?? VXLAN_PORT, learning: false };
    const link: Partial<LinkMsg> = {
      ifname: s.name,
      linkinfo: { kind: 'vxlan', vxlan: s.underlay === undefined ? vxlan : { ...vxlan, link: s.underlay } },
    };
    if (s.mtu !== undefined) link.mtu = s.mtu;
    return this.createLink(link, s.up ?? true);
  }

  createBridge(s: BridgeSpec): Promise<Result<FibLink, NetlinkError>> {
    const link: Partial<LinkMsg> = { ifname: s.name, linkinfo: { kind: 'bridge' } };
    if (s.mtu !== undefined) link.mtu = s.mtu;
    return this.createLink(link, s.up ?? true);
  }

  private async createLink(link: Partial<LinkMsg>, up: boolean): Promise<Result<FibLink, NetlinkError>> {
    const [made] = await this.socket.request([linkAdd(link)]);
    if (!made?.ok) return made ?? err(netlinkError(71, 'no result'));
    const got = await this.socket.get(linkGet(link.ifname as string));
    if (!got.ok) return got;
    if (got.value.kind !== 'link') return err(netlinkError(71, 'link get: not a link'));
    let index = got.value.link.index;
    if (up) {
      const [u] = await this.socket.request([linkSet({ index, flags: IFF_UP, change: IFF_UP })]);
      if (!u?.ok) return u ?? err(netlinkError(71, 'no result'));
      const again = await this.socket.get(linkGet(index));
      if (again.ok && again.value.kind === 'link') got.value.link = again.value.link;
      index = got.value.link.index;
    }
    const f = fromLinkMsg(got.value.link, this.linkCache.get(index));
    this.onLink(RTM_NEWLINK, got.value.link);
    return ok(f);
  }

  async setLink(index: number, s: LinkSettings): Promise<AckResult> {
    const l: Partial<LinkMsg> & { index: number } = { index };
    if (s.up !== undefined) {
      l.flags = s.up ? IFF_UP : 0;
      l.change = IFF_UP;
    }
    if (s.master !== undefined) l.master = s.master;
    if (s.mtu !== undefined) l.mtu = s.mtu;
    const [r] = await this.socket.request([linkSet(l)]);
    if (!r?.ok) return r ?? err(netlinkError(71, 'no result'));
    // The cache follows at once (the monitor's event comes later and then changes nothing).
    const got = await this.socket.get(linkGet(index));
    if (got.ok && got.value.kind === 'link') this.onLink(RTM_NEWLINK, got.value.link);
    return r;
  }

  async deleteLink(index: number): Promise<AckResult> {
    const [r] = await this.socket.request([linkDel(index)]);
    return r ?? err(netlinkError(71, 'no result'));
  }

  fdbAppend(entries: readonly FdbEntry[]): Promise<AckResult[]> {
    return this.socket.request(
      entries.map((e) => ({
        kind: 'neigh' as const,
        type: RTM_NEWNEIGH,
        flags: NLM_F_CREATE | NLM_F_APPEND,
        neigh: toFdbMsg(e),
      })),
    );
  }

  fdbDelete(entries: readonly FdbEntry[]): Promise<AckResult[]> {
    return this.socket.request(entries.map((e) => neighDel(toFdbMsg(e))));
  }

  async dumpFdb(ifindex?: number): Promise<Result<FdbEntry[], NetlinkError>> {
    const d = await this.socket.dump(neighDump(AF_BRIDGE));
    if (!d.ok) return d;
    const out: FdbEntry[] = [];
    for (const m of d.value) {
      if (m.kind !== 'neigh') continue;
      const e = fromFdbMsg(m.neigh);
      if (e && (ifindex === undefined || e.ifindex === ifindex)) out.push(e);
    }
    return ok(out);
  }

  neighReplace(entries: readonly NeighEntry[]): Promise<AckResult[]> {
    return this.socket.request(entries.map((e) => neighAdd(toNeighMsg(e))));
  }

  neighDelete(entries: readonly NeighEntry[]): Promise<AckResult[]> {
    return this.socket.request(entries.map((e) => neighDel(toNeighMsg(e))));
  }

  async dumpNeighbors(ifindex?: number): Promise<Result<NeighEntry[], NetlinkError>> {
    const d = await this.socket.dump(neighDump(AF_UNSPEC));
    if (!d.ok) return d;
    const out: NeighEntry[] = [];
    for (const m of d.value) {
      if (m.kind !== 'neigh') continue;
      const e = fromNeighMsg(m.neigh);
      if (e && (ifindex === undefined || e.ifindex === ifindex)) out.push(e);
    }
    return ok(out);
  }

  // ---- kernel events ----

  private onMessage(m: RtnlMessage): void {
    if (this.closed) return;
    switch (m.kind) {
      case 'route': {
        if (m.type !== RTM_NEWROUTE && m.type !== RTM_DELROUTE) return;
        if (m.type === RTM_DELROUTE && m.route.protocol === this.ownProtocol && this.expectEcho(m.route.dst, -1))
          return;
        const route = fromRouteMsg(m.route);
        if (!route) return;
        if (m.type === RTM_DELROUTE) this.emit({ kind: 'route-removed', route });
        else this.emit({ kind: 'route-added', route, replaced: (m.flags & NLM_F_REPLACE) !== 0 });
        return;
      }
      case 'link':
        // RTM_NEWLINK with AF_BRIDGE describes a bridge port, not the link itself.
        if (m.link.family === AF_UNSPEC) this.onLink(m.type, m.link);
        return;
      case 'addr':
        this.onAddr(m.type, m.addr);
        return;
      default:
        return;
    }
  }

  private onLink(type: number, l: LinkMsg): void {
    const prev = this.linkCache.get(l.index);
    if (type === RTM_DELLINK) {
      if (!prev) return;
      this.linkCache.delete(l.index);
      for (const [k, a] of this.addrCache)
        if (a.index === l.index) {
          this.addrCache.delete(k);
          this.emit({ kind: 'address-removed', address: a });
        }
      this.emit({ kind: 'link', change: 'removed', link: prev });
      return;
    }
    const next = fromLinkMsg(l, prev);
    this.linkCache.set(l.index, next);
    const change = linkChange(prev, next);
    if (change) this.emit({ kind: 'link', change, link: next });
  }

  private onAddr(type: number, m: AddrMsg): void {
    const a = fromAddrMsg(m);
    if (!a) return;
    const k = addrKey(a);
    if (type === RTM_DELADDR) {
      if (this.addrCache.delete(k)) this.emit({ kind: 'address-removed', address: a });
    } else if (type === RTM_NEWADDR && !this.addrCache.has(k)) {
      this.addrCache.set(k, a);
      this.emit({ kind: 'address-added', address: a });
    }
  }

  private onOverrun(reason: string): void {
    // Echoes may be among the lost events: a delete by someone else could otherwise be taken for ours.
    this.echoes.clear();
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const r = await this.readCaches();
        if (this.closed) return;
        if (r.ok) this.replaceCaches(r.value.links, r.value.addrs);
      } while (this.refreshAgain && !this.closed);
      this.emit({ kind: 'resync', reason });
    })().finally(() => {
      this.refreshing = undefined;
    });
  }

  private async readCaches(): Promise<
    Result<{ links: Map<number, FibLink>; addrs: Map<string, FibAddress> }, NetlinkError>
  > {
    const ld = await this.socket.dump(linkDump());
    if (!ld.ok) return ld;
    const ad = await this.socket.dump(addrDump());
    if (!ad.ok) return ad;
    const links = new Map<number, FibLink>();
    for (const m of ld.value) if (m.kind === 'link') links.set(m.link.index, fromLinkMsg(m.link));
    const addrs = new Map<string, FibAddress>();
    for (const m of ad.value) {
      const a = m.kind === 'addr' ? fromAddrMsg(m.addr) : undefined;
      if (a) addrs.set(addrKey(a), a);
    }
    return ok({ links, addrs });
  }

  /** Installs freshly dumped caches and emits what changed while events were lost. */
  private replaceCaches(links: Map<number, FibLink>, addrs: Map<string, FibAddress>): void {
    const oldLinks = this.linkCache;
    const oldAddrs = this.addrCache;
    this.linkCache = links;
    this.addrCache = addrs;
    for (const [k, a] of oldAddrs) if (!addrs.has(k)) this.emit({ kind: 'address-removed', address: a });
    for (const [i, l] of oldLinks) if (!links.has(i)) this.emit({ kind: 'link', change: 'removed', link: l });
    for (const [i, l] of links) {
      const change = linkChange(oldLinks.get(i), l);
      if (change) this.emit({ kind: 'link', change, link: l });
    }
    for (const [k, a] of addrs) if (!oldAddrs.has(k)) this.emit({ kind: 'address-added', address: a });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.monitor.close();
    this.socket.close();
    this.routeSocket.close();
  }
}

function families(f: RouteFilter): number[] {
  return f.family === undefined ? [AF_INET, AF_INET6] : [f.family === AFI_IPV4 ? AF_INET : AF_INET6];
}

/** The kernel-side dump filter (strict checking honours table and protocol). */
function dumpFilter(f: RouteFilter): { table?: number; protocol?: number } {
  const kf: { table?: number; protocol?: number } = {};
  if (f.table !== undefined) kf.table = f.table;
  if (f.protocol !== undefined) kf.protocol = f.protocol;
  return kf;
}

function linkChange(prev: FibLink | undefined, next: FibLink): LinkChange | undefined {
  if (!prev) return 'added';
  if (prev.up !== next.up) return next.up ? 'up' : 'down';
  if (prev.name !== next.name || prev.running !== next.running || prev.mtu !== next.mtu || prev.master !== next.master)
    return 'changed';
  return undefined;
}
