/**
 * Interface state machine (RFC 2328 §9.3): input events -> actions, with timers on a FakeClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FakeClock, type TimerHandle } from '../../../lib/clock.js';
import { processHello } from '../../../ospf/fsm/hello.js';
import {
  acceptsAllDRouters,
  helloDelayMs,
  IF_TIMER_EVENT,
  initialInterface,
  stepInterface,
} from '../../../ospf/fsm/interface.js';
import type { IfAction, IfCfg, IfEvent, IfState, NbrStateName, NbrView } from '../../../ospf/fsm/types.js';
import { fmtIf, ifCfg, ip, Net } from './helpers.js';

function nbr(host: number, state: NbrStateName = '2-Way', over: Partial<NbrView> = {}): NbrView {
  return {
    state,
    routerId: ip(host, host, host, host),
    address: ip(10, 0, 0, host),
    priority: 1,
    dr: 0,
    bdr: 0,
    ...over,
  };
}

/** One interface driven by a FakeClock; `neighbors` stands in for the neighbor machines. */
class IfHarness {
  readonly clock = new FakeClock();
  s: IfState = initialInterface();
  neighbors: NbrView[] = [];
  readonly log: { at: number; a: IfAction }[] = [];
  private readonly handles = new Map<string, TimerHandle>();

  constructor(readonly cfg: IfCfg) {}

  feed(ev: IfEvent): string[] {
    const r = stepInterface(this.s, ev, { cfg: this.cfg, neighbors: this.neighbors, random: () => 0.5 });
    this.s = r.state;
    for (const a of r.actions) this.exec(a);
    return r.actions.map(fmtIf);
  }

  private exec(a: IfAction): void {
    this.log.push({ at: this.clock.now(), a });
    if (a.type === 'startTimer') {
      this.handles.get(a.timer)?.cancel();
      this.handles.set(
        a.timer,
        this.clock.setTimer(a.ms, () => this.feed(IF_TIMER_EVENT[a.timer])),
      );
    } else if (a.type === 'stopTimer') {
      this.handles.get(a.timer)?.cancel();
    }
  }

  since(t: number): string[] {
    return this.log.filter((e) => e.at >= t).map((e) => fmtIf(e.a));
  }
}

test('broadcast interface: InterfaceUp -> Waiting, Hello at once and every HelloInterval (jittered)', () => {
  const h = new IfHarness(ifCfg(1));
  assert.deepEqual(h.feed({ type: 'InterfaceUp' }), [
    'join AllSPFRouters',
    'start Wait 40000',
    'hello',
    'start Hello 9500',
    'Down->Waiting',
    'originateRouterLsa',
  ]);
  assert.equal(h.s.state, 'Waiting');
  h.clock.advance(9500);
  assert.deepEqual(h.since(9500), ['hello', 'start Hello 9500']);
  h.clock.advance(9500 * 3);
  assert.equal(h.log.filter((e) => e.a.type === 'sendHello').length, 5);
  assert.equal(
    helloDelayMs(10, () => 0),
    10000,
  );
  assert.equal(
    helloDelayMs(10, () => 0.999999),
    9000,
  );
});

test('Waiting + WaitTimer, alone: DR (AllDRouters joined, network-LSA)', () => {
  const h = new IfHarness(ifCfg(1));
  h.feed({ type: 'InterfaceUp' });
  h.clock.advance(39_999);
  assert.equal(h.s.state, 'Waiting');
  h.clock.advance(1);
  assert.equal(h.s.state, 'DR');
  assert.deepEqual(h.since(40_000), ['join AllDRouters', 'originateNetworkLsa', 'Waiting->DR', 'originateRouterLsa']);
  assert.equal(h.s.dr, ip(10, 0, 0, 1));
  assert.equal(h.s.drId, ip(1, 1, 1, 1));
  assert.equal(h.s.bdr, 0);
  assert.ok(acceptsAllDRouters(h.s));
  // The Hellos now list us as DR.
  h.clock.advance(9500);
  const hello = h.log.at(-2)?.a;
  assert.ok(hello?.type === 'sendHello');
  assert.equal(hello.hello.dr, ip(10, 0, 0, 1));
});

test('Waiting + WaitTimer with a DR present: Backup, AdjOK? to the bidirectional neighbors', () => {
  const h = new IfHarness(ifCfg(1));
  h.feed({ type: 'InterfaceUp' });
  h.neighbors = [nbr(2, '2-Way', { dr: ip(10, 0, 0, 2) }), nbr(3, 'Init')];
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'Backup');
  assert.deepEqual(h.since(40_000), ['join AllDRouters', 'AdjOK? 2', 'Waiting->Backup', 'originateRouterLsa']);
  assert.equal(h.s.dr, ip(10, 0, 0, 2));
  assert.equal(h.s.bdr, ip(10, 0, 0, 1));
});

test('Waiting + WaitTimer, a higher router that declares nothing yet: DR Other until it speaks up', () => {
  const h = new IfHarness(ifCfg(1));
  h.feed({ type: 'InterfaceUp' });
  h.neighbors = [nbr(2)];
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'DROther');
  assert.equal(h.s.dr, ip(10, 0, 0, 2));
  assert.equal(h.s.bdr, ip(10, 0, 0, 2));
  // Its Hello now declares DR: NeighborChange re-elects, we are BDR.
  h.neighbors = [nbr(2, '2-Way', { dr: ip(10, 0, 0, 2), bdr: 0 })];
  assert.deepEqual(h.feed({ type: 'NeighborChange' }), [
    'join AllDRouters',
    'AdjOK? 2',
    'DROther->Backup',
    'originateRouterLsa',
  ]);
});

test('BackupSeen shortcut: a Hello from a DR with no BDR ends Waiting at once', () => {
  const cfg = ifCfg(1);
  const h = new IfHarness(cfg);
  h.feed({ type: 'InterfaceUp' });
  h.clock.advance(3000);
  const hello = {
    type: 1 as const,
    mask: cfg.mask,
    helloInterval: 10,
    options: cfg.options,
    priority: 1,
    deadInterval: 40,
    dr: ip(10, 0, 0, 2),
    bdr: 0,
    neighbors: [cfg.routerId],
  };
  const r = processHello(cfg, h.s, undefined, { routerId: ip(2, 2, 2, 2), areaId: 0, address: ip(10, 0, 0, 2) }, hello);
  assert.ok(r.ok);
  assert.deepEqual(r.value.ifEvents, [{ type: 'BackupSeen' }]);
  h.neighbors = [nbr(2, '2-Way', { dr: ip(10, 0, 0, 2) })];
  const acts = h.feed({ type: 'BackupSeen' });
  assert.deepEqual(acts, ['stop Wait', 'join AllDRouters', 'AdjOK? 2', 'Waiting->Backup', 'originateRouterLsa']);
  // The Wait Timer does not fire later.
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'Backup');
  assert.equal(h.log.filter((e) => e.a.type === 'stateChange').length, 2);
});

test('point-to-point: straight to Point-to-point, no Wait, no DR; NeighborChange changes nothing', () => {
  const h = new IfHarness(ifCfg(1, { type: 'pointToPoint' }));
  assert.deepEqual(h.feed({ type: 'InterfaceUp' }), [
    'join AllSPFRouters',
    'hello',
    'start Hello 9500',
    'Down->PointToPoint',
    'originateRouterLsa',
  ]);
  h.neighbors = [nbr(2, 'Full')];
  assert.deepEqual(h.feed({ type: 'NeighborChange' }), []);
  assert.equal(h.s.dr, 0);
  assert.equal(h.s.state, 'PointToPoint');
});

test('priority 0: straight to DR Other; it elects once neighbors appear but never takes a role', () => {
  const h = new IfHarness(ifCfg(1, { priority: 0 }));
  const acts = h.feed({ type: 'InterfaceUp' });
  assert.ok(acts.includes('Down->DROther'));
  assert.ok(!acts.some((a) => a.startsWith('start Wait')));
  h.neighbors = [nbr(2, '2-Way', { dr: ip(10, 0, 0, 2) }), nbr(3, '2-Way', { bdr: ip(10, 0, 0, 3) })];
  assert.deepEqual(h.feed({ type: 'NeighborChange' }), ['AdjOK? 2', 'AdjOK? 3', 'originateRouterLsa']);
  assert.equal(h.s.state, 'DROther');
  assert.deepEqual([h.s.dr, h.s.bdr], [ip(10, 0, 0, 2), ip(10, 0, 0, 3)]);
});

test('passive: no Hellos, timers or groups; comes up at once and keeps its subnet in the router-LSA', () => {
  const h = new IfHarness(ifCfg(1, { passive: true }));
  assert.deepEqual(h.feed({ type: 'InterfaceUp' }), ['Down->DR', 'originateRouterLsa']);
  h.clock.advance(120_000);
  assert.equal(h.log.filter((e) => e.a.type === 'sendHello').length, 0);
  assert.equal(h.clock.timers, 0);
  assert.deepEqual(h.feed({ type: 'HelloTimer' }), []);
  const p2p = new IfHarness(ifCfg(1, { passive: true, type: 'pointToPoint' }));
  assert.deepEqual(p2p.feed({ type: 'InterfaceUp' }), ['Down->PointToPoint', 'originateRouterLsa']);
  // Down again: nothing to leave, no network-LSA to flush.
  assert.deepEqual(h.feed({ type: 'InterfaceDown' }), ['DR->Down', 'originateRouterLsa']);
});

test('InterfaceDown from DR: timers off, every neighbor killed, groups left, network-LSA flushed', () => {
  const h = new IfHarness(ifCfg(1));
  h.feed({ type: 'InterfaceUp' });
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'DR');
  h.neighbors = [nbr(2, 'Full'), nbr(3, 'Init')];
  assert.deepEqual(h.feed({ type: 'InterfaceDown' }), [
    'stop Hello',
    'KillNbr 2',
    'KillNbr 3',
    'leave AllDRouters',
    'leave AllSPFRouters',
    'flushNetworkLsa',
    'DR->Down',
    'originateRouterLsa',
  ]);
  assert.deepEqual(h.s, initialInterface());
  assert.equal(h.clock.timers, 0);
  assert.deepEqual(h.feed({ type: 'InterfaceDown' }), []);
});

test('LoopInd from Waiting: Loopback with the InterfaceDown actions; UnloopInd: Down; InterfaceUp ignored there', () => {
  const h = new IfHarness(ifCfg(1));
  h.feed({ type: 'InterfaceUp' });
  assert.deepEqual(h.feed({ type: 'LoopInd' }), [
    'stop Hello',
    'stop Wait',
    'leave AllSPFRouters',
    'Waiting->Loopback',
    'originateRouterLsa',
  ]);
  assert.deepEqual(h.feed({ type: 'InterfaceUp' }), []);
  assert.deepEqual(h.feed({ type: 'UnloopInd' }), ['Loopback->Down', 'originateRouterLsa']);
  assert.ok(h.feed({ type: 'InterfaceUp' }).includes('Down->Waiting'));
});

test('events outside the table are no-ops', () => {
  const h = new IfHarness(ifCfg(1));
  assert.deepEqual(h.feed({ type: 'WaitTimer' }), []);
  assert.deepEqual(h.feed({ type: 'NeighborChange' }), []);
  assert.deepEqual(h.feed({ type: 'BackupSeen' }), []);
  assert.deepEqual(h.feed({ type: 'UnloopInd' }), []);
  h.feed({ type: 'InterfaceUp' });
  // NeighborChange in Waiting waits for the Wait Timer.
  h.neighbors = [nbr(2)];
  assert.deepEqual(h.feed({ type: 'NeighborChange' }), []);
  assert.deepEqual(h.feed({ type: 'InterfaceUp' }), []);
  h.clock.advance(40_000);
  // A stale WaitTimer after the election does nothing.
  assert.deepEqual(h.feed({ type: 'WaitTimer' }), []);
});

test('losing the DR role (merged network, a declared DR with higher priority): flush and leave AllDRouters', () => {
  const h = new IfHarness(ifCfg(1));
  h.feed({ type: 'InterfaceUp' });
  h.clock.advance(40_000);
  assert.equal(h.s.state, 'DR');
  h.neighbors = [nbr(2, '2-Way', { priority: 5, dr: ip(10, 0, 0, 2) })];
  const acts = h.feed({ type: 'NeighborChange' });
  assert.deepEqual(acts, ['flushNetworkLsa', 'AdjOK? 2', 'DR->Backup', 'originateRouterLsa']);
  assert.ok(acceptsAllDRouters(h.s));
});

test('two routers on a broadcast link converge: higher Router ID is DR, the other Backup', () => {
  const net = new Net();
  const r1 = net.add(ifCfg(1));
  const r2 = net.add(ifCfg(2));
  net.up();
  net.advance(10_000);
  assert.deepEqual(r1.states(), { 2: '2-Way' });
  assert.equal(r1.ifc.state, 'Waiting');
  net.advance(30_000);
  net.advance(20_000);
  assert.equal(r2.ifc.state, 'DR');
  assert.equal(r1.ifc.state, 'Backup');
  assert.equal(r1.ifc.drId, r2.id);
  assert.equal(r2.ifc.bdrId, r1.id);
  assert.deepEqual(r1.states(), { 2: 'Full' });
  assert.deepEqual(r2.states(), { 1: 'Full' });
});
