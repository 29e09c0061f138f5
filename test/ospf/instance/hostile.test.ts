/**
 * Hostile and broken input on a LAN with established adjacencies: every malformed packet, Hello mismatch,
 * header problem and refused LSA is dropped and counted by reason; nothing crashes (no internal error); the
 * adjacencies never change state; a reason is logged at most once per interval; a good LSA in the same LS
 * Update as bad ones is still installed. The database size limit refuses new LSAs beyond it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefix } from '../../../lib/prefix.js';
import { encodePacket, encodeRawLsUpdate, sealLsa } from '../../../ospf/packet/index.js';
import type { Lsa, OspfPacket } from '../../../ospf/packet/types.js';
import { Lab, type Node, ospfCfg } from './harness.js';

const ALL_SPF = 0xe0000005;
const ALL_DR = 0xe0000006;
const A_ADDR = 0x0a000001;
const B_ADDR = 0x0a000002;

function hello(rid: number, over: Partial<Extract<OspfPacket['body'], { type: 1 }>> = {}): Uint8Array {
  return encodePacket(
    {
      header: { version: 2, type: 1, routerId: rid, areaId: 0, auth: { type: 0 } },
      body: {
        type: 1,
        mask: 0xffffff00,
        helloInterval: 10,
        options: 2,
        priority: 1,
        deadInterval: 40,
        dr: 0,
        bdr: 0,
        neighbors: [],
        ...over,
      },
    },
    { type: 'null' },
  );
}

function routerLsa(lsid: number, adv: number, seq = -0x7fffff00): Lsa {
  return {
    header: { age: 1, options: 2, type: 1, lsid, advRouter: adv, seq, checksum: 0, length: 0 },
    body: {
      kind: 'router',
      flags: 0,
      links: [{ type: 3, linkId: 0xc0a86300, linkData: 0xffffff00, metric: 1, tos: [] }],
    },
  };
}

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

async function lan3(lab: Lab): Promise<Node[]> {
  const nodes = [1, 2, 3].map((i) =>
    lab.node(`r${i}`, `${i}.${i}.${i}.${i}`, [{ name: 'eth0', cidr: `10.0.0.${i}/24`, segment: 'lan' }]),
  );
  // r1 has the lowest priority: DROther, so AllDRouters traffic is not for it.
  for (const [i, n] of nodes.entries()) await n.start(ospfCfg([{ name: 'eth0', priority: i === 0 ? 1 : 10 }]));
  lab.until('Full', () => nodes[0]!.neighbors()['2.2.2.2'] === 'Full' && nodes[0]!.neighbors()['3.3.3.3'] === 'Full');
  lab.advance(6000);
  return nodes;
}

test('malformed and hostile packets are counted by reason; adjacencies are not disturbed; no crash', async () => {
  const lab = new Lab();
  const [r1, r2] = (await lan3(lab)) as [Node, Node, Node];
  const seg = lab.segment('lan');
  const changesBefore = [...r1.iface('eth0').nbrs.values()].map((n) => n.stateChanges);
  const good = hello(0x09090909);
  // Codec level.
  seg.inject(0x0a000009, ALL_SPF, good.subarray(0, 10));
  seg.inject(0x0a000009, ALL_SPF, Uint8Array.from([3, ...good.subarray(1)]));
  const badSum = Uint8Array.from(good);
  badSum[12]! ^= 0xff;
  seg.inject(0x0a000009, ALL_SPF, badSum);
  const md5 = encodePacket(
    {
      header: { version: 2, type: 1, routerId: 0x09090909, areaId: 0, auth: { type: 0 } },
      body: {
        type: 1,
        mask: 0xffffff00,
        helloInterval: 10,
        options: 2,
        priority: 1,
        deadInterval: 40,
        dr: 0,
        bdr: 0,
        neighbors: [],
      },
    },
    { type: 'md5', keys: [{ id: 1, key: 'x' }], sendKeyId: 1 },
    1,
  );
  seg.inject(0x0a000009, ALL_SPF, md5);
  // Hello checks (§10.5) and header checks (§8.2).
  seg.inject(0x0a000009, ALL_SPF, hello(0x09090909, { helloInterval: 5 }));
  seg.inject(0x0a000009, ALL_SPF, hello(0x09090909, { deadInterval: 120 }));
  seg.inject(0x0a000009, ALL_SPF, hello(0x09090909, { mask: 0xffff0000 }));
  seg.inject(0x0a000009, ALL_SPF, hello(0x09090909, { options: 0 }));
  seg.inject(0xc0a80101, ALL_SPF, hello(0x09090909));
  seg.inject(0x0a000009, ALL_SPF, hello(0x01010101));
  // A raw socket may see AllDRouters traffic of other sockets' memberships (IP_MULTICAST_ALL): hand it over.
  r1.ospf.run(() => r1.iface('eth0').receive({ data: hello(0x09090909), src: 0x0a000009, dst: ALL_DR }));
  const area1 = encodePacket(
    {
      header: { version: 2, type: 1, routerId: 0x09090909, areaId: 1, auth: { type: 0 } },
      body: {
        type: 1,
        mask: 0xffffff00,
        helloInterval: 10,
        options: 2,
        priority: 1,
        deadInterval: 40,
        dr: 0,
        bdr: 0,
        neighbors: [],
      },
    },
    { type: 'null' },
  );
  seg.inject(0x0a000009, ALL_SPF, area1);
  // A DD from nobody we know.
  const dd = encodePacket(
    {
      header: { version: 2, type: 2, routerId: 0x09090909, areaId: 0, auth: { type: 0 } },
      body: { type: 2, mtu: 1500, options: 2, flags: 7, seq: 1, headers: [] },
    },
    { type: 'null' },
  );
  seg.inject(0x0a000009, A_ADDR, dd);
  // Random garbage.
  const r = rng(42);
  for (let i = 0; i < 300; i++) {
    const n = Math.floor(r() * 120);
    const b = new Uint8Array(n);
    for (let j = 0; j < n; j++) b[j] = Math.floor(r() * 256);
    if (n > 1 && r() < 0.5) b[0] = 2; // past the version check more often
    seg.inject(0x0a000009, ALL_SPF, b);
  }
  // Mutations of a valid Hello from r2 (the checksum catches most; the rest decode or drop cleanly).
  // (Its latest Hello: with null authentication an old one, replayed, would legitimately say 1-Way.)
  const real = seg
    .sent('r2')
    .filter((p) => p.data[1] === 1)
    .at(-1)!;
  for (let i = 0; i < 200; i++) {
    const m = Uint8Array.from(real.data);
    m[Math.floor(r() * m.length)] = Math.floor(r() * 256);
    seg.inject(real.src, ALL_SPF, m); // corrupted in flight: from the real neighbor's address
  }
  lab.advance(2000);
  const d = r1.ospf.counters.drops;
  for (const reason of [
    'truncated',
    'bad-version',
    'bad-checksum',
    'auth-type-mismatch',
    'hello-hello-interval-mismatch',
    'hello-dead-interval-mismatch',
    'hello-mask-mismatch',
    'hello-e-bit-mismatch',
    'hello-wrong-subnet',
    'duplicate-router-id',
    'not-dr-or-backup',
    'area-mismatch',
    'unknown-neighbor',
  ]) {
    assert.ok((d.get(reason) ?? 0) >= 1, `${reason} counted (${JSON.stringify([...d])})`);
  }
  assert.equal(lab.internalErrors(), 0);
  assert.deepEqual(
    [...r1.iface('eth0').nbrs.values()].map((n) => n.stateChanges),
    changesBefore,
    'no neighbor changed state',
  );
  assert.deepEqual(r1.neighbors(), { '2.2.2.2': 'Full', '3.3.3.3': 'Full' });
  const dropLogs = r1.warnings().filter((l) => l.msg === 'OSPF packet dropped');
  assert.ok(dropLogs.length <= d.size, `${dropLogs.length} log lines for ${d.size} reasons`);
  // 10.0.0.9 was never a neighbor (its Hellos were all refused), and the table stayed small.
  assert.ok(r1.iface('eth0').nbrs.size <= 3);
  // r2 heard the spoofed Hello with r1's router ID as a new neighbor at 10.0.0.9 (null authentication cannot
  // tell); its adjacency with the real r1 (keyed by address on a LAN, §8.2) is untouched.
  assert.equal(r2.iface('eth0').nbrs.get(A_ADDR)?.st.state, 'Full');
});

test('an LS Update with refused LSAs: the good one is installed and acknowledged, the bad ones counted', async () => {
  const lab = new Lab();
  const [r1, r2] = (await lan3(lab)) as [Node, Node, Node];
  const good = sealLsa(routerLsa(0x07070707, 0x07070707)).raw;
  const mismatch = sealLsa(routerLsa(0x08080808, 0x07070708)).raw; // router-LSA LSID != advertising router
  const badSum = Uint8Array.from(sealLsa(routerLsa(0x06060606, 0x06060606)).raw);
  badSum[25]! ^= 0x55;
  // From r2 (a Full neighbor) to r1 directly.
  const pkt = encodeRawLsUpdate({ routerId: 0x02020202, areaId: 0 }, [mismatch, badSum, good], { type: 'null' });
  lab.segment('lan').inject(B_ADDR, A_ADDR, pkt, 'r2');
  lab.advance(1500);
  const d = r1.ospf.counters.drops;
  assert.equal(d.get('lsa-router-lsid-mismatch'), 1);
  assert.equal(d.get('lsa-bad-checksum'), 1);
  assert.ok(r1.ospf.lsdb.lookup(0, 1, 0x07070707, 0x07070707), 'the good LSA is installed');
  assert.equal(r1.ospf.lsdb.lookup(0, 1, 0x08080808, 0x07070708), undefined);
  const acks = lab
    .segment('lan')
    .sent('r1')
    .filter((p) => p.data[1] === 5);
  assert.ok(acks.length >= 1, 'acknowledged (delayed ack)');
  assert.deepEqual(r1.neighbors(), { '2.2.2.2': 'Full', '3.3.3.3': 'Full' });
  assert.equal(r2.neighbors()['1.1.1.1'], 'Full');
  assert.equal(lab.internalErrors(), 0);
});

test('the LSDB limit: new LSAs beyond maxLsas are refused, counted, and logged once per interval', async () => {
  const lab = new Lab();
  const a = lab.node('a', '1.1.1.1', [{ name: 'eth0', cidr: '10.0.0.1/24', segment: 'lan' }]);
  const b = lab.node('b', '2.2.2.2', [{ name: 'eth0', cidr: '10.0.0.2/24', segment: 'lan' }]);
  await b.start(ospfCfg([{ name: 'eth0' }], { redistribute: [{ protocol: 'static' }] }));
  for (let i = 0; i < 150; i++) {
    const p = parsePrefix(`172.16.${i}.0/24`);
    if (p.ok) b.rib.set('static', p.value, { metric: 0, nexthops: [{ gateway: Uint8Array.of(10, 0, 0, 99) }] });
  }
  await a.start(ospfCfg([{ name: 'eth0' }], { maxLsas: 100 }));
  lab.advance(120_000);
  assert.ok(a.ospf.lsdb.size <= 100, `${a.ospf.lsdb.size} LSAs held`);
  assert.ok((a.ospf.counters.drops.get('lsa-lsdb-full') ?? 0) > 0);
  const logged = a
    .warnings()
    .filter((l) => l.msg === 'OSPF packet dropped' && JSON.stringify(l.obj).includes('lsa-lsdb-full'));
  assert.ok(logged.length >= 1 && logged.length <= 3, `${logged.length} log lines`);
  assert.equal(lab.internalErrors(), 0);
  assert.equal(b.ospf.lsdb.countByType()[5], 150);
});
