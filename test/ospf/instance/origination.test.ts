/**
 * Self-origination (RFC 2328 §12.4, §13.4, §14.1) and redistribution (§12.4.4): our LSA received with a
 * higher sequence number is originated again above it; one of "ours" we do not want is flushed; LSRefreshTime;
 * static routes redistributed as type-5 LSAs reach another router as E2 (or E1) routes, through a route map,
 * and are withdrawn by premature aging when they go; a clean stop flushes our LSAs so neighbors drop them
 * before the dead interval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefix } from '../../../lib/prefix.js';
import { MAX_AGE } from '../../../ospf/lsdb.js';
import { encodeRawLsUpdate, sealLsa } from '../../../ospf/packet/index.js';
import type { Lsa } from '../../../ospf/packet/types.js';
import { compilePolicy } from '../../../rib/policy/index.js';
import { Lab, ospfCfg } from './harness.js';

const A = 0x01010101;
const B = 0x02020202;

async function pair(lab: Lab, more: Parameters<typeof ospfCfg>[1] = {}, policy?: ReturnType<typeof compilePolicy>) {
  const a = lab.node('a', '1.1.1.1', [
    { name: 'eth0', cidr: '10.0.0.1/24', segment: 'lan' },
    { name: 'cbr0', cidr: '10.10.0.1/24' },
  ]);
  const b = lab.node('b', '2.2.2.2', [{ name: 'eth0', cidr: '10.0.0.2/24', segment: 'lan' }]);
  const p = policy?.ok ? policy.value : undefined;
  await a.start(ospfCfg([{ name: 'eth0' }, { name: 'cbr0', passive: true }], more), p);
  await b.start(ospfCfg([{ name: 'eth0' }]));
  lab.until('Full', () => a.neighbors()['2.2.2.2'] === 'Full' && b.neighbors()['1.1.1.1'] === 'Full');
  lab.advance(6000);
  return { a, b };
}

/** An LS Update from b to a carrying `lsa`, as b's interface would send it. */
function fromB(lab: Lab, lsa: Lsa): void {
  const { raw } = sealLsa(lsa);
  const pkt = encodeRawLsUpdate({ routerId: B, areaId: 0 }, [raw], { type: 'null' });
  lab.segment('lan').inject(0x0a000002, 0x0a000001, pkt, 'b');
}

test('§13.4: our router-LSA received with a higher sequence number is originated again above it', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab);
  const mine = a.ospf.lsdb.lookup(0, 1, A, A)!;
  const forged: Lsa = {
    header: { ...mine.lsa.header, seq: mine.seq + 100, age: 1 },
    body: { kind: 'router', flags: 0, links: [] },
  };
  fromB(lab, forged);
  lab.until('re-originated above', () => (a.ospf.lsdb.lookup(0, 1, A, A)?.seq ?? 0) === mine.seq + 101);
  const now = a.ospf.lsdb.lookup(0, 1, A, A)!;
  assert.deepEqual(now.lsa.body, mine.lsa.body, 'our real links (transit + stub), not the forged empty list');
  lab.until('b has it too', () => b.ospf.lsdb.lookup(0, 1, A, A)?.seq === mine.seq + 101);
  assert.equal(b.route('10.10.0.0/24'), 'ospf 20 10.0.0.1%eth0');
  assert.equal(lab.internalErrors(), 0);
});

test('§13.4: an LSA "of ours" that we do not originate (a stale external) is flushed everywhere', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab);
  const stale: Lsa = {
    header: { age: 5, options: 2, type: 5, lsid: 0xc0a80000, advRouter: A, seq: -0x7ffffff0, checksum: 0, length: 0 },
    body: { kind: 'external', mask: 0xffffff00, e2: true, metric: 20, forwarding: 0, tag: 0, tos: [] },
  };
  fromB(lab, stale);
  lab.advance(100);
  const e = a.ospf.lsdb.lookup(0, 5, 0xc0a80000, A);
  assert.ok(e?.isMaxAge(lab.clock.now()), 'flushed at once (premature aging)');
  lab.until(
    'gone from both',
    () => !a.ospf.lsdb.lookup(0, 5, 0xc0a80000, A) && !b.ospf.lsdb.lookup(0, 5, 0xc0a80000, A),
  );
});

test('LSRefreshTime: our LSAs are originated again every 30 minutes with the next sequence number', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab);
  const s0 = a.ospf.lsdb.lookup(0, 1, A, A)!.seq;
  lab.advance(1800_000);
  const s1 = a.ospf.lsdb.lookup(0, 1, A, A)!.seq;
  assert.equal(s1, s0 + 1);
  assert.equal(b.ospf.lsdb.lookup(0, 1, A, A)?.seq, s1);
  assert.ok(b.ospf.lsdb.lookup(0, 1, A, A)!.ageAt(lab.clock.now()) < 10, 'b holds the fresh instance');
  assert.equal(a.neighbors()['2.2.2.2'], 'Full');
});

const net = (s: string) => {
  const p = parsePrefix(s);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

test('redistribution: a static route becomes a type-5 LSA and an E2 route at the other router; withdrawn by flush', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab, { redistribute: [{ protocol: 'static', metric: 30 }] });
  a.rib.set('static', net('192.168.50.0/24'), { metric: 0, nexthops: [{ gateway: Uint8Array.of(10, 10, 0, 9) }] });
  lab.until('E2 route at b', () => b.route('192.168.50.0/24') !== undefined);
  assert.equal(b.route('192.168.50.0/24'), 'ospf 30 10.0.0.1%eth0');
  const r = b.ospf.routes.get(net('192.168.50.0/24'));
  assert.equal(r?.type, 'e2');
  assert.equal(r?.type2Cost, 30);
  const router = b.ospf.lsdb.lookup(0, 1, A, A)!;
  assert.equal(router.lsa.body.kind === 'router' && router.lsa.body.flags & 0x02, 0x02, 'a sets the E bit (ASBR)');
  // The connected subnet of cbr0 is an OSPF interface: not redistributed even if asked for connected.
  assert.equal(b.ospf.lsdb.countByType()[5], 1);
  // The static route goes: premature aging, b's route goes.
  a.rib.set('static', net('192.168.50.0/24'), null);
  lab.until('withdrawn at b', () => b.route('192.168.50.0/24') === undefined);
  const flushed = a.ospf.lsdb.lookup(0, 5, 0xc0a83200, A);
  assert.ok(flushed === undefined || flushed.ageAt(lab.clock.now()) === MAX_AGE);
  lab.until('removed from both databases', () => a.ospf.lsdb.countByType()[5] + b.ospf.lsdb.countByType()[5] === 0);
  assert.equal(lab.internalErrors(), 0);
});

test('redistribution: E1 adds the path cost; a route map denies a prefix and sets the metric of others', async () => {
  const lab = new Lab();
  const policy = compilePolicy({
    prefixLists: {
      no51: [
        { action: 'deny', prefix: '192.168.51.0/24' },
        { action: 'permit', prefix: '0.0.0.0/0', le: 32 },
      ],
    },
    routeMaps: { out: [{ seq: 10, action: 'permit', match: { prefixList: 'no51' }, set: { med: 77 } }] },
  });
  assert.ok(policy.ok);
  const { a, b } = await pair(lab, { redistribute: [{ protocol: 'static', metricType: 1, routeMap: 'out' }] }, policy);
  for (const p of ['192.168.50.0/24', '192.168.51.0/24'])
    a.rib.set('static', net(p), { metric: 0, nexthops: [{ gateway: Uint8Array.of(10, 10, 0, 9) }] });
  lab.until('E1 route at b', () => b.route('192.168.50.0/24') !== undefined);
  assert.equal(b.route('192.168.50.0/24'), 'ospf 87 10.0.0.1%eth0', 'E1: 10 to the ASBR + 77 from the route map');
  assert.equal(b.ospf.routes.get(net('192.168.50.0/24'))?.type, 'e1');
  lab.advance(5000);
  assert.equal(b.route('192.168.51.0/24'), undefined, 'denied by the route map');
  assert.equal(a.ospf.lsdb.countByType()[5], 1);
});

test('stop(): our LSAs are flushed (MaxAge) so the neighbor drops our routes long before the dead interval', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab, { redistribute: [{ protocol: 'static' }] });
  a.rib.set('static', net('192.168.50.0/24'), { metric: 0, nexthops: [{ gateway: Uint8Array.of(10, 10, 0, 9) }] });
  lab.until('routes at b', () => b.route('10.10.0.0/24') !== undefined && b.route('192.168.50.0/24') !== undefined);
  await a.ospf.stop();
  const t = lab.until(
    'b drops a',
    () => b.route('10.10.0.0/24') === undefined && b.route('192.168.50.0/24') === undefined,
    10_000,
  );
  assert.ok(t < 5000, `withdrawn in ${t} ms`);
  assert.equal(b.neighbors()['1.1.1.1'], 'Full', 'the adjacency itself waits for the dead interval');
  assert.equal(a.rib.candidates(net('10.0.0.0/24')).candidates.length, 0, "a's OSPF routes left its RIB");
  assert.equal(a.ospf.routes.size, 0);
});
