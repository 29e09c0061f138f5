import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lsdb, MAX_AGE, MIN_LS_ARRIVAL_MS } from '../../../ospf/lsdb.js';
import { externalLsa, ip, lsa, networkLsa, routerLsa, summaryLsa } from './helpers.js';

const R2 = '2.2.2.2';
const stub = (metric: number) => routerLsa(R2, [[3, '10.0.0.0', '255.255.255.0', metric]], { seq: 10 });

function db(): Lsdb {
  const d = new Lsdb({ routerId: ip('1.1.1.1') });
  d.addArea(0);
  return d;
}

test('receive: a new LSA is installed and asks for a full SPF', () => {
  const d = db();
  const r = d.receive(0, stub(10), undefined, 0);
  assert.equal(r.kind, 'installed');
  if (r.kind !== 'installed') return;
  assert.equal(r.spf, 'full');
  assert.equal(r.previous, undefined);
  assert.equal(r.self, undefined);
  assert.equal(d.lookup(0, 1, ip(R2), ip(R2)), r.entry);
  assert.equal(d.size, 1);
  assert.deepEqual(d.takeSpfPending(), { full: new Set([0]), summary: new Set(), external: false });
  assert.equal(d.takeSpfPending(), undefined);
});

test('receive: the same instance is a duplicate; an older one is answered with ours once per MinLSArrival', () => {
  const d = db();
  d.receive(0, stub(10), undefined, 0);
  assert.equal(d.receive(0, stub(10), undefined, 5000).kind, 'duplicate');
  const older = routerLsa(R2, [[3, '10.0.0.0', '255.255.255.0', 10]], { seq: 9 });
  const a = d.receive(0, older, undefined, 5000);
  assert.deepEqual(a.kind === 'older' && a.sendBack, true);
  const b = d.receive(0, older, undefined, 5000 + MIN_LS_ARRIVAL_MS - 1);
  assert.deepEqual(b.kind === 'older' && b.sendBack, false);
  const c = d.receive(0, older, undefined, 5000 + MIN_LS_ARRIVAL_MS);
  assert.deepEqual(c.kind === 'older' && c.sendBack, true);
});

test('receive: a newer instance replaces the old one; unchanged contents need no SPF', () => {
  const d = db();
  const first = d.receive(0, stub(10), undefined, 0);
  const same = routerLsa(R2, [[3, '10.0.0.0', '255.255.255.0', 10]], { seq: 11 });
  const r = d.receive(0, same, undefined, 2000);
  assert.equal(r.kind, 'installed');
  if (r.kind !== 'installed' || first.kind !== 'installed') return;
  assert.equal(r.previous, first.entry);
  assert.equal(first.entry.current, false);
  assert.equal(r.spf, 'none');
  assert.equal(d.size, 1);
  const changed = routerLsa(R2, [[3, '10.0.0.0', '255.255.255.0', 20]], { seq: 12 });
  const r2 = d.receive(0, changed, undefined, 4000);
  assert.equal(r2.kind === 'installed' && r2.spf, 'full');
});

test('§13 step 5a MinLSArrival: a newer instance within 1 s of the previous is discarded', () => {
  const d = db();
  d.receive(0, stub(10), undefined, 0);
  const next = routerLsa(R2, [[3, '10.0.0.0', '255.255.255.0', 20]], { seq: 11 });
  const r = d.receive(0, next, undefined, MIN_LS_ARRIVAL_MS - 1);
  assert.equal(r.kind, 'min-ls-arrival');
  assert.equal(d.lookup(0, 1, ip(R2), ip(R2))?.seq, 10);
  const cur = d.lookup(0, 1, ip(R2), ip(R2))!;
  assert.equal(d.minLsArrivalPassed(cur, MIN_LS_ARRIVAL_MS - 1), false);
  assert.equal(d.minLsArrivalPassed(cur, MIN_LS_ARRIVAL_MS), true);
  assert.equal(d.receive(0, next, undefined, MIN_LS_ARRIVAL_MS).kind, 'installed');
});

test('install reports the SPF kind by LS type: network full, summary, external, opaque none', () => {
  const d = db();
  const kinds = [
    d.install(0, networkLsa('10.0.0.2', R2, '255.255.255.0', [R2, '1.1.1.1']), undefined, 0),
    d.install(0, summaryLsa(3, '172.16.0.0', R2, '255.255.0.0', 5), undefined, 0),
    d.install(0, summaryLsa(4, '5.5.5.5', R2, '255.255.255.255', 5), undefined, 0),
    d.install(0, externalLsa('0.0.0.0', R2, '0.0.0.0', 1), undefined, 0),
    d.install(0, lsa(10, ip('1.0.0.1'), ip(R2), { kind: 'opaque', data: Uint8Array.of(1) }), undefined, 0),
  ].map((r) => (r.ok ? r.value.spf : r.error.code));
  assert.deepEqual(kinds, ['full', 'summary', 'summary', 'external', 'none']);
  assert.deepEqual(d.takeSpfPending(), { full: new Set([0]), summary: new Set([0]), external: true });
});

test('§13 step 4: a MaxAge LSA with no database copy is acknowledged and dropped, unless a neighbor is exchanging', () => {
  const d = db();
  const flushed = routerLsa(R2, [], { age: MAX_AGE });
  assert.equal(d.receive(0, flushed, undefined, 0).kind, 'max-age-unknown');
  assert.equal(d.size, 0);
  const r = d.receive(0, flushed, undefined, 0, { exchangeOrLoading: true });
  assert.equal(r.kind, 'installed');
  assert.deepEqual([...d.maxAgeEntries()].length, 1);
});

test('a MaxAge instance of a known LSA replaces it and counts as a content change', () => {
  const d = db();
  d.receive(0, stub(10), undefined, 0);
  const r = d.receive(
    0,
    routerLsa(R2, [[3, '10.0.0.0', '255.255.255.0', 10]], { seq: 10, age: MAX_AGE }),
    undefined,
    5000,
  );
  assert.equal(r.kind, 'installed');
  assert.equal(r.kind === 'installed' && r.spf, 'full');
  assert.equal(d.lookup(0, 1, ip(R2), ip(R2))?.isMaxAge(5000), true);
});

test('hostile: a router-LSA whose LSID is not its advertising router is refused', () => {
  const d = db();
  const bad = lsa(1, ip('9.9.9.9'), ip(R2), { kind: 'router', flags: 0, links: [] });
  const r = d.receive(0, bad, undefined, 0);
  assert.equal(r.kind === 'rejected' && r.error.code, 'router-lsid-mismatch');
  assert.equal(d.size, 0);
  const i = d.install(0, bad, undefined, 0);
  assert.equal(!i.ok && i.error.code, 'router-lsid-mismatch');
});

test('hostile: body not matching the LS type, unknown area, externals in a stub area', () => {
  const d = db();
  d.addArea(1, { stub: true });
  const mism = lsa(2, ip('10.0.0.1'), ip(R2), { kind: 'router', flags: 0, links: [] });
  const r1 = d.receive(0, mism, undefined, 0);
  assert.equal(r1.kind === 'rejected' && r1.error.code, 'body-mismatch');
  const r2 = d.receive(7, stub(1), undefined, 0);
  assert.equal(r2.kind === 'rejected' && r2.error.code, 'unknown-area');
  const r3 = d.receive(1, externalLsa('0.0.0.0', R2, '0.0.0.0', 1), undefined, 0);
  assert.equal(r3.kind === 'rejected' && r3.error.code, 'external-in-stub');
  assert.equal(d.receive(0, externalLsa('0.0.0.0', R2, '0.0.0.0', 1), undefined, 0).kind, 'installed');
});

test('hostile: the size limit refuses new LSAs with an error, replacements and our own LSAs still go in', () => {
  const d = new Lsdb({ routerId: ip('1.1.1.1'), maxLsas: 2 });
  d.addArea(0);
  assert.equal(d.receive(0, routerLsa('2.2.2.2', []), undefined, 0).kind, 'installed');
  assert.equal(d.receive(0, routerLsa('3.3.3.3', []), undefined, 0).kind, 'installed');
  const r = d.receive(0, routerLsa('4.4.4.4', []), undefined, 0);
  assert.equal(r.kind, 'rejected');
  assert.equal(r.kind === 'rejected' && r.error.code, 'lsdb-full');
  assert.match(r.kind === 'rejected' ? r.error.detail : '', /limit of 2/);
  assert.equal(d.size, 2);
  assert.equal(d.receive(0, routerLsa('3.3.3.3', [], { seq: 5 }), undefined, 5000).kind, 'installed');
  assert.equal(d.originate(0, routerLsa('1.1.1.1', []), undefined, 0).ok, true);
  assert.equal(d.size, 3);
});

test('scopes, iteration and counts: per area, per link for type 9, AS-wide for 5 and 11; stubs skip AS scope', () => {
  const d = db();
  d.addArea(1, { stub: true });
  d.install(0, routerLsa(R2, []), undefined, 0);
  d.install(1, routerLsa(R2, []), undefined, 0);
  d.install(0, networkLsa('10.0.0.2', R2, '255.255.255.0', [R2]), undefined, 0);
  d.install(0, externalLsa('0.0.0.0', R2, '0.0.0.0', 1), undefined, 0);
  d.install(0, lsa(11, 1, ip(R2), { kind: 'opaque', data: new Uint8Array(2) }), undefined, 0);
  const grace = lsa(9, ip('3.0.0.0'), ip(R2), { kind: 'opaque', data: new Uint8Array(4) });
  d.install(0, grace, undefined, 0, { link: 'eth0' });
  d.install(0, grace, undefined, 0, { link: 'eth1' });
  assert.equal(d.size, 7);
  assert.deepEqual(d.countByType(), { 1: 2, 2: 1, 3: 0, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0, 9: 2, 10: 0, 11: 1 });
  assert.deepEqual(d.areaCountByType(0), { 1: 1, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 2, 10: 0, 11: 0 });
  assert.equal(d.lookup(0, 9, ip('3.0.0.0'), ip(R2), 'eth1')?.link, 'eth1');
  assert.equal(d.lookup(0, 9, ip('3.0.0.0'), ip(R2), 'eth2'), undefined);
  assert.equal(d.lookup(1, 5, 0, ip(R2)), d.lookup(0, 5, 0, ip(R2)));
  const types = (it: Iterable<{ type: number }>) => [...it].map((e) => e.type).sort((a, b) => a - b);
  assert.deepEqual(types(d.dbSummary(0, 'eth0')), [1, 2, 5, 9, 11]);
  assert.deepEqual(types(d.dbSummary(1, 'eth0')), [1]);
  assert.deepEqual(types(d.entries(0, 1)), [1]);
  assert.deepEqual(types(d.entries(0, 5)), [5]);
  assert.equal(d.removeArea(1), 1);
  assert.equal(d.removeLink(0, 'eth0'), 1);
  assert.equal(d.size, 5);
});
