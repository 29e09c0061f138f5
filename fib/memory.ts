/**
 * The in-memory Dataplane (DESIGN.md §1): a kernel-like model for unit and scenario tests and for running
 * without touching the host (--no-fib). It records every operation, keeps routes the way the kernel keys
 * them (fib/memory-kernel.ts), and lets tests act as the kernel and as other programs: foreign routes
 * added, our routes deleted or changed behind our back, links set down and up, addresses added and
 * removed, lost events ('resync').
 *
 * Events follow what a netlink monitor sees on Linux 6.18 (checked in a namespace with `ip monitor`):
 *  - a route written or deleted by anyone: route-added (`replaced` for a replace) or route-removed, except
 *    our own protocol's writes and deletes made through this dataplane, which the netlink dataplane does not
 *    echo either (`protocol` option);
 *  - link set down: next hops over it die; a route left with no live next hop is removed, IPv4 without
 *    any event and IPv6 with route-removed; the link's IPv6 addresses are removed (address-removed), its
 *    IPv4 addresses stay; ECMP routes with a live next hop stay and recover on link up; nothing else is
 *    restored on link up;
 *  - the last IPv4 address of a link removed: IPv4 routes over the link are removed, silently.
 */
import { AFI_IPV4, keyFromParts, type PrefixKey, parseAddr, parsePrefix } from '../lib/prefix.js';
import { err, ok, type Result } from '../lib/result.js';
import type {
  AckResult,
  BridgeSpec,
  Dataplane,
  DataplaneEvent,
  DataplaneListener,
  FdbEntry,
  FibAddress,
  FibLink,
  FibRoute,
  FibRouteKey,
  LinkSettings,
  NeighEntry,
  NetlinkError,
  RouteFilter,
  RouteScan,
  VxlanSpec,
} from './dataplane.js';
import { RTPROT_NOVERLAY } from './dataplane.js';
import { DataplaneInterfaceSource } from './interfaces.js';
import { cloneRoute, KernelRoutes, type WriteMode } from './memory-kernel.js';
import { netlinkError } from './netlink/collect.js';
import { IFF_RUNNING, IFF_UP } from './netlink/constants.js';
import { sameBytes } from './reconcile.js';

const ENOENT = 2;
const EEXIST = 17;
const ENODEV = 19;

export interface MemoryDataplaneOptions {
  /** Our protocol: its writes and deletes through this dataplane are not echoed (as netlink). null: all. */
  protocol?: number | null;
  /** Resolve next hops against links and addresses like the kernel (default true). */
  checkNexthops?: boolean;
  /** Keep every route operation in `ops` (default true; turn off for large tables). */
  record?: boolean;
  /** Hold events until `deliverEvents()` (default false: delivered during the operation). */
  deferEvents?: boolean;
}

export type MemOp =
  | { op: 'add' | 'replace'; route: FibRoute; result: AckResult }
  | { op: 'delete'; key: FibRouteKey; result: AckResult };

/** Decides an injected failure for a route operation (undefined: let the model decide). */
export type FailureInjector = (op: 'add' | 'replace' | 'delete', key: FibRouteKey) => NetlinkError | undefined;

export class MemoryDataplane implements Dataplane {
  readonly kernel: KernelRoutes;
  /** Route operations, in order (when `record`). */
  readonly ops: MemOp[] = [];
  /** Every dataplane call with its number of items: how the caller batched. */
  readonly calls: { method: string; size: number }[] = [];
  private readonly linkMap = new Map<number, FibLink>();
  private readonly addrList: FibAddress[] = [];
  private readonly fdb: FdbEntry[] = [];
  private readonly neigh: NeighEntry[] = [];
  private readonly listeners = new Set<DataplaneListener>();
  private readonly held: DataplaneEvent[] = [];
  private readonly ownProtocol: number | null;
  private readonly record: boolean;
  private readonly defer: boolean;
  private nextIndex = 1;
  private inject: FailureInjector | undefined;

  constructor(o: MemoryDataplaneOptions = {}) {
    this.ownProtocol = o.protocol === undefined ? RTPROT_NOVERLAY : o.protocol;
    this.record = o.record ?? true;
    this.defer = o.deferEvents ?? false;
    this.kernel = new KernelRoutes(this, o.checkNexthops ?? true);
    this.addLink('lo', { kind: 'loopback' });
  }

  // ---- routes ----

  addRoutes(routes: readonly FibRoute[]): Promise<AckResult[]> {
    return Promise.resolve(this.writeAll('add', routes));
  }

  replaceRoutes(routes: readonly FibRoute[]): Promise<AckResult[]> {
    return Promise.resolve(this.writeAll('replace', routes));
  }

  private writeAll(mode: WriteMode, routes: readonly FibRoute[]): AckResult[] {
    this.calls.push({ method: mode === 'add' ? 'addRoutes' : 'replaceRoutes', size: routes.length });
    return routes.map((r) => {
      const result = this.inject?.(mode, r) ? err(this.inject(mode, r) as NetlinkError) : this.write(r, mode);
      if (this.record) this.ops.push({ op: mode, route: r, result });
      return result;
    });
  }

  private write(r: FibRoute, mode: WriteMode): AckResult {
    const w = this.kernel.write(r, mode);
    if (w.stored && r.protocol !== this.ownProtocol)
      this.emit({ kind: 'route-added', route: cloneRoute(w.stored), replaced: w.replaced === true });
    return w.result;
  }

  deleteRoutes(keys: readonly FibRouteKey[]): Promise<AckResult[]> {
    this.calls.push({ method: 'deleteRoutes', size: keys.length });
    return Promise.resolve(
      keys.map((k) => {
        const injected = this.inject?.('delete', k);
        const result = injected ? err(injected) : this.remove(k, k.protocol !== this.ownProtocol);
        if (this.record) this.ops.push({ op: 'delete', key: k, result });
        return result;
      }),
    );
  }

  private remove(k: FibRouteKey, notify = true): AckResult {
    const d = this.kernel.delete(k);
    if (d.removed && notify) this.emit({ kind: 'route-removed', route: cloneRoute(d.removed) });
    return d.result;
  }

  dumpRoutes(f: RouteFilter = {}): Promise<Result<FibRoute[], NetlinkError>> {
    this.calls.push({ method: 'dumpRoutes', size: 0 });
    return Promise.resolve(ok(this.matching(f)));
  }

  async scanRoutes(f: RouteFilter, fn: (r: FibRoute) => void): Promise<Result<RouteScan, NetlinkError>> {
    this.calls.push({ method: 'scanRoutes', size: 0 });
    const rs = this.matching(f);
    for (const r of rs) fn(r);
    return ok({ routes: rs.length, interrupted: false });
  }

  private matching(f: RouteFilter): FibRoute[] {
    return this.kernel
      .all()
      .filter(
        (r) =>
          (f.table === undefined || r.table === f.table) &&
          (f.protocol === undefined || r.protocol === f.protocol) &&
          (f.family === undefined || (typeof r.prefix === 'number') === (f.family === AFI_IPV4)),
      )
      .map(cloneRoute);
  }

  /** What the kernel holds at a key (tests). */
  route(prefix: PrefixKey, table = 254, metric = 20): FibRoute | undefined {
    return this.kernel.find(table, prefix, metric);
  }

  /** Sets (or clears) a failure injector for route operations. */
  failWith(f: FailureInjector | undefined): void {
    this.inject = f;
  }

  // ---- acting as another program or as the kernel (tests) ----

  /** `ip route add` (or `replace`) by someone else: the same key rules, and the event. */
  kernelWrite(r: FibRoute, replace = false): AckResult {
    return this.write(r, replace ? 'replace' : 'add');
  }

  /** `ip route del` by someone else (protocol 0: whoever owns the key). */
  kernelDelete(k: FibRouteKey): AckResult {
    return this.remove(k);
  }

  /** Events were lost: the netlink dataplane re-reads links and addresses and says 'resync'. */
  overrun(reason = 'test overrun'): void {
    this.emit({ kind: 'resync', reason });
  }

  addLink(name: string, o: { kind?: string; up?: boolean; running?: boolean; mtu?: number } = {}): FibLink {
    const up = o.up ?? true;
    const running = o.running ?? up;
    const l: FibLink = {
      index: this.nextIndex++,
      name,
      up,
      running,
      flags: (up ? IFF_UP : 0) | (running ? IFF_RUNNING : 0),
      mtu: o.mtu ?? 1500,
    };
    if (o.kind) l.kind = o.kind;
    this.linkMap.set(l.index, l);
    this.emit({ kind: 'link', change: 'added', link: { ...l } });
    return l;
  }

  /** A link set administratively down or up, with the kernel's effect on routes and addresses. */
  setLinkUp(index: number, up: boolean): void {
    const l = this.linkMap.get(index);
    if (!l || l.up === up) return;
    l.up = up;
    l.running = up;
    l.flags = up ? l.flags | IFF_UP | IFF_RUNNING : l.flags & ~(IFF_UP | IFF_RUNNING);
    if (!up) {
      for (const a of this.addrList.filter((x) => x.index === index && x.afi !== AFI_IPV4)) this.dropAddress(a);
      this.dropRoutes(this.kernel.linkDown(index));
    } else this.kernel.linkUp(index);
    this.emit({ kind: 'link', change: up ? 'up' : 'down', link: { ...l } });
  }

  removeLink(index: number): void {
    const l = this.linkMap.get(index);
    if (!l) return;
    for (const a of this.addrList.filter((x) => x.index === index)) this.dropAddress(a);
    this.dropRoutes(this.kernel.linkDown(index));
    this.linkMap.delete(index);
    this.emit({ kind: 'link', change: 'removed', link: { ...l } });
  }

  /** Routes the kernel removed on its own: IPv6 ones are notified, IPv4 ones are not. */
  private dropRoutes(removed: FibRoute[]): void {
    for (const r of removed)
      if (typeof r.prefix !== 'number') this.emit({ kind: 'route-removed', route: cloneRoute(r) });
  }

  /** `ip addr add CIDR dev IF`. */
  addAddress(index: number, cidr: string): FibAddress {
    const slash = cidr.indexOf('/');
    const a = parseAddr(cidr.slice(0, slash < 0 ? undefined : slash));
    const p = parsePrefix(cidr);
    if (!a || !p.ok) throw new Error(`MemoryDataplane.addAddress: bad CIDR ${cidr}`);
    const len = slash < 0 ? a.addr.length * 8 : Number(cidr.slice(slash + 1));
    const fa: FibAddress = {
      index,
      afi: a.afi,
      addr: a.addr,
      prefixLen: len,
      prefix: keyFromParts(a.afi, a.addr, len),
    };
    this.addrList.push(fa);
    this.emit({ kind: 'address-added', address: fa });
    return fa;
  }

  removeAddress(index: number, cidr: string): void {
    const slash = cidr.indexOf('/');
    const a = parseAddr(cidr.slice(0, slash < 0 ? undefined : slash));
    const found = this.addrList.find((x) => x.index === index && a && sameBytes(x.addr, a.addr));
    if (!found) return;
    this.dropAddress(found);
    if (found.afi === AFI_IPV4 && !this.addrList.some((x) => x.index === index && x.afi === AFI_IPV4))
      this.kernel.linkDown(index, true);
  }

  private dropAddress(a: FibAddress): void {
    const i = this.addrList.indexOf(a);
    if (i < 0) return;
    this.addrList.splice(i, 1);
    this.emit({ kind: 'address-removed', address: a });
  }

  // ---- links and addresses ----

  links(): FibLink[] {
    return [...this.linkMap.values()].map((l) => ({ ...l }));
  }

  link(by: number | string): FibLink | undefined {
    if (typeof by === 'number') return this.linkMap.get(by);
    for (const l of this.linkMap.values()) if (l.name === by) return l;
    return undefined;
  }

  addresses(index?: number): FibAddress[] {
    return index === undefined ? [...this.addrList] : this.addrList.filter((a) => a.index === index);
  }

  interfaces(opts: { includeDown?: boolean } = {}): DataplaneInterfaceSource {
    return new DataplaneInterfaceSource(this, opts.includeDown ?? false);
  }

  on(listener: DataplaneListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: DataplaneEvent): void {
    if (this.defer) this.held.push(e);
    else for (const l of this.listeners) l(e);
  }

  /** Delivers held events (with `deferEvents`). */
  deliverEvents(): void {
    const evs = this.held.splice(0);
    for (const e of evs) for (const l of this.listeners) l(e);
  }

  // ---- VXLAN capability ----

  createVxlan(s: VxlanSpec): Promise<Result<FibLink, NetlinkError>> {
    const r = this.create(s.name, 'vxlan', s.up ?? true, s.mtu);
    if (r.ok) this.vxlans.set(r.value.index, { ...s });
    return Promise.resolve(r);
  }

  createBridge(s: BridgeSpec): Promise<Result<FibLink, NetlinkError>> {
    return Promise.resolve(this.create(s.name, 'bridge', s.up ?? true, s.mtu));
  }

  /** The VXLAN parameters a link was created with (tests). */
  readonly vxlans = new Map<number, VxlanSpec>();

  private create(name: string, kind: string, up: boolean, mtu?: number): Result<FibLink, NetlinkError> {
    this.calls.push({ method: `create:${kind}`, size: 1 });
    if (this.link(name)) return err(netlinkError(EEXIST));
    const l = this.addLink(name, mtu === undefined ? { kind, up } : { kind, up, mtu });
    return ok({ ...l });
  }

  setLink(index: number, s: LinkSettings): Promise<AckResult> {
    this.calls.push({ method: 'setLink', size: 1 });
    const l = this.linkMap.get(index);
    if (!l) return Promise.resolve(err(netlinkError(ENODEV)));
    if (s.mtu !== undefined) l.mtu = s.mtu;
    if (s.master !== undefined) {
      if (s.master === 0) delete l.master;
      else l.master = s.master;
    }
    if (s.up !== undefined) this.setLinkUp(index, s.up);
    return Promise.resolve(ok(undefined));
  }

  deleteLink(index: number): Promise<AckResult> {
    this.calls.push({ method: 'deleteLink', size: 1 });
    if (!this.linkMap.has(index)) return Promise.resolve(err(netlinkError(ENODEV)));
    this.removeLink(index);
    this.vxlans.delete(index);
    return Promise.resolve(ok(undefined));
  }

  fdbAppend(entries: readonly FdbEntry[]): Promise<AckResult[]> {
    this.calls.push({ method: 'fdbAppend', size: entries.length });
    return Promise.resolve(
      entries.map((e) => {
        if (!this.linkMap.has(e.ifindex)) return err(netlinkError(ENODEV));
        // The kernel answers an append of an existing (MAC, dst) pair with success and changes nothing.
        if (!this.fdb.some((x) => sameFdb(x, e))) this.fdb.push({ ...e });
        return ok(undefined);
      }),
    );
  }

  fdbDelete(entries: readonly FdbEntry[]): Promise<AckResult[]> {
    this.calls.push({ method: 'fdbDelete', size: entries.length });
    return Promise.resolve(entries.map((e) => removeWhere(this.fdb, (x) => sameFdb(x, e))));
  }

  dumpFdb(ifindex?: number): Promise<Result<FdbEntry[], NetlinkError>> {
    return Promise.resolve(
      ok(this.fdb.filter((e) => ifindex === undefined || e.ifindex === ifindex).map((e) => ({ ...e }))),
    );
  }

  neighReplace(entries: readonly NeighEntry[]): Promise<AckResult[]> {
    this.calls.push({ method: 'neighReplace', size: entries.length });
    return Promise.resolve(
      entries.map((e) => {
        if (!this.linkMap.has(e.ifindex)) return err(netlinkError(ENODEV));
        removeWhere(this.neigh, (x) => x.ifindex === e.ifindex && sameBytes(x.ip, e.ip));
        this.neigh.push({ ...e });
        return ok(undefined);
      }),
    );
  }

  neighDelete(entries: readonly NeighEntry[]): Promise<AckResult[]> {
    this.calls.push({ method: 'neighDelete', size: entries.length });
    return Promise.resolve(
      entries.map((e) => removeWhere(this.neigh, (x) => x.ifindex === e.ifindex && sameBytes(x.ip, e.ip))),
    );
  }

  dumpNeighbors(ifindex?: number): Promise<Result<NeighEntry[], NetlinkError>> {
    return Promise.resolve(
      ok(this.neigh.filter((e) => ifindex === undefined || e.ifindex === ifindex).map((e) => ({ ...e }))),
    );
  }

  close(): void {
    this.listeners.clear();
  }
}

function sameFdb(a: FdbEntry, b: FdbEntry): boolean {
  return a.ifindex === b.ifindex && sameBytes(a.mac, b.mac) && sameBytes(a.dst, b.dst);
}

function removeWhere<T>(list: T[], pred: (x: T) => boolean): AckResult {
  const i = list.findIndex(pred);
  if (i < 0) return err(netlinkError(ENOENT));
  list.splice(i, 1);
  return ok(undefined);
}
