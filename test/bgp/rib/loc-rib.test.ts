import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUp, announce, fixture, ip, peerInfo, pfx, seq, withdraw } from './helpers.js';

const P = pfx('203.0.113.0/24');

test('an unreachable next hop makes a path ineligible, with the reason; reachability re-runs the prefix', () => {
  const f = fixture();
  f.resolver.states.set(ip('192.0.2.1'), { reachable: false, metric: 0 });
  const a = addUp(f, peerInfo('a', { n: 1 }));
  const b = addUp(f, peerInfo('b', { n: 2 }));
  f.rib.applyUpdate(a.id, announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.applyUpdate(b.id, announce([P], { asPath: seq(65102, 65200), nextHop: ip('192.0.2.2') }));
  f.rib.flush();
  // a has the shorter AS_PATH but cannot be reached: b is best.
  assert.equal(f.last(P)?.paths?.[0]?.peerId, 'b');
  const ex = f.rib.explain(P)!;
  const pa = ex.paths.find((p) => p.peerId === 'a')!;
  assert.equal(pa.eligible, false);
  assert.equal(pa.ineligibleReason, 'nexthop-unreachable');
  assert.equal(pa.best, false);
  assert.ok(f.resolver.tracked.has(ip('192.0.2.1')));

  // The next hop becomes reachable: only the prefixes behind it are re-run, and a wins.
  f.resolver.states.set(ip('192.0.2.1'), { reachable: true, metric: 5 });
  assert.equal(f.rib.nexthopChanged(ip('192.0.2.1')), 1);
  assert.equal(f.rib.nexthopChanged(ip('198.51.100.99')), 0);
  const st = f.rib.flush();
  assert.equal(st.processed, 1);
  assert.equal(f.last(P)?.paths?.[0]?.peerId, 'a');
  const pb = f.rib.explain(P)!.paths.find((p) => p.peerId === 'b')!;
  assert.deepEqual([pb.best, pb.reason, pb.lostTo], [false, 'as-path-length', { peerId: 'a', pathId: 0 }]);

  // And unreachable again with no alternative: the route is withdrawn from the RIB.
  f.rib.applyUpdate(b.id, withdraw([P]));
  f.resolver.states.set(ip('192.0.2.1'), { reachable: false, metric: 0 });
  f.rib.nexthopChanged(ip('192.0.2.1'));
  f.rib.flush();
  assert.equal(f.last(P)?.paths, null);
});

test('the next-hop index follows paths: untracked when the last path through it goes', () => {
  const f = fixture();
  const a = addUp(f, peerInfo('a', { n: 1 }));
  f.rib.applyUpdate(a.id, announce([P, pfx('198.51.100.0/24')], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  assert.deepEqual([...f.resolver.tracked], [ip('192.0.2.1')]);
  // Implicit withdraw with a new next hop moves one prefix.
  f.rib.applyUpdate(a.id, announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.7') }));
  assert.equal(f.rib.nexthopChanged(ip('192.0.2.1')), 1);
  f.rib.applyUpdate(a.id, withdraw([pfx('198.51.100.0/24')]));
  assert.deepEqual([...f.resolver.tracked], [ip('192.0.2.7')]);
  f.rib.peerDown(a.id);
  assert.equal(f.resolver.tracked.size, 0);
});

test('changes coalesce until flush; flush only processes dirty prefixes', () => {
  const f = fixture();
  const a = addUp(f, peerInfo('a', { n: 1 }));
  const many = Array.from({ length: 100 }, (_, i) => pfx(`10.${i}.0.0/16`));
  f.rib.applyUpdate(a.id, announce(many, { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.applyUpdate(a.id, announce([many[0]!], { asPath: seq(65101, 1), nextHop: ip('192.0.2.1') }));
  assert.equal(f.sunk.length, 0);
  assert.deepEqual(f.rib.flush(), { processed: 100, ribChanges: 100 });
  assert.equal(f.sunk.length, 1);
  assert.deepEqual(f.last(many[0]!)?.paths?.[0]?.attrs.attrs.asPath, seq(65101, 1));
  // Re-announcing identical attributes is not a change.
  f.rib.applyUpdate(a.id, announce(many.slice(0, 10), { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  assert.deepEqual(f.rib.flush(), { processed: 1, ribChanges: 1 }); // only many[0] changed back
  assert.deepEqual(f.rib.flush(), { processed: 0, ribChanges: 0 });
});

test('multipath through the facade: maximum-paths, same-AS rule, multipath-relax', () => {
  const run = (relax: boolean, max: number) => {
    const f = fixture({ maxPathsEbgp: max, asPathMultipathRelax: relax });
    const a = addUp(f, peerInfo('a', { n: 1, asn: 65101 }));
    const b = addUp(f, peerInfo('b', { n: 2, asn: 65101 }));
    const c = addUp(f, peerInfo('c', { n: 3, asn: 65103 }));
    f.rib.applyUpdate(a.id, announce([P], { asPath: seq(65101, 7), nextHop: ip('192.0.2.1') }));
    f.rib.applyUpdate(b.id, announce([P], { asPath: seq(65101, 8), nextHop: ip('192.0.2.2') }));
    f.rib.applyUpdate(c.id, announce([P], { asPath: seq(65103, 9), nextHop: ip('192.0.2.3') }));
    f.rib.flush();
    return { f, hops: f.last(P)!.paths!.map((p) => p.nextHop) };
  };
  assert.deepEqual(run(false, 1).hops, [ip('192.0.2.1')]);
  assert.deepEqual(run(false, 4).hops, [ip('192.0.2.1'), ip('192.0.2.2')]);
  assert.deepEqual(run(true, 4).hops, [ip('192.0.2.1'), ip('192.0.2.2'), ip('192.0.2.3')]);
  assert.deepEqual(run(true, 2).hops, [ip('192.0.2.1'), ip('192.0.2.2')]);
  const { f } = run(false, 4);
  const ex = f.rib.explain(P)!;
  assert.deepEqual(
    ex.paths.map((p) => [p.peerId, p.best, p.multipath, p.reason]),
    [
      ['a', true, true, undefined],
      ['b', false, true, 'router-id'],
      ['c', false, false, 'router-id'],
    ],
  );
  // Losing a multipath member changes the RIB entry but not the best path (no re-advertisement needed).
  f.rib.peerDown('b');
  f.rib.flush();
  assert.deepEqual(
    f.last(P)!.paths!.map((p) => p.peerId),
    ['a'],
  );
});

test('explain marks the best and says why every other path lost; pending until flush', () => {
  const f = fixture();
  const a = addUp(f, peerInfo('a', { n: 1 }));
  const b = addUp(f, peerInfo('b', { n: 2, ibgp: true }));
  f.rib.applyUpdate(a.id, announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.applyUpdate(b.id, announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.2'), localPref: 200 }));
  f.rib.originate(pfx('198.51.100.0/24'));
  let ex = f.rib.explain(P)!;
  assert.equal(ex.pending, true);
  assert.ok(ex.paths.every((p) => !p.installed));
  f.rib.flush();
  ex = f.rib.explain(P)!;
  assert.equal(ex.pending, false);
  const byPeer = Object.fromEntries(ex.paths.map((p) => [p.peerId, p]));
  assert.equal(byPeer.b!.best, true);
  assert.equal(byPeer.b!.installed, true);
  assert.equal(byPeer.b!.localPref, 200);
  assert.deepEqual([byPeer.a!.reason, byPeer.a!.lostTo], ['local-pref', { peerId: 'b', pathId: 0 }]);
  const local = f.rib.explain(pfx('198.51.100.0/24'))!;
  assert.deepEqual(
    local.paths.map((p) => [p.peerId, p.weight, p.best]),
    [['local', 32768, true]],
  );
  assert.equal(f.rib.explain(pfx('192.0.2.0/24')), undefined);
});

test('a locally originated best is not installed by BGP; a learned path with the same prefix loses to it', () => {
  const f = fixture();
  const a = addUp(f, peerInfo('a', { n: 1 }));
  f.rib.applyUpdate(a.id, announce([P], { asPath: seq(65101), nextHop: ip('192.0.2.1') }));
  f.rib.flush();
  assert.equal(f.last(P)?.paths?.[0]?.peerId, 'a');
  f.rib.originate(P);
  f.rib.flush();
  assert.equal(f.last(P)?.paths, null);
  assert.equal(f.rib.explain(P)!.paths.find((p) => p.peerId === 'a')!.reason, 'weight');
  f.rib.withdrawOriginated(P);
  f.rib.flush();
  assert.equal(f.last(P)?.paths?.[0]?.peerId, 'a');
});
