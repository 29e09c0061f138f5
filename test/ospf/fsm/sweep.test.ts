/**
 * Every state x event pair of both machines: no exception, a valid next state, and timer bookkeeping the
 * driver can trust (the timer bits after the step are those before, with the actions' starts and stops
 * applied, and the fired timer cleared for an expiry; no stop for a timer that was not running).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { initialInterface, stepInterface } from '../../../ospf/fsm/interface.js';
import { newNeighbor, stepNeighbor } from '../../../ospf/fsm/neighbor.js';
import {
  DD_I,
  DD_M,
  DD_MS,
  IF_TIMER_BIT,
  type IfEnv,
  type IfEvent,
  type IfEventType,
  type IfState,
  type IfStateName,
  NBR_TIMER_BIT,
  type NbrEnv,
  type NbrEvent,
  type NbrEventType,
  type NbrState,
  type NbrStateName,
  OPT_E,
} from '../../../ospf/fsm/types.js';
import { FakeDb, hdr, ifCfg, ip } from './helpers.js';

const NBR_EVENTS: { [E in NbrEventType]: Extract<NbrEvent, { type: E }> } = {
  HelloReceived: {
    type: 'HelloReceived',
    hello: { routerId: ip(2, 2, 2, 2), address: ip(10, 0, 0, 2), priority: 1, dr: 0, bdr: 0, options: OPT_E },
  },
  Start: { type: 'Start' },
  '2-WayReceived': { type: '2-WayReceived' },
  NegotiationDone: { type: 'NegotiationDone' },
  ExchangeDone: { type: 'ExchangeDone' },
  BadLSReq: { type: 'BadLSReq' },
  LoadingDone: { type: 'LoadingDone' },
  'AdjOK?': { type: 'AdjOK?' },
  SeqNumberMismatch: { type: 'SeqNumberMismatch' },
  '1-WayReceived': { type: '1-WayReceived' },
  KillNbr: { type: 'KillNbr' },
  InactivityTimer: { type: 'InactivityTimer' },
  LLDown: { type: 'LLDown' },
  DdReceived: {
    type: 'DdReceived',
    pkt: { type: 2, mtu: 1500, options: OPT_E, flags: DD_M | DD_MS, seq: 1001, headers: [hdr(1, 8, 8)] },
  },
  LsReqReceived: { type: 'LsReqReceived', pkt: { type: 3, requests: [{ type: 1, lsid: 1, advRouter: 1 }] } },
  LsaReceivedForRequest: { type: 'LsaReceivedForRequest', headers: [hdr(1, 7, 7)] },
  DdRxmtTimer: { type: 'DdRxmtTimer' },
  LsrRxmtTimer: { type: 'LsrRxmtTimer' },
};

const NBR_TIMER_OF: { [E in NbrEventType]?: number } = {
  InactivityTimer: NBR_TIMER_BIT.Inactivity,
  DdRxmtTimer: NBR_TIMER_BIT.DdRxmt,
  LsrRxmtTimer: NBR_TIMER_BIT.LsrRxmt,
};

function nbrEnv(): NbrEnv {
  const db = new FakeDb([hdr(1, 1, 1), hdr(1, 5, 5)]);
  return { cfg: ifCfg(1, { type: 'pointToPoint' }), ifc: { dr: 0, bdr: 0 }, db, random: () => 0.25 };
}

/** A neighbor in each state, built by stepping (so the fields are consistent), keyed by a label. */
function nbrStates(): [string, NbrState][] {
  const env = nbrEnv();
  const run = (s: NbrState, ...evs: NbrEvent[]): NbrState => evs.reduce((x, ev) => stepNeighbor(x, ev, env).state, s);
  const dd = (flags: number, seq: number, headers = [hdr(1, 7, 7)]): NbrEvent => ({
    type: 'DdReceived',
    pkt: { type: 2, mtu: 1500, options: OPT_E, flags, seq, headers },
  });
  const down = newNeighbor(ip(2, 2, 2, 2), ip(10, 0, 0, 2));
  const init = run(down, NBR_EVENTS.HelloReceived);
  const exStart = run(init, { type: '2-WayReceived' });
  const exchange = run(exStart, dd(DD_I | DD_M | DD_MS, 1000, []), dd(DD_M | DD_MS, 1001));
  const loading = run(exchange, dd(DD_MS, 1002, []));
  const full = run(loading, { type: 'LsaReceivedForRequest', headers: [hdr(1, 7, 7)] });
  const bcast = { ...env, cfg: ifCfg(1) };
  const twoWay = stepNeighbor(init, { type: '2-WayReceived' }, bcast).state;
  // As master (a neighbor with a lower ID): ExStart -> Exchange with our sequence number acknowledged.
  const low = stepNeighbor(newNeighbor(0, ip(10, 0, 0, 2)), { ...NBR_EVENTS.HelloReceived }, env).state;
  const lowEx = run({ ...low, routerId: 0 }, { type: '2-WayReceived' });
  const masterEx = run(lowEx, dd(DD_M, lowEx.ddSeq ?? 0));
  const want: [string, NbrState][] = [
    ['Down', down],
    ['Init', init],
    ['2-Way', twoWay],
    ['ExStart', exStart],
    ['Exchange (slave)', exchange],
    ['Exchange (master)', masterEx],
    ['Loading', loading],
    ['Full', full],
  ];
  for (const [label, s] of want) assert.equal(s.state, label.split(' ')[0] as NbrStateName, label);
  return want;
}

/** Apply start/stop actions to a timer bit set, refusing stops of timers not running. */
function applyTimers<T extends string>(
  bits: number,
  bitOf: Record<T, number>,
  actions: readonly { type: string; timer?: T }[],
  label: string,
): number {
  let b = bits;
  for (const a of actions) {
    if (a.timer === undefined) continue;
    const bit = bitOf[a.timer];
    if (a.type === 'startTimer') b |= bit;
    if (a.type === 'stopTimer') {
      assert.ok((b & bit) !== 0, `${label}: stop of ${a.timer} which is not running`);
      b &= ~bit;
    }
  }
  return b;
}

test('neighbor machine: every state x event pair', () => {
  const names = Object.keys(NBR_EVENTS) as NbrEventType[];
  let pairs = 0;
  for (const [label, s] of nbrStates()) {
    for (const name of names) {
      const where = `${label} + ${name}`;
      const r = stepNeighbor(s, NBR_EVENTS[name], nbrEnv());
      pairs++;
      const fired = NBR_TIMER_OF[name] ?? 0;
      const expect = applyTimers(s.timers & ~fired, NBR_TIMER_BIT, r.actions, where);
      assert.equal(r.state.timers, expect, where);
      // Down never keeps a timer; only the DD/LSR timers of an exchange are running beyond Init.
      if (r.state.state === 'Down') assert.equal(r.state.timers, 0, where);
      if (r.state.state === 'Full') assert.equal(r.state.timers & ~NBR_TIMER_BIT.Inactivity, 0, where);
      if (r.state.state !== s.state) {
        assert.ok(r.actions.some((a) => a.type === 'stateChange' && a.from === s.state && a.to === r.state.state));
      }
    }
  }
  assert.equal(pairs, 8 * names.length);
});

const IF_EVENTS: IfEventType[] = [
  'InterfaceUp',
  'WaitTimer',
  'BackupSeen',
  'NeighborChange',
  'LoopInd',
  'UnloopInd',
  'InterfaceDown',
  'HelloTimer',
];

const IF_TIMER_OF: { [E in IfEventType]?: number } = { WaitTimer: IF_TIMER_BIT.Wait, HelloTimer: IF_TIMER_BIT.Hello };

test('interface machine: every state x event pair, broadcast, point-to-point and passive', () => {
  for (const cfg of [ifCfg(1), ifCfg(1, { type: 'pointToPoint' }), ifCfg(1, { passive: true })]) {
    const env: IfEnv = {
      cfg,
      neighbors: [
        { state: 'Full', routerId: ip(2, 2, 2, 2), address: ip(10, 0, 0, 2), priority: 1, dr: 0, bdr: 0 },
        { state: 'Init', routerId: ip(3, 3, 3, 3), address: ip(10, 0, 0, 3), priority: 1, dr: 0, bdr: 0 },
      ],
      random: () => 0.5,
    };
    const run = (s: IfState, ...evs: IfEvent[]): IfState => evs.reduce((x, ev) => stepInterface(x, ev, env).state, s);
    const down = initialInterface();
    const up = run(down, { type: 'InterfaceUp' });
    const states = new Map<IfStateName, IfState>([
      ['Down', down],
      ['Loopback', run(down, { type: 'LoopInd' })],
      [up.state, up],
      [run(up, { type: 'WaitTimer' }).state, run(up, { type: 'WaitTimer' })],
    ]);
    for (const [name, s] of states) {
      for (const ev of IF_EVENTS) {
        const where = `${cfg.type}${cfg.passive ? ' passive' : ''} ${name} + ${ev}`;
        const r = stepInterface(s, { type: ev }, env);
        const fired = IF_TIMER_OF[ev] ?? 0;
        assert.equal(r.state.timers, applyTimers(s.timers & ~fired, IF_TIMER_BIT, r.actions, where), where);
        if (r.state.state === 'Down' || r.state.state === 'Loopback') {
          assert.deepEqual([r.state.timers, r.state.groups, r.state.dr], [0, 0, 0], where);
        }
        if (cfg.passive === true) assert.ok(!r.actions.some((a) => a.type === 'sendHello'), where);
      }
    }
  }
});
