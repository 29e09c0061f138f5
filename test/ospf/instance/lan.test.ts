/**
 * Three routers on one broadcast LAN (RFC 2328 §9.4, §10, §12.4, §13, §16): DR/BDR election, Full
 * adjacencies with the DR and BDR (2-Way between the others), router- and network-LSAs in every database,
 * and routes to each other's passive subnets with the right next hops and costs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lab, type Node, ospfCfg } from './harness.js';

function lan(): { lab: Lab; r: Node[] } {
  const lab = new Lab();
  const r = [1, 2, 3].map((i) =>
    lab.node(`r${i}`, `${i}.${i}.${i}.${i}`, [
      { name: 'eth0', cidr: `10.0.0.${i}/24`, segment: 'lan' },
      { name: 'cbr0', cidr: `10.${i}0.0.1/24` },
    ]),
  );
  return { lab, r };
}

async function startAll(r: Node[], priority: (i: number) => number = () => 1): Promise<void> {
  for (const [i, n] of r.entries()) {
    await n.start(
      ospfCfg([
        { name: 'eth0', priority: priority(i), cost: 10 },
        { name: 'cbr0', passive: true, cost: 5 },
      ]),
    );
  }
}

test('LAN: DR/BDR elected and agreed, adjacencies Full with DR and BDR, 2-Way between DROthers', async () => {
  const { lab, r } = lan();
  await startAll(r);
  const [r1, r2, r3] = r as [Node, Node, Node];
  lab.until('all adjacencies', () => r3.neighbors()['1.1.1.1'] === 'Full' && r3.neighbors()['2.2.2.2'] === 'Full');
  // A router outside the race may briefly compute DR = BDR (§9.4 step 3) until the next Hellos: one interval.
  lab.advance(11_000);
  // Highest router ID wins (equal priorities): 3.3.3.3 DR, 2.2.2.2 BDR; everyone agrees.
  for (const n of r) {
    const i = n.iface('eth0');
    assert.equal(i.ifc.drId >>> 0, 0x03030303, `${n.name} DR`);
    assert.equal(i.ifc.bdrId >>> 0, 0x02020202, `${n.name} BDR`);
  }
  assert.equal(r3.iface('eth0').ifc.state, 'DR');
  assert.equal(r2.iface('eth0').ifc.state, 'Backup');
  assert.equal(r1.iface('eth0').ifc.state, 'DROther');
  assert.deepEqual(r1.neighbors(), { '2.2.2.2': 'Full', '3.3.3.3': 'Full' });
  assert.deepEqual(r2.neighbors(), { '1.1.1.1': 'Full', '3.3.3.3': 'Full' });
  assert.equal(lab.internalErrors(), 0);
});

test('LAN: priorities decide, priority 0 never becomes DR or BDR; DROthers stay 2-Way', async () => {
  const { lab, r } = lan();
  // r1 priority 10, r2 priority 0, r3 priority 1: r1 DR, r3 BDR, r2 DROther.
  await startAll(r, (i) => [10, 0, 1][i]!);
  const [r1, r2, r3] = r as [Node, Node, Node];
  lab.until(
    'r2 Full with DR and BDR',
    () => r2.neighbors()['1.1.1.1'] === 'Full' && r2.neighbors()['3.3.3.3'] === 'Full',
  );
  assert.equal(r1.iface('eth0').ifc.state, 'DR');
  assert.equal(r3.iface('eth0').ifc.state, 'Backup');
  assert.equal(r2.iface('eth0').ifc.state, 'DROther');
  // A fourth router with priority 0 (DROther) sees r2 as 2-Way only.
  const r4 = lab.node('r4', '4.4.4.4', [{ name: 'eth0', cidr: '10.0.0.4/24', segment: 'lan' }]);
  await r4.start(ospfCfg([{ name: 'eth0', priority: 0 }]));
  lab.until(
    'r4 Full with DR and BDR',
    () => r4.neighbors()['1.1.1.1'] === 'Full' && r4.neighbors()['3.3.3.3'] === 'Full',
  );
  lab.advance(5000);
  assert.equal(r4.neighbors()['2.2.2.2'], '2-Way');
  assert.equal(r2.neighbors()['4.4.4.4'], '2-Way');
  assert.equal(r1.iface('eth0').ifc.state, 'DR', 'the DR stays DR when a router joins');
});

test('LAN: router- and network-LSAs reach every database; routes to the passive subnets', async () => {
  const { lab, r } = lan();
  await startAll(r);
  const [r1, r2, r3] = r as [Node, Node, Node];
  lab.until(
    'routes everywhere',
    () => r1.route('10.30.0.0/24') !== undefined && r3.route('10.10.0.0/24') !== undefined,
  );
  // The routers outside the DR's race settle their BDR on the DR's next Hello (§9.4); then all is flooded.
  lab.until('databases complete', () => r.every((n) => n.ospf.lsdb.countByType()[1] === 3));
  lab.advance(3000);
  for (const n of r) {
    const db = n.ospf.lsdb;
    assert.equal(db.countByType()[1], 3, `${n.name}: three router-LSAs`);
    assert.equal(db.countByType()[2], 1, `${n.name}: one network-LSA, from the DR`);
    const net = [...db.entries(0, 2)][0]!;
    assert.equal(net.advRouter >>> 0, 0x03030303);
    const body = net.lsa.body;
    assert.equal(body.kind, 'network');
    if (body.kind === 'network') assert.deepEqual([...body.attached].sort(), [0x01010101, 0x02020202, 0x03030303]);
  }
  // Cost: 10 (LAN) + 5 (the far passive stub); next hop the owner's LAN address.
  assert.equal(r1.route('10.20.0.0/24'), 'ospf 15 10.0.0.2%eth0');
  assert.equal(r1.route('10.30.0.0/24'), 'ospf 15 10.0.0.3%eth0');
  assert.equal(r2.route('10.10.0.0/24'), 'ospf 15 10.0.0.1%eth0');
  assert.equal(r3.route('10.20.0.0/24'), 'ospf 15 10.0.0.2%eth0');
  // The LAN itself is intra-area, directly attached: the connected route wins in the RIB, OSPF has a candidate.
  assert.equal(r1.ospfRoute('10.0.0.0/24'), '10 direct%eth0');
  // OSPF's own view: intra-area, cost and next hop.
  const view = r1.ospf.routes;
  assert.equal(view.size, 4);
  assert.equal(lab.internalErrors(), 0);
});

test('LAN: a DR that leaves is replaced by the BDR; its subnet is withdrawn everywhere', async () => {
  const { lab, r } = lan();
  await startAll(r);
  const [r1, r2, r3] = r as [Node, Node, Node];
  lab.until('routes', () => r1.route('10.30.0.0/24') !== undefined && r1.route('10.20.0.0/24') !== undefined);
  lab.segment('lan').cut('r3');
  lab.until('r3 gone', () => r1.neighbors()['3.3.3.3'] === undefined && r2.neighbors()['3.3.3.3'] === undefined);
  lab.until('r2 DR', () => r2.iface('eth0').ifc.state === 'DR' && r1.iface('eth0').ifc.state === 'Backup');
  lab.until('route withdrawn', () => r1.route('10.30.0.0/24') === undefined);
  assert.equal(r1.route('10.20.0.0/24'), 'ospf 15 10.0.0.2%eth0');
  assert.equal(r2.route('10.10.0.0/24'), 'ospf 15 10.0.0.1%eth0');
  // r3 itself lost everything learned.
  lab.until('r3 alone', () => r3.route('10.10.0.0/24') === undefined);
  assert.equal(lab.internalErrors(), 0);
});
