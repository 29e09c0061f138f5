/**
 * Full adjacencies between simulated routers (RFC 2328 §10.6-10.9): the interface and neighbor machines of
 * each router run against each other over `Net`, which passes Hellos, DDs, LS Requests and (a header-only
 * stand-in for) LS Updates across. Master/slave by Router ID, multi-page DDs on a small MTU, requested LSAs
 * listed and satisfied, losses and retransmissions, the MTU check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { DbDescPkt, LsaHeader, LsaType } from '../../../ospf/packet/types.js';
import { FakeDb, hdr, ifCfg, ip, type Msg, mtuForHeaders, Net, type Router } from './helpers.js';

const P2P = { type: 'pointToPoint' as const };

/** `n` router-LSA-like headers advertised by router `adv` (LSIDs adv.0.x.i), type 1 or 5. */
function lsas(adv: number, n: number, type: LsaType = 1, seq = -0x7fffffff): LsaHeader[] {
  return Array.from({ length: n }, (_, i) => hdr(type, ip(adv, 0, i >> 8, i & 0xff), ip(adv, adv, adv, adv), seq));
}

function dds(net: Net, from: Router): DbDescPkt[] {
  return net.sent
    .filter((s) => s.from === from.id && s.msg.kind === 'dd')
    .map((s) => (s.msg as { pkt: DbDescPkt }).pkt);
}

function isDd(m: Msg): m is { kind: 'dd'; pkt: DbDescPkt } {
  return m.kind === 'dd';
}

test('point-to-point: both Full, the higher Router ID is master, each requests what it lacks', () => {
  const net = new Net();
  const common = hdr(1, ip(9, 9, 9, 9), ip(9, 9, 9, 9));
  const newer = { ...common, seq: common.seq + 3 };
  const r1 = net.add(ifCfg(1, P2P), new FakeDb([...lsas(1, 2), common]));
  const r2 = net.add(ifCfg(2, P2P), new FakeDb([...lsas(2, 3), newer]));
  net.up();
  // The first Hellos are one-way; the next periodic ones (9.5 s with this jitter) make the neighbors 2-Way.
  assert.deepEqual(r1.states(), { 2: 'Init' });
  net.advance(9500);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.deepEqual(r2.states(), { 1: 'Full' });
  assert.equal(r1.nbrByRid(r2.id)?.master, false);
  assert.equal(r2.nbrByRid(r1.id)?.master, true);
  // r1 asked for r2's three LSAs and the newer instance of the common one; r2 for r1's two.
  const asked = (r: Router) =>
    net.sent
      .filter((s) => s.from === r.id && s.msg.kind === 'lsr')
      .flatMap((s) => (s.msg.kind === 'lsr' ? s.msg.pkt.requests : []))
      .map((q) => `${q.advRouter >>> 24}/${q.lsid >>> 24}`)
      .sort();
  assert.deepEqual(asked(r1), ['2/2', '2/2', '2/2', '9/9']);
  assert.deepEqual(asked(r2), ['1/1', '1/1']);
  assert.deepEqual(r1.db.dump(), r2.db.dump());
  assert.equal(r1.db.get(1, common.lsid, common.advRouter)?.seq, newer.seq);
  // Each side reported the adjacency once; the interface stays Point-to-point.
  assert.equal(r1.nbrActions('adjacencyUp').length, 1);
  assert.equal(r2.nbrActions('adjacencyUp').length, 1);
  assert.equal(r1.ifc.state, 'PointToPoint');
  // Only duplicates of the negotiation remain after Full: no retransmission timers keep running.
  net.advance(60_000);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.equal(net.count('dd', r2.id), dds(net, r2).length);
  const before = net.count('dd');
  net.advance(60_000);
  assert.equal(net.count('dd'), before);
});

test('the lower Router ID brought up first still ends as slave', () => {
  const net = new Net();
  const r9 = net.add(ifCfg(9, P2P), new FakeDb(lsas(9, 1)));
  const r3 = net.add(ifCfg(3, P2P), new FakeDb(lsas(3, 1)));
  r3.ifEvent({ type: 'InterfaceUp' });
  net.drain();
  net.advance(2000);
  r9.ifEvent({ type: 'InterfaceUp' });
  net.drain();
  net.advance(20_000);
  assert.equal(r3.nbrByRid(r9.id)?.state, 'Full');
  assert.equal(r3.nbrByRid(r9.id)?.master, false);
  assert.equal(r9.nbrByRid(r3.id)?.master, true);
  assert.deepEqual(r3.db.dump(), r9.db.dump());
});

test('broadcast, small MTU: multi-page DDs, batched LS Requests, DR and BDR Full, databases equal', () => {
  const net = new Net();
  const mtu = mtuForHeaders(3); // three headers per DD, (mtu - 44) / 12 = 5 requests per LSR
  const r1 = net.add(ifCfg(1, { mtu }), new FakeDb([...lsas(1, 10), ...lsas(7, 4, 5)]));
  const r2 = net.add(ifCfg(2, { mtu }), new FakeDb([...lsas(2, 7), ...lsas(7, 4, 5, -0x7fffffff + 1)]));
  net.up();
  net.advance(60_000);
  assert.equal(r2.ifc.state, 'DR');
  assert.equal(r1.ifc.state, 'Backup');
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.deepEqual(r2.states(), { 1: 'Full' });
  assert.deepEqual(r1.db.dump(), r2.db.dump());
  // r2 (master, 11 LSAs) needs 4 pages, r1 (slave, 14 LSAs) 5; each DD fits the MTU.
  for (const r of [r1, r2]) {
    for (const p of dds(net, r)) assert.ok(20 + 24 + 8 + 20 * p.headers.length <= mtu);
  }
  const full = (r: Router) => dds(net, r).filter((p) => p.headers.length > 0).length;
  assert.equal(full(r2), 4);
  assert.equal(full(r1), 5);
  // r1 requested r2's 7 LSAs and the 4 newer externals: 11 requests, at most 5 per LSR.
  const lsrs = net.sent.filter((s) => s.from === r1.id && s.msg.kind === 'lsr');
  const sizes = lsrs.map((s) => (s.msg.kind === 'lsr' ? s.msg.pkt.requests.length : 0));
  assert.ok(sizes.every((n) => n <= 5));
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    11,
  );
  // r2 requested r1's 10.
  const r2asked = net.sent.filter((s) => s.from === r2.id && s.msg.kind === 'lsr');
  assert.equal(
    r2asked.reduce((a, s) => a + (s.msg.kind === 'lsr' ? s.msg.pkt.requests.length : 0), 0),
    10,
  );
  // Both re-originate: the DR its network-LSA once it was elected, everyone its router-LSA.
  assert.ok(r2.ifLog.some((a) => a.type === 'originateNetworkLsa'));
  assert.ok(!r1.ifLog.some((a) => a.type === 'originateNetworkLsa'));
});

test('lost DDs: the master retransmits after RxmtInterval; the slave answers the duplicate with its last DD', () => {
  const net = new Net();
  const mtu = mtuForHeaders(2);
  const r1 = net.add(ifCfg(1, { ...P2P, mtu }), new FakeDb(lsas(1, 5)));
  const r2 = net.add(ifCfg(2, { ...P2P, mtu }), new FakeDb(lsas(2, 5)));
  // Lose the master's (r2) second non-initial DD, then the slave's (r1) third answer.
  let masterData = 0;
  let slaveData = 0;
  net.lose = (from, msg) => {
    if (!isDd(msg) || (msg.pkt.flags & 4) !== 0) return false;
    if (from === r2) return ++masterData === 2;
    return ++slaveData === 3;
  };
  net.up();
  net.advance(9500);
  assert.equal(r1.nbrByRid(r2.id)?.state, 'Exchange');
  net.advance(5000);
  assert.equal(r1.nbrByRid(r2.id)?.state, 'Exchange');
  net.advance(5000);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.deepEqual(r2.states(), { 1: 'Full' });
  assert.deepEqual(r1.db.dump(), r2.db.dump());
  assert.equal(net.sent.filter((s) => s.lost).length, 2);
  // The master sent the lost DD twice and the DD whose answer was lost twice, same sequence number each time.
  const seqs = dds(net, r2)
    .filter((p) => (p.flags & 4) === 0)
    .map((p) => p.seq);
  assert.equal(seqs.length, new Set(seqs).size + 2);
  // The slave never sent two different DDs with one sequence number.
  const slave = dds(net, r1).filter((p) => (p.flags & 4) === 0);
  const bySeq = new Map<number, string>();
  for (const p of slave) {
    const k = JSON.stringify(p);
    assert.ok(!bySeq.has(p.seq) || bySeq.get(p.seq) === k);
    bySeq.set(p.seq, k);
  }
  assert.equal(slave.length, bySeq.size + 1);
});

test('lost LS Request and lost LS Update: the request is retransmitted, then Loading -> Full', () => {
  const net = new Net();
  const r1 = net.add(ifCfg(1, P2P), new FakeDb(lsas(1, 2)));
  const r2 = net.add(ifCfg(2, P2P), new FakeDb(lsas(2, 3)));
  let lsr = 0;
  let lsu = 0;
  net.lose = (from, msg) => (msg.kind === 'lsr' && from === r1 && ++lsr === 1) || (msg.kind === 'lsu' && ++lsu === 1);
  net.up();
  net.advance(9500);
  assert.equal(r1.nbrByRid(r2.id)?.state, 'Loading');
  assert.equal(r2.nbrByRid(r1.id)?.state, 'Loading');
  net.advance(5000);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.deepEqual(r2.states(), { 1: 'Full' });
  assert.deepEqual(r1.db.dump(), r2.db.dump());
  assert.equal(net.count('lsr', r1.id), 2);
  assert.equal(net.count('lsr', r2.id), 2);
});

test('MTU mismatch: the router with the smaller MTU drops the DDs and the adjacency stays in ExStart/Exchange', () => {
  const net = new Net();
  const r1 = net.add(ifCfg(1, { ...P2P, mtu: 1500 }), new FakeDb(lsas(1, 1)));
  const r2 = net.add(ifCfg(2, { ...P2P, mtu: 1400 }), new FakeDb(lsas(2, 1)));
  net.up();
  net.advance(30_000);
  // r2 (master) never accepts r1's DDs (1500 > 1400); r1 accepted r2's and waits as slave.
  assert.equal(r2.nbrByRid(r1.id)?.state, 'ExStart');
  assert.equal(r1.nbrByRid(r2.id)?.state, 'Exchange');
  assert.ok(r2.nbrActions('dropped').some((a) => a.type === 'dropped' && a.reason === 'dd-mtu-mismatch'));
  assert.ok(!r1.nbrActions('dropped').some((a) => a.type === 'dropped' && a.reason === 'dd-mtu-mismatch'));
  // With mtu-ignore on the smaller side the adjacency comes up.
  const ok = new Net();
  const a = ok.add(ifCfg(1, { ...P2P, mtu: 1500 }), new FakeDb(lsas(1, 1)));
  const b = ok.add(ifCfg(2, { ...P2P, mtu: 1400, mtuIgnore: true }), new FakeDb(lsas(2, 1)));
  ok.up();
  ok.advance(10_000);
  assert.deepEqual(a.states(), { 2: 'Full' });
  assert.deepEqual(b.states(), { 1: 'Full' });
});

test('a neighbor restarting mid-exchange: 1-Way drops to Init, then a fresh exchange reaches Full', () => {
  const net = new Net();
  const r1 = net.add(ifCfg(1, P2P), new FakeDb(lsas(1, 3)));
  const r2 = net.add(ifCfg(2, P2P), new FakeDb(lsas(2, 3)));
  net.up();
  net.advance(10_000);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  // r2 restarts: its interface goes down and up (KillNbr for r1), its first Hello does not list r1:
  // 1-WayReceived takes r1's neighbor from Full to Init. The next Hellos bring a new exchange.
  r2.ifEvent({ type: 'InterfaceDown' });
  r2.nbrs.clear();
  r2.ifEvent({ type: 'InterfaceUp' });
  net.drain();
  assert.deepEqual(r1.states(), { 2: 'Init' });
  const changes = () => r1.nbrActions('stateChange').map((a) => (a.type === 'stateChange' ? `${a.from}->${a.to}` : ''));
  net.advance(10_000);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.deepEqual(r2.states(), { 1: 'Full' });
  assert.ok(changes().includes('Full->Init'));
  assert.equal(r1.nbrActions('adjacencyDown').length, 1);
  assert.equal(r1.nbrActions('adjacencyUp').length, 2);
});

test('the neighbor goes silent: inactivity after RouterDeadInterval, NeighborChange re-elects on broadcast', () => {
  const net = new Net();
  const r1 = net.add(ifCfg(1));
  const r2 = net.add(ifCfg(2));
  net.up();
  net.advance(60_000);
  assert.equal(r1.ifc.state, 'Backup');
  // r2 dies without a word.
  net.lose = (from) => from === r2;
  net.advance(40_000);
  assert.deepEqual(r1.states(), { 2: 'Down' });
  assert.equal(r1.ifc.state, 'DR');
  assert.equal(r1.ifc.bdr, 0);
  assert.ok(r1.ifLog.some((a) => a.type === 'originateNetworkLsa'));
});
