/**
 * Self-originated LSAs (RFC 2328 §12.4): what we should originate (router-LSA per area §12.4.1, network-LSA
 * where we are DR with a full neighbor §12.4.2, AS-external-LSAs for redistributed routes §12.4.4), and the
 * `Originator` that brings the database in line: a new instance when the contents change, at LSRefreshTime,
 * or above a newer copy of ours that came back (§13.4); premature aging (§14.1) when we no longer want one;
 * MinLSInterval and the sequence-number wrap through `Lsdb.planOrigination`.
 *
 * Changes are marked during an event and originated once at its end (`process`), so one event that changes
 * five things makes one new router-LSA, not five.
 */
import type { TimerHandle } from '../lib/clock.js';
import { nbrAtLeast } from './fsm/index.js';
import type { OspfHost } from './host.js';
import type { OspfInterface } from './iface.js';
import { AS_SCOPE, type LsdbEntry, lsaContentsDiffer, ROUTER_FLAG_E, type SelfOriginatedAction } from './lsdb.js';
import { sealLsa } from './packet/index.js';
import type { ExternalLsaBody, Lsa, LsaBody, LsaType, RouterLink } from './packet/types.js';

/** §A.2: the E bit; our LSAs carry it (no stub areas). */
const OPTIONS_E = 0x02;

/** One redistributed route as the AS-external-LSA describes it. */
export interface ExternalRoute {
  network: number;
  mask: number;
  metric: number;
  e2: boolean;
}

export interface OriginHost extends OspfHost {
  /** Redistribution configured: we are an AS boundary router (router-LSA E bit). */
  isAsbr(): boolean;
  /** The external route whose LSA has this Link State ID, if we redistribute one. */
  externalByLsid(lsid: number): ExternalRoute | undefined;
  /** An area the AS-scope LSAs are installed through (the LSDB wants a configured area). */
  externalArea(): number | undefined;
}

// ---- builders ----

/** §12.4.1: our router-LSA links for one area. */
export function routerLinks(ifaces: Iterable<OspfInterface>, area: number): RouterLink[] {
  const links: RouterLink[] = [];
  const add = (type: RouterLink['type'], linkId: number, linkData: number, metric: number) =>
    links.push({ type, linkId: linkId >>> 0, linkData: linkData >>> 0, metric, tos: [] });
  for (const ifc of ifaces) {
    if (ifc.area !== area) continue;
    const s = ifc.spec;
    const st = ifc.ifc.state;
    if (st === 'Down') continue;
    // §12.4.1: an interface in Loopback is a host route to its address, cost 0.
    if (st === 'Loopback') {
      add(3, s.address, 0xffffffff, 0);
      continue;
    }
    const subnet = (s.address & s.mask) >>> 0;
    if (!ifc.broadcast) {
      // §12.4.1.1: one point-to-point link per full neighbor, and the subnet as a stub (option 1).
      for (const n of ifc.nbrs.values()) if (n.st.state === 'Full') add(1, n.st.routerId, s.address, s.cost);
      add(3, subnet, s.mask, s.cost);
      continue;
    }
    // §12.4.1.2: a transit link when fully adjacent to the DR (or DR with a full neighbor), else a stub.
    if (st !== 'Waiting' && !s.passive && transit(ifc)) add(2, ifc.ifc.dr, s.address, s.cost);
    else add(3, subnet, s.mask, s.cost);
  }
  return links;
}

function transit(ifc: OspfInterface): boolean {
  const dr = ifc.ifc.dr;
  if (dr === 0) return false;
  if (ifc.ifc.state === 'DR') return fullNeighbors(ifc).length > 0;
  for (const n of ifc.nbrs.values()) if (n.st.address === dr && n.st.state === 'Full') return true;
  return false;
}

function fullNeighbors(ifc: OspfInterface): number[] {
  const out: number[] = [];
  for (const n of ifc.nbrs.values()) if (nbrAtLeast(n.st.state, 'Full')) out.push(n.st.routerId >>> 0);
  return out;
}

function lsaOf(type: LsaType, lsid: number, advRouter: number, body: LsaBody): Lsa {
  return {
    header: { age: 0, options: OPTIONS_E, type, lsid: lsid >>> 0, advRouter, seq: 0, checksum: 0, length: 0 },
    body,
  };
}

// ---- the originator ----

interface Ref {
  area: number;
  type: LsaType;
  lsid: number;
}

const refKey = (r: Ref): string => `${r.area}|${r.type}|${r.lsid >>> 0}`;

export class Originator {
  private readonly dirtyRouter = new Set<number>();
  private readonly dirtyNetwork = new Set<OspfInterface>();
  private readonly dirtyExternal = new Set<number>();
  /** Originations held back by MinLSInterval (§12.4), one timer per LSA. */
  private readonly deferred = new Map<string, TimerHandle>();
  /** LSAs whose next origination must make a new instance even with the same contents (refresh, §13.4). */
  private readonly forced = new Set<string>();

  constructor(private readonly host: OriginHost) {}

  markRouter(area: number): void {
    this.dirtyRouter.add(area);
  }

  markNetwork(ifc: OspfInterface): void {
    this.dirtyNetwork.add(ifc);
  }

  markExternal(lsid: number): void {
    this.dirtyExternal.add(lsid >>> 0);
  }

  /** End of an event: originate (or flush) everything marked. */
  process(): void {
    if (this.dirtyRouter.size + this.dirtyNetwork.size + this.dirtyExternal.size === 0) return;
    const rid = this.host.routerId;
    for (const area of [...this.dirtyRouter]) this.originate({ area, type: 1, lsid: rid });
    this.dirtyRouter.clear();
    for (const ifc of [...this.dirtyNetwork]) this.originate({ area: ifc.area, type: 2, lsid: ifc.address });
    this.dirtyNetwork.clear();
    const xa = this.host.externalArea();
    if (xa !== undefined) for (const lsid of this.dirtyExternal) this.originate({ area: xa, type: 5, lsid });
    this.dirtyExternal.clear();
  }

  /** What we want in the database for this LSA now; undefined: nothing (flush ours if present). */
  private wanted(r: Ref): Lsa | undefined {
    const rid = this.host.routerId;
    if (r.type === 1) {
      if (r.lsid >>> 0 !== rid || !this.host.lsdb.hasArea(r.area)) return undefined;
      const flags = this.host.isAsbr() ? ROUTER_FLAG_E : 0;
      return lsaOf(1, rid, rid, { kind: 'router', flags, links: routerLinks(this.host.interfaces(), r.area) });
    }
    if (r.type === 2) {
      for (const ifc of this.host.interfaces()) {
        if (ifc.area !== r.area || ifc.address !== r.lsid >>> 0 || ifc.ifc.state !== 'DR' || ifc.spec.passive) continue;
        const full = fullNeighbors(ifc);
        if (full.length === 0) return undefined;
        return lsaOf(2, ifc.address, rid, { kind: 'network', mask: ifc.spec.mask, attached: [rid, ...full] });
      }
      return undefined;
    }
    if (r.type === 5) {
      const x = this.host.externalByLsid(r.lsid);
      if (!x) return undefined;
      const body: ExternalLsaBody = {
        kind: 'external',
        mask: x.mask,
        e2: x.e2,
        metric: x.metric,
        forwarding: 0,
        tag: 0,
        tos: [],
      };
      return lsaOf(5, r.lsid, rid, body);
    }
    return undefined;
  }

  /** Bring one of our LSAs in line with what we want (§12.4), honouring MinLSInterval. */
  originate(r: Ref): void {
    const { lsdb, clock } = this.host;
    const now = clock.now();
    const k = refKey(r);
    if (this.deferred.has(k)) return; // a timer will do it
    const want = this.wanted(r);
    const cur = lsdb.lookup(r.area, r.type, r.lsid, this.host.routerId);
    if (!want) {
      this.forced.delete(k);
      if (cur && !cur.isMaxAge(now)) this.host.flood.flood(lsdb.flush(cur, now));
      return;
    }
    const draft = sealLsa({ header: { ...want.header, seq: cur?.seq ?? 0 }, body: want.body });
    const same =
      cur !== undefined &&
      !cur.isMaxAge(now) &&
      !lsaContentsDiffer(cur.lsa, cur.raw, cur.ageAt(now), draft.lsa, draft.raw, 0);
    if (same && !this.forced.has(k)) return;
    const plan = lsdb.planOrigination(r.area, r.type, r.lsid, now);
    switch (plan.kind) {
      case 'now': {
        this.forced.delete(k);
        const sealed = sealLsa({ header: { ...want.header, seq: plan.seq }, body: want.body });
        const res = lsdb.originate(r.area, sealed.lsa, sealed.raw, now);
        if (res.ok) this.host.flood.flood(res.value.entry);
        else this.host.counters.rateLimited(`originate:${k}`, () => ({ error: res.error }), 'OSPF origination refused');
        return;
      }
      case 'defer':
        this.deferred.set(
          k,
          clock.setTimer(plan.at - now, () =>
            this.host.run(() => {
              this.deferred.delete(k);
              this.originate(r);
            }),
          ),
        );
        return;
      case 'wrap':
        this.host.flood.flood(plan.flushed);
        return;
      case 'wait-wrap':
        return;
    }
  }

  /** §12.4: LSRefreshTime reached, or a §12.1.6 wrap finished: a new instance even if nothing changed. */
  refresh(area: number, type: LsaType, lsid: number): void {
    const r = { area: area === AS_SCOPE ? (this.host.externalArea() ?? area) : area, type, lsid };
    this.forced.add(refKey(r));
    this.originate(r);
  }

  /** §13.4: a newer instance of one of our LSAs arrived: originate above it, or flush it if unwanted. */
  selfReceived(e: LsdbEntry, action: SelfOriginatedAction): void {
    if (action.kind === 'wrap') return; // flushed by the database and flooded; an 'originate' event follows
    const now = this.host.clock.now();
    if (e.advRouter >>> 0 !== this.host.routerId) {
      // A network-LSA for one of our addresses under an old router ID: ours to flush (§13.4).
      if (e.current && !e.isMaxAge(now)) this.host.flood.flood(this.host.lsdb.flush(e, now));
      return;
    }
    const area = e.area === AS_SCOPE ? this.host.externalArea() : e.area;
    if (area === undefined) return;
    const r = { area, type: e.type as LsaType, lsid: e.lsid };
    if (this.wanted(r)) this.refresh(area, r.type, r.lsid);
    else if (e.current && !e.isMaxAge(now)) this.host.flood.flood(this.host.lsdb.flush(e, now));
  }

  /** Every self-originated LSA at MaxAge (clean shutdown, like FRR: neighbors drop them at once). */
  flushAll(): LsdbEntry[] {
    const { lsdb, clock } = this.host;
    const now = clock.now();
    const out: LsdbEntry[] = [];
    for (const t of this.deferred.values()) t.cancel();
    this.deferred.clear();
    const mine = (e: LsdbEntry) => e.self && e.current && !e.isMaxAge(now);
    const seen = new Set<LsdbEntry>();
    for (const area of lsdb.areaIds()) {
      for (const e of lsdb.dbSummary(area)) {
        if (!mine(e) || seen.has(e)) continue;
        seen.add(e);
        out.push(lsdb.flush(e, now));
      }
    }
    return out;
  }

  cancel(): void {
    for (const t of this.deferred.values()) t.cancel();
    this.deferred.clear();
  }
}
