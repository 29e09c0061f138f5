/**
 * Point-to-point links (RFC 2328 §9.3, §12.4.1.1, §16.1.1): a pair reaches Full without an election, the
 * router-LSA carries a point-to-point link and the subnet as a stub, the next hop is the neighbor's address.
 * A triangle reconverges when a link fails (the inactivity timer, then SPF) and routes come back with it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lab, type Node, ospfCfg } from './harness.js';

test('p2p pair: Full without DR, p2p + stub links, routes via the neighbor address', async () => {
  const lab = new Lab();
  const a = lab.node('a', '1.1.1.1', [
    { name: 'eth1', cidr: '10.255.0.0/31', segment: 'ab' },
    { name: 'cbr0', cidr: '10.10.0.1/24' },
  ]);
  const b = lab.node('b', '2.2.2.2', [
    { name: 'eth1', cidr: '10.255.0.1/31', segment: 'ab' },
    { name: 'cbr0', cidr: '10.20.0.1/24' },
  ]);
  for (const n of [a, b])
    await n.start(
      ospfCfg([
        { name: 'eth1', network: 'point-to-point', cost: 7 },
        { name: 'cbr0', passive: true },
      ]),
    );
  const t = lab.until('Full', () => a.neighbors()['2.2.2.2'] === 'Full' && b.neighbors()['1.1.1.1'] === 'Full');
  assert.ok(t < 11_000, `a p2p adjacency needs no Wait timer, only a Hello each way (${t} ms)`);
  assert.equal(a.iface('eth1').ifc.state, 'PointToPoint');
  assert.equal(a.iface('eth1').ifc.dr, 0);
  lab.until('routes', () => a.route('10.20.0.0/24') !== undefined && b.route('10.10.0.0/24') !== undefined);
  assert.equal(a.route('10.20.0.0/24'), 'ospf 17 10.255.0.1%eth1');
  assert.equal(b.route('10.10.0.0/24'), 'ospf 17 10.255.0.0%eth1');
  const mine = a.ospf.lsdb.lookup(0, 1, 0x01010101, 0x01010101);
  assert.ok(mine);
  const body = mine.lsa.body;
  assert.equal(body.kind, 'router');
  if (body.kind === 'router') {
    const links = body.links.map((l) => `${l.type} ${l.linkId >>> 0} ${l.linkData >>> 0} ${l.metric}`).sort();
    assert.deepEqual(links, [
      `1 ${0x02020202} ${0x0aff0000} 7`, // p2p to 2.2.2.2, Link Data our address
      `3 ${0x0a0a0000} ${0xffffff00} 10`, // the passive subnet
      `3 ${0x0aff0000} ${0xfffffffe} 7`, // the link's subnet as a stub
    ]);
  }
  assert.equal(a.ospf.lsdb.countByType()[2], 0, 'no network-LSA on p2p links');
  assert.equal(lab.internalErrors(), 0);
});

function triangle(lab: Lab): [Node, Node, Node] {
  const a = lab.node('a', '1.1.1.1', [
    { name: 'ab', cidr: '10.255.1.0/31', segment: 'ab' },
    { name: 'ac', cidr: '10.255.3.0/31', segment: 'ac' },
    { name: 'cbr0', cidr: '10.10.0.1/24' },
  ]);
  const b = lab.node('b', '2.2.2.2', [
    { name: 'ab', cidr: '10.255.1.1/31', segment: 'ab' },
    { name: 'bc', cidr: '10.255.2.0/31', segment: 'bc' },
  ]);
  const c = lab.node('c', '3.3.3.3', [
    { name: 'bc', cidr: '10.255.2.1/31', segment: 'bc' },
    { name: 'ac', cidr: '10.255.3.1/31', segment: 'ac' },
    { name: 'cbr0', cidr: '10.30.0.1/24' },
  ]);
  return [a, b, c];
}

test('triangle: the cheaper two-hop path wins; a failed link reconverges to the direct one, then withdraws', async () => {
  const lab = new Lab();
  const [a, b, c] = triangle(lab);
  const p2p = (name: string, cost: number) => ({
    name,
    network: 'point-to-point' as const,
    cost,
    helloInterval: 1,
    deadInterval: 4,
  });
  await a.start(ospfCfg([p2p('ab', 10), p2p('ac', 50), { name: 'cbr0', passive: true, cost: 1 }]));
  await b.start(ospfCfg([p2p('ab', 10), p2p('bc', 10)]));
  await c.start(ospfCfg([p2p('bc', 10), p2p('ac', 50), { name: 'cbr0', passive: true, cost: 1 }]));
  lab.until('routes', () => a.route('10.30.0.0/24') === 'ospf 21 10.255.1.1%ab');
  assert.equal(c.route('10.10.0.0/24'), 'ospf 21 10.255.2.0%bc');
  // The a-b link fails: after the dead interval a and b drop each other, SPF moves to the direct link.
  lab.segment('ab').cut('a');
  const t = lab.until('reconverged', () => a.route('10.30.0.0/24') === 'ospf 51 10.255.3.1%ac');
  assert.ok(t <= 6000, `reconvergence within dead interval + SPF (${t} ms)`);
  lab.until('c too', () => c.route('10.10.0.0/24') === 'ospf 51 10.255.3.0%ac');
  assert.equal(a.neighbors()['2.2.2.2'], undefined);
  // The link comes back: the two-hop path returns.
  lab.segment('ab').restore('a');
  lab.until('back', () => a.route('10.30.0.0/24') === 'ospf 21 10.255.1.1%ab');
  // Both of a's links fail: c's subnet is withdrawn from a's RIB, and a's from c's.
  lab.segment('ab').cut('a');
  lab.segment('ac').cut('a');
  lab.until('withdrawn', () => a.route('10.30.0.0/24') === undefined && c.route('10.10.0.0/24') === undefined);
  assert.equal(a.ospfRoute('10.30.0.0/24'), undefined);
  assert.equal(lab.internalErrors(), 0);
});

test('a link set down in the dataplane: the interface leaves, its neighbors go, routes reconverge', async () => {
  const lab = new Lab();
  const [a, b, c] = triangle(lab);
  const p2p = (name: string, cost: number) => ({ name, network: 'point-to-point' as const, cost });
  await a.start(ospfCfg([p2p('ab', 10), p2p('ac', 50), { name: 'cbr0', passive: true, cost: 1 }]));
  await b.start(ospfCfg([p2p('ab', 10), p2p('bc', 10)]));
  await c.start(ospfCfg([p2p('bc', 10), p2p('ac', 50), { name: 'cbr0', passive: true, cost: 1 }]));
  lab.until(
    'routes and every adjacency',
    () => a.route('10.30.0.0/24') === 'ospf 21 10.255.1.1%ab' && c.neighbors()['1.1.1.1'] === 'Full',
  );
  lab.advance(6000); // c's router-LSA listing a may wait MinLSInterval (5 s) after its previous one
  const ab = a.dp.link('ab');
  assert.ok(ab);
  a.dp.setLinkUp(ab.index, false);
  lab.advance(100);
  assert.equal(
    [...a.ospf.interfaces()].some((i) => i.name === 'ab'),
    false,
    'the interface left at once',
  );
  assert.equal(a.route('10.30.0.0/24'), 'ospf 51 10.255.3.1%ac', 'a reroutes without waiting for a dead interval');
  // b still has a as a neighbor until its dead interval; a's new router-LSA no longer lists b, so the
  // two-way check already removes the a-b link from c's view.
  lab.until('c reroutes', () => c.route('10.10.0.0/24') === 'ospf 51 10.255.3.0%ac');
  a.dp.setLinkUp(ab.index, true);
  lab.until('a-b back', () => a.route('10.30.0.0/24') === 'ospf 21 10.255.1.1%ab');
  assert.equal(lab.internalErrors(), 0);
});
