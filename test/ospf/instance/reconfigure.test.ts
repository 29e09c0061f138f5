/**
 * Configuration reload and the read side: a cost change re-originates the router-LSA and the far router's
 * route cost follows; an interface added and removed; redistribution turned on and off; readiness; the API
 * views (interfaces, neighbors, database, routes, summary) and the Prometheus metrics.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { normalizeOspf } from '../../../daemon/config/ospf.js';
import { parsePrefix } from '../../../lib/prefix.js';
import { createOspfMetrics } from '../../../ospf/metrics.js';
import { databaseView, interfacesView, neighborsView, routesView, summaryView } from '../../../ospf/views.js';
import { Lab, ospfCfg } from './harness.js';

async function pair(lab: Lab) {
  const a = lab.node('a', '1.1.1.1', [
    { name: 'eth0', cidr: '10.0.0.1/24', segment: 'lan' },
    { name: 'cbr0', cidr: '10.10.0.1/24' },
    { name: 'cbr1', cidr: '10.11.0.1/24' },
  ]);
  const b = lab.node('b', '2.2.2.2', [{ name: 'eth0', cidr: '10.0.0.2/24', segment: 'lan' }]);
  await a.start(ospfCfg([{ name: 'eth0' }, { name: 'cbr0', passive: true }]));
  await b.start(ospfCfg([{ name: 'eth0' }]));
  lab.until('route', () => b.route('10.10.0.0/24') !== undefined);
  lab.until("BDR settled (the DR's next Hello, §9.4)", () => a.iface('eth0').ifc.state === 'Backup');
  lab.advance(6000);
  return { a, b };
}

test('reload: cost change, interface added and removed, redistribution on and off', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab);
  assert.equal(b.route('10.10.0.0/24'), 'ospf 20 10.0.0.1%eth0');
  const reload = (raw: Parameters<typeof ospfCfg>[0], more: Parameters<typeof ospfCfg>[1] = {}) =>
    a.ospf.reconfigure(normalizeOspf(ospfCfg(raw, more)), a.ospf.policy);
  reload([{ name: 'eth0' }, { name: 'cbr*', passive: true, cost: 3 }]);
  lab.until('new cost and new subnet', () => b.route('10.10.0.0/24') === 'ospf 13 10.0.0.1%eth0');
  lab.until('cbr1 added', () => b.route('10.11.0.0/24') === 'ospf 13 10.0.0.1%eth0');
  assert.equal(a.neighbors()['2.2.2.2'], 'Full', 'the adjacency survives a cost change');
  reload([{ name: 'eth0' }, { name: 'cbr0', passive: true, cost: 3 }]);
  lab.until('cbr1 removed', () => b.route('10.11.0.0/24') === undefined);
  const p = parsePrefix('192.168.9.0/24');
  assert.ok(p.ok);
  a.rib.set('static', p.value, { metric: 0, nexthops: [{ gateway: Uint8Array.of(10, 10, 0, 7) }] });
  lab.advance(1000);
  assert.equal(b.route('192.168.9.0/24'), undefined);
  reload([{ name: 'eth0' }, { name: 'cbr0', passive: true, cost: 3 }], { redistribute: [{ protocol: 'static' }] });
  lab.until('redistributed', () => b.route('192.168.9.0/24') === 'ospf 20 10.0.0.1%eth0');
  reload([{ name: 'eth0' }, { name: 'cbr0', passive: true, cost: 3 }]);
  lab.until('no longer', () => b.route('192.168.9.0/24') === undefined);
  // Hello timers changed on one side only: the adjacency goes (mismatch), and comes back when both agree.
  reload([
    { name: 'eth0', helloInterval: 5 },
    { name: 'cbr0', passive: true, cost: 3 },
  ]);
  lab.until('adjacency lost', () => b.neighbors()['1.1.1.1'] === undefined, 60_000);
  b.ospf.reconfigure(normalizeOspf(ospfCfg([{ name: 'eth0', helloInterval: 5 }])), b.ospf.policy);
  lab.until('adjacency back', () => b.neighbors()['1.1.1.1'] === 'Full' && b.route('10.10.0.0/24') !== undefined);
  assert.equal(lab.internalErrors(), 0);
});

test('views, readiness and metrics', async () => {
  const lab = new Lab();
  const { a, b } = await pair(lab);
  assert.equal(a.ospf.initialSyncDone(), true);
  const ifs = interfacesView(a.ospf);
  assert.deepEqual(
    ifs.map((i) => [i.name, i.state, i.address, i.network, i.passive, i.neighbors, i.adjacentNeighbors]),
    [
      ['cbr0', 'DR', '10.10.0.1/24', 'broadcast', true, 0, 0],
      ['eth0', 'Backup', '10.0.0.1/24', 'broadcast', false, 1, 1],
    ],
  );
  assert.deepEqual(ifs[1]?.dr, { routerId: '2.2.2.2', address: '10.0.0.2' });
  assert.deepEqual(ifs[1]?.bdr, { routerId: '1.1.1.1', address: '10.0.0.1' });
  const nb = neighborsView(a.ospf);
  assert.equal(nb.length, 1);
  assert.equal(nb[0]?.routerId, '2.2.2.2');
  assert.equal(nb[0]?.state, 'Full');
  assert.equal(nb[0]?.role, 'DR');
  assert.ok((nb[0]?.deadTimeLeftMs ?? 0) > 25_000 && (nb[0]?.deadTimeLeftMs ?? 0) <= 40_000);
  const db = databaseView(b.ospf);
  assert.deepEqual(
    db.areas[0]?.lsas.map((l) => `${l.typeName} ${l.lsid} ${l.advRouter} ${l.self}`),
    ['router 1.1.1.1 1.1.1.1 false', 'router 2.2.2.2 2.2.2.2 true', 'network 10.0.0.2 2.2.2.2 true'],
  );
  assert.match(db.areas[0]?.lsas[0]?.seq ?? '', /^0x8000000[0-9a-f]$/);
  const routes = routesView(b.ospf);
  assert.deepEqual(
    routes.map((r) => `${r.prefix} ${r.type} ${r.cost} ${r.nexthops.map((n) => `${n.address}%${n.interface}`)}`),
    ['10.0.0.0/24 intra 10 null%eth0', '10.10.0.0/24 intra 20 10.0.0.1%eth0'],
  );
  const sum = summaryView(a.ospf);
  assert.equal(sum.routerId, '1.1.1.1');
  assert.equal(sum.areas[0]?.fullAdjacencies, 1);
  assert.ok(sum.spf.runs > 0);
  const reg = new Registry();
  createOspfMetrics(reg, () => a.ospf);
  const text = await reg.metrics();
  assert.match(text, /noverlay_ospf_neighbors\{state="Full"\} 1/);
  assert.match(text, /noverlay_ospf_lsas\{type="router"\} 2/);
  assert.match(text, /noverlay_ospf_spf_runs_total \d+/);
  assert.match(text, /noverlay_ospf_packets_total\{direction="in",type="hello"\} \d+/);
  assert.match(text, /noverlay_ospf_spf_duration_seconds_bucket/);
  // Readiness before the dead interval with nobody there: not yet.
  const lone = lab.node('c', '3.3.3.3', [{ name: 'eth0', cidr: '10.9.0.1/24', segment: 'empty' }]);
  await lone.start(ospfCfg([{ name: 'eth0' }]));
  lab.advance(1000);
  assert.equal(lone.ospf.initialSyncDone(), false);
  lab.advance(40_000);
  assert.equal(lone.ospf.initialSyncDone(), true, 'nobody came within the dead interval');
});
