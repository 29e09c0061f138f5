import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_AGE } from '../../../ospf/lsdb.js';
import { runSpf, type SpfInterface } from '../../../ospf/spf.js';
import { dumpRoutes, ip, makeLsdb, networkLsa, routerLsa } from '../lsdb/helpers.js';

const ME = '1.1.1.1';
const M30 = '255.255.255.252';
const M24 = '255.255.255.0';
const M32 = '255.255.255.255';

const iface = (name: string, addr: string, mask: string, more: Partial<SpfInterface> = {}): SpfInterface => ({
  name,
  area: 0,
  address: ip(addr),
  mask: ip(mask),
  ...more,
});

test('point-to-point pair: next hop is the neighbor address from its router-LSA; our stubs are directly attached', () => {
  const db = makeLsdb(ME, [
    routerLsa(ME, [
      [1, '2.2.2.2', '10.0.12.1', 10],
      [3, '10.0.12.0', M30, 10],
      [3, '1.1.1.1', M32, 0],
    ]),
    routerLsa('2.2.2.2', [
      [1, ME, '10.0.12.2', 10],
      [3, '10.0.12.0', M30, 10],
      [3, '2.2.2.2', M32, 0],
      [3, '192.168.2.0', M24, 1],
    ]),
  ]);
  const r = runSpf({ lsdb: db, now: 0, interfaces: [iface('eth0', '10.0.12.1', M30), iface('lo', ME, M32)] });
  assert.deepEqual(dumpRoutes(r), [
    '1.1.1.1/32 intra 0 area 0.0.0.0 [direct%lo]',
    '10.0.12.0/30 intra 10 area 0.0.0.0 [direct%eth0]',
    '192.168.2.0/24 intra 11 area 0.0.0.0 [10.0.12.2%eth0]',
    '2.2.2.2/32 intra 10 area 0.0.0.0 [10.0.12.2%eth0]',
  ]);
  assert.deepEqual(r.areas, [{ area: 0, vertices: 2, edges: 2, reached: 2 }]);
});

test('point-to-point: the neighbor address heard in Hellos wins; unnumbered links are found by ifIndex', () => {
  const db = makeLsdb(ME, [
    routerLsa(ME, [[1, '2.2.2.2', '0.0.0.7', 10]]),
    routerLsa('2.2.2.2', [
      [1, ME, '0.0.0.3', 10],
      [3, '192.168.2.0', M24, 1],
    ]),
  ]);
  const unnumbered = { name: 'ppp0', area: 0, address: 0, mask: 0, ifIndex: 7 };
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: [unnumbered] })), [
    '192.168.2.0/24 intra 11 area 0.0.0.0 [direct%ppp0]',
  ]);
  const heard = { ...unnumbered, neighbors: [{ routerId: ip('2.2.2.2'), address: ip('169.254.0.2') }] };
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: [heard] })), [
    '192.168.2.0/24 intra 11 area 0.0.0.0 [169.254.0.2%ppp0]',
  ]);
});

/** A LAN 10.0.0.0/24, DR 2.2.2.2 (10.0.0.2), with routers 1 (us, .1), 2 and 3 (.3). */
function lan(extra: { r3Metric?: number } = {}) {
  return [
    routerLsa(ME, [[2, '10.0.0.2', '10.0.0.1', 10]]),
    routerLsa('2.2.2.2', [
      [2, '10.0.0.2', '10.0.0.2', 10],
      [3, '192.168.2.0', M24, 1],
    ]),
    routerLsa('3.3.3.3', [
      [2, '10.0.0.2', '10.0.0.3', extra.r3Metric ?? 10],
      [3, '192.168.3.0', M24, 5],
    ]),
    networkLsa('10.0.0.2', '2.2.2.2', M24, [ME, '2.2.2.2', '3.3.3.3']),
  ];
}

test('broadcast transit network with a DR and three routers: next hops are the routers addresses on the LAN', () => {
  const db = makeLsdb(ME, lan());
  const r = runSpf({ lsdb: db, now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  assert.deepEqual(dumpRoutes(r), [
    '10.0.0.0/24 intra 10 area 0.0.0.0 [direct%eth0]',
    '192.168.2.0/24 intra 11 area 0.0.0.0 [10.0.0.2%eth0]',
    '192.168.3.0/24 intra 15 area 0.0.0.0 [10.0.0.3%eth0]',
  ]);
  assert.deepEqual(r.areas, [{ area: 0, vertices: 4, edges: 6, reached: 4 }]);
});

test('stub networks behind two hops inherit the first hop; a non-contiguous mask is ignored', () => {
  const db = makeLsdb(ME, [
    routerLsa(ME, [[1, '2.2.2.2', '10.0.12.1', 10]]),
    routerLsa('2.2.2.2', [
      [1, ME, '10.0.12.2', 10],
      [1, '3.3.3.3', '10.0.23.2', 7],
    ]),
    routerLsa('3.3.3.3', [
      [1, '2.2.2.2', '10.0.23.3', 7],
      [3, '192.168.3.0', M24, 3],
      [3, '192.168.33.0', '255.0.255.0', 3],
      [3, '3.3.3.3', M32, 0],
    ]),
  ]);
  const r = runSpf({ lsdb: db, now: 0, interfaces: [iface('eth0', '10.0.12.1', M30)] });
  assert.deepEqual(dumpRoutes(r), [
    '192.168.3.0/24 intra 20 area 0.0.0.0 [10.0.12.2%eth0]',
    '3.3.3.3/32 intra 17 area 0.0.0.0 [10.0.12.2%eth0]',
  ]);
});

/** A square: us -- R2 -- R4 and us -- R3 -- R4, R4 has 192.168.4.0/24. */
function square(viaR3: number) {
  return [
    routerLsa(ME, [
      [1, '2.2.2.2', '10.0.12.1', 10],
      [1, '3.3.3.3', '10.0.13.1', viaR3],
    ]),
    routerLsa('2.2.2.2', [
      [1, ME, '10.0.12.2', 10],
      [1, '4.4.4.4', '10.0.24.2', 10],
    ]),
    routerLsa('3.3.3.3', [
      [1, ME, '10.0.13.2', 10],
      [1, '4.4.4.4', '10.0.34.3', 10],
    ]),
    routerLsa('4.4.4.4', [
      [1, '2.2.2.2', '10.0.24.4', 10],
      [1, '3.3.3.3', '10.0.34.4', 10],
      [3, '192.168.4.0', M24, 1],
    ]),
  ];
}
const squareIfs = [iface('eth1', '10.0.12.1', M30), iface('eth2', '10.0.13.1', M30)];

test('ECMP: two equal paths give two next hops', () => {
  const r = runSpf({ lsdb: makeLsdb(ME, square(10)), now: 0, interfaces: squareIfs });
  assert.deepEqual(dumpRoutes(r), ['192.168.4.0/24 intra 21 area 0.0.0.0 [10.0.12.2%eth1 10.0.13.2%eth2]']);
});

test('ECMP: unequal paths give the cheaper one only', () => {
  const r = runSpf({ lsdb: makeLsdb(ME, square(11)), now: 0, interfaces: squareIfs });
  assert.deepEqual(dumpRoutes(r), ['192.168.4.0/24 intra 21 area 0.0.0.0 [10.0.12.2%eth1]']);
});

test('ECMP through a LAN: two routers on it lead to the same destination', () => {
  const lsas = lan();
  lsas[1] = routerLsa('2.2.2.2', [
    [2, '10.0.0.2', '10.0.0.2', 10],
    [1, '4.4.4.4', '10.0.24.2', 5],
  ]);
  lsas[2] = routerLsa('3.3.3.3', [
    [2, '10.0.0.2', '10.0.0.3', 10],
    [1, '4.4.4.4', '10.0.34.3', 5],
  ]);
  lsas.push(
    routerLsa('4.4.4.4', [
      [1, '2.2.2.2', '10.0.24.4', 5],
      [1, '3.3.3.3', '10.0.34.4', 5],
      [3, '192.168.4.0', M24, 1],
    ]),
  );
  const r = runSpf({ lsdb: makeLsdb(ME, lsas), now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  assert.deepEqual(dumpRoutes(r), [
    '10.0.0.0/24 intra 10 area 0.0.0.0 [direct%eth0]',
    '192.168.4.0/24 intra 16 area 0.0.0.0 [10.0.0.2%eth0 10.0.0.3%eth0]',
  ]);
});

test('§16.1 two-way check: a point-to-point link reported by one end only is not used', () => {
  const db = makeLsdb(ME, [
    routerLsa(ME, [[1, '2.2.2.2', '10.0.12.1', 10]]),
    routerLsa('2.2.2.2', [[3, '192.168.2.0', M24, 1]]),
  ]);
  const r = runSpf({ lsdb: db, now: 0, interfaces: [iface('eth0', '10.0.12.1', M30)] });
  assert.deepEqual(dumpRoutes(r), []);
  assert.deepEqual(r.areas, [{ area: 0, vertices: 2, edges: 0, reached: 1 }]);
});

test('§16.1 two-way check on a LAN: a router the network-LSA does not list, or that does not list the network', () => {
  const lsas = lan();
  lsas[3] = networkLsa('10.0.0.2', '2.2.2.2', M24, [ME, '2.2.2.2']); // 3.3.3.3 claims the LAN, not listed
  const r = runSpf({ lsdb: makeLsdb(ME, lsas), now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  assert.deepEqual(dumpRoutes(r), [
    '10.0.0.0/24 intra 10 area 0.0.0.0 [direct%eth0]',
    '192.168.2.0/24 intra 11 area 0.0.0.0 [10.0.0.2%eth0]',
  ]);
  const lsas2 = lan();
  lsas2[2] = routerLsa('3.3.3.3', [[3, '192.168.3.0', M24, 5]]); // listed, but no transit link back
  const r2 = runSpf({ lsdb: makeLsdb(ME, lsas2), now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  assert.deepEqual(dumpRoutes(r2), dumpRoutes(r));
});

test('LSAs at MaxAge are not used; without our own router-LSA nothing is reachable', () => {
  const lsas = lan();
  lsas[2] = routerLsa(
    '3.3.3.3',
    [
      [2, '10.0.0.2', '10.0.0.3', 10],
      [3, '192.168.3.0', M24, 5],
    ],
    { age: MAX_AGE - 10 },
  );
  const db = makeLsdb(ME, lsas);
  const ifs = [iface('eth0', '10.0.0.1', M24)];
  assert.equal(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: ifs })).length, 3);
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 10_000, interfaces: ifs })), [
    '10.0.0.0/24 intra 10 area 0.0.0.0 [direct%eth0]',
    '192.168.2.0/24 intra 11 area 0.0.0.0 [10.0.0.2%eth0]',
  ]);
  const other = makeLsdb('9.9.9.9', lan());
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: other, now: 0, interfaces: ifs })), []);
});

test('a stale network-LSA with the same Link State ID loses to the one from the router that is DR', () => {
  const stale = networkLsa('10.0.0.2', '3.3.3.3', M24, [ME, '3.3.3.3']); // 3.3.3.3 does not own 10.0.0.2
  const ifs = [iface('eth0', '10.0.0.1', M24)];
  const good = dumpRoutes(runSpf({ lsdb: makeLsdb(ME, lan()), now: 0, interfaces: ifs }));
  assert.equal(good.length, 3);
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: makeLsdb(ME, [...lan(), stale]), now: 0, interfaces: ifs })), good);
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: makeLsdb(ME, [stale, ...lan()]), now: 0, interfaces: ifs })), good);
});

test('router routes: ABRs and ASBRs reached in the area, with cost and next hops', () => {
  const lsas = lan();
  lsas[1] = routerLsa('2.2.2.2', [[2, '10.0.0.2', '10.0.0.2', 10]], { flags: 0x01 });
  lsas[2] = routerLsa('3.3.3.3', [[2, '10.0.0.2', '10.0.0.3', 10]], { flags: 0x02 });
  const r = runSpf({ lsdb: makeLsdb(ME, lsas), now: 0, interfaces: [iface('eth0', '10.0.0.1', M24)] });
  assert.deepEqual(r.routers.get(ip('2.2.2.2')), [
    {
      routerId: ip('2.2.2.2'),
      area: 0,
      type: 'intra',
      cost: 10,
      abr: true,
      asbr: false,
      nexthops: [{ address: ip('10.0.0.2'), ifIndexOrName: 'eth0' }],
    },
  ]);
  assert.equal(r.routers.get(ip('3.3.3.3'))?.[0]?.asbr, true);
  assert.equal(r.routers.size, 2);
});

test('parallel point-to-point links to one neighbor: one next hop per link, each with the address on that link', () => {
  const db = makeLsdb(ME, [
    routerLsa(ME, [
      [1, '2.2.2.2', '10.0.12.1', 10],
      [1, '2.2.2.2', '10.0.21.1', 10],
    ]),
    routerLsa('2.2.2.2', [
      [1, ME, '10.0.21.2', 10],
      [1, ME, '10.0.12.2', 10],
      [3, '192.168.2.0', M24, 1],
    ]),
  ]);
  const ifs = [iface('eth0', '10.0.12.1', M30), iface('eth1', '10.0.21.1', M30)];
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: ifs })), [
    '192.168.2.0/24 intra 11 area 0.0.0.0 [10.0.12.2%eth0 10.0.21.2%eth1]',
  ]);
});

test('a link of our own router-LSA whose interface is gone is not used (no next-hop-less shorter path)', () => {
  // Our LSA still lists the p2p link to 2.2.2.2 over 10.0.12.1 (re-origination held back by MinLSInterval),
  // but that interface went down: 3.3.3.3 is reached over the direct, more expensive link.
  const db = makeLsdb(ME, [
    routerLsa(ME, [
      [1, '2.2.2.2', '10.0.12.1', 10],
      [1, '3.3.3.3', '10.0.13.1', 50],
    ]),
    routerLsa('2.2.2.2', [
      [1, ME, '10.0.12.2', 10],
      [1, '3.3.3.3', '10.0.23.2', 10],
    ]),
    routerLsa('3.3.3.3', [
      [1, '2.2.2.2', '10.0.23.3', 10],
      [1, ME, '10.0.13.3', 50],
      [3, '192.168.3.0', M24, 1],
    ]),
  ]);
  const both = [iface('e12', '10.0.12.1', M30), iface('e13', '10.0.13.1', M30)];
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: both })), [
    '192.168.3.0/24 intra 21 area 0.0.0.0 [10.0.12.2%e12]',
  ]);
  assert.deepEqual(dumpRoutes(runSpf({ lsdb: db, now: 0, interfaces: [iface('e13', '10.0.13.1', M30)] })), [
    '192.168.3.0/24 intra 51 area 0.0.0.0 [10.0.13.3%e13]',
  ]);
});
