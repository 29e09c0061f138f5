import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathAttrs, UpdateMsg } from '../../../bgp/packet/types.js';
import type { RouteView } from '../../../bgp/rib/types.js';
import { comparePrefix, type PrefixKey } from '../../../lib/prefix.js';
import {
  addr,
  addUp,
  announce,
  fixture,
  ip,
  LOCAL_AS,
  nh6,
  peerInfo,
  pfx,
  ROUTER_ID,
  seq,
  withdraw,
} from './helpers.js';

const P = pfx('203.0.113.0/24');
const Q = pfx('198.51.100.0/24');

test('RFC 8212: an eBGP peer without an import policy has every route rejected, with the reason', () => {
  const f = fixture();
  const { importPolicy: _i, ...noPolicy } = peerInfo('e', { n: 1 });
  addUp(f, noPolicy);
  const r = f.rib.applyUpdate('e', announce([P, Q], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  assert.deepEqual([r.accepted, r.rejected], [0, 2]);
  f.rib.flush();
  assert.equal(f.sunk.length, 0);
  assert.deepEqual(f.rib.counters('e'), {
    received: 2,
    accepted: 0,
    rejected: 2,
    advertised: 0,
    pendingOut: 0,
    updates: 1,
  });
  assert.deepEqual(
    f.rib.explain(P)!.rejected.map((x) => [x.peerId, x.reason]),
    [['e', 'rfc8212: no import policy']],
  );
  // Switched off (FRR "no bgp ebgp-requires-policy"), the same peer's routes are accepted.
  const g = fixture({ ebgpRequiresPolicy: false });
  addUp(g, noPolicy);
  assert.equal(g.rib.applyUpdate('e', announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') })).accepted, 1);
});

test('import policy: reject, modify (interned once per distinct result), and it sees prefix and peer', () => {
  const f = fixture();
  const seen: RouteView[] = [];
  const lp300: PathAttrs[] = [];
  addUp(
    f,
    peerInfo('e', {
      n: 1,
      importPolicy: (r) => {
        seen.push(r);
        if (r.prefix === Q) return undefined;
        const m = { ...r.attrs, med: 77 };
        lp300.push(m);
        return m;
      },
    }),
  );
  f.rib.applyUpdate('e', announce([P, Q], { asPath: seq(65101), nextHop: ip('192.0.2.1'), localPref: 999 }));
  assert.deepEqual(
    seen.map((r) => [r.prefix, r.from?.id]),
    [
      [P, 'e'],
      [Q, 'e'],
    ],
  );
  // LOCAL_PREF from an eBGP peer is ignored (RFC 4271 §5.1.5) before the policy sees the route.
  assert.equal(seen[0]!.attrs.localPref, undefined);
  const routes = [...f.rib.adjRibIn('e')];
  assert.equal(routes.length, 1);
  assert.equal(routes[0]!.attrs?.med, 77);
  assert.deepEqual(
    [...f.rib.adjRibIn('e', 'pre')].map((r) => [r.prefix, r.accepted, r.rejectReason]),
    [
      [Q, false, 'policy'],
      [P, true, undefined],
    ].sort((x, y) => comparePrefix(x[0] as PrefixKey, y[0] as PrefixKey)),
  );
});

test('AS loop: our AS in AS_PATH is rejected unless allowas-in allows that many occurrences', () => {
  const f = fixture();
  addUp(f, peerInfo('e', { n: 1 }));
  addUp(f, peerInfo('x', { n: 2, allowasIn: 1 }));
  const u = announce([P], { asPath: seq(65101, LOCAL_AS, 65200), nextHop: ip('192.0.2.1') });
  assert.equal(f.rib.applyUpdate('e', u).rejected, 1);
  assert.equal(f.rib.applyUpdate('x', u).accepted, 1);
  const twice = announce([Q], { asPath: seq(65102, LOCAL_AS, LOCAL_AS), nextHop: ip('192.0.2.2') });
  assert.equal(f.rib.applyUpdate('x', twice).rejected, 1);
  f.rib.flush();
  assert.deepEqual(
    f.rib.explain(P)!.rejected.map((x) => x.reason),
    ['as-loop'],
  );
  assert.equal(f.rib.explain(P)!.paths[0]!.peerId, 'x');
});

test('route-reflection loops are rejected on receive (RFC 4456 §8): own ORIGINATOR_ID, own CLUSTER_ID', () => {
  const f = fixture({ clusterId: ip('10.255.255.1') });
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  const base: PathAttrs = { asPath: [], nextHop: ip('192.0.2.1') };
  f.rib.applyUpdate('i', announce([P], { ...base, originatorId: ROUTER_ID }));
  f.rib.applyUpdate('i', announce([Q], { ...base, originatorId: ip('7.7.7.7'), clusterList: [1, ip('10.255.255.1')] }));
  const ok = pfx('192.0.2.0/24');
  f.rib.applyUpdate('i', announce([ok], { ...base, originatorId: ip('7.7.7.7'), clusterList: [1, 2] }));
  assert.equal(f.rib.explain(P)!.rejected[0]!.reason, 'originator-id');
  assert.equal(f.rib.explain(Q)!.rejected[0]!.reason, 'cluster-loop');
  assert.equal(f.rib.explain(ok)!.paths.length, 1);
});

test('treat-as-withdraw (RFC 7606) withdraws every NLRI of the UPDATE, MP_REACH included', () => {
  const f = fixture();
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  const P6 = pfx('2001:db8:1::/48');
  const mp = { afi: 2 as const, safi: 1, nextHop: addr('2001:db8::1'), nlri: [P6] };
  f.rib.applyUpdate('i', announce([P], { asPath: [], nextHop: ip('192.0.2.1'), mpReach: mp }));
  f.rib.flush();
  assert.equal(f.rib.counters('i').accepted, 2);
  const bad: UpdateMsg = {
    ...announce([P], { asPath: [], nextHop: ip('192.0.2.1'), mpReach: mp }),
    errors: [{ code: 3, subcode: 1, data: new Uint8Array(0), action: 'treatAsWithdraw', reason: 'test' }],
  };
  const r = f.rib.applyUpdate('i', bad);
  assert.deepEqual([r.treatAsWithdraw, r.withdrawn, r.accepted], [true, 2, 0]);
  f.rib.flush();
  assert.equal(f.last(P)?.paths, null);
  assert.equal(f.last(P6)?.paths, null);
  // attribute-discard findings leave the UPDATE usable.
  const soft: UpdateMsg = { ...bad, errors: [{ ...bad.errors[0]!, action: 'attributeDiscard' }] };
  assert.equal(f.rib.applyUpdate('i', soft).accepted, 2);
});

test('IPv6 via MP_REACH / MP_UNREACH; IPv4 in MP_REACH with a 4-octet next hop becomes plain NEXT_HOP', () => {
  const f = fixture();
  addUp(f, peerInfo('i', { n: 1, ibgp: true }));
  const P6 = pfx('2001:db8:1::/48');
  f.rib.applyUpdate(
    'i',
    announce([], {
      asPath: [],
      mpReach: { afi: 2, safi: 1, nextHop: new Uint8Array([...addr('2001:db8::1'), ...addr('fe80::1')]), nlri: [P6] },
    }),
  );
  f.rib.applyUpdate(
    'i',
    announce([], { asPath: [], mpReach: { afi: 1, safi: 1, nextHop: addr('192.0.2.9'), nlri: [P] } }),
  );
  f.rib.flush();
  assert.equal(f.last(P6)?.paths?.[0]?.nextHop, nh6('2001:db8::1'));
  assert.equal(f.last(P6)?.paths?.[0]?.attrs.attrs.mpReach?.nextHop.length, 32);
  assert.equal(f.last(P)?.paths?.[0]?.nextHop, ip('192.0.2.9'));
  assert.equal(f.last(P)?.paths?.[0]?.attrs.attrs.mpReach, undefined);
  f.rib.applyUpdate('i', {
    withdrawn: [],
    nlri: [],
    errors: [],
    attrs: { mpUnreach: { afi: 2, safi: 1, withdrawn: [P6] } },
  });
  f.rib.flush();
  assert.equal(f.last(P6)?.paths, null);
});

test('soft-reconfiguration inbound keeps pre-policy routes so a policy change needs no ROUTE-REFRESH', () => {
  const f = fixture();
  let deny = true;
  const policy = (r: RouteView) => (deny && r.prefix === P ? undefined : (r.attrs as PathAttrs));
  addUp(f, peerInfo('s', { n: 1, softReconfigInbound: true, importPolicy: policy }));
  addUp(f, peerInfo('h', { n: 2, importPolicy: policy }));
  const u = announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') });
  f.rib.applyUpdate('s', u);
  f.rib.applyUpdate('h', u);
  f.rib.flush();
  assert.equal(f.rib.explain(P)!.rejected.find((r) => r.peerId === 's')!.attrs?.nextHop, ip('192.0.2.1'));
  assert.equal(f.rib.explain(P)!.rejected.find((r) => r.peerId === 'h')!.attrs, undefined);
  deny = false;
  assert.equal(f.rib.reimport('h'), false); // the driver must send ROUTE-REFRESH
  assert.equal(f.rib.reimport('s'), true);
  f.rib.flush();
  assert.deepEqual(
    f.rib.explain(P)!.paths.map((p) => p.peerId),
    ['s'],
  );
  assert.equal(f.rib.counters('s').accepted, 1);
});

test('ADD-PATH receive: paths are keyed by prefix and path identifier', () => {
  const f = fixture({ maxPathsIbgp: 4 });
  f.rib.addPeer(peerInfo('i', { n: 1, ibgp: true }));
  f.rib.peerUp('i', { routerId: ip('1.1.1.1'), addPathRx: { ipv4: true } });
  const u = (id: number, nh: string): UpdateMsg => ({
    ...announce([P], { asPath: [], nextHop: ip(nh) }),
    nlriPathIds: [id],
  });
  f.rib.applyUpdate('i', u(1, '192.0.2.1'));
  f.rib.applyUpdate('i', u(2, '192.0.2.2'));
  f.rib.applyUpdate('i', u(2, '192.0.2.3')); // implicit withdraw of path 2
  f.rib.flush();
  assert.deepEqual(
    f.last(P)!.paths!.map((p) => p.nextHop),
    [ip('192.0.2.1'), ip('192.0.2.3')],
  );
  assert.equal(f.rib.counters('i').received, 2);
  f.rib.applyUpdate('i', { ...withdraw([P]), withdrawnPathIds: [1] });
  f.rib.flush();
  assert.deepEqual(
    f.last(P)!.paths!.map((p) => p.nextHop),
    [ip('192.0.2.3')],
  );
  assert.deepEqual(
    f.rib.explain(P)!.paths.map((p) => p.pathId),
    [2],
  );
  // Path identifiers for a family without ADD-PATH (IPv6 here) are ignored: one path per prefix.
  const P6 = pfx('2001:db8:1::/48');
  const mp6 = (id: number, nh: string): UpdateMsg =>
    announce([], { asPath: [], mpReach: { afi: 2, safi: 1, nextHop: addr(nh), nlri: [P6], pathIds: [id] } });
  f.rib.applyUpdate('i', mp6(1, '2001:db8::1'));
  f.rib.applyUpdate('i', mp6(2, '2001:db8::2'));
  f.rib.flush();
  assert.deepEqual(
    f.rib.explain(P6)!.paths.map((p) => [p.pathId, p.nextHop]),
    [[0, nh6('2001:db8::2')]],
  );
  f.rib.applyUpdate('i', {
    withdrawn: [],
    nlri: [],
    attrs: { mpUnreach: { afi: 2, safi: 1, withdrawn: [P6], pathIds: [9] } },
  });
  f.rib.flush();
  assert.equal(f.rib.explain(P6), undefined);
});

test('the RIB gets one path per distinct next hop', () => {
  const f = fixture({ maxPathsIbgp: 4 });
  f.rib.addPeer(peerInfo('i', { n: 1, ibgp: true }));
  f.rib.peerUp('i', { addPathRx: { ipv4: true } });
  for (const id of [1, 2, 3])
    f.rib.applyUpdate('i', {
      ...announce([P], { asPath: [], nextHop: ip(id === 3 ? '192.0.2.9' : '192.0.2.1') }),
      nlriPathIds: [id],
    });
  f.rib.flush();
  assert.deepEqual(
    f.last(P)!.paths!.map((p) => p.nextHop),
    [ip('192.0.2.1'), ip('192.0.2.9')],
  );
});

test('peer down withdraws all its paths in one batch and releases its attribute sets', () => {
  const f = fixture();
  addUp(f, peerInfo('a', { n: 1 }));
  addUp(f, peerInfo('b', { n: 2 }));
  const ps = Array.from({ length: 50 }, (_, i) => pfx(`10.1.${i}.0/24`));
  f.rib.applyUpdate('a', announce(ps, { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.applyUpdate('b', announce(ps.slice(0, 10), { asPath: seq(65102, 1), nextHop: ip('192.0.2.2') }));
  f.rib.flush();
  const setsBefore = f.rib.store.size;
  f.rib.peerDown('a');
  assert.equal(f.rib.stats().dirty, 50);
  assert.deepEqual(f.rib.flush(), { processed: 50, ribChanges: 50 });
  assert.equal(f.last(ps[0]!)?.paths?.[0]?.peerId, 'b');
  assert.equal(f.last(ps[20]!)?.paths, null);
  assert.equal(f.rib.stats().prefixes, 10);
  assert.ok(f.rib.store.size < setsBefore);
  assert.deepEqual(f.rib.counters('a').received, 0);
  f.rib.peerDown('b');
  f.rib.flush();
  assert.equal(f.rib.stats().prefixes, 0);
  assert.equal(f.rib.store.size, 0); // nothing leaks
});
