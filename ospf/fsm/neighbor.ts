/**
 * The OSPFv2 neighbor state machine (RFC 2328 §10.3) with the Database Exchange (§10.6-10.9) as a pure
 * function: `stepNeighbor(state, event, env) -> { state, actions }`. The driver owns sockets and timers, feeds
 * events one at a time and executes the actions in order; `env` gives the interface (configuration, current
 * DR and BDR) and a view of the link-state database.
 *
 * RFCs: 2328 §10.1-10.4 (states, events, table, adjacency decision), §10.6-10.9 (exchange), §12.4 (adjacency
 * changes re-originate LSAs), §13.3 (1b) (requests satisfied by flooding), Appendix D.5.1 (cryptographic
 * sequence numbers; RFC 5709 §3.3 keeps the rule).
 *
 * The table `TABLE` has one row per state and one handler per event, so every state x event pair is explicit.
 * Local decisions, each cited where it is made:
 * - Attempt and the Start event exist for NBMA networks only, which are not implemented: Start is a no-op.
 * - Events the §10.3 table does not list for a state (NegotiationDone outside ExStart, 1-WayReceived in Init,
 *   SeqNumberMismatch before Exchange ...) are no-ops; a timer expiry for a timer not running is stale.
 * - Derived actions (stateChange, neighborChange across 2-Way, adjacencyUp/Down across Full) are computed
 *   once per step from the state before and after, so a step through several states reports one change.
 * - Down forgets the last cryptographic sequence number: a restarted neighbor may start over from 0.
 */
import type { LsaHeader } from '../packet/types.js';
import {
  ddAfterExchange,
  ddIgnored,
  ddInExchange,
  ddInExStart,
  ddInInit,
  ddRxmtTimer,
  loadingDone,
  lsaForRequest,
  lsReqIgnored,
  lsReqReceived,
  lsrRxmtTimer,
} from './exchange.js';
import {
  adjacencyWanted,
  type Ctx,
  decideAdjacency,
  dropAdjacency,
  enterExStart,
  exchangeDone,
  fired,
  negotiationDone,
  restartExchange,
  running,
  startTimer,
  stopTimer,
} from './neighbor-core.js';
import { LsRequestList, type RequestMatch } from './request-list.js';
import {
  type NbrEnv,
  type NbrEvent,
  type NbrEventType,
  type NbrState,
  type NbrStateName,
  type NbrStepResult,
  type NbrTimerName,
  nbrAtLeast,
  secs,
} from './types.js';

export { shouldBeAdjacent } from './neighbor-core.js';

/** A new neighbor structure (§10.5: created on the first Hello), in Down. */
export function newNeighbor(routerId: number, address: number): NbrState {
  return {
    state: 'Down',
    routerId,
    address,
    priority: 0,
    dr: 0,
    bdr: 0,
    helloOptions: 0,
    options: 0,
    master: false,
    ddSeq: undefined,
    lastRecvDd: undefined,
    lastSentDd: undefined,
    summary: [],
    summaryPos: 0,
    requests: new LsRequestList(),
    timers: 0,
    cryptoSeq: undefined,
  };
}

/** The event a driver feeds when a neighbor timer fires. */
export const NBR_TIMER_EVENT: { readonly [T in NbrTimerName]: Readonly<NbrEvent> } = {
  Inactivity: { type: 'InactivityTimer' },
  DdRxmt: { type: 'DdRxmtTimer' },
  LsrRxmt: { type: 'LsrRxmtTimer' },
};

/**
 * Appendix D.5.1: a packet whose cryptographic sequence number is lower than the last one accepted from this
 * neighbor is a replay and is dropped (equal is accepted: the sequence is non-decreasing). Check before
 * processing, record with `noteCryptoSeq` once the packet authenticated.
 */
export function cryptoSeqAcceptable(nbr: Pick<NbrState, 'cryptoSeq'> | undefined, seq: number): boolean {
  return nbr?.cryptoSeq === undefined || seq >>> 0 >= nbr.cryptoSeq;
}

export function noteCryptoSeq(nbr: NbrState, seq: number): NbrState {
  return { ...nbr, cryptoSeq: seq >>> 0 };
}

/**
 * §13.3 (1b), for flooding: how a newly installed LSA relates to this neighbor's request for it ('absent',
 * 'less-recent': do not flood it to this neighbor; 'same': satisfied, do not flood; 'more-recent': satisfied,
 * flood). Feed `LsaReceivedForRequest` to remove satisfied requests.
 */
export function requestMatch(nbr: NbrState, header: LsaHeader): RequestMatch {
  return nbr.requests.match(header);
}

/** §13 step 6, for flooding: is an instance of this LSA on the neighbor's request list (then BadLSReq)? */
export function onRequestList(nbr: NbrState, header: LsaHeader): boolean {
  return nbr.requests.get(header.type, header.lsid, header.advRouter) !== undefined;
}

// ---- step ----

type Handler<E extends NbrEventType = NbrEventType> = (c: Ctx, ev: Extract<NbrEvent, { type: E }>) => void;
type Row = { readonly [E in NbrEventType]: Handler<E> };

export function stepNeighbor(state: NbrState, event: NbrEvent, env: NbrEnv): NbrStepResult {
  const c: Ctx = { n: { ...state }, acts: [], env };
  const handler = TABLE[state.state][event.type] as Handler;
  handler(c, event);
  const from = state.state;
  const to = c.n.state;
  if (from !== to) {
    c.acts.push({ type: 'stateChange', from, to, event: event.type });
    if (nbrAtLeast(from, '2-Way') !== nbrAtLeast(to, '2-Way')) c.acts.push({ type: 'neighborChange' });
    if (from === 'Full') c.acts.push({ type: 'adjacencyDown' });
    if (to === 'Full') c.acts.push({ type: 'adjacencyUp' });
  }
  return { state: c.n, actions: c.acts };
}

function ignore(_c: Ctx): void {}

/**
 * HelloReceived (§10.3): Down: start the Inactivity Timer, Init. Init or higher: restart it. The Hello's
 * fields are recorded in the neighbor structure (§10.5).
 */
function helloReceived(c: Ctx, ev: Extract<NbrEvent, { type: 'HelloReceived' }>): void {
  const h = ev.hello;
  c.n.routerId = h.routerId;
  c.n.address = h.address;
  c.n.priority = h.priority;
  c.n.dr = h.dr;
  c.n.bdr = h.bdr;
  c.n.helloOptions = h.options;
  if (c.n.state === 'Down') c.n.state = 'Init';
  startTimer(c, 'Inactivity', secs(c.env.cfg.routerDeadInterval));
}

/** 2-Way, AdjOK? (§10.3): form the adjacency if it is now wanted. */
function adjOkIn2Way(c: Ctx): void {
  if (adjacencyWanted(c)) enterExStart(c);
}

/** ExStart or greater, AdjOK? (§10.3): break the adjacency if it is no longer wanted. */
function adjOkInAdjacency(c: Ctx): void {
  if (!adjacencyWanted(c)) dropAdjacency(c, '2-Way');
}

/** ExStart, NegotiationDone given from outside: keep the current role and the recorded Options. */
function negotiationDoneEvent(c: Ctx): void {
  negotiationDone(c, c.n.options);
}

function seqNumberMismatch(c: Ctx): void {
  restartExchange(c, 'SeqNumberMismatch', 'external');
}

function badLsReq(c: Ctx): void {
  restartExchange(c, 'BadLSReq', 'external');
}

/** 2-Way or greater, 1-WayReceived (§10.3): Init, lists cleared. */
function oneWay(c: Ctx): void {
  dropAdjacency(c, 'Init');
}

/** Any state, KillNbr / LLDown / InactivityTimer (§10.3): Down, lists cleared, Inactivity Timer off. */
function down(c: Ctx): void {
  stopTimer(c, 'Inactivity');
  dropAdjacency(c, 'Down');
  c.n.cryptoSeq = undefined;
}

function inactivity(c: Ctx): void {
  if (!running(c, 'Inactivity')) return;
  fired(c, 'Inactivity');
  down(c);
}

// ---- the table: RFC 2328 §10.3, one row per state ----

/** Events every state above Down shares. */
const COMMON = {
  HelloReceived: helloReceived,
  Start: ignore,
  KillNbr: down,
  InactivityTimer: inactivity,
  LLDown: down,
} as const;

/** Exchange-only events, no-ops before ExStart. */
const NO_EXCHANGE = {
  NegotiationDone: ignore,
  ExchangeDone: ignore,
  BadLSReq: ignore,
  LoadingDone: ignore,
  SeqNumberMismatch: ignore,
  LsReqReceived: lsReqIgnored,
  LsaReceivedForRequest: ignore,
  DdRxmtTimer: ignore,
  LsrRxmtTimer: ignore,
} as const;

const TABLE: { readonly [S in NbrStateName]: Row } = {
  Down: {
    ...COMMON,
    ...NO_EXCHANGE,
    KillNbr: ignore,
    LLDown: ignore,
    '2-WayReceived': ignore,
    'AdjOK?': ignore,
    '1-WayReceived': ignore,
    DdReceived: ddIgnored,
  },
  Init: {
    ...COMMON,
    ...NO_EXCHANGE,
    '2-WayReceived': decideAdjacency,
    'AdjOK?': ignore,
    '1-WayReceived': ignore,
    DdReceived: ddInInit,
  },
  '2-Way': {
    ...COMMON,
    ...NO_EXCHANGE,
    '2-WayReceived': ignore,
    'AdjOK?': adjOkIn2Way,
    '1-WayReceived': oneWay,
    DdReceived: ddIgnored,
  },
  ExStart: {
    ...COMMON,
    ...NO_EXCHANGE,
    NegotiationDone: negotiationDoneEvent,
    '2-WayReceived': ignore,
    'AdjOK?': adjOkInAdjacency,
    '1-WayReceived': oneWay,
    DdReceived: ddInExStart,
    DdRxmtTimer: ddRxmtTimer,
  },
  Exchange: {
    ...COMMON,
    NegotiationDone: ignore,
    ExchangeDone: exchangeDone,
    BadLSReq: badLsReq,
    LoadingDone: ignore,
    SeqNumberMismatch: seqNumberMismatch,
    '2-WayReceived': ignore,
    'AdjOK?': adjOkInAdjacency,
    '1-WayReceived': oneWay,
    DdReceived: ddInExchange,
    LsReqReceived: lsReqReceived,
    LsaReceivedForRequest: lsaForRequest,
    DdRxmtTimer: ddRxmtTimer,
    LsrRxmtTimer: lsrRxmtTimer,
  },
  Loading: {
    ...COMMON,
    NegotiationDone: ignore,
    ExchangeDone: ignore,
    BadLSReq: badLsReq,
    LoadingDone: loadingDone,
    SeqNumberMismatch: seqNumberMismatch,
    '2-WayReceived': ignore,
    'AdjOK?': adjOkInAdjacency,
    '1-WayReceived': oneWay,
    DdReceived: ddAfterExchange,
    LsReqReceived: lsReqReceived,
    LsaReceivedForRequest: lsaForRequest,
    // The master stopped retransmitting at ExchangeDone: an expiry now is stale.
    DdRxmtTimer: ignore,
    LsrRxmtTimer: lsrRxmtTimer,
  },
  Full: {
    ...COMMON,
    NegotiationDone: ignore,
    ExchangeDone: ignore,
    BadLSReq: badLsReq,
    LoadingDone: ignore,
    SeqNumberMismatch: seqNumberMismatch,
    '2-WayReceived': ignore,
    'AdjOK?': adjOkInAdjacency,
    '1-WayReceived': oneWay,
    DdReceived: ddAfterExchange,
    LsReqReceived: lsReqReceived,
    LsaReceivedForRequest: ignore,
    DdRxmtTimer: ignore,
    LsrRxmtTimer: ignore,
  },
};
