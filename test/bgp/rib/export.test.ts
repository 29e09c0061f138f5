import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathAttrs } from '../../../bgp/packet/types.js';
import { prependAs } from '../../../bgp/rib/export.js';
import type { PrefixKey } from '../../../lib/prefix.js';
import { addr, addUp, announce, drain, fixture, ip, LOCAL_AS, peerInfo, pfx, seq, withdraw } from './helpers.js';

const P = pfx('203.0.113.0/24');
const Q = pfx('198.51.100.0/24');

/** Us as route reflector with clients c1, c2, non-clients n1, n2 and one eBGP peer e (with export policy). */
function rrFixture() {
  const f = fixture({ clusterId: ip('10.255.255.1') });
  for (const [id, n, rrClient] of [
    ['c1', 1, true],
    ['c2', 2, true],
    ['n1', 3, false],
    ['n2', 4, false],
  ] as const)
    addUp(f, peerInfo(id, { n, ibgp: true, rrClient, nextHopSelf: true }));
  addUp(f, peerInfo('e', { n: 5 }));
  for (const id of ['c1', 'c2', 'n1', 'n2', 'e']) drain(f.rib, id);
  return f;
}

type Sent = Record<string, PathAttrs | null | undefined>;

/** Drain every peer's output: per prefix, per peer, what was sent (attrs, null = withdrawn, absent = nothing). */
function sentAll(f: ReturnType<typeof fixture>): (prefix: number | string) => Sent {
  const drained = new Map(f.rib.peerIds().map((id) => [id, drain(f.rib, id).routes]));
  return (prefix) => Object.fromEntries([...drained].map(([id, routes]) => [id, routes.get(prefix)]));
}

function sentTo(f: ReturnType<typeof fixture>, prefix: number | string): Sent {
  return sentAll(f)(prefix);
}

test('route reflection from a client: to the other clients and the non-clients, not back (RFC 4456 §6)', () => {
  const f = rrFixture();
  f.rib.applyUpdate('c1', announce([P], { asPath: [], nextHop: ip('192.0.2.1'), localPref: 150 }));
  f.rib.flush();
  const s = sentTo(f, P);
  assert.equal(s.c1, undefined);
  for (const id of ['c2', 'n1', 'n2']) {
    const a = s[id]!;
    assert.ok(a, id);
    assert.equal(a.originatorId, ip('1.1.1.1')); // c1's BGP Identifier
    assert.deepEqual(a.clusterList, [ip('10.255.255.1')]);
    assert.equal(a.nextHop, ip('192.0.2.1')); // reflected: next hop untouched despite next-hop-self
    assert.equal(a.localPref, 150);
  }
  // Equal exported sets are one interned object across peers.
  assert.equal(s.n1, s.n2);
  // And to eBGP: no reflection attributes, our AS prepended, our address as next hop.
  assert.deepEqual([s.e?.originatorId, s.e?.clusterList, s.e?.localPref], [undefined, undefined, undefined]);
  assert.deepEqual(s.e?.asPath, seq(LOCAL_AS));
  assert.equal(s.e?.nextHop, ip('10.0.0.254'));
});

test('route reflection from a non-client: to clients only; non-client to non-client is not sent', () => {
  const f = rrFixture();
  f.rib.applyUpdate(
    'n1',
    announce([P], { asPath: [], nextHop: ip('192.0.2.3'), originatorId: ip('7.7.7.7'), clusterList: [5] }),
  );
  f.rib.flush();
  const s = sentTo(f, P);
  assert.equal(s.n1, undefined);
  assert.equal(s.n2, undefined);
  for (const id of ['c1', 'c2']) {
    assert.equal(s[id]?.originatorId, ip('7.7.7.7'), id); // an existing ORIGINATOR_ID is kept
    assert.deepEqual(s[id]?.clusterList, [ip('10.255.255.1'), 5]); // our CLUSTER_ID prepended
  }
  assert.ok(s.e);
});

test('iBGP split horizon without reflection; eBGP-learned routes go to iBGP with LOCAL_PREF and next hop', () => {
  const f = fixture();
  addUp(f, peerInfo('i1', { n: 1, ibgp: true }));
  addUp(f, peerInfo('i2', { n: 2, ibgp: true }));
  addUp(f, peerInfo('i3', { n: 3, ibgp: true, nextHopSelf: true }));
  addUp(f, peerInfo('e', { n: 4 }));
  f.rib.applyUpdate('i1', announce([P], { asPath: [], nextHop: ip('192.0.2.1') }));
  f.rib.applyUpdate('e', announce([Q], { asPath: seq(65104), nextHop: ip('192.0.2.4'), med: 9 }));
  f.rib.flush();
  const sent = sentAll(f);
  const sp = sent(P);
  assert.deepEqual([sp.i2, sp.i3], [undefined, undefined]);
  assert.ok(sp.e);
  const sq = sent(Q);
  assert.equal(sq.e, undefined); // never back to the peer it came from
  assert.equal(sq.i2?.nextHop, ip('192.0.2.4'));
  assert.equal(sq.i2?.localPref, 100); // RFC 4271 §5.1.5: iBGP carries LOCAL_PREF
  assert.equal(sq.i2?.med, 9); // MED may travel inside the AS
  assert.deepEqual(sq.i2?.asPath, seq(65104));
  assert.equal(sq.i3?.nextHop, ip('10.0.0.254')); // next-hop-self
});

test('eBGP export: AS prepended, NEXT_HOP self, iBGP-only attributes and foreign MED stripped', () => {
  const f = fixture();
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  addUp(f, peerInfo('e', { n: 2 }));
  f.rib.applyUpdate(
    'i',
    announce([P], {
      asPath: seq(65300, 65301),
      nextHop: ip('192.0.2.1'),
      localPref: 300,
      med: 50,
      originatorId: 9,
      clusterList: [1],
      communities: [0x00640001],
    }),
  );
  f.rib.originate(Q, { med: 7 });
  f.rib.flush();
  const { routes, eor } = drain(f.rib, 'e');
  assert.equal(eor, true);
  assert.deepEqual(routes.get(P), {
    origin: 0,
    asPath: seq(LOCAL_AS, 65300, 65301),
    nextHop: ip('10.0.0.254'),
    communities: [0x00640001],
  });
  assert.deepEqual(routes.get(Q), { origin: 0, asPath: seq(LOCAL_AS), nextHop: ip('10.0.0.254'), med: 7 });
});

test('IPv6 export: MP_REACH next hop is our IPv6 address toward eBGP, kept toward iBGP', () => {
  const f = fixture();
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  addUp(f, peerInfo('i2', { n: 3, ibgp: true }));
  addUp(f, peerInfo('e', { n: 2 }));
  const P6 = pfx('2001:db8:1::/48');
  const L6 = pfx('2001:db8:2::/48');
  f.rib.applyUpdate(
    'e',
    announce([], { asPath: seq(65102), mpReach: { afi: 2, safi: 1, nextHop: addr('2001:db8::2'), nlri: [P6] } }),
  );
  f.rib.originate(L6);
  f.rib.flush();
  const toI = drain(f.rib, 'i').routes;
  assert.deepEqual(toI.get(P6)?.mpReach?.nextHop, addr('2001:db8::2'));
  assert.deepEqual(toI.get(L6)?.mpReach?.nextHop, addr('2001:db8::fe')); // ours, self
  assert.equal(toI.get(L6)?.localPref, 100);
  const toE = drain(f.rib, 'e').routes;
  assert.equal(toE.get(P6), undefined);
  assert.deepEqual(toE.get(L6)?.mpReach, { afi: 2, safi: 1, nextHop: addr('2001:db8::fe'), nlri: [] });
  assert.equal(toE.get(L6)?.nextHop, undefined);
});

test('RFC 8212: without an export policy an eBGP peer gets only our own routes', () => {
  const f = fixture();
  const { exportPolicy: _x, ...noExport } = peerInfo('e', { n: 1 });
  addUp(f, noExport);
  addUp(f, peerInfo('i', { n: 2, ibgp: true }));
  f.rib.applyUpdate('i', announce([P], { asPath: [], nextHop: ip('192.0.2.2') }));
  f.rib.originate(Q);
  f.rib.flush();
  const { routes } = drain(f.rib, 'e');
  assert.deepEqual([...routes.keys()], [Q]);
  // With a policy, learned routes go out as the policy says.
  f.rib.setPolicies('e', { exportPolicy: (r) => (r.from ? (r.attrs as PathAttrs) : undefined) });
  f.rib.refreshOut('e');
  const after = drain(f.rib, 'e').routes;
  assert.ok(after.get(P));
  assert.equal(after.get(Q), null); // the policy now rejects our own route: withdrawn
});

test('export policy may modify (re-interned, then our AS prepended) or reject per prefix', () => {
  const f = fixture();
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  let calls = 0;
  addUp(
    f,
    peerInfo('e', {
      n: 2,
      exportPolicy: (r) => {
        calls++;
        if (r.prefix === Q) return undefined;
        return { ...r.attrs, asPath: [{ type: 2, asns: [LOCAL_AS, LOCAL_AS, ...(r.attrs.asPath?.[0]?.asns ?? [])] }] };
      },
    }),
  );
  f.rib.applyUpdate('i', announce([P, Q], { asPath: seq(65300), nextHop: ip('192.0.2.1') }));
  f.rib.flush();
  const { routes } = drain(f.rib, 'e');
  assert.equal(calls, 2);
  assert.equal(routes.has(Q), false);
  assert.deepEqual(routes.get(P)?.asPath, seq(LOCAL_AS, LOCAL_AS, LOCAL_AS, 65300));
});

test('well-known communities: NO_EXPORT stays in the AS, NO_ADVERTISE goes nowhere (RFC 1997)', () => {
  const f = fixture();
  addUp(f, peerInfo('a', { n: 1 }));
  addUp(f, peerInfo('i', { n: 2, ibgp: true }));
  addUp(f, peerInfo('e', { n: 3 }));
  f.rib.applyUpdate('a', announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1'), communities: [0xffffff01] }));
  f.rib.applyUpdate('a', announce([Q], { asPath: seq(65101), nextHop: ip('192.0.2.1'), communities: [0xffffff02] }));
  f.rib.flush();
  const toI = drain(f.rib, 'i').routes;
  const toE = drain(f.rib, 'e').routes;
  assert.ok(toI.get(P));
  assert.deepEqual([toE.has(P), toI.has(Q), toE.has(Q)], [false, false, false]);
});

test('withdraw flow: best path changes move the route between peers; a withdraw reaches everyone', () => {
  const f = fixture();
  addUp(f, peerInfo('a', { n: 1 }));
  addUp(f, peerInfo('b', { n: 2 }));
  addUp(f, peerInfo('i', { n: 3, ibgp: true }));
  for (const id of ['a', 'b', 'i']) drain(f.rib, id);
  f.rib.applyUpdate('a', announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.flush();
  let s = sentTo(f, P);
  assert.deepEqual([s.a, s.b?.asPath, s.i?.asPath], [undefined, seq(LOCAL_AS, 65101), seq(65101)]);
  // b brings a better path: a now receives b's route, b gets a withdraw for the one it had from a.
  f.rib.applyUpdate('b', announce([P], { asPath: [], nextHop: ip('192.0.2.2') }));
  f.rib.flush();
  s = sentTo(f, P);
  assert.deepEqual([s.a?.asPath, s.b, s.i?.nextHop], [seq(LOCAL_AS), null, ip('192.0.2.2')]);
  // Both withdraw: everyone that had it gets a withdraw.
  f.rib.applyUpdate('b', withdraw([P]));
  f.rib.applyUpdate('a', withdraw([P]));
  f.rib.flush();
  s = sentTo(f, P);
  assert.deepEqual([s.a, s.b, s.i], [null, undefined, null]);
  assert.deepEqual(
    ['a', 'b', 'i'].map((id) => f.rib.counters(id).advertised),
    [0, 0, 0],
  );
});

test('changes that cancel out between two takes send nothing', () => {
  const f = fixture();
  addUp(f, peerInfo('a', { n: 1 }));
  addUp(f, peerInfo('i', { n: 2, ibgp: true }));
  drain(f.rib, 'i');
  f.rib.applyUpdate('a', announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.flush();
  f.rib.applyUpdate('a', withdraw([P]));
  f.rib.flush();
  assert.equal(f.rib.takeOutput('i'), undefined);
  // A change and its reversal: P and Q share one exported set; b's better path for P comes and goes.
  addUp(f, peerInfo('b', { n: 3 }));
  f.rib.applyUpdate('a', announce([P, Q], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.flush();
  assert.deepEqual([...drain(f.rib, 'i').routes.keys()], [P, Q]);
  f.rib.applyUpdate('b', announce([P], { asPath: [], nextHop: ip('192.0.2.3') }));
  f.rib.flush();
  f.rib.applyUpdate('b', withdraw([P]));
  f.rib.flush();
  assert.equal(f.rib.takeOutput('i'), undefined);
});

test('peer up gets the full table in batches grouped by attribute set, then End-of-RIB; peer down drops Adj-RIB-Out', () => {
  const f = fixture();
  addUp(f, peerInfo('a', { n: 1 }));
  const ps = Array.from({ length: 30 }, (_, i) => pfx(`10.2.${i}.0/24`));
  f.rib.applyUpdate('a', announce(ps.slice(0, 20), { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.applyUpdate('a', announce(ps.slice(20), { asPath: seq(65101, 2), nextHop: ip('192.0.2.1') }));
  f.rib.flush();
  f.rib.addPeer(peerInfo('i', { n: 2, ibgp: true }));
  f.rib.peerUp('i');
  assert.equal(f.rib.counters('i').advertised, 30);
  const batches = [];
  for (let out = f.rib.takeOutput('i', 12); out; out = f.rib.takeOutput('i', 12)) batches.push(out);
  // Table order is the Loc-RIB's (not insertion order): check sizes, grouping and completeness.
  assert.deepEqual(
    batches.map((b) => [b.groups.reduce((n, g) => n + g.prefixes.length, 0), b.endOfRib]),
    [
      [12, false],
      [12, false],
      [6, true],
    ],
  );
  const byAttrs = new Map<unknown, PrefixKey[]>();
  for (const b of batches)
    for (const g of b.groups) byAttrs.set(g.attrs, [...(byAttrs.get(g.attrs) ?? []), ...g.prefixes]);
  // Two attribute sets, each one interned object across batches; every prefix exactly once.
  assert.deepEqual(
    [...byAttrs.values()].map((l) => l.length).sort((x, y) => x - y),
    [10, 20],
  );
  assert.equal(new Set([...byAttrs.values()].flat()).size, 30);
  f.rib.peerDown('i');
  assert.equal(f.rib.counters('i').advertised, 0);
  assert.equal(f.rib.takeOutput('i'), undefined);
  // An empty table still ends with End-of-RIB.
  const g = fixture();
  addUp(g, peerInfo('x', { n: 3 }));
  assert.deepEqual(g.rib.takeOutput('x'), { groups: [], withdrawn: [], endOfRib: true });
  assert.equal(g.rib.takeOutput('x'), undefined);
});

test('ROUTE-REFRESH: refreshOut resends everything advertised', () => {
  const f = fixture();
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  f.rib.originate(P);
  f.rib.originate(Q);
  f.rib.flush();
  assert.equal(drain(f.rib, 'i').routes.size, 2);
  assert.equal(f.rib.takeOutput('i'), undefined);
  f.rib.refreshOut('i');
  assert.deepEqual([...drain(f.rib, 'i').routes.keys()].sort(), [P, Q].sort());
});

test('prependAs: into the leading AS_SEQUENCE, a new segment after an AS_SET or a full one; confed removed', () => {
  const a: PathAttrs = { asPath: [{ type: 1, asns: [1, 2] }] };
  assert.deepEqual(prependAs(a, 7).asPath, [
    { type: 2, asns: [7] },
    { type: 1, asns: [1, 2] },
  ]);
  const full = Array.from({ length: 255 }, (_, i) => i + 1);
  assert.equal(prependAs({ asPath: [{ type: 2, asns: full }] }, 7).asPath?.length, 2);
  assert.deepEqual(
    prependAs(
      {
        asPath: [
          { type: 3, asns: [64512] },
          { type: 2, asns: [5] },
        ],
      },
      4200000000,
    ).asPath,
    seq(4200000000, 5),
  );
  assert.deepEqual(prependAs({}, 7).asPath, seq(7));
});
