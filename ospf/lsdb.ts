/**
 * The OSPFv2 link-state database (RFC 2328 §12, §13, §14; opaque LSA scopes from RFC 5250).
 *
 * Scopes: per area for types 1-4 and 10, per (area, interface) for type 9, AS-wide for types 5 and 11.
 * Each scope stores LSAs in nested Maps keyed by numbers (see `lsdb/table.ts`).
 *
 * What lives here, and what the flooding code does with it:
 *   - `receive` runs the database part of §13 steps 4, 5a, 5d, 5f, 7 and 8 for one received LSA and says what
 *     to do (flood and acknowledge, discard, send our copy back). Request lists and acknowledgements are the
 *     caller's (steps 5b, 5c, 5e, 6).
 *   - `install` is §13.2: it replaces the instance, tells whether the contents changed and which SPF to run.
 *   - Aging (§14) is computed from the clock. `poll(now)` returns what fell due (refresh of our LSAs at
 *     LSRefreshTime, LSAs reaching MaxAge, §12.1.6 wrap timeouts) and `nextDeadline()` when to call again.
 *   - MaxAge LSAs stay until the flooding code says no neighbor needs them (`removeMaxAge`, `sweepMaxAge`).
 *   - Our own LSAs: `planOrigination` (MinLSInterval, sequence numbers, the §12.1.6 wrap), `originate`,
 *     `flush` (§14.1 premature aging). An arriving newer instance of our own LSA is reported (§13.4).
 *
 * Hostile input: a router-LSA whose LSID is not its advertising router is refused (§12.4.1), a body that does
 * not match its LS type is refused, and the database has a size limit: a new LSA beyond it is refused with
 * an error value (our own LSAs are always accepted, they are bounded by our configuration).
 * A peer flooding MaxSequenceNumber copies of our LSA cannot freeze it (the CVE-2017-3224 class): the wrap
 * procedure waits for the flush at most `wrapTimeoutMs` from its first start, then originates anyway.
 */
import { err, ok, type Result } from '../lib/result.js';
import { compareLsaInstances, lsaContentsDiffer, withAge } from './lsdb/compare.js';
import {
  INITIAL_SEQUENCE_NUMBER,
  LS_REFRESH_TIME,
  MAX_AGE,
  MAX_SEQUENCE_NUMBER,
  MIN_LS_ARRIVAL_MS,
  MIN_LS_INTERVAL_MS,
} from './lsdb/constants.js';
import { type Deadline, DeadlineHeap } from './lsdb/deadlines.js';
import { AS_SCOPE, LsdbEntry } from './lsdb/entry.js';
import { ScopeTable, type TypeTable } from './lsdb/table.js';
import type { Lsa, LsaType } from './packet/types.js';

export { compareLsaInstances, type InstanceComparison, lsaContentsDiffer, withAge } from './lsdb/compare.js';
export * from './lsdb/constants.js';
export { AS_SCOPE, LsdbEntry, type WrapState } from './lsdb/entry.js';
export type { TypeTable } from './lsdb/table.js';

export interface LsdbOptions {
  /** Our router ID: LSAs it advertises are self-originated (§13.4). */
  routerId: number;
  /** Most LSAs held (all scopes); new LSAs beyond are refused. Default 100 000. */
  maxLsas?: number;
  /** Is this one of our interface addresses (a network-LSA with that LSID is ours, §13.4)? */
  isOwnAddress?: (addr: number) => boolean;
  /** §12.1.6 wrap: how long to wait for the MaxAge flush before originating anyway. Default 60 s. */
  wrapTimeoutMs?: number;
}

export interface AreaCfg {
  /** Stub area: AS-external-LSAs (and type 11) are not accepted (§3.6, RFC 5250 §3). */
  stub?: boolean;
}

/** Which SPF an install requires: §16 full (router/network), §16.5 summaries, §16.6 externals. */
export type SpfTrigger = 'none' | 'full' | 'summary' | 'external';

export interface SpfPending {
  /** Areas whose router- or network-LSAs changed. */
  full: Set<number>;
  /** Areas whose summary-LSAs changed. */
  summary: Set<number>;
  external: boolean;
}

export type LsdbErrorCode =
  | 'router-lsid-mismatch'
  | 'body-mismatch'
  | 'lsdb-full'
  | 'unknown-area'
  | 'external-in-stub';

export interface LsdbError {
  code: LsdbErrorCode;
  detail: string;
}

export interface InstallOutcome {
  entry: LsdbEntry;
  previous: LsdbEntry | undefined;
  /** §13.2: the contents differ from the previous instance (or there was none). */
  changed: boolean;
  spf: SpfTrigger;
}

/** §13.4: what an arriving newer instance of our own LSA asks of the originator. */
export type SelfOriginatedAction =
  /** Originate again (`planOrigination` gives seq + 1), or `flush` the entry if we no longer originate it. */
  | { kind: 'reoriginate'; nextSeq: number }
  /** It carried MaxSequenceNumber: the entry was flushed (flood it); an 'originate' event follows (§12.1.6). */
  | { kind: 'wrap' };

export type ReceiveOutcome =
  /** §13 step 5: installed; flood `entry`, acknowledge. */
  | {
      kind: 'installed';
      entry: LsdbEntry;
      previous: LsdbEntry | undefined;
      spf: SpfTrigger;
      self?: SelfOriginatedAction;
    }
  | { kind: 'rejected'; error: LsdbError }
  /** §13 step 4: MaxAge, no database copy, no neighbor exchanging: acknowledge and discard. */
  | { kind: 'max-age-unknown' }
  /** §13 step 5a: a newer instance within MinLSArrival of the previous: discard without acknowledging. */
  | { kind: 'min-ls-arrival'; current: LsdbEntry }
  /** §13 step 7: the same instance (implied acknowledgement, or a direct one). */
  | { kind: 'duplicate'; current: LsdbEntry }
  /** §13 step 8: ours is newer; send `current` back when `sendBack` (not when wrapping, not within MinLSArrival). */
  | { kind: 'older'; current: LsdbEntry; sendBack: boolean };

export interface LsaRef {
  area: number;
  link: string | undefined;
  type: LsaType;
  lsid: number;
}

export type LsdbEvent =
  /** §12.4: our LSA reached LSRefreshTime: originate a new instance. */
  | { kind: 'refresh'; entry: LsdbEntry }
  /** §14: the LSA reached MaxAge: flood it; `removeMaxAge` once no neighbor needs it. */
  | { kind: 'max-age'; entry: LsdbEntry }
  /** §12.1.6: the wrap flush finished (or timed out): originate `ref` with InitialSequenceNumber. */
  | { kind: 'originate'; ref: LsaRef; reason: 'seq-wrap' | 'seq-wrap-timeout' };

export type OriginationPlan =
  | { kind: 'now'; seq: number }
  /** §12.4 MinLSInterval: not before `at`. */
  | { kind: 'defer'; at: number }
  /** §12.1.6: our instance had MaxSequenceNumber and was flushed; flood `flushed`, wait for 'originate'. */
  | { kind: 'wrap'; flushed: LsdbEntry }
  /** A wrap is under way; an 'originate' event comes by `deadline`. */
  | { kind: 'wait-wrap'; deadline: number };

interface AreaState {
  cfg: AreaCfg;
  table: ScopeTable;
  links: Map<string, ScopeTable>;
}

const BODY_OF_TYPE: Record<LsaType, Lsa['body']['kind']> = {
  1: 'router',
  2: 'network',
  3: 'summary',
  4: 'summary',
  5: 'external',
  6: 'opaque',
  7: 'opaque',
  8: 'opaque',
  9: 'opaque',
  10: 'opaque',
  11: 'opaque',
};

/** AS-wide flooding scope: AS-external (5), external-attributes (8, RFC 1745) and AS-scope opaque (11). */
const isAsScope = (type: number): boolean => type === 5 || type === 8 || type === 11;

export class Lsdb {
  readonly routerId: number;
  private readonly maxLsas: number;
  private readonly isOwnAddress: ((addr: number) => boolean) | undefined;
  private readonly wrapTimeoutMs: number;
  private readonly areas = new Map<number, AreaState>();
  private readonly asTable = new ScopeTable();
  private readonly deadlines = new DeadlineHeap();
  private readonly maxAgeSet = new Set<LsdbEntry>();
  private pending: SpfPending = { full: new Set(), summary: new Set(), external: false };
  private total = 0;

  constructor(opts: LsdbOptions) {
    this.routerId = opts.routerId >>> 0;
    this.maxLsas = opts.maxLsas ?? 100_000;
    this.isOwnAddress = opts.isOwnAddress;
    this.wrapTimeoutMs = opts.wrapTimeoutMs ?? 60_000;
  }

  // ---- areas ----

  addArea(area: number, cfg: AreaCfg = {}): void {
    const a = this.areas.get(area);
    if (a) a.cfg = cfg;
    else this.areas.set(area, { cfg, table: new ScopeTable(), links: new Map() });
  }

  hasArea(area: number): boolean {
    return this.areas.has(area);
  }

  areaIds(): number[] {
    return [...this.areas.keys()];
  }

  isStub(area: number): boolean {
    return this.areas.get(area)?.cfg.stub === true;
  }

  /** Drop an area and every LSA in it (configuration change). Returns how many LSAs went. */
  removeArea(area: number): number {
    const a = this.areas.get(area);
    if (!a) return 0;
    let n = 0;
    for (const t of [a.table, ...a.links.values()]) {
      for (const e of t.entries()) {
        this.forget(e);
        n++;
      }
    }
    this.areas.delete(area);
    this.total -= n;
    this.pending.full.add(area);
    return n;
  }

  /** Drop the type-9 LSAs of one interface (it left the area or went down). */
  removeLink(area: number, link: string): number {
    const t = this.areas.get(area)?.links.get(link);
    if (!t) return 0;
    let n = 0;
    for (const e of t.entries()) {
      this.forget(e);
      n++;
    }
    this.areas.get(area)?.links.delete(link);
    this.total -= n;
    return n;
  }

  private forget(e: LsdbEntry): void {
    e.current = false;
    if (e.inMaxAgeSet) {
      e.inMaxAgeSet = false;
      this.maxAgeSet.delete(e);
    }
  }

  // ---- lookup and iteration ----

  /** The scope table an LSA of `type` received in `area` (on `link`, for type 9) belongs to. */
  private scope(type: number, area: number, link: string | undefined, create: boolean): ScopeTable | undefined {
    if (isAsScope(type)) return this.asTable;
    const a = this.areas.get(area);
    if (!a) return undefined;
    if (type !== 9) return a.table;
    if (link === undefined) throw new Error('type-9 (link-local) LSAs need the interface');
    let t = a.links.get(link);
    if (!t && create) {
      t = new ScopeTable();
      a.links.set(link, t);
    }
    return t;
  }

  lookup(area: number, type: LsaType, lsid: number, advRouter: number, link?: string): LsdbEntry | undefined {
    return this.scope(type, area, link, false)?.get(type, lsid, advRouter);
  }

  /**
   * The raw table of one LS type, advertising router -> Link State ID -> entry (read-only; SPF walks it
   * without iterator overhead). `area` is ignored for AS-scope types.
   */
  typeTable(area: number, type: Exclude<LsaType, 9>): TypeTable | undefined {
    return this.scope(type, area, undefined, false)?.ofType(type);
  }

  /** Every LSA of one type (all types when omitted) in a scope. */
  *entries(area: number, type?: LsaType, link?: string): IterableIterator<LsdbEntry> {
    if (type !== undefined) {
      const t = this.scope(type, area, link, false);
      if (t) yield* t.entries(type);
      return;
    }
    const a = this.areas.get(area);
    if (a) yield* a.table.entries();
  }

  /**
   * §10.3: the LSAs a neighbor on `link` in `area` is told about in Database Description packets: the area's,
   * the link's type-9 ones, and the AS-scope ones unless the area is a stub. MaxAge entries are included
   * (the caller puts them on the retransmission list instead, §10.3).
   */
  *dbSummary(area: number, link?: string): IterableIterator<LsdbEntry> {
    const a = this.areas.get(area);
    if (!a) return;
    yield* a.table.entries();
    if (link !== undefined) {
      const lt = a.links.get(link);
      if (lt) yield* lt.entries();
    }
    if (!a.cfg.stub) yield* this.asTable.entries();
  }

  get size(): number {
    return this.total;
  }

  /** LSA counts by type over every scope (metrics). */
  countByType(): Record<LsaType, number> {
    const c = new Int32Array(12);
    const add = (t: ScopeTable) => {
      for (let i = 1; i < 12; i++) c[i]! += t.counts[i]!;
    };
    add(this.asTable);
    for (const a of this.areas.values()) {
      add(a.table);
      for (const l of a.links.values()) add(l);
    }
    return {
      1: c[1]!,
      2: c[2]!,
      3: c[3]!,
      4: c[4]!,
      5: c[5]!,
      6: c[6]!,
      7: c[7]!,
      8: c[8]!,
      9: c[9]!,
      10: c[10]!,
      11: c[11]!,
    };
  }

  /** LSA counts by type in one area (types 1-4, 9, 10). */
  areaCountByType(area: number): Record<LsaType, number> {
    const a = this.areas.get(area);
    const c = new Int32Array(12);
    if (a) {
      for (let i = 1; i < 12; i++) c[i] = a.table.counts[i]!;
      for (const l of a.links.values()) c[9]! += l.counts[9]!;
    }
    return { 1: c[1]!, 2: c[2]!, 3: c[3]!, 4: c[4]!, 5: 0, 6: c[6]!, 7: c[7]!, 8: 0, 9: c[9]!, 10: c[10]!, 11: 0 };
  }

  /** The pending SPF work accumulated by installs and aging since the last call, if any. */
  takeSpfPending(): SpfPending | undefined {
    const p = this.pending;
    if (p.full.size === 0 && p.summary.size === 0 && !p.external) return undefined;
    this.pending = { full: new Set(), summary: new Set(), external: false };
    return p;
  }

  // ---- installing (§13, §13.2) ----

  private validate(area: number, lsa: Lsa, link: string | undefined): LsdbError | undefined {
    const h = lsa.header;
    if (BODY_OF_TYPE[h.type] !== lsa.body.kind)
      return { code: 'body-mismatch', detail: `LS type ${h.type} with a ${lsa.body.kind} body` };
    // §12.4.1: a router-LSA's Link State ID is its originator's router ID.
    if (h.type === 1 && h.lsid >>> 0 !== h.advRouter >>> 0)
      return { code: 'router-lsid-mismatch', detail: `router-LSA LSID ${h.lsid >>> 0} from ${h.advRouter >>> 0}` };
    const a = this.areas.get(area);
    if (!a) return { code: 'unknown-area', detail: `area ${area >>> 0} is not configured` };
    // §3.6: AS-external-LSAs are not flooded into stub areas; RFC 5250 §3 the same for type 11.
    if (isAsScope(h.type) && a.cfg.stub)
      return { code: 'external-in-stub', detail: `LS type ${h.type} received in stub area ${area >>> 0}` };
    if (h.type === 9 && link === undefined) throw new Error('type-9 (link-local) LSAs need the interface');
    return undefined;
  }

  private isSelf(lsa: Lsa): boolean {
    const h = lsa.header;
    if (h.advRouter >>> 0 === this.routerId) return true;
    return h.type === 2 && this.isOwnAddress?.(h.lsid >>> 0) === true;
  }

  /**
   * §13.2: install `lsa` as the current instance, unconditionally (the caller decided it is newer; DD and
   * tests use it directly). `received`: it came by flooding (MinLSArrival applies to it).
   */
  install(
    area: number,
    lsa: Lsa,
    raw: Uint8Array | undefined,
    now: number,
    opts: { link?: string; received?: boolean } = {},
  ): Result<InstallOutcome, LsdbError> {
    const bad = this.validate(area, lsa, opts.link);
    if (bad) return err(bad);
    return this.put(area, lsa, raw, now, opts.link, opts.received ?? true, false);
  }

  private put(
    area: number,
    lsa: Lsa,
    raw: Uint8Array | undefined,
    now: number,
    link: string | undefined,
    received: boolean,
    originated: boolean,
  ): Result<InstallOutcome, LsdbError> {
    const h = lsa.header;
    const table = this.scope(h.type, area, link, true)!;
    const prev = table.get(h.type, h.lsid, h.advRouter);
    const self = originated || this.isSelf(lsa);
    if (!prev && !self && this.total >= this.maxLsas)
      return err({ code: 'lsdb-full', detail: `the database holds its limit of ${this.maxLsas} LSAs` });
    const scopeArea = isAsScope(h.type) ? AS_SCOPE : area;
    const entry = new LsdbEntry(
      lsa,
      raw,
      scopeArea,
      h.type === 9 ? link : undefined,
      now,
      received ? now : undefined,
      self,
      originated ? now : prev?.originatedAt,
    );
    table.set(entry);
    if (prev) this.forget(prev);
    else this.total++;
    if (!originated && prev?.wrap) this.carryWrap(prev, entry);
    this.schedule(entry, now, originated);
    const changed = !prev || lsaContentsDiffer(prev.lsa, prev.raw, prev.ageAt(now), lsa, raw, entry.ageAt(now));
    const spf = changed ? this.noteChange(h.type, area) : 'none';
    return ok({ entry, previous: prev, changed, spf });
  }

  private carryWrap(prev: LsdbEntry, entry: LsdbEntry): void {
    // The wrap deadline runs from the first start: a peer re-sending copies must not push it back.
    entry.wrap = prev.wrap;
    if (prev.wrap?.phase === 'flushing') this.deadlines.push({ at: prev.wrap.deadline, entry, kind: 'wrap' });
  }

  private schedule(entry: LsdbEntry, now: number, originated: boolean): void {
    // Lazy deletion leaves one stale item per replaced instance: compact once they outnumber live LSAs.
    if (this.deadlines.length > 2 * this.total + 1024) this.deadlines.compact((d) => d.entry.current);
    if (entry.isMaxAge(now)) {
      entry.inMaxAgeSet = true;
      this.maxAgeSet.add(entry);
      return;
    }
    const a0 = entry.lsa.header.age;
    if (originated && a0 < LS_REFRESH_TIME)
      this.deadlines.push({ at: entry.installedAt + (LS_REFRESH_TIME - a0) * 1000, entry, kind: 'refresh' });
    else this.deadlines.push({ at: entry.maxAgeAt(), entry, kind: 'max-age' });
  }

  private noteChange(type: number, area: number): SpfTrigger {
    if (type === 1 || type === 2) {
      this.pending.full.add(area);
      return 'full';
    }
    if (type === 3 || type === 4) {
      this.pending.summary.add(area);
      return 'summary';
    }
    if (type === 5) {
      this.pending.external = true;
      return 'external';
    }
    return 'none';
  }

  /** §13 step 5a: may a newer instance replace `current` now? (Only copies received by flooding are held.) */
  minLsArrivalPassed(current: LsdbEntry, now: number): boolean {
    return current.receivedAt === undefined || now - current.receivedAt >= MIN_LS_ARRIVAL_MS;
  }

  /**
   * The database part of §13 for one LSA received in `area` (on interface `link`). `exchangeOrLoading`: some
   * neighbor is in state Exchange or Loading (§13 step 4).
   */
  receive(
    area: number,
    lsa: Lsa,
    raw: Uint8Array | undefined,
    now: number,
    opts: { link?: string; exchangeOrLoading?: boolean } = {},
  ): ReceiveOutcome {
    const bad = this.validate(area, lsa, opts.link);
    if (bad) return { kind: 'rejected', error: bad };
    const h = lsa.header;
    const cur = this.scope(h.type, area, opts.link, false)?.get(h.type, h.lsid, h.advRouter);
    if (!cur && h.age >= MAX_AGE && !opts.exchangeOrLoading) return { kind: 'max-age-unknown' };
    const cmp = cur
      ? compareLsaInstances(h, { seq: cur.seq, checksum: cur.lsa.header.checksum, age: cur.ageAt(now) })
      : undefined;
    if (!cur || cmp?.newer === 'a') {
      if (cur && !this.minLsArrivalPassed(cur, now)) return { kind: 'min-ls-arrival', current: cur };
      const r = this.put(area, lsa, raw, now, opts.link, true, false);
      if (!r.ok) return { kind: 'rejected', error: r.error };
      return this.afterInstall(r.value, now);
    }
    if (cmp?.newer === 'same') return { kind: 'duplicate', current: cur };
    return { kind: 'older', current: cur, sendBack: this.sendBack(cur, now) };
  }

  private afterInstall(r: InstallOutcome, now: number): ReceiveOutcome {
    const { entry, previous, spf } = r;
    if (!entry.self) return { kind: 'installed', entry, previous, spf };
    // §13.4: a newer instance of our own LSA. With MaxSequenceNumber it cannot be outdone: wrap (§12.1.6).
    if ((entry.seq | 0) === MAX_SEQUENCE_NUMBER) {
      const flushed = this.startWrap(entry, now);
      return { kind: 'installed', entry: flushed, previous, spf, self: { kind: 'wrap' } };
    }
    return { kind: 'installed', entry, previous, spf, self: { kind: 'reoriginate', nextSeq: (entry.seq | 0) + 1 } };
  }

  private sendBack(cur: LsdbEntry, now: number): boolean {
    // §13 step 8: a MaxAge copy with MaxSequenceNumber is being wrapped: discard without acknowledging.
    if (cur.isMaxAge(now) && (cur.seq | 0) === MAX_SEQUENCE_NUMBER) return false;
    if (cur.sentBackAt !== undefined && now - cur.sentBackAt < MIN_LS_ARRIVAL_MS) return false;
    cur.sentBackAt = now;
    return true;
  }

  // ---- our own LSAs (§12.4, §12.1.6, §14.1) ----

  /** When, and with which sequence number, may we originate (type, lsid) in this scope next? */
  planOrigination(area: number, type: LsaType, lsid: number, now: number, link?: string): OriginationPlan {
    const cur = this.lookup(area, type, lsid, this.routerId, link);
    if (!cur) return { kind: 'now', seq: INITIAL_SEQUENCE_NUMBER };
    if (cur.wrap?.phase === 'flushing') return { kind: 'wait-wrap', deadline: cur.wrap.deadline };
    if (cur.originatedAt !== undefined && now - cur.originatedAt < MIN_LS_INTERVAL_MS)
      return { kind: 'defer', at: cur.originatedAt + MIN_LS_INTERVAL_MS };
    if (cur.wrap?.phase === 'ready') return { kind: 'now', seq: INITIAL_SEQUENCE_NUMBER };
    if ((cur.seq | 0) === MAX_SEQUENCE_NUMBER) return { kind: 'wrap', flushed: this.startWrap(cur, now) };
    return { kind: 'now', seq: (cur.seq | 0) + 1 };
  }

  /** §12.1.6: flush the instance at MaxAge; originate again when it is gone or at the wrap deadline. */
  private startWrap(cur: LsdbEntry, now: number): LsdbEntry {
    const wrap = cur.wrap ?? { phase: 'flushing', deadline: now + this.wrapTimeoutMs };
    const flushed = cur.isMaxAge(now) ? cur : this.flush(cur, now);
    if (flushed.wrap !== wrap) {
      flushed.wrap = wrap;
      if (wrap.phase === 'flushing') this.deadlines.push({ at: wrap.deadline, entry: flushed, kind: 'wrap' });
    }
    return flushed;
  }

  /**
   * Install an instance we originated (age 0, sequence number from `planOrigination`). It replaces any
   * copy, newer or not: ours is authoritative. Refresh is scheduled at LSRefreshTime (§12.4).
   */
  originate(
    area: number,
    lsa: Lsa,
    raw: Uint8Array | undefined,
    now: number,
    link?: string,
  ): Result<InstallOutcome, LsdbError> {
    if (lsa.header.advRouter >>> 0 !== this.routerId) throw new Error('originate: advertising router is not us');
    const bad = this.validate(area, lsa, link);
    if (bad) return err(bad);
    return this.put(area, lsa, raw, now, link, false, true);
  }

  /** §14.1 premature aging: replace our LSA by a MaxAge copy; flood the returned entry. */
  flush(entry: LsdbEntry, now: number): LsdbEntry {
    if (!entry.current) throw new Error('flush: not the current instance');
    const lsa: Lsa = { header: { ...entry.lsa.header, age: MAX_AGE }, body: entry.lsa.body };
    const raw = entry.raw && withAge(entry.raw, MAX_AGE);
    // For AS-scope LSAs `entry.area` is AS_SCOPE, which `put` does not need: the LS type picks the table.
    const r = this.put(entry.area, lsa, raw, now, entry.link, entry.receivedAt !== undefined, false);
    if (!r.ok) throw new Error(`flush: ${r.error.detail}`); // a replacement never hits the size limit
    const flushed = r.value.entry;
    flushed.originatedAt = entry.originatedAt;
    return flushed;
  }

  // ---- aging and MaxAge removal (§14) ----

  /** Clock ms of the next `poll` that can return something, if any. */
  nextDeadline(): number | undefined {
    for (;;) {
      const d = this.deadlines.peek();
      if (!d || d.entry.current) return d?.at;
      this.deadlines.pop();
    }
  }

  /** Everything that fell due by `now`, in deadline order. */
  poll(now: number): LsdbEvent[] {
    const out: LsdbEvent[] = [];
    for (;;) {
      const d = this.deadlines.peek();
      if (!d || d.at > now) break;
      this.deadlines.pop();
      if (d.entry.current) this.fire(d, now, out);
    }
    return out;
  }

  private fire(d: Deadline, now: number, out: LsdbEvent[]): void {
    const e = d.entry;
    if (d.kind === 'refresh') {
      out.push({ kind: 'refresh', entry: e });
      this.deadlines.push({ at: e.maxAgeAt(), entry: e, kind: 'max-age' });
    } else if (d.kind === 'max-age') {
      if (e.inMaxAgeSet || !e.isMaxAge(now)) return;
      e.inMaxAgeSet = true;
      this.maxAgeSet.add(e);
      this.noteChange(e.type, e.area);
      out.push({ kind: 'max-age', entry: e });
    } else if (e.wrap?.phase === 'flushing' && e.wrap.deadline <= now) {
      e.wrap.phase = 'ready';
      out.push({ kind: 'originate', ref: refOf(e), reason: 'seq-wrap-timeout' });
    }
  }

  /** LSAs at MaxAge waiting to leave the database (known as such at the last `poll` or install). */
  maxAgeEntries(): IterableIterator<LsdbEntry> {
    return this.maxAgeSet.values();
  }

  /**
   * §14: remove a MaxAge LSA once it is on no retransmission list and no neighbor is in Exchange or
   * Loading (the caller knows). Returns whether it went, and the origination a finished wrap asks for.
   */
  removeMaxAge(entry: LsdbEntry, now: number): { removed: boolean; event: LsdbEvent | undefined } {
    if (!entry.current || !entry.isMaxAge(now)) return { removed: false, event: undefined };
    const h = entry.lsa.header;
    const table = this.scope(h.type, entry.area, entry.link, false);
    if (!table?.delete(entry)) return { removed: false, event: undefined };
    this.forget(entry);
    this.total--;
    const event: LsdbEvent | undefined =
      entry.wrap?.phase === 'flushing' ? { kind: 'originate', ref: refOf(entry), reason: 'seq-wrap' } : undefined;
    return { removed: true, event };
  }

  /** Remove every MaxAge LSA that `stillNeeded` does not hold back; returns the removed ones and events. */
  sweepMaxAge(now: number, stillNeeded: (e: LsdbEntry) => boolean): { removed: LsdbEntry[]; events: LsdbEvent[] } {
    const removed: LsdbEntry[] = [];
    const events: LsdbEvent[] = [];
    for (const e of [...this.maxAgeSet]) {
      if (stillNeeded(e)) continue;
      const r = this.removeMaxAge(e, now);
      if (r.removed) removed.push(e);
      if (r.event) events.push(r.event);
    }
    return { removed, events };
  }
}

function refOf(e: LsdbEntry): LsaRef {
  return { area: e.area, link: e.link, type: e.lsa.header.type, lsid: e.lsid };
}
