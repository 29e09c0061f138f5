/**
 * What the API and CLI show about BGP: neighbors (state, timers, capabilities, counters, last NOTIFICATIONs),
 * a neighbor's received/advertised routes, and the RIB with every path, the best marked and why each lost.
 * Plain JSON; text only here, at the edge.
 */
import { comparePrefix, contains, formatIPv4, formatPrefix, type PrefixKey } from '../lib/prefix.js';
import { type AttrsJson, attrsJson, nexthopText } from './format.js';
import type { BgpInstance } from './instance.js';
import type { NotificationRecord, Peer } from './peer.js';

export interface NeighborView {
  address: string;
  remoteAs: number | string;
  peerAs: number | null;
  localAs: number;
  description: string | null;
  dynamic: boolean;
  state: string;
  adminDown: string | null;
  uptimeSeconds: number | null;
  downSinceSeconds: number | null;
  lastDownReason: string | null;
  peerRouterId: string | null;
  peerHostname: string | null;
  localAddress: string | null;
  holdTime: number | null;
  keepalive: number | null;
  families: string[];
  capabilities: string[];
  prefixes: { received: number; accepted: number; advertised: number };
  messages: { in: Record<string, number>; out: Record<string, number> };
  lastNotificationSent: NotificationView | null;
  lastNotificationReceived: NotificationView | null;
  establishedCount: number;
}

export interface NotificationView {
  code: number;
  subcode: number;
  message?: string;
  at: string;
}

function notif(n: NotificationRecord | undefined): NotificationView | null {
  if (!n) return null;
  return {
    code: n.code,
    subcode: n.subcode,
    ...(n.message !== undefined ? { message: n.message } : {}),
    at: new Date(n.at).toISOString(),
  };
}

const FAMILY_NAMES: Record<number, string> = { 257: 'ipv4-unicast', 513: 'ipv6-unicast' };

export function neighborView(b: BgpInstance, p: Peer, nowWall: number): NeighborView {
  const n = p.negotiated;
  const counters = b.rib.peerIds().includes(p.id) ? b.rib.counters(p.id) : undefined;
  const ra = p.cfg.remoteAs;
  return {
    address: p.address,
    remoteAs: typeof ra === 'object' ? `${ra[0]}-${ra[1]}` : ra,
    peerAs: n?.peerAs ?? null,
    localAs: b.localAs,
    description: p.cfg.description ?? null,
    dynamic: p.dynamic,
    state: p.state,
    adminDown: p.adminDown ?? null,
    uptimeSeconds: p.upSince !== undefined ? Math.floor((nowWall - p.upSince) / 1000) : null,
    downSinceSeconds: p.upSince === undefined ? Math.floor((nowWall - p.downSince) / 1000) : null,
    lastDownReason: p.lastDownReason ?? null,
    peerRouterId: n ? formatIPv4(n.peerBgpId) : null,
    peerHostname: n?.peerFqdn?.hostname ?? null,
    localAddress: p.localAddress ?? null,
    holdTime: n?.holdTime ?? null,
    keepalive: n?.keepaliveTime ?? null,
    families: n
      ? [...n.afiSafis].map((k) => FAMILY_NAMES[k] ?? `afi${Math.floor(k / 256)}/safi${k % 256}`)
      : p.families,
    capabilities: n ? capabilityNames(n) : [],
    prefixes: {
      received: counters?.received ?? 0,
      accepted: counters?.accepted ?? 0,
      advertised: counters?.advertised ?? 0,
    },
    messages: { in: { ...p.msgs.in }, out: { ...p.msgs.out } },
    lastNotificationSent: notif(p.lastSent),
    lastNotificationReceived: notif(p.lastReceived),
    establishedCount: p.primary.state.establishedCount,
  };
}

function capabilityNames(n: NonNullable<Peer['negotiated']>): string[] {
  const out: string[] = [];
  if (n.fourOctetAs) out.push('four-octet-as');
  if (n.routeRefresh) out.push('route-refresh');
  if (n.enhancedRouteRefresh) out.push('enhanced-route-refresh');
  if (n.extendedMessage) out.push('extended-message');
  if (n.extendedNexthop.length > 0) out.push('extended-nexthop');
  if (n.addPathRx.size > 0) out.push('add-path-receive');
  if (n.peerGracefulRestart) out.push('graceful-restart (peer)');
  return out;
}

export interface RouteRow {
  prefix: string;
  pathId: number;
  accepted?: boolean;
  rejectReason?: string;
  attrs: AttrsJson | null;
}

export function neighborRoutes(
  b: BgpInstance,
  p: Peer,
  direction: 'received' | 'advertised',
  limit: number,
): RouteRow[] {
  if (!b.rib.peerIds().includes(p.id)) return [];
  const rows: { prefix: PrefixKey; row: RouteRow }[] = [];
  if (direction === 'advertised') {
    for (const r of b.rib.adjRibOut(p.id))
      rows.push({ prefix: r.prefix, row: { prefix: formatPrefix(r.prefix), pathId: 0, attrs: attrsJson(r.attrs) } });
  } else {
    for (const r of b.rib.adjRibIn(p.id, 'pre')) {
      const row: RouteRow = {
        prefix: formatPrefix(r.prefix),
        pathId: r.pathId,
        accepted: r.accepted,
        attrs: r.attrs ? attrsJson(r.attrs) : null,
      };
      if (r.rejectReason) row.rejectReason = r.rejectReason;
      rows.push({ prefix: r.prefix, row });
    }
  }
  return rows
    .sort((x, y) => comparePrefix(x.prefix, y.prefix))
    .slice(0, limit)
    .map((r) => r.row);
}

export interface PathRow {
  from: string;
  pathId: number;
  best: boolean;
  multipath: boolean;
  eligible: boolean;
  why: string | null;
  lostTo: string | null;
  nextHop: string | null;
  weight: number;
  localPref: number;
  asPathLength: number;
  igpMetric: number;
  attrs: AttrsJson;
}

export interface RibEntry {
  prefix: string;
  paths: PathRow[];
  rejected: { from: string; reason: string }[];
}

/** The RIB view: one prefix with every path and why it lost, or all more-specifics with `longer`. */
export function ribView(b: BgpInstance, prefix: PrefixKey | undefined, longer: boolean, limit: number): RibEntry[] {
  let keys: PrefixKey[];
  if (prefix !== undefined && !longer) keys = [prefix];
  else {
    keys = [];
    for (const r of b.rib.bestRoutes()) if (prefix === undefined || contains(prefix, r.prefix)) keys.push(r.prefix);
    keys.sort(comparePrefix);
  }
  const out: RibEntry[] = [];
  for (const k of keys) {
    if (out.length >= limit) break;
    const ex = b.rib.explain(k);
    if (!ex) continue;
    out.push({
      prefix: formatPrefix(k),
      paths: ex.paths.map((p) => ({
        from: p.peerId,
        pathId: p.pathId,
        best: p.best,
        multipath: p.multipath,
        eligible: p.eligible,
        why: p.best ? 'best' : (p.ineligibleReason ?? p.reason ?? null),
        lostTo: p.lostTo ? p.lostTo.peerId : null,
        nextHop: nexthopText(p.nextHop) ?? null,
        weight: p.weight,
        localPref: p.localPref,
        asPathLength: p.asPathLength,
        igpMetric: p.igpMetric,
        attrs: attrsJson(p.attrs),
      })),
      rejected: ex.rejected.map((r) => ({ from: r.peerId, reason: r.reason })),
    });
  }
  return out;
}
