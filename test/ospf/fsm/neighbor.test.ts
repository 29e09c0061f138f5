/**
 * Neighbor state machine (RFC 2328 §10.3) driven event by event: Hellos and the inactivity timer, the
 * adjacency decision, ExStart negotiation, DD sequence checks (SeqNumberMismatch paths), duplicates, MTU,
 * LS Requests (BadLSReq), 1-Way, KillNbr, stale timers, and the cryptographic sequence bookkeeping.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FakeClock, type TimerHandle } from '../../../lib/clock.js';
import {
  cryptoSeqAcceptable,
  NBR_TIMER_EVENT,
  newNeighbor,
  noteCryptoSeq,
  onRequestList,
  requestMatch,
  shouldBeAdjacent,
  stepNeighbor,
} from '../../../ospf/fsm/neighbor.js';
import {
  DD_I,
  DD_M,
  DD_MS,
  type IfCfg,
  type IfState,
  type NbrAction,
  type NbrEnv,
  type NbrEvent,
  type NbrState,
  OPT_E,
  OPT_L,
} from '../../../ospf/fsm/types.js';
import type { DbDescPkt, LsaHeader } from '../../../ospf/packet/types.js';
import { FakeDb, fmtNbr, hdr, ifCfg, ip, mtuForHeaders } from './helpers.js';

/** floor(0.5 * 2^32): the first DD sequence number with random() = 0.5. */
const SEQ0 = 0x80000000;

/** One neighbor of router `me` driven by a FakeClock. The neighbor is router `them` at 10.0.0.<them>. */
class NbrHarness {
  readonly clock = new FakeClock();
  readonly env: NbrEnv;
  s: NbrState;
  readonly log: NbrAction[] = [];
  private readonly handles = new Map<string, TimerHandle>();

  constructor(
    readonly me: number,
    readonly them: number,
    over: Partial<IfCfg> = {},
    readonly db = new FakeDb(),
    ifc: Pick<IfState, 'dr' | 'bdr'> = { dr: 0, bdr: 0 },
  ) {
    this.env = { cfg: ifCfg(me, { type: 'pointToPoint', ...over }), ifc, db, random: () => 0.5 };
    this.s = newNeighbor(ip(them, them, them, them), ip(10, 0, 0, them));
  }

  feed(ev: NbrEvent): string[] {
    const r = stepNeighbor(this.s, ev, this.env);
    this.s = r.state;
    for (const a of r.actions) this.exec(a);
    return r.actions.map(fmtNbr);
  }

  private exec(a: NbrAction): void {
    this.log.push(a);
    if (a.type === 'startTimer') {
      this.handles.get(a.timer)?.cancel();
      this.handles.set(
        a.timer,
        this.clock.setTimer(a.ms, () => this.feed(NBR_TIMER_EVENT[a.timer])),
      );
    } else if (a.type === 'stopTimer') {
      this.handles.get(a.timer)?.cancel();
    }
  }

  hello(over: { priority?: number; dr?: number; bdr?: number } = {}): string[] {
    const t = this.them;
    return this.feed({
      type: 'HelloReceived',
      hello: {
        routerId: ip(t, t, t, t),
        address: ip(10, 0, 0, t),
        priority: 1,
        dr: 0,
        bdr: 0,
        options: OPT_E,
        ...over,
      },
    });
  }

  /** Hello and 2-WayReceived: ExStart on a point-to-point link. */
  toExStart(): void {
    this.hello();
    this.feed({ type: '2-WayReceived' });
    assert.equal(this.s.state, 'ExStart');
  }

  dd(flags: number, seq: number, headers: LsaHeader[] = [], over: Partial<DbDescPkt> = {}): string[] {
    const pkt = { type: 2 as const, mtu: this.env.cfg.mtu, options: OPT_E, flags, seq, headers, ...over };
    return this.feed({ type: 'DdReceived', pkt });
  }

  /** To Exchange: as slave (neighbor's ID higher) or master (lower). */
  toExchange(): void {
    this.toExStart();
    if (this.them > this.me) this.dd(DD_I | DD_M | DD_MS, 1000);
    else this.dd(DD_M, SEQ0);
    assert.equal(this.s.state, 'Exchange');
  }
}

test('Down + HelloReceived: Init, Inactivity Timer; Hellos restart it; silence brings the neighbor Down', () => {
  const h = new NbrHarness(1, 2);
  assert.deepEqual(h.hello({ priority: 5 }), ['start Inactivity 40000', 'Down->Init']);
  assert.equal(h.s.priority, 5);
  h.clock.advance(30_000);
  assert.deepEqual(h.hello(), ['start Inactivity 40000']);
  h.clock.advance(39_999);
  assert.equal(h.s.state, 'Init');
  h.clock.advance(1);
  assert.equal(h.s.state, 'Down');
  assert.deepEqual(h.log.slice(-1).map(fmtNbr), ['Init->Down']);
});

test('inactivity from Full: Down, lists cleared, adjacency and NeighborChange reported', () => {
  const h = new NbrHarness(1, 2);
  h.toExchange();
  h.dd(0 | DD_MS, 1001); // the master's last DD, M clear; our reply has M clear too: Full
  assert.equal(h.s.state, 'Full');
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'Down');
  assert.deepEqual(h.log.slice(-4).map(fmtNbr), [
    'clearRetransmissionList',
    'Full->Down',
    'neighborChange',
    'adjacencyDown',
  ]);
  assert.equal(h.clock.timers, 0);
});

test('Init + 2-WayReceived: point-to-point forms the adjacency (ExStart, I|M|MS, DD retransmission)', () => {
  const h = new NbrHarness(1, 2);
  h.hello();
  assert.deepEqual(h.feed({ type: '2-WayReceived' }), [
    `dd IMMS seq=${SEQ0} n=0`,
    'start DdRxmt 5000',
    'Init->ExStart',
    'neighborChange',
  ]);
  // Retransmitted every RxmtInterval while ExStart lasts.
  h.clock.advance(15_000);
  assert.equal(h.log.filter((a) => a.type === 'sendDd').length, 4);
});

test('broadcast: adjacency only with the DR and BDR, or when we are one (§10.4)', () => {
  const cfg = ifCfg(1);
  const nbr = { address: ip(10, 0, 0, 2) };
  assert.equal(shouldBeAdjacent(cfg, { dr: 0, bdr: 0 }, nbr), false);
  assert.equal(shouldBeAdjacent(cfg, { dr: ip(10, 0, 0, 2), bdr: 0 }, nbr), true);
  assert.equal(shouldBeAdjacent(cfg, { dr: ip(10, 0, 0, 3), bdr: ip(10, 0, 0, 2) }, nbr), true);
  assert.equal(shouldBeAdjacent(cfg, { dr: ip(10, 0, 0, 1), bdr: ip(10, 0, 0, 3) }, nbr), true);
  assert.equal(shouldBeAdjacent(cfg, { dr: ip(10, 0, 0, 3), bdr: ip(10, 0, 0, 1) }, nbr), true);
  assert.equal(shouldBeAdjacent(cfg, { dr: ip(10, 0, 0, 3), bdr: ip(10, 0, 0, 4) }, nbr), false);
  assert.equal(shouldBeAdjacent({ ...cfg, type: 'pointToPoint' }, { dr: 0, bdr: 0 }, nbr), true);

  // DR Other with two other routers as DR/BDR: 2-Way; when the DR changes to us: AdjOK? -> ExStart.
  const ifc = { dr: ip(10, 0, 0, 3), bdr: ip(10, 0, 0, 4) };
  const h = new NbrHarness(1, 2, { type: 'broadcast' }, new FakeDb(), ifc);
  h.hello();
  assert.deepEqual(h.feed({ type: '2-WayReceived' }), ['Init->2-Way', 'neighborChange']);
  assert.deepEqual(h.feed({ type: 'AdjOK?' }), []);
  ifc.dr = ip(10, 0, 0, 1);
  assert.deepEqual(h.feed({ type: 'AdjOK?' }), [`dd IMMS seq=${SEQ0} n=0`, 'start DdRxmt 5000', '2-Way->ExStart']);
  // We stop being DR: the adjacency is broken back to 2-Way.
  ifc.dr = ip(10, 0, 0, 3);
  assert.deepEqual(h.feed({ type: 'AdjOK?' }), ['stop DdRxmt', 'ExStart->2-Way']);
  // 2-Way ignores DD packets.
  assert.deepEqual(h.dd(DD_I | DD_M | DD_MS, 7), ['drop dd-wrong-state']);
});

test('ExStart: the higher Router ID is master; a neighbor with a higher ID makes us slave', () => {
  const db = new FakeDb([hdr(1, ip(1, 1, 1, 1), ip(1, 1, 1, 1))]);
  const h = new NbrHarness(1, 2, {}, db);
  h.toExStart();
  // Its initial DD: I|M|MS, empty, seq 1000. We adopt 1000, answer with our summary, stop retransmitting.
  assert.deepEqual(h.dd(DD_I | DD_M | DD_MS, 1000), ['stop DdRxmt', 'dd --- seq=1000 n=1', 'ExStart->Exchange']);
  assert.equal(h.s.master, false);
  assert.equal(h.s.ddSeq, 1000);
  assert.equal(h.s.options, OPT_E);
});

test('ExStart: a neighbor with a lower ID acknowledges our DD sequence number: we are master', () => {
  const db = new FakeDb([hdr(1, ip(5, 5, 5, 5), ip(5, 5, 5, 5))]);
  const h = new NbrHarness(5, 2, {}, db);
  h.toExStart();
  // Its own initial DD (it thinks it is master too) is ignored: its ID is lower.
  assert.deepEqual(h.dd(DD_I | DD_M | DD_MS, 77), ['drop dd-not-negotiation']);
  // A DD with the wrong sequence number is no acknowledgment either.
  assert.deepEqual(h.dd(DD_M, 77), ['drop dd-not-negotiation']);
  // Its reply as slave: I and MS clear, our sequence number, one header.
  const theirs = hdr(1, ip(2, 2, 2, 2), ip(2, 2, 2, 2));
  assert.deepEqual(h.dd(DD_M, SEQ0, [theirs]), [
    `dd --MS seq=${SEQ0 + 1} n=1`,
    'start DdRxmt 5000',
    'lsr n=1',
    'start LsrRxmt 5000',
    'ExStart->Exchange',
  ]);
  assert.equal(h.s.master, true);
  assert.deepEqual(h.s.requests.headers(), [theirs]);
});

test('Init + DD: the DD implies 2-Way; processing continues in ExStart', () => {
  const h = new NbrHarness(1, 2);
  h.hello();
  const acts = h.dd(DD_I | DD_M | DD_MS, 1000);
  assert.deepEqual(acts, [
    `dd IMMS seq=${SEQ0} n=0`,
    'start DdRxmt 5000',
    'stop DdRxmt',
    'dd --- seq=1000 n=0',
    'Init->Exchange',
    'neighborChange',
  ]);
  // Down rejects DD packets.
  const d = new NbrHarness(1, 2);
  assert.deepEqual(d.dd(DD_I | DD_M | DD_MS, 1), ['drop dd-wrong-state']);
});

test('MTU: a DD announcing a larger MTU than ours is dropped unless mtu-ignore', () => {
  const h = new NbrHarness(1, 2, { mtu: 1400 });
  h.toExStart();
  assert.deepEqual(h.dd(DD_I | DD_M | DD_MS, 1000, [], { mtu: 1500 }), ['drop dd-mtu-mismatch']);
  assert.equal(h.s.state, 'ExStart');
  // Smaller or equal is fine.
  assert.ok(h.dd(DD_I | DD_M | DD_MS, 1000, [], { mtu: 1400 }).includes('ExStart->Exchange'));
  const i = new NbrHarness(1, 2, { mtu: 1400, mtuIgnore: true });
  i.toExStart();
  assert.ok(i.dd(DD_I | DD_M | DD_MS, 1000, [], { mtu: 9000 }).includes('ExStart->Exchange'));
});

test('slave: duplicates are answered with the last DD; the next in sequence is processed', () => {
  const db = new FakeDb(Array.from({ length: 5 }, (_, i) => hdr(1, ip(9, 0, 0, i), ip(9, 0, 0, i))));
  const h = new NbrHarness(1, 2, { mtu: mtuForHeaders(2) }, db);
  h.toExStart();
  assert.deepEqual(h.dd(DD_I | DD_M | DD_MS, 1000).slice(0, 2), ['stop DdRxmt', 'dd -M- seq=1000 n=2']);
  // The master did not get our answer and repeats its DD: we repeat ours, unchanged.
  assert.deepEqual(h.dd(DD_I | DD_M | DD_MS, 1000), ['dd -M- seq=1000 n=2']);
  assert.deepEqual(h.dd(DD_M | DD_MS, 1001), ['dd -M- seq=1001 n=2']);
  assert.deepEqual(h.dd(DD_M | DD_MS, 1001), ['dd -M- seq=1001 n=2']);
  // Our last page: M clear; the master's DD still has M set, so not done yet.
  assert.deepEqual(h.dd(DD_M | DD_MS, 1002), ['dd --- seq=1002 n=1']);
  assert.deepEqual(h.dd(DD_MS, 1003), ['dd --- seq=1003 n=0', 'Exchange->Full', 'adjacencyUp']);
  // Full: a duplicate of the master's last DD is still answered (the master may have missed our reply).
  assert.deepEqual(h.dd(DD_MS, 1003), ['dd --- seq=1003 n=0']);
  // The slave never retransmits on its own.
  h.clock.advance(60_000);
  assert.equal(h.s.state, 'Down');
  // ExStart's DD, then one per master DD, duplicates included.
  assert.equal(h.log.filter((a) => a.type === 'sendDd').length, 8);
});

test('master: duplicates are discarded; the DD is retransmitted every RxmtInterval until acknowledged', () => {
  const db = new FakeDb(Array.from({ length: 3 }, (_, i) => hdr(1, ip(9, 0, 0, i), ip(9, 0, 0, i))));
  const h = new NbrHarness(5, 2, { mtu: mtuForHeaders(2) }, db);
  h.toExStart();
  h.dd(DD_M, SEQ0);
  assert.equal(h.s.ddSeq, SEQ0 + 1);
  assert.deepEqual(h.dd(DD_M, SEQ0), ['drop dd-duplicate']);
  h.clock.advance(5000);
  assert.deepEqual(fmtNbr(h.log.at(-2)!), `dd -MMS seq=${SEQ0 + 1} n=2`);
  // The slave acknowledges (M clear: it has nothing more); we send our last page, M clear.
  assert.deepEqual(h.dd(0, SEQ0 + 1), [`dd --MS seq=${SEQ0 + 2} n=1`, 'start DdRxmt 5000']);
  // Acknowledged with M clear: both sides are done.
  assert.deepEqual(h.dd(0, SEQ0 + 2), ['stop DdRxmt', 'Exchange->Full', 'adjacencyUp']);
  assert.deepEqual(h.dd(0, SEQ0 + 2), ['drop dd-duplicate']);
  h.clock.advance(20_000);
  assert.equal(h.log.filter((a) => a.type === 'sendDd').length, 4);
});

test('SeqNumberMismatch paths in Exchange: sequence, I bit, MS bit, Options; in Full: any new DD', () => {
  const cases: [string, (h: NbrHarness) => string[]][] = [
    ['sequence', (h) => h.dd(DD_M | DD_MS, 1005)],
    ['i-bit', (h) => h.dd(DD_I | DD_M | DD_MS, 1001)],
    ['ms-bit', (h) => h.dd(DD_M, 1001)],
    ['options', (h) => h.dd(DD_M | DD_MS, 1001, [], { options: OPT_E | 0x40 })],
    // FakeDb takes types 1-5 and 9-11 only.
    ['bad-lsa-type', (h) => h.dd(DD_M | DD_MS, 1001, [hdr(7, 1, 1)])],
  ];
  for (const [reason, run] of cases) {
    const h = new NbrHarness(1, 2);
    h.toExchange();
    const acts = run(h);
    assert.deepEqual(
      acts,
      [
        `restart SeqNumberMismatch ${reason}`,
        'clearRetransmissionList',
        // The sequence number the master gave us, plus one (§10.3 SeqNumberMismatch).
        'dd IMMS seq=1001 n=0',
        'start DdRxmt 5000',
        'Exchange->ExStart',
      ],
      reason,
    );
    assert.equal(h.s.master, true);
    assert.equal(h.s.lastRecvDd, undefined);
  }
  // The L bit may come and go (RFC 5613): not an Options change.
  const l = new NbrHarness(1, 2);
  l.toExchange();
  assert.deepEqual(l.dd(DD_M | DD_MS, 1001, [], { options: OPT_E | OPT_L }), ['dd --- seq=1001 n=0']);
  // A stub area refuses AS-external-LSAs in the summary.
  const stubDb = new FakeDb();
  stubDb.stub = true;
  const s = new NbrHarness(1, 2, {}, stubDb);
  s.toExchange();
  assert.ok(s.dd(DD_M | DD_MS, 1001, [hdr(5, 1, 1)]).includes('restart SeqNumberMismatch bad-lsa-type'));

  for (const [reason, pkt] of [
    ['i-bit', { flags: DD_I | DD_M | DD_MS, seq: 1002 }],
    ['options', { flags: DD_MS, seq: 1001, options: 0 }],
    ['unexpected-dd', { flags: DD_MS, seq: 1002 }],
  ] as const) {
    const h = new NbrHarness(1, 2);
    h.toExchange();
    h.dd(DD_MS, 1001);
    assert.equal(h.s.state, 'Full');
    const acts = h.dd(pkt.flags, pkt.seq, [], 'options' in pkt ? { options: pkt.options } : {});
    assert.deepEqual(acts, [
      `restart SeqNumberMismatch ${reason}`,
      'clearRetransmissionList',
      'dd IMMS seq=1002 n=0',
      'start DdRxmt 5000',
      'Full->ExStart',
      'adjacencyDown',
    ]);
  }
});

test('SeqNumberMismatch and BadLSReq as events: only from Exchange on', () => {
  const h = new NbrHarness(1, 2);
  h.hello();
  assert.deepEqual(h.feed({ type: 'SeqNumberMismatch' }), []);
  assert.deepEqual(h.feed({ type: 'BadLSReq' }), []);
  h.feed({ type: '2-WayReceived' });
  assert.deepEqual(h.feed({ type: 'SeqNumberMismatch' }), []);
  h.dd(DD_I | DD_M | DD_MS, 1000);
  assert.equal(h.s.state, 'Exchange');
  assert.deepEqual(h.feed({ type: 'BadLSReq' })[0], 'restart BadLSReq external');
  assert.equal(h.s.state, 'ExStart');
  assert.equal(h.s.ddSeq, 1001);
});

test('LS Request: answered from the database; an unknown LSA is BadLSReq; ignored before Exchange', () => {
  const mine = hdr(1, ip(1, 1, 1, 1), ip(1, 1, 1, 1));
  const h = new NbrHarness(1, 2, {}, new FakeDb([mine]));
  h.hello();
  assert.deepEqual(h.feed({ type: 'LsReqReceived', pkt: { type: 3, requests: [] } }), ['drop lsr-wrong-state']);
  h.feed({ type: '2-WayReceived' });
  h.dd(DD_I | DD_M | DD_MS, 1000);
  const req = { type: 1 as const, lsid: mine.lsid, advRouter: mine.advRouter };
  assert.deepEqual(h.feed({ type: 'LsReqReceived', pkt: { type: 3, requests: [req] } }), ['lsu n=1']);
  const bad = { type: 1 as const, lsid: 99, advRouter: 99 };
  assert.deepEqual(h.feed({ type: 'LsReqReceived', pkt: { type: 3, requests: [req, bad] } }), [
    'restart BadLSReq lsa-not-found',
    'clearRetransmissionList',
    `dd IMMS seq=1001 n=0`,
    'start DdRxmt 5000',
    'Exchange->ExStart',
  ]);
});

test('the request list: filled from DDs, requested in batches, satisfied by flooding, then Loading -> Full', () => {
  const theirs = Array.from({ length: 7 }, (_, i) => hdr(1, ip(2, 0, 0, i), ip(2, 0, 0, i)));
  const h = new NbrHarness(1, 2, { mtu: 20 + 24 + 12 * 3 }); // three requests per LSR
  h.toExchange();
  // Same and older instances are not requested; newer and absent ones are.
  h.db.install(hdr(1, ip(2, 0, 0, 0), ip(2, 0, 0, 0), -0x7fffffff + 5)); // ours is newer
  h.db.install(hdr(1, ip(2, 0, 0, 1), ip(2, 0, 0, 1))); // same
  h.db.install(hdr(1, ip(2, 0, 0, 2), ip(2, 0, 0, 2), -0x80000000)); // older
  const acts = h.dd(DD_MS, 1001, theirs);
  assert.deepEqual(acts, ['dd --- seq=1001 n=0', 'lsr n=3', 'start LsrRxmt 5000', 'Exchange->Loading']);
  assert.deepEqual(
    h.s.requests.headers().map((x) => x.lsid & 0xff),
    [2, 3, 4, 5, 6],
  );
  const lsr = h.log.find((a) => a.type === 'sendLsRequest');
  assert.ok(lsr?.type === 'sendLsRequest');
  assert.deepEqual(
    lsr.pkt.requests.map((r) => r.lsid & 0xff),
    [2, 3, 4],
  );
  // §13.3 (1b) helpers for flooding.
  assert.equal(requestMatch(h.s, theirs[3]!), 'same');
  assert.equal(requestMatch(h.s, { ...theirs[3]!, seq: theirs[3]!.seq + 1 }), 'more-recent');
  assert.equal(requestMatch(h.s, { ...theirs[3]!, seq: theirs[3]!.seq - 1 }), 'less-recent');
  assert.equal(requestMatch(h.s, theirs[0]!), 'absent');
  assert.equal(onRequestList(h.s, theirs[4]!), true);
  // A less recent instance does not satisfy the request.
  assert.deepEqual(
    h.feed({ type: 'LsaReceivedForRequest', headers: [{ ...theirs[2]!, seq: theirs[2]!.seq - 1 }] }),
    [],
  );
  // Part of the batch: nothing new is requested until the whole batch is answered.
  assert.deepEqual(h.feed({ type: 'LsaReceivedForRequest', headers: [theirs[2]!, theirs[3]!] }), []);
  // The LSR is retransmitted with what is still missing at the head of the list.
  h.clock.advance(5000);
  const again = h.log.filter((a) => a.type === 'sendLsRequest').at(-1);
  assert.ok(again?.type === 'sendLsRequest');
  assert.deepEqual(
    again.pkt.requests.map((r) => r.lsid & 0xff),
    [4, 5, 6],
  );
  assert.deepEqual(h.feed({ type: 'LsaReceivedForRequest', headers: [theirs[4]!, theirs[5]!] }), []);
  assert.deepEqual(h.feed({ type: 'LsaReceivedForRequest', headers: [theirs[6]!] }), [
    'stop LsrRxmt',
    'Loading->Full',
    'adjacencyUp',
  ]);
  assert.equal(h.s.requests.size, 0);
});

test('1-WayReceived from Full: Init, lists cleared; KillNbr and LLDown: Down', () => {
  const h = new NbrHarness(1, 2);
  h.toExchange();
  h.dd(DD_MS, 1001);
  assert.equal(h.s.state, 'Full');
  assert.deepEqual(h.feed({ type: '1-WayReceived' }), [
    'clearRetransmissionList',
    'Full->Init',
    'neighborChange',
    'adjacencyDown',
  ]);
  assert.equal(h.s.lastSentDd, undefined);
  assert.deepEqual(h.feed({ type: '1-WayReceived' }), []);

  const k = new NbrHarness(1, 2);
  k.toExchange();
  k.dd(DD_M | DD_MS, 1001, [hdr(1, 7, 7)]);
  assert.equal(k.s.requests.size, 1);
  const acts = k.feed({ type: 'KillNbr' });
  assert.deepEqual(acts, [
    'stop Inactivity',
    'clearRetransmissionList',
    'stop LsrRxmt',
    'Exchange->Down',
    'neighborChange',
  ]);
  assert.equal(k.s.requests.size, 0);
  assert.equal(k.clock.timers, 0);
  assert.deepEqual(k.feed({ type: 'KillNbr' }), []);

  const l = new NbrHarness(1, 2);
  l.toExStart();
  assert.deepEqual(l.feed({ type: 'LLDown' }), ['stop Inactivity', 'stop DdRxmt', 'ExStart->Down', 'neighborChange']);
});

test('no-ops: Start, events of later states, stale timer expiries', () => {
  const h = new NbrHarness(1, 2);
  for (const type of ['Start', 'NegotiationDone', 'ExchangeDone', 'LoadingDone', 'AdjOK?', '2-WayReceived'] as const) {
    assert.deepEqual(h.feed({ type }), [], type);
  }
  h.hello();
  assert.deepEqual(h.feed({ type: 'DdRxmtTimer' }), []);
  assert.deepEqual(h.feed({ type: 'LsrRxmtTimer' }), []);
  assert.deepEqual(h.feed({ type: 'LsaReceivedForRequest', headers: [hdr(1, 1, 1)] }), []);
  // The inactivity timer was restarted by the driver's clock; a stray expiry event without a running timer
  // (after KillNbr stopped it) is stale.
  h.feed({ type: 'KillNbr' });
  assert.deepEqual(h.feed({ type: 'InactivityTimer' }), []);
});

test('NegotiationDone and ExchangeDone given as events', () => {
  const h = new NbrHarness(5, 2, {}, new FakeDb([hdr(1, 5, 5)]));
  h.toExStart();
  assert.deepEqual(h.feed({ type: 'NegotiationDone' }), ['ExStart->Exchange']);
  assert.equal(h.s.summary.length, 1);
  assert.deepEqual(h.feed({ type: 'ExchangeDone' }), ['stop DdRxmt', 'Exchange->Full', 'adjacencyUp']);
});

test('MaxAge LSAs go to the retransmission list instead of the summary (§10.3 NegotiationDone)', () => {
  const db = new FakeDb([hdr(1, 1, 1), hdr(1, 2, 2, -0x7fffffff, { age: 3600 })]);
  const h = new NbrHarness(1, 2, {}, db);
  h.toExStart();
  const acts = h.dd(DD_I | DD_M | DD_MS, 1000);
  assert.deepEqual(acts, ['rxmt-list n=1', 'stop DdRxmt', 'dd --- seq=1000 n=1', 'ExStart->Exchange']);
  assert.deepEqual(
    h.s.summary.map((x) => x.lsid),
    [1],
  );
});

test('cryptographic sequence numbers: lower is a replay, equal or higher is fine; forgotten at Down', () => {
  const h = new NbrHarness(1, 2);
  assert.equal(cryptoSeqAcceptable(undefined, 5), true);
  assert.equal(cryptoSeqAcceptable(h.s, 0), true);
  h.hello();
  h.s = noteCryptoSeq(h.s, 1000);
  assert.equal(cryptoSeqAcceptable(h.s, 999), false);
  assert.equal(cryptoSeqAcceptable(h.s, 1000), true);
  assert.equal(cryptoSeqAcceptable(h.s, 1001), true);
  // Unsigned 32-bit comparison.
  h.s = noteCryptoSeq(h.s, 0xfffffff0);
  assert.equal(cryptoSeqAcceptable(h.s, 0x7fffffff), false);
  assert.equal(cryptoSeqAcceptable(h.s, 0xfffffff1), true);
  // Other events keep it; Down forgets it (a restarted neighbor starts again from a low number).
  h.feed({ type: '2-WayReceived' });
  assert.equal(h.s.cryptoSeq, 0xfffffff0);
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'Down');
  assert.equal(h.s.cryptoSeq, undefined);
  assert.equal(cryptoSeqAcceptable(h.s, 1), true);
});
