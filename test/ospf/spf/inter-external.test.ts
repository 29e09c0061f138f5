import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LS_INFINITY, MAX_AGE } from '../../../ospf/lsdb.js';
import { summaryAreas } from '../../../ospf/spf/inter.js';
import { runSpf, type SpfInterface } from '../../../ospf/spf.js';
import { dumpRoutes, externalLsa, ip, makeLsdb, networkLsa, routerLsa, summaryLsa } from '../lsdb/helpers.js';

const ME = '1.1.1.1';
const M30 = '255.255.255.252';
const M24 = '255.255.255.0';
const M16 = '255.255.0.0';
const M32 = '255.255.255.255';
const AREA1 = ip('0.0.0.1');
const B = 0x01;
const E = 0x02;

const iface = (name: string, addr: string, mask: string, area = 0): SpfInterface => ({
  name,
  area,
  address: ip(addr),
  mask: ip(mask),
});

/** Area 0.0.0.1: us with ABRs 2.2.2.2 and 3.3.3.3 (cost 10 each) and a plain router 4.4.4.4 (cost 1). */
function interArea() {
  return [
    routerLsa(ME, [
      [1, '2.2.2.2', '10.0.12.1', 10],
      [1, '3.3.3.3', '10.0.13.1', 10],
      [1, '4.4.4.4', '10.0.14.1', 1],
    ]),
    routerLsa('2.2.2.2', [[1, ME, '10.0.12.2', 10]], { flags: B }),
    routerLsa('3.3.3.3', [[1, ME, '10.0.13.2', 10]], { flags: B }),
    routerLsa('4.4.4.4', [
      [1, ME, '10.0.14.2', 1],
      [3, '192.168.4.0', M24, 100],
    ]),
    summaryLsa(3, '172.16.0.0', '2.2.2.2', M16, 20),
    summaryLsa(3, '172.16.0.0', '3.3.3.3', M16, 20),
    summaryLsa(3, '172.17.0.0', '2.2.2.2', M16, 5),
    summaryLsa(3, '172.17.0.0', '3.3.3.3', M16, 1),
    summaryLsa(3, '172.18.0.0', '4.4.4.4', M16, 1), // not an ABR
    summaryLsa(3, '172.19.0.0', '2.2.2.2', M16, LS_INFINITY),
    summaryLsa(3, '192.168.4.0', '2.2.2.2', M24, 1), // intra-area path exists
    summaryLsa(3, '172.20.0.0', '9.9.9.9', M16, 1), // ABR not reachable
    summaryLsa(3, '172.21.0.0', ME, M16, 1), // our own
    summaryLsa(3, '172.22.0.0', '2.2.2.2', M16, 1, { age: MAX_AGE }),
    summaryLsa(4, '5.5.5.5', '2.2.2.2', M32, 5),
    summaryLsa(4, '5.5.5.5', '3.3.3.3', M32, 7),
  ];
}
const interIfs = [
  iface('eth1', '10.0.12.1', M30, AREA1),
  iface('eth2', '10.0.13.1', M30, AREA1),
  iface('eth3', '10.0.14.1', M30, AREA1),
];

test('§16.2 inter-area routes: ABR cost + summary metric, ECMP over ABRs, intra preferred, bad summaries skipped', () => {
  const db = makeLsdb(ME, interArea(), AREA1);
  db.install(AREA1, externalLsa('0.0.0.0', '5.5.5.5', '0.0.0.0', 100), undefined, 0);
  db.install(AREA1, externalLsa('172.16.0.0', '5.5.5.5', M16, 1, { e2: false }), undefined, 0);
  const r = runSpf({ lsdb: db, now: 0, interfaces: interIfs });
  assert.deepEqual(dumpRoutes(r), [
    '0.0.0.0/0 e2 15/100 area 0.0.0.1 [10.0.12.2%eth1]',
    '172.16.0.0/16 inter 30 area 0.0.0.1 [10.0.12.2%eth1 10.0.13.2%eth2]',
    '172.17.0.0/16 inter 11 area 0.0.0.1 [10.0.13.2%eth2]',
    '192.168.4.0/24 intra 101 area 0.0.0.1 [10.0.14.2%eth3]',
  ]);
  assert.deepEqual(r.routers.get(ip('5.5.5.5')), [
    {
      routerId: ip('5.5.5.5'),
      area: AREA1,
      type: 'inter',
      cost: 15,
      abr: false,
      asbr: true,
      nexthops: [{ address: ip('10.0.12.2'), ifIndexOrName: 'eth1' }],
    },
  ]);
});

test('§16.2: attached to the backbone and another area, only backbone summaries are examined', () => {
  assert.deepEqual(summaryAreas([AREA1]), [AREA1]);
  assert.deepEqual(summaryAreas([AREA1, 0]), [0]);
  assert.deepEqual(summaryAreas([AREA1, ip('0.0.0.2')]), [AREA1, ip('0.0.0.2')]);
  const db = makeLsdb(ME, interArea(), AREA1, { 0: [routerLsa(ME, [])] });
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: interIfs })), [
    '192.168.4.0/24 intra 101 area 0.0.0.1 [10.0.14.2%eth3]',
  ]);
});

/**
 * Area 0: a LAN 10.0.0.0/24 (DR 2.2.2.2) with us (.1), ASBRs 2.2.2.2 (.2) and 4.4.4.4 (.4), and 5.5.5.5
 * (.5, not an ASBR); ASBR 3.3.3.3 behind 2.2.2.2 over a point-to-point link (cost 10), with 10.0.23.0/30.
 */
function externals() {
  const x = (n: number, adv: string, metric: number, o: { e2?: boolean; fwd?: string } = {}) =>
    externalLsa(`100.0.${n}.0`, adv, M24, metric, o);
  return [
    routerLsa(ME, [[2, '10.0.0.2', '10.0.0.1', 10]]),
    routerLsa(
      '2.2.2.2',
      [
        [2, '10.0.0.2', '10.0.0.2', 10],
        [1, '3.3.3.3', '10.0.23.2', 10],
      ],
      { flags: E },
    ),
    routerLsa(
      '3.3.3.3',
      [
        [1, '2.2.2.2', '10.0.23.3', 10],
        [3, '10.0.23.0', M30, 10],
      ],
      { flags: E },
    ),
    routerLsa('4.4.4.4', [[2, '10.0.0.2', '10.0.0.4', 10]], { flags: E }),
    routerLsa('5.5.5.5', [[2, '10.0.0.2', '10.0.0.5', 10]]),
    networkLsa('10.0.0.2', '2.2.2.2', M24, [ME, '2.2.2.2', '4.4.4.4', '5.5.5.5']),
    // E1 beats E2 whatever the metrics.
    x(1, '2.2.2.2', 50),
    x(1, '3.3.3.3', 100, { e2: false }),
    // E2 tie on the external metric: the nearer ASBR.
    x(2, '2.2.2.2', 50),
    x(2, '3.3.3.3', 50),
    // E2 full tie: both (ECMP).
    x(3, '2.2.2.2', 50),
    x(3, '4.4.4.4', 50),
    // E1: total cost decides (4.4.4.4: 10 + 200; 3.3.3.3: 20 + 100).
    x(4, '4.4.4.4', 200, { e2: false }),
    x(4, '3.3.3.3', 100, { e2: false }),
    // E2: the lower external metric wins over the nearer ASBR.
    x(5, '4.4.4.4', 60),
    x(5, '3.3.3.3', 40),
    // Forwarding address on our LAN: the next hop is the forwarding address itself.
    x(6, '3.3.3.3', 5, { e2: false, fwd: '10.0.0.4' }),
    // Forwarding address with no route, or ours: no route.
    x(7, '3.3.3.3', 5, { fwd: '192.0.2.1' }),
    x(8, '3.3.3.3', 5, { fwd: '10.0.0.1' }),
    // Unreachable ASBR; a reachable router that is not an ASBR; LSInfinity.
    x(9, '9.9.9.9', 5),
    x(10, '5.5.5.5', 5),
    x(12, '2.2.2.2', LS_INFINITY),
    // A forwarding address reached through another router: that route's cost and next hops.
    x(13, '4.4.4.4', 1, { e2: false, fwd: '10.0.23.3' }),
    // An intra-area route is preferred to any external one.
    externalLsa('10.0.0.0', '2.2.2.2', M24, 1, { e2: false }),
  ];
}

test('§16.4 externals: E1 over E2, E2 tie-breaks, ECMP, forwarding addresses, unreachable ASBRs', () => {
  const db = makeLsdb(ME, externals());
  const r = runSpf({ lsdb: db, now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  const A = 'area 0.0.0.0';
  assert.deepEqual(
    dumpRoutes(r),
    [
      `10.0.0.0/24 intra 10 ${A} [direct%eth0]`,
      `10.0.23.0/30 intra 30 ${A} [10.0.0.2%eth0]`,
      `100.0.1.0/24 e1 120 ${A} [10.0.0.2%eth0]`,
      `100.0.2.0/24 e2 10/50 ${A} [10.0.0.2%eth0]`,
      `100.0.3.0/24 e2 10/50 ${A} [10.0.0.2%eth0 10.0.0.4%eth0]`,
      `100.0.4.0/24 e1 120 ${A} [10.0.0.2%eth0]`,
      `100.0.5.0/24 e2 20/40 ${A} [10.0.0.2%eth0]`,
      `100.0.6.0/24 e1 15 ${A} [10.0.0.4%eth0]`,
      `100.0.13.0/24 e1 31 ${A} [10.0.0.2%eth0]`,
    ].sort(),
  );
});

test('§16.4: the order LSAs were installed in does not change the result', () => {
  const ifs = [iface('eth0', '10.0.0.1', M24)];
  const fwd = dumpRoutes(runSpf({ lsdb: makeLsdb(ME, externals()), now: 0, interfaces: ifs }));
  const rev = dumpRoutes(runSpf({ lsdb: makeLsdb(ME, externals().reverse()), now: 0, interfaces: ifs }));
  assert.deepEqual(rev, fwd);
});

test('§16.4: an ASBR that becomes unreachable takes its external routes with it', () => {
  const lsas = externals().filter((l) => !(l.header.type === 1 && l.header.advRouter === ip('2.2.2.2')));
  const r = runSpf({ lsdb: makeLsdb(ME, lsas), now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  const A = 'area 0.0.0.0';
  assert.deepEqual(dumpRoutes(r), [
    `10.0.0.0/24 intra 10 ${A} [direct%eth0]`,
    `100.0.3.0/24 e2 10/50 ${A} [10.0.0.4%eth0]`,
    `100.0.4.0/24 e1 210 ${A} [10.0.0.4%eth0]`,
    `100.0.5.0/24 e2 10/60 ${A} [10.0.0.4%eth0]`,
  ]);
});
