/**
 * The Database Exchange of the neighbor state machine (RFC 2328 §10.6-10.9): receiving Database Description
 * packets in each neighbor state, master/slave negotiation, duplicates and retransmissions, building the Link
 * state request list, answering and sending LS Requests, and the retransmission timers.
 *
 * Local decisions:
 * - MTU: a DD whose Interface MTU is larger than ours is dropped (§10.6), unless `mtuIgnore` (as FRR).
 * - The Options comparison after ExStart ignores the L bit (RFC 5613 LLS): it says whether this one packet
 *   carries an LLS block, not a capability, and may differ from packet to packet.
 * - An LS Request naming an LSA we do not hold is BadLSReq before any of it is answered (the exchange is
 *   restarted anyway, so a partial answer would only be flooded again).
 */
import type { DbDescPkt, LsaHeader, LsRequestPkt } from '../packet/types.js';
import {
  type Ctx,
  decideAdjacency,
  exchangeDone,
  fired,
  kickLsRequest,
  negotiationDone,
  restartExchange,
  running,
  sendLsRequest,
  sendNextDd,
  startTimer,
  stopTimer,
} from './neighbor-core.js';
import { DD_I, DD_M, DD_MS, type NbrDropReason, OPT_L, secs } from './types.js';

const FLAGS = DD_I | DD_M | DD_MS;

function drop(c: Ctx, reason: NbrDropReason): void {
  c.acts.push({ type: 'dropped', reason });
}

/** §10.6: "If the Interface MTU field ... indicates an IP datagram size that is larger than the router can accept". */
function mtuOk(c: Ctx, pkt: DbDescPkt): boolean {
  if (c.env.cfg.mtuIgnore === true || pkt.mtu <= c.env.cfg.mtu) return true;
  drop(c, 'dd-mtu-mismatch');
  return false;
}

/** §10.6: a duplicate has the I, M and MS bits, Options and DD sequence number of the last DD received. */
function isDuplicate(c: Ctx, pkt: DbDescPkt): boolean {
  const last = c.n.lastRecvDd;
  return (
    last !== undefined &&
    last.flags === (pkt.flags & FLAGS) &&
    last.options === pkt.options &&
    last.seq === pkt.seq >>> 0
  );
}

function optionsDiffer(c: Ctx, options: number): boolean {
  return ((options ^ c.n.options) & ~OPT_L) !== 0;
}

/** Duplicates are discarded by the master; the slave repeats the last DD it sent (§10.6, §10.8). */
function duplicate(c: Ctx): void {
  if (c.n.master || c.n.lastSentDd === undefined) drop(c, 'dd-duplicate');
  else c.acts.push({ type: 'sendDd', pkt: c.n.lastSentDd });
}

// ---- DdReceived, per neighbor state ----

/** Down (and Attempt): "The packet should be rejected." 2-Way: "The packet should be ignored." */
export function ddIgnored(c: Ctx, ev: { pkt: DbDescPkt }): void {
  if (mtuOk(c, ev.pkt)) drop(c, 'dd-wrong-state');
}

/**
 * Init: run 2-WayReceived (the DD shows the neighbor hears us); if that leads to ExStart, go on processing
 * the packet there (§10.6).
 */
export function ddInInit(c: Ctx, ev: { pkt: DbDescPkt }): void {
  if (!mtuOk(c, ev.pkt)) return;
  decideAdjacency(c);
  if (c.n.state === 'ExStart') exStart(c, ev.pkt);
  else drop(c, 'dd-wrong-state');
}

export function ddInExStart(c: Ctx, ev: { pkt: DbDescPkt }): void {
  if (mtuOk(c, ev.pkt)) exStart(c, ev.pkt);
}

/**
 * ExStart (§10.6): NegotiationDone in two cases, otherwise the packet is ignored:
 * - I, M and MS set, no headers, and the neighbor's Router ID is larger: we are slave and adopt its sequence;
 * - I and MS clear, our DD sequence number, and the neighbor's Router ID is smaller: we are master.
 * Either way the packet is then accepted as next in sequence.
 */
function exStart(c: Ctx, pkt: DbDescPkt): void {
  const f = pkt.flags & FLAGS;
  const theirs = c.n.routerId >>> 0;
  const ours = c.env.cfg.routerId >>> 0;
  if (f === FLAGS && pkt.headers.length === 0 && theirs > ours) {
    c.n.master = false;
    c.n.ddSeq = pkt.seq >>> 0;
  } else if ((f & (DD_I | DD_MS)) === 0 && pkt.seq >>> 0 === c.n.ddSeq && theirs < ours) {
    c.n.master = true;
  } else {
    drop(c, 'dd-not-negotiation');
    return;
  }
  negotiationDone(c, pkt.options);
  accept(c, pkt);
}

/** Exchange (§10.6): duplicates, then the MS bit, the I bit, the Options and the sequence number. */
export function ddInExchange(c: Ctx, ev: { pkt: DbDescPkt }): void {
  const pkt = ev.pkt;
  if (!mtuOk(c, pkt)) return;
  if (isDuplicate(c, pkt)) {
    duplicate(c);
    return;
  }
  // Our master role means the slave's packets carry MS clear, and the reverse.
  if (((pkt.flags & DD_MS) !== 0) === c.n.master) {
    restartExchange(c, 'SeqNumberMismatch', 'ms-bit');
    return;
  }
  if ((pkt.flags & DD_I) !== 0) {
    restartExchange(c, 'SeqNumberMismatch', 'i-bit');
    return;
  }
  if (optionsDiffer(c, pkt.options)) {
    restartExchange(c, 'SeqNumberMismatch', 'options');
    return;
  }
  // The master expects the sequence number it sent; the slave expects one more than the last it saw.
  const seq = c.n.ddSeq ?? 0;
  const expected = c.n.master ? seq : (seq + 1) >>> 0;
  if (pkt.seq >>> 0 !== expected) {
    restartExchange(c, 'SeqNumberMismatch', 'sequence');
    return;
  }
  accept(c, pkt);
}

/**
 * Loading or Full (§10.6): only duplicates are expected (the master discards them, the slave answers them);
 * anything else, an I bit included, is SeqNumberMismatch.
 */
export function ddAfterExchange(c: Ctx, ev: { pkt: DbDescPkt }): void {
  const pkt = ev.pkt;
  if (!mtuOk(c, pkt)) return;
  if (isDuplicate(c, pkt)) {
    duplicate(c);
    return;
  }
  const reason = (pkt.flags & DD_I) !== 0 ? 'i-bit' : optionsDiffer(c, pkt.options) ? 'options' : 'unexpected-dd';
  restartExchange(c, 'SeqNumberMismatch', reason);
}

/**
 * §10.6, a DD accepted as next in sequence: each listed LSA we lack or hold an older instance of goes on the
 * Link state request list (an unacceptable LS type is SeqNumberMismatch). Then the master advances its
 * sequence number and either finishes (it sent its last DD and this one has M clear) or sends the next DD;
 * the slave adopts the sequence number and answers, finishing when both DDs have M clear.
 */
function accept(c: Ctx, pkt: DbDescPkt): void {
  const n = c.n;
  n.lastRecvDd = { flags: pkt.flags & FLAGS, options: pkt.options, seq: pkt.seq >>> 0 };
  for (const h of pkt.headers) {
    if (!c.env.db.acceptsType(h.type)) {
      restartExchange(c, 'SeqNumberMismatch', 'bad-lsa-type');
      return;
    }
    const cmp = c.env.db.compare(h);
    if (cmp === 'newer' || cmp === 'absent') n.requests.add(h);
  }
  const theirMore = (pkt.flags & DD_M) !== 0;
  let done: boolean;
  if (n.master) {
    n.ddSeq = ((n.ddSeq ?? 0) + 1) >>> 0;
    done = !theirMore && ((n.lastSentDd?.flags ?? 0) & DD_M) === 0;
    if (!done) sendNextDd(c);
  } else {
    n.ddSeq = pkt.seq >>> 0;
    sendNextDd(c);
    done = !theirMore && ((n.lastSentDd?.flags ?? 0) & DD_M) === 0;
  }
  // §10.9: LS Requests may go out while the exchange is still running.
  kickLsRequest(c);
  if (done) exchangeDone(c);
}

// ---- timers ----

/** §10.8: the master retransmits its last DD every RxmtInterval (in ExStart and Exchange). */
export function ddRxmtTimer(c: Ctx): void {
  if (!running(c, 'DdRxmt')) return;
  fired(c, 'DdRxmt');
  if (!c.n.master || c.n.lastSentDd === undefined) return;
  c.acts.push({ type: 'sendDd', pkt: c.n.lastSentDd });
  startTimer(c, 'DdRxmt', secs(c.env.cfg.rxmtInterval));
}

/** §10.9: the LS Request is retransmitted every RxmtInterval until the LSAs it asked for arrive. */
export function lsrRxmtTimer(c: Ctx): void {
  if (!running(c, 'LsrRxmt')) return;
  fired(c, 'LsrRxmt');
  sendLsRequest(c);
}

// ---- LS Requests ----

/**
 * §10.7, Exchange, Loading or Full: every requested LSA must be in the database (else BadLSReq); the driver
 * sends them in LS Updates.
 */
export function lsReqReceived(c: Ctx, ev: { pkt: LsRequestPkt }): void {
  const reqs = ev.pkt.requests;
  if (reqs.length === 0) return;
  for (const r of reqs) {
    if (!c.env.db.has(r.type, r.lsid, r.advRouter)) {
      restartExchange(c, 'BadLSReq', 'lsa-not-found');
      return;
    }
  }
  c.acts.push({ type: 'sendLsUpdate', requests: reqs });
}

/** §10.7: "In all other states Link State Request Packets should be ignored." */
export function lsReqIgnored(c: Ctx): void {
  drop(c, 'lsr-wrong-state');
}

/**
 * Exchange or Loading, LsaReceivedForRequest (§10.9, §13.3 (1b)): remove the satisfied requests; when the
 * LSR in flight is fully answered, request the next batch, or, with the list empty in Loading, LoadingDone.
 */
export function lsaForRequest(c: Ctx, ev: { headers: readonly LsaHeader[] }): void {
  let removed = false;
  for (const h of ev.headers) if (c.n.requests.satisfy(h)) removed = true;
  if (!removed || c.n.requests.outstanding > 0) return;
  if (c.n.requests.size > 0) {
    sendLsRequest(c);
    return;
  }
  stopTimer(c, 'LsrRxmt');
  if (c.n.state === 'Loading') loadingDone(c);
}

/** Loading, LoadingDone (§10.3): Full. */
export function loadingDone(c: Ctx): void {
  stopTimer(c, 'LsrRxmt');
  c.n.state = 'Full';
}
