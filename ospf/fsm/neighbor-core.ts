/**
 * The shared steps of the neighbor state machine (RFC 2328 §10.3, §10.4, §10.8, §10.9): the step context,
 * timers, the adjacency decision, the transitions that several events share (entering ExStart, restarting
 * the exchange, NegotiationDone, ExchangeDone, tearing an adjacency down) and building our DD and LS Request
 * packets. `neighbor.ts` holds the table; `exchange.ts` the packet events.
 */
import type { DbDescPkt, LsaHeader } from '../packet/types.js';
import { LsRequestList } from './request-list.js';
import {
  DD_I,
  DD_M,
  DD_MS,
  ddCapacity,
  type ExchangeErrorReason,
  type IfCfg,
  type IfState,
  lsrCapacity,
  MAX_AGE,
  NBR_TIMER_BIT,
  type NbrAction,
  type NbrEnv,
  type NbrState,
  type NbrTimerName,
  type NbrView,
  nbrAtLeast,
  secs,
} from './types.js';

export type Draft = { -readonly [K in keyof NbrState]: NbrState[K] };

export interface Ctx {
  n: Draft;
  acts: NbrAction[];
  env: NbrEnv;
}

export function startTimer(c: Ctx, timer: NbrTimerName, ms: number): void {
  c.n.timers |= NBR_TIMER_BIT[timer];
  c.acts.push({ type: 'startTimer', timer, ms });
}

export function stopTimer(c: Ctx, timer: NbrTimerName): void {
  if ((c.n.timers & NBR_TIMER_BIT[timer]) === 0) return;
  c.n.timers &= ~NBR_TIMER_BIT[timer];
  c.acts.push({ type: 'stopTimer', timer });
}

export function running(c: Ctx, timer: NbrTimerName): boolean {
  return (c.n.timers & NBR_TIMER_BIT[timer]) !== 0;
}

/** A timer that fired is no longer running (nothing to stop). */
export function fired(c: Ctx, timer: NbrTimerName): void {
  c.n.timers &= ~NBR_TIMER_BIT[timer];
}

/**
 * §10.4: should an adjacency be formed with this neighbor? On point-to-point links always; on broadcast
 * networks when this router or the neighbor is the DR or the BDR (the interface's current values).
 */
export function shouldBeAdjacent(cfg: IfCfg, ifc: Pick<IfState, 'dr' | 'bdr'>, nbr: Pick<NbrView, 'address'>): boolean {
  if (cfg.passive === true) return false;
  if (cfg.type === 'pointToPoint') return true;
  const isDrOrBdr = (a: number): boolean => a !== 0 && (a === ifc.dr || a === ifc.bdr);
  return isDrOrBdr(cfg.address) || isDrOrBdr(nbr.address);
}

export function adjacencyWanted(c: Ctx): boolean {
  return shouldBeAdjacent(c.env.cfg, c.env.ifc, c.n);
}

/**
 * §10.3 (Init, 2-WayReceived; 2-Way, AdjOK?; SeqNumberMismatch; BadLSReq): "increment the DD sequence number
 * in the neighbor data structure. If this is the first time that an adjacency has been attempted, the DD
 * sequence number should be assigned some unique value" (we draw it from the injected random source). We
 * declare ourselves master and send empty DDs with I, M and MS set, retransmitted every RxmtInterval.
 */
export function enterExStart(c: Ctx): void {
  const n = c.n;
  n.ddSeq = n.ddSeq === undefined ? Math.floor(c.env.random() * 0x100000000) >>> 0 : (n.ddSeq + 1) >>> 0;
  n.master = true;
  n.lastRecvDd = undefined;
  n.state = 'ExStart';
  const pkt: DbDescPkt = {
    type: 2,
    mtu: c.env.cfg.mtu,
    options: c.env.cfg.options,
    flags: DD_I | DD_M | DD_MS,
    seq: n.ddSeq,
    headers: [],
  };
  n.lastSentDd = pkt;
  c.acts.push({ type: 'sendDd', pkt });
  startTimer(c, 'DdRxmt', secs(c.env.cfg.rxmtInterval));
}

/** Init / 2-WayReceived (§10.3): "Determine whether an adjacency should be established". */
export function decideAdjacency(c: Ctx): void {
  if (adjacencyWanted(c)) enterExStart(c);
  else c.n.state = '2-Way';
}

/**
 * §10.3: "the Link state retransmission list, Database summary list and Link state request list are cleared
 * of LSAs". The retransmission list belongs to flooding: it is told only when this neighbor could have one
 * (Exchange or higher, §13.3).
 */
export function clearLists(c: Ctx): void {
  if (nbrAtLeast(c.n.state, 'Exchange')) c.acts.push({ type: 'clearRetransmissionList' });
  c.n.summary = [];
  c.n.summaryPos = 0;
  if (c.n.requests.size > 0 || c.n.requests.outstanding > 0) c.n.requests = new LsRequestList();
}

/** Leave the adjacency (or what was started of it) for a lower state: lists cleared, exchange timers off. */
export function dropAdjacency(c: Ctx, to: 'Down' | 'Init' | '2-Way'): void {
  clearLists(c);
  stopTimer(c, 'DdRxmt');
  stopTimer(c, 'LsrRxmt');
  c.n.lastSentDd = undefined;
  c.n.lastRecvDd = undefined;
  c.n.state = to;
}

/** Exchange or greater, SeqNumberMismatch / BadLSReq (§10.3): clear the lists and start over in ExStart. */
export function restartExchange(c: Ctx, cause: 'SeqNumberMismatch' | 'BadLSReq', reason: ExchangeErrorReason): void {
  c.acts.push({ type: 'exchangeRestart', cause, reason });
  clearLists(c);
  stopTimer(c, 'LsrRxmt');
  enterExStart(c);
}

/**
 * ExStart, NegotiationDone (§10.3): record the neighbor's Options, list the database in the Database summary
 * list; "any LSAs with age equal to MaxAge are instead added to the neighbor's Link state retransmission list".
 * A slave sends DDs only in answer to the master's, so it stops retransmitting.
 */
export function negotiationDone(c: Ctx, options: number): void {
  c.n.options = options;
  c.n.state = 'Exchange';
  const live: LsaHeader[] = [];
  const aged: LsaHeader[] = [];
  for (const h of c.env.db.summary()) (h.age >= MAX_AGE ? aged : live).push(h);
  if (aged.length > 0) c.acts.push({ type: 'addToRetransmissionList', headers: aged });
  c.n.summary = live;
  c.n.summaryPos = 0;
  if (!c.n.master) stopTimer(c, 'DdRxmt');
}

/** Exchange, ExchangeDone (§10.3): Full when nothing is left to request, Loading otherwise. */
export function exchangeDone(c: Ctx): void {
  stopTimer(c, 'DdRxmt');
  if (c.n.requests.size === 0) {
    stopTimer(c, 'LsrRxmt');
    c.n.state = 'Full';
  } else {
    c.n.state = 'Loading';
  }
}

/**
 * §10.8: the next DD of the exchange: as many summary headers as fit the interface MTU; M set while more
 * remain; MS set by the master. The master retransmits it every RxmtInterval until the slave's DD with the
 * same sequence number acknowledges it; the slave keeps it to answer a duplicate.
 */
export function sendNextDd(c: Ctx): void {
  const n = c.n;
  const end = Math.min(n.summary.length, n.summaryPos + ddCapacity(c.env.cfg));
  const headers = n.summary.slice(n.summaryPos, end);
  n.summaryPos = end;
  const more = end < n.summary.length;
  const pkt: DbDescPkt = {
    type: 2,
    mtu: c.env.cfg.mtu,
    options: c.env.cfg.options,
    flags: (more ? DD_M : 0) | (n.master ? DD_MS : 0),
    seq: n.ddSeq ?? 0,
    headers,
  };
  n.lastSentDd = pkt;
  c.acts.push({ type: 'sendDd', pkt });
  if (n.master) startTimer(c, 'DdRxmt', secs(c.env.cfg.rxmtInterval));
}

/** §10.9: request the head of the Link state request list (as much as fits one packet), retransmitted every RxmtInterval. */
export function sendLsRequest(c: Ctx): void {
  const batch = c.n.requests.nextBatch(lsrCapacity(c.env.cfg));
  if (batch.length === 0) {
    stopTimer(c, 'LsrRxmt');
    return;
  }
  const requests = batch.map((h) => ({ type: h.type, lsid: h.lsid, advRouter: h.advRouter }));
  c.acts.push({ type: 'sendLsRequest', pkt: { type: 3, requests } });
  startTimer(c, 'LsrRxmt', secs(c.env.cfg.rxmtInterval));
}

/** §10.9: in Exchange or Loading, one LS Request is outstanding whenever the list is not empty. */
export function kickLsRequest(c: Ctx): void {
  if (c.n.requests.size > 0 && c.n.requests.outstanding === 0) sendLsRequest(c);
}
