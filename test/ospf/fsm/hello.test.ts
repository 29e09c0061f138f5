/**
 * Hello building and processing (RFC 2328 §9.5, §10.5): each mismatch is its own drop reason; accepted Hellos
 * yield HelloReceived, 2-WayReceived / 1-WayReceived and BackupSeen / NeighborChange as §10.5 says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildHello, type HelloDropReason, type HelloSource, processHello } from '../../../ospf/fsm/hello.js';
import { initialInterface } from '../../../ospf/fsm/interface.js';
import { type IfCfg, type IfState, type NbrView, OPT_E, OPT_NP } from '../../../ospf/fsm/types.js';
import type { HelloPkt } from '../../../ospf/packet/types.js';
import { ifCfg, ip } from './helpers.js';

const CFG = ifCfg(1);
const WAITING: IfState = { ...initialInterface(), state: 'Waiting' };
const DROTHER: IfState = { ...initialInterface(), state: 'DROther', dr: ip(10, 0, 0, 3), bdr: ip(10, 0, 0, 4) };
const SRC: HelloSource = { routerId: ip(2, 2, 2, 2), areaId: 0, address: ip(10, 0, 0, 2) };
const ME = CFG.routerId;
const TWO = ip(10, 0, 0, 2);

function hello(over: Partial<HelloPkt> = {}): HelloPkt {
  return {
    type: 1,
    mask: CFG.mask,
    helloInterval: 10,
    options: OPT_E,
    priority: 1,
    deadInterval: 40,
    dr: 0,
    bdr: 0,
    neighbors: [ME],
    ...over,
  };
}

function known(over: Partial<NbrView> = {}): NbrView {
  return { state: '2-Way', routerId: SRC.routerId, address: TWO, priority: 1, dr: 0, bdr: 0, ...over };
}

function dropOf(h: HelloPkt, cfg: IfCfg = CFG, ifc: IfState = DROTHER, src: HelloSource = SRC): HelloDropReason | '' {
  const r = processHello(cfg, ifc, undefined, src, h);
  return r.ok ? '' : r.error;
}

function events(ifc: IfState, nbr: NbrView | undefined, h: HelloPkt): { nbr: string[]; ifc: string[] } {
  const r = processHello(CFG, ifc, nbr, SRC, h);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return { nbr: r.value.nbrEvents.map((e) => e.type), ifc: r.value.ifEvents.map((e) => e.type) };
}

test('each mismatch is a distinct drop reason', () => {
  const cases: [HelloDropReason, () => HelloDropReason | ''][] = [
    ['interface-down', () => dropOf(hello(), CFG, initialInterface())],
    ['interface-down', () => dropOf(hello(), CFG, { ...initialInterface(), state: 'Loopback' })],
    ['passive', () => dropOf(hello(), { ...CFG, passive: true })],
    ['area-mismatch', () => dropOf(hello(), CFG, DROTHER, { ...SRC, areaId: 1 })],
    ['duplicate-router-id', () => dropOf(hello(), CFG, DROTHER, { ...SRC, routerId: ME })],
    ['wrong-subnet', () => dropOf(hello(), CFG, DROTHER, { ...SRC, address: ip(10, 0, 1, 2) })],
    ['mask-mismatch', () => dropOf(hello({ mask: ip(255, 255, 0, 0) }))],
    ['hello-interval-mismatch', () => dropOf(hello({ helloInterval: 5 }))],
    ['dead-interval-mismatch', () => dropOf(hello({ deadInterval: 20 }))],
    ['e-bit-mismatch', () => dropOf(hello({ options: 0 }))],
    ['n-bit-mismatch', () => dropOf(hello({ options: OPT_E | OPT_NP }))],
  ];
  for (const [want, run] of cases) assert.equal(run(), want);
  assert.equal(new Set(cases.map((c) => c[0])).size, cases.length - 1);
  // A stub area: E clear on both sides is fine; E set is the mismatch.
  const stub = { ...CFG, options: 0 };
  assert.equal(dropOf(hello({ options: 0 }), stub), '');
  assert.equal(dropOf(hello({ options: OPT_E }), stub), 'e-bit-mismatch');
  // Bits other than E and N/P do not matter (O, L, DC ...).
  assert.equal(dropOf(hello({ options: OPT_E | 0x40 | 0x10 })), '');
});

test('point-to-point: mask and source subnet are not checked; intervals are', () => {
  const p2p = { ...CFG, type: 'pointToPoint' as const };
  const ptp: IfState = { ...initialInterface(), state: 'PointToPoint' };
  assert.equal(dropOf(hello({ mask: 0 }), p2p, ptp, { ...SRC, address: ip(192, 168, 9, 9) }), '');
  assert.equal(dropOf(hello({ helloInterval: 30 }), p2p, ptp), 'hello-interval-mismatch');
  assert.equal(dropOf(hello({ deadInterval: 120 }), p2p, ptp), 'dead-interval-mismatch');
});

test('1-WayReceived when we are not listed, and processing stops there', () => {
  // Even a DR declaration in Waiting raises nothing on the interface when the Hello is one-way.
  const e = events(WAITING, known(), hello({ neighbors: [ip(9, 9, 9, 9)], dr: TWO }));
  assert.deepEqual(e, { nbr: ['HelloReceived', '1-WayReceived'], ifc: [] });
});

test('2-WayReceived when listed; a new neighbor is flagged and its first Hello is no change', () => {
  const r = processHello(CFG, DROTHER, undefined, SRC, hello({ priority: 7 }));
  assert.ok(r.ok);
  assert.equal(r.value.isNew, true);
  assert.deepEqual(
    r.value.nbrEvents.map((e) => e.type),
    ['HelloReceived', '2-WayReceived'],
  );
  assert.deepEqual(r.value.ifEvents, []);
  const first = r.value.nbrEvents[0];
  assert.ok(first?.type === 'HelloReceived');
  assert.deepEqual(first.hello, { routerId: SRC.routerId, address: TWO, priority: 7, dr: 0, bdr: 0, options: OPT_E });
});

test('Waiting: a DR with no BDR, or a BDR, is BackupSeen', () => {
  assert.deepEqual(events(WAITING, known(), hello({ dr: TWO })).ifc, ['BackupSeen']);
  assert.deepEqual(events(WAITING, known(), hello({ dr: ip(10, 0, 0, 3), bdr: TWO })).ifc, ['BackupSeen']);
  // A DR that lists a BDR is not BackupSeen (the BDR's own Hello will be); it is a newly declared DR.
  assert.deepEqual(events(WAITING, known(), hello({ dr: TWO, bdr: ip(10, 0, 0, 3) })).ifc, ['NeighborChange']);
});

test('NeighborChange: priority change, newly or no longer declaring DR or BDR', () => {
  assert.deepEqual(events(DROTHER, known(), hello({ priority: 2 })).ifc, ['NeighborChange']);
  assert.deepEqual(events(DROTHER, known(), hello({ dr: TWO })).ifc, ['NeighborChange']);
  assert.deepEqual(events(DROTHER, known({ dr: TWO }), hello({ dr: 0 })).ifc, ['NeighborChange']);
  assert.deepEqual(events(DROTHER, known(), hello({ bdr: TWO })).ifc, ['NeighborChange']);
  assert.deepEqual(events(DROTHER, known({ bdr: TWO }), hello({ bdr: ip(10, 0, 0, 9) })).ifc, ['NeighborChange']);
  // Unchanged declarations: nothing.
  assert.deepEqual(events(DROTHER, known({ dr: TWO }), hello({ dr: TWO })).ifc, []);
  // Listing someone else as DR is not a declaration of its own.
  assert.deepEqual(events(DROTHER, known(), hello({ dr: ip(10, 0, 0, 3) })).ifc, []);
  // Several changes still make one event.
  assert.deepEqual(events(DROTHER, known(), hello({ priority: 9, dr: TWO })).ifc, ['NeighborChange']);
});

test('buildHello: our parameters, DR/BDR, and the neighbors heard (Init or higher)', () => {
  const ifc: IfState = { ...DROTHER };
  const nbrs: NbrView[] = [
    known({ state: 'Down', routerId: ip(5, 5, 5, 5) }),
    known({ state: 'Init', routerId: ip(6, 6, 6, 6) }),
    known({ state: 'Full', routerId: ip(7, 7, 7, 7) }),
  ];
  assert.deepEqual(buildHello({ ...CFG, priority: 3 }, ifc, nbrs), {
    type: 1,
    mask: CFG.mask,
    helloInterval: 10,
    options: OPT_E,
    priority: 3,
    deadInterval: 40,
    dr: ip(10, 0, 0, 3),
    bdr: ip(10, 0, 0, 4),
    neighbors: [ip(6, 6, 6, 6), ip(7, 7, 7, 7)],
  });
});
