/**
 * The flooding procedure (RFC 2328 §13): receiving LS Updates (§13 steps 1-8, with the database part done by
 * `Lsdb.receive`), flooding out of the right interfaces (§13.3), the per-neighbor retransmission lists
 * (§13.6, every RxmtInterval), acknowledgements (§13.5 delayed and direct, §13.7 receiving) and answering
 * LS Requests (§10.7). MaxAge LSAs leave the database only when no retransmission list holds them (§14):
 * `stillNeeded` tells the sweep.
 *
 * Batching: LSAs to flood are queued per interface and LSAs/acks per neighbor while one event is handled;
 * `flushQueues` packs them into as few packets as the MTU allows at the end of the event. LSAs are sent from
 * their stored octets, with LS age increased by InfTransDelay (§13.3 step 5, §14).
 */
import { compareInstances, lsaKey, nbrAtLeast, onRequestList, requestMatch } from './fsm/index.js';
import type { OspfHost } from './host.js';
import { isAsScope, type Neighbor, type OspfInterface } from './iface.js';
import type { LsdbEntry, ReceiveOutcome } from './lsdb.js';
import { MAX_AGE, MAX_SEQUENCE_NUMBER, withAge } from './lsdb.js';
import { type DecodedPacket, encodeLsa } from './packet/index.js';
import type { Lsa, LsaHeader, LsRequestPkt } from './packet/types.js';

/** Delay of the delayed acknowledgement (§13.5: "less than RxmtInterval"); FRR waits one second too. */
const ACK_DELAY_MS = 1000;

export class Flooder {
  /** How many retransmission lists hold each instance (the MaxAge sweep asks). */
  private readonly rxmtRefs = new Map<LsdbEntry, number>();
  /** §13.3 (1b): requests satisfied while flooding, delivered to the neighbor machines per packet. */
  private readonly satisfied = new Map<Neighbor, { ifc: OspfInterface; headers: LsaHeader[] }>();
  /** Interfaces with something queued (floods, direct acks). */
  private readonly dirty = new Set<OspfInterface>();

  constructor(private readonly host: OspfHost) {}

  // ---- §13: receiving an LS Update ----

  receiveUpdate(ifc: OspfInterface, nbr: Neighbor, d: DecodedPacket): void {
    const c = this.host.counters;
    const ctx = { ifname: ifc.name, neighbor: nbr.st.routerId >>> 0 };
    if (!nbrAtLeast(nbr.st.state, 'Exchange')) {
      c.drop('lsu-neighbor-state', `LS Update from a neighbor in ${nbr.st.state}`, ctx);
      return;
    }
    for (const e of d.lsaDrops ?? []) c.drop(`lsa-${e.reason}`, e.detail, ctx);
    const body = d.packet.body;
    if (body.type !== 4) return;
    const raws = d.lsaRaws ?? [];
    const now = this.host.clock.now();
    const fromDr = ifc.broadcast && nbr.st.address === ifc.ifc.dr;
    const backup = ifc.ifc.state === 'Backup';
    for (let i = 0; i < body.lsas.length; i++) {
      const lsa = body.lsas[i]!;
      const h = lsa.header;
      const out =
        this.installRequested(ifc, nbr, lsa, raws[i], now) ??
        this.host.lsdb.receive(ifc.area, lsa, raws[i], now, {
          link: ifc.name,
          exchangeOrLoading: this.host.anyExchangeOrLoading(),
        });
      switch (out.kind) {
        case 'rejected':
          c.drop(`lsa-${out.error.code}`, out.error.detail, ctx);
          break;
        case 'max-age-unknown': // §13 step 4
          this.directAck(ifc, nbr, h);
          break;
        case 'min-ls-arrival': // §13 step 5a: discarded, not acknowledged (the sender retransmits)
          c.drop('lsa-min-ls-arrival', 'a newer instance within MinLSArrival', ctx);
          break;
        case 'installed': {
          // §13 step 5: (c) the old instance leaves every retransmission list, (b) flood, (e) acknowledge.
          if (out.previous) this.dropFromAllRxmt(out.previous);
          const back = this.flood(out.entry, ifc, nbr);
          if (!back && (!backup || fromDr)) this.delayedAck(ifc, h);
          if (out.self) this.host.selfOriginatedReceived(out.entry, out.self);
          break;
        }
        case 'duplicate':
        case 'older': {
          // §13 step 6: the neighbor sent what it listed as newer in the exchange: restart it.
          if (onRequestList(nbr.st, h)) {
            this.deliverSatisfied();
            ifc.nbrEvent(nbr, { type: 'BadLSReq' });
            return;
          }
          if (out.kind === 'older') {
            // §13 step 8: send our newer copy back, directly (not on the retransmission list).
            if (out.sendBack) this.sendTo(ifc, nbr, [out.current]);
            break;
          }
          // §13 step 7: an implied acknowledgement if we were waiting for one, else a direct ack (§13.5).
          if (this.ackedBy(nbr, h)) {
            if (backup && fromDr) this.delayedAck(ifc, h);
          } else this.directAck(ifc, nbr, h);
          break;
        }
      }
    }
    this.deliverSatisfied();
  }

  /**
   * An LSA we asked this neighbor for (§10.9) that is newer than our copy: installed as part of the Database
   * Exchange, not as received by flooding, so the flooded instance that often follows within a second (the
   * neighbor re-originating once the adjacency is up) is not discarded by MinLSArrival (§13 step 5a, which
   * speaks of copies "received via flooding"), which would leave it to the neighbor's retransmission (up to
   * twice RxmtInterval with FRR). Undefined: not a requested newer instance, go the usual §13 way.
   */
  private installRequested(
    ifc: OspfInterface,
    nbr: Neighbor,
    lsa: Lsa,
    raw: Uint8Array | undefined,
    now: number,
  ): ReceiveOutcome | undefined {
    const s = nbr.st.state;
    if (s !== 'Exchange' && s !== 'Loading') return undefined;
    const h = lsa.header;
    const m = requestMatch(nbr.st, h);
    if (m !== 'same' && m !== 'more-recent') return undefined;
    const lsdb = this.host.lsdb;
    const cur = lsdb.lookup(ifc.area, h.type, h.lsid, h.advRouter, ifc.name);
    if (cur && compareInstances(h, cur.header(now)) <= 0) return undefined;
    if ((h.seq | 0) === MAX_SEQUENCE_NUMBER && (cur?.self || h.advRouter >>> 0 === lsdb.routerId)) return undefined;
    const r = lsdb.install(ifc.area, lsa, raw, now, { link: ifc.name, received: false });
    if (!r.ok) return { kind: 'rejected', error: r.error };
    const { entry, previous, spf } = r.value;
    if (!entry.self) return { kind: 'installed', entry, previous, spf };
    // §13.4: one of ours, newer than what we hold (from before a restart): originate above it.
    return { kind: 'installed', entry, previous, spf, self: { kind: 'reoriginate', nextSeq: (entry.seq | 0) + 1 } };
  }

  /** §13.7: LS Acks remove the instances they name from the neighbor's retransmission list. */
  receiveAck(ifc: OspfInterface, nbr: Neighbor, headers: readonly LsaHeader[]): void {
    if (!nbrAtLeast(nbr.st.state, 'Exchange')) {
      this.host.counters.drop('lsack-neighbor-state', `LS Ack from a neighbor in ${nbr.st.state}`, {
        ifname: ifc.name,
      });
      return;
    }
    for (const h of headers) this.ackedBy(nbr, h);
  }

  /** Remove `h` from the neighbor's list when it names the same instance; whether it did. */
  private ackedBy(nbr: Neighbor, h: LsaHeader): boolean {
    const k = lsaKey(h.type, h.lsid, h.advRouter);
    const item = nbr.rxmt.get(k);
    if (!item) return false;
    if (compareInstances(h, item.entry.header(this.host.clock.now())) !== 0) return false;
    this.unlist(nbr, k, item.entry);
    return true;
  }

  // ---- §13.3: flooding ----

  /** The interfaces an LSA floods through (§13.3, RFC 5250 §3 for type 9 and 11). */
  private *scopeInterfaces(e: LsdbEntry): IterableIterator<OspfInterface> {
    for (const ifc of this.host.interfaces()) {
      if (e.type === 9) {
        if (e.link === ifc.name) yield ifc;
      } else if (isAsScope(e.type)) {
        if (!this.host.lsdb.isStub(ifc.area)) yield ifc;
      } else if (ifc.area === e.area) yield ifc;
    }
  }

  /**
   * §13.3: flood `e` (received from `fromNbr` on `fromIfc`, or originated/aged here when absent). Returns
   * whether it went back out of the receiving interface (then no acknowledgement is due, §13.5).
   */
  flood(e: LsdbEntry, fromIfc?: OspfInterface, fromNbr?: Neighbor): boolean {
    const h = e.header(this.host.clock.now());
    let back = false;
    for (const ifc of this.scopeInterfaces(e)) {
      if (!ifc.isUp || ifc.link === undefined) continue;
      let added = false;
      for (const n of ifc.nbrs.values()) {
        const s = n.st.state;
        if (!nbrAtLeast(s, 'Exchange')) continue; // (1a)
        if (s === 'Exchange' || s === 'Loading') {
          // (1b) the neighbor's request list: a less recent instance was requested? keep flooding.
          const m = requestMatch(n.st, h);
          if (m === 'less-recent') continue;
          if (m === 'same' || m === 'more-recent') this.noteSatisfied(ifc, n, h);
          if (m === 'same') continue;
        }
        if (n === fromNbr) continue; // (1c)
        this.list(n, lsaKey(e.type, e.lsid, e.advRouter), e); // (1d)
        added = true;
      }
      if (!added) continue; // (2)
      if (ifc === fromIfc && fromNbr && ifc.broadcast) {
        const a = fromNbr.st.address;
        if (a === ifc.ifc.dr || a === ifc.ifc.bdr) continue; // (3)
      }
      if (ifc === fromIfc && ifc.ifc.state === 'Backup') continue; // (4)
      ifc.floodQueue.set(lsaKey(e.type, e.lsid, e.advRouter), e); // (5)
      this.dirty.add(ifc);
      if (ifc === fromIfc) back = true;
    }
    return back;
  }

  private noteSatisfied(ifc: OspfInterface, n: Neighbor, h: LsaHeader): void {
    let s = this.satisfied.get(n);
    if (!s) {
      s = { ifc, headers: [] };
      this.satisfied.set(n, s);
    }
    s.headers.push(h);
  }

  /** §13.3 (1b): the neighbor machines drop the satisfied requests (and ask for more, or finish Loading). */
  deliverSatisfied(): void {
    if (this.satisfied.size === 0) return;
    const all = [...this.satisfied];
    this.satisfied.clear();
    for (const [n, { ifc, headers }] of all) {
      if (ifc.nbrs.get(n.key) === n) ifc.nbrEvent(n, { type: 'LsaReceivedForRequest', headers });
    }
  }

  // ---- retransmission lists (§13.3 (1d), §13.6) ----

  private list(n: Neighbor, key: string, e: LsdbEntry): void {
    const old = n.rxmt.get(key);
    if (old) this.unref(old.entry);
    n.rxmt.set(key, { entry: e, sentAt: this.host.clock.now() });
    this.rxmtRefs.set(e, (this.rxmtRefs.get(e) ?? 0) + 1);
    this.armRxmt(n);
  }

  private unlist(n: Neighbor, key: string, e: LsdbEntry): void {
    n.rxmt.delete(key);
    this.unref(e);
  }

  private unref(e: LsdbEntry): void {
    const r = (this.rxmtRefs.get(e) ?? 1) - 1;
    if (r <= 0) this.rxmtRefs.delete(e);
    else this.rxmtRefs.set(e, r);
  }

  /** §13 step 5c: the instance being replaced leaves every retransmission list. */
  private dropFromAllRxmt(prev: LsdbEntry): void {
    if (!this.rxmtRefs.has(prev)) return;
    const key = lsaKey(prev.type, prev.lsid, prev.advRouter);
    for (const ifc of this.host.interfaces()) {
      for (const n of ifc.nbrs.values()) if (n.rxmt.get(key)?.entry === prev) this.unlist(n, key, prev);
    }
  }

  /** §10.3: MaxAge LSAs go straight onto the retransmission list at NegotiationDone. */
  addRxmtHeaders(ifc: OspfInterface, n: Neighbor, headers: readonly LsaHeader[]): void {
    for (const h of headers) {
      const e = this.host.lsdb.lookup(ifc.area, h.type, h.lsid, h.advRouter, ifc.name);
      if (e) this.list(n, lsaKey(h.type, h.lsid, h.advRouter), e);
    }
  }

  clearRxmt(n: Neighbor): void {
    for (const item of n.rxmt.values()) this.unref(item.entry);
    n.rxmt.clear();
    n.rxmtTimer?.cancel();
    n.rxmtTimer = undefined;
  }

  /** Is this instance still on some retransmission list (§14: not yet removable at MaxAge)? */
  stillListed(e: LsdbEntry): boolean {
    return this.rxmtRefs.has(e);
  }

  private armRxmt(n: Neighbor, at?: number): void {
    if (n.rxmtTimer) return;
    const ifc = this.ifcOf(n);
    if (!ifc) return;
    const now = this.host.clock.now();
    const when = at ?? now + ifc.spec.rxmtInterval * 1000;
    n.rxmtTimerAt = when;
    n.rxmtTimer = this.host.clock.setTimer(when - now, () =>
      this.host.run(() => {
        n.rxmtTimer = undefined;
        this.retransmit(n);
      }),
    );
  }

  private ifcOf(n: Neighbor): OspfInterface | undefined {
    for (const ifc of this.host.interfaces()) if (ifc.nbrs.get(n.key) === n) return ifc;
    return undefined;
  }

  /** §13.6: resend, directly to the neighbor, every listed LSA not acknowledged within RxmtInterval. */
  private retransmit(n: Neighbor): void {
    const ifc = this.ifcOf(n);
    if (!ifc || n.rxmt.size === 0) return;
    const now = this.host.clock.now();
    const every = ifc.spec.rxmtInterval * 1000;
    const due: LsdbEntry[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [k, item] of n.rxmt) {
      if (!item.entry.current) {
        this.unlist(n, k, item.entry);
        continue;
      }
      if (item.sentAt + every <= now) {
        due.push(item.entry);
        item.sentAt = now;
      }
      next = Math.min(next, item.sentAt + every);
    }
    if (due.length > 0) this.sendTo(ifc, n, due);
    if (n.rxmt.size > 0) this.armRxmt(n, Math.max(next, now + 1));
  }

  // ---- acknowledgements (§13.5) ----

  private directAck(ifc: OspfInterface, n: Neighbor, h: LsaHeader): void {
    n.directAcks.push(h);
    this.dirty.add(ifc);
  }

  private delayedAck(ifc: OspfInterface, h: LsaHeader): void {
    ifc.delayedAcks.push(h);
    if (ifc.ackTimer) return;
    const delay = Math.min(ACK_DELAY_MS, (ifc.spec.rxmtInterval * 1000) / 2);
    ifc.ackTimer = this.host.clock.setTimer(delay, () =>
      this.host.run(() => {
        ifc.ackTimer = undefined;
        const acks = ifc.delayedAcks;
        ifc.delayedAcks = [];
        if (ifc.isUp) this.sendAcks(ifc, acks, ifc.floodDst());
      }),
    );
  }

  private sendAcks(ifc: OspfInterface, headers: readonly LsaHeader[], dst: number): void {
    const per = ifc.ackCapacity();
    for (let i = 0; i < headers.length; i += per) {
      ifc.send({ type: 5, headers: headers.slice(i, i + per) }, dst);
    }
  }

  // ---- sending LSAs ----

  /** §10.7: the LSAs a neighbor requested, in LS Updates sent to it (not put on the retransmission list). */
  sendRequested(ifc: OspfInterface, n: Neighbor, requests: LsRequestPkt['requests']): void {
    const out: LsdbEntry[] = [];
    for (const r of requests) {
      const e = this.host.lsdb.lookup(ifc.area, r.type, r.lsid, r.advRouter, ifc.name);
      if (e) out.push(e);
    }
    this.sendTo(ifc, n, out);
  }

  private sendTo(ifc: OspfInterface, n: Neighbor, entries: readonly LsdbEntry[]): void {
    this.sendEntries(ifc, entries, ifc.dstOf(n));
  }

  /** Pack LSAs into LS Updates that fit the MTU (one LSA larger than that goes alone, fragmented by IP). */
  private sendEntries(ifc: OspfInterface, entries: readonly LsdbEntry[], dst: number): void {
    const now = this.host.clock.now();
    const room = ifc.lsuRoom();
    let batch: Uint8Array[] = [];
    let size = 0;
    for (const e of entries) {
      const raw = this.aged(e, now, ifc.spec.transmitDelay);
      if (batch.length > 0 && size + raw.length > room) {
        ifc.sendRawUpdate(batch, dst);
        batch = [];
        size = 0;
      }
      batch.push(raw);
      size += raw.length;
    }
    if (batch.length > 0) ifc.sendRawUpdate(batch, dst);
  }

  /** §13.3 step 5: the stored octets with LS age = current age + InfTransDelay (MaxAge at most). */
  private aged(e: LsdbEntry, now: number, transmitDelay: number): Uint8Array {
    const raw = e.raw ?? encodeLsa(e.lsa);
    const age = e.isMaxAge(now) ? MAX_AGE : Math.min(MAX_AGE, e.ageAt(now) + transmitDelay);
    return withAge(raw, age);
  }

  /** End of an event: send the queued floods and direct acknowledgements. */
  flushQueues(): void {
    if (this.dirty.size === 0) return;
    const ifcs = [...this.dirty];
    this.dirty.clear();
    for (const ifc of ifcs) {
      if (!ifc.isUp) {
        ifc.floodQueue.clear();
        continue;
      }
      if (ifc.floodQueue.size > 0) {
        const entries = [...ifc.floodQueue.values()].filter((e) => e.current);
        ifc.floodQueue.clear();
        this.sendEntries(ifc, entries, ifc.floodDst());
      }
      for (const n of ifc.nbrs.values()) {
        if (n.directAcks.length === 0) continue;
        const acks = n.directAcks;
        n.directAcks = [];
        this.sendAcks(ifc, acks, ifc.dstOf(n));
      }
    }
  }
}
