/** The BGP API and CLI against two in-process daemons peering over the in-memory network. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNetwork } from '../../bgp/transport/memory.js';
import type { NeighborView, RibEntry, RouteRow } from '../../bgp/views.js';
import { StaticInterfaceSource } from '../../rib/sources/interfaces.js';
import type { RouteView } from '../../rib/views.js';
import { startDaemon } from '../helpers/daemon.js';
import { runCliAsync, waitFor } from '../helpers/proc.js';

const TOKEN = 'bgp-api-test-token-123456';

async function pair() {
  const net = new MemoryNetwork();
  const yaml = (me: string, peer: string, asn: number, pasn: number, pod: string) => `routerId: ${me}
policy:
  routeMaps:
    ALL: [ { action: permit } ]
bgp:
  asn: ${asn}
  listen: { address: ${me}, port: 179 }
  neighbors: [ { address: ${peer}, remoteAs: ${pasn}, importPolicy: ALL, connectRetry: 1, description: peer-of-${me}, password: never-shown-secret } ]
  advertise: { prefixes: [${pod}] }
`;
  const env = { NOVERLAY_API_TOKEN: TOKEN };
  const a = await startDaemon(yaml('10.0.1.11', '10.0.1.12', 64601, 64602, '10.244.1.0/24'), {
    env,
    transport: net.transport('10.0.1.11'),
    interfaces: new StaticInterfaceSource({ eth0: ['10.0.1.11/24'] }),
  });
  const b = await startDaemon(yaml('10.0.1.12', '10.0.1.11', 64602, 64601, '10.244.2.0/24'), {
    env,
    transport: net.transport('10.0.1.12'),
    interfaces: new StaticInterfaceSource({ eth0: ['10.0.1.12/24'] }),
  });
  const get = async <T>(url: string) => (await (await fetch(url)).json()) as T;
  await waitFor('established', async () => {
    const n = await get<{ neighbors: NeighborView[] }>(`${a.url}/api/v1/bgp/neighbors`);
    return n.neighbors[0]?.state === 'Established' && n.neighbors[0].prefixes.accepted === 1 ? true : undefined;
  });
  return { a, b, get };
}

const post = (url: string, body?: unknown, token: string | null = TOKEN) =>
  fetch(url, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

test('neighbors, routes and RIB over the API; secrets never shown', async () => {
  const { a, get } = await pair();
  const all = await get<{ localAs: number; neighbors: NeighborView[] }>(`${a.url}/api/v1/bgp/neighbors`);
  assert.equal(all.localAs, 64601);
  const n = all.neighbors[0]!;
  assert.equal(n.address, '10.0.1.12');
  assert.equal(n.peerAs, 64602);
  assert.equal(n.description, 'peer-of-10.0.1.11');
  assert.ok(n.capabilities.includes('four-octet-as'));
  assert.ok((n.messages.in.update ?? 0) >= 1 && n.messages.out.open === 1);
  assert.ok(!JSON.stringify(all).includes('never-shown-secret'));

  const rx = await get<RouteRow[]>(`${a.url}/api/v1/bgp/neighbors/10.0.1.12/routes?direction=received`);
  assert.deepEqual(
    rx.map((r) => [r.prefix, r.accepted, r.attrs?.asPath]),
    [['10.244.2.0/24', true, '64602']],
  );
  const tx = await get<RouteRow[]>(`${a.url}/api/v1/bgp/neighbors/10.0.1.12/routes?direction=advertised`);
  assert.deepEqual(
    tx.map((r) => [r.prefix, r.attrs?.asPath, r.attrs?.nextHop]),
    [['10.244.1.0/24', '64601', '10.0.1.11']],
  );

  const rib = await get<RibEntry[]>(`${a.url}/api/v1/bgp/rib?prefix=10.244.0.0/16&longer=true`);
  assert.deepEqual(
    rib.map((e) => e.prefix),
    ['10.244.1.0/24', '10.244.2.0/24'],
  );
  assert.equal(rib[1]?.paths[0]?.best, true);
  assert.equal(rib[1]?.paths[0]?.nextHop, '10.0.1.12');

  const routes = await get<RouteView[]>(`${a.url}/api/v1/routes?prefix=10.244.2.0/24`);
  assert.deepEqual(
    routes[0]?.candidates.map((c) => [c.protocol, c.selected, c.distance, c.recursiveVia, c.nexthops]),
    [['ebgp', true, 20, ['10.0.1.12'], [{ gateway: '10.0.1.12', interface: 'eth0' }]]],
  );
  const table = await get<RouteView[]>(`${a.url}/api/v1/routes`);
  assert.deepEqual(
    table.map((r) => `${r.prefix} ${r.candidates.find((c) => c.selected)?.protocol}`),
    ['10.0.1.0/24 connected', '10.244.2.0/24 ebgp'],
  );
  const ipRoute = await runCliAsync(['show', 'ip', 'route', '--api', a.url]);
  assert.match(
    ipRoute.stdout,
    /^B>\* 10\.244\.2\.0\/24 \[20\/0\] via 10\.0\.1\.12, eth0 \(recursive via 10\.0\.1\.12\)$/m,
  );
  assert.match(ipRoute.stdout, /^C>\* 10\.0\.1\.0\/24 \[0\/0\] is directly connected, eth0$/m);

  assert.equal((await fetch(`${a.url}/api/v1/bgp/neighbors/10.9.9.9`)).status, 404);
  assert.equal((await fetch(`${a.url}/api/v1/bgp/rib?prefix=nonsense`)).status, 400);

  const metrics = await (await fetch(`${a.url}/metrics`)).text();
  assert.match(metrics, /^noverlay_bgp_session_state\{peer="10\.0\.1\.12"\} 6$/m);
  assert.match(metrics, /^noverlay_bgp_prefixes\{peer="10\.0\.1\.12",kind="accepted"\} 1$/m);
  assert.match(metrics, /^noverlay_bgp_messages_total\{peer="10\.0\.1\.12",direction="in",type="update"\} \d+$/m);
  assert.match(metrics, /^noverlay_bgp_update_processing_seconds_count \d+$/m);
});

test('shutdown (with an RFC 9003 message), enable and soft reset need the token and work', async () => {
  const { a, b, get } = await pair();
  const base = `${a.url}/api/v1/bgp/neighbors/10.0.1.12`;
  for (const action of ['shutdown', 'enable', 'soft-reset']) {
    assert.equal((await post(`${base}/${action}`, undefined, null)).status, 401, action);
    assert.equal((await post(`${base}/${action}`, undefined, 'wrong')).status, 401, action);
  }
  assert.equal((await post(`${a.url}/api/v1/bgp/neighbors/10.9.9.9/shutdown`)).status, 404);

  let r = await post(`${base}/soft-reset`, { direction: 'out' });
  assert.equal(r.status, 200);
  assert.equal((await post(`${base}/soft-reset`, { direction: 'sideways' })).status, 400);
  assert.equal((await post(`${base}/shutdown`, { bogus: 1 })).status, 400);

  r = await post(`${base}/shutdown`, { message: 'maintenance window 42' });
  assert.equal(r.status, 200);
  await waitFor('peer sees the shutdown communication', async () => {
    const n = await get<{ neighbors: NeighborView[] }>(`${b.url}/api/v1/bgp/neighbors`);
    const rec = n.neighbors[0]?.lastNotificationReceived;
    return rec?.code === 6 && rec.subcode === 2 && rec.message === 'maintenance window 42' ? true : undefined;
  });
  const down = await get<NeighborView>(`${base}`);
  assert.equal(down.state, 'Idle');
  assert.equal(down.adminDown, 'shutdown by API');
  assert.equal((await post(`${base}/soft-reset`)).status, 409);

  assert.equal((await post(`${base}/enable`)).status, 200);
  await waitFor('session back', async () =>
    (await get<NeighborView>(base)).state === 'Established' ? true : undefined,
  );

  const cli = await runCliAsync(['show', 'bgp', 'summary', '--api', a.url]);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /^10\.0\.1\.12\s+64602\s+\d+\s+\d+\s+\S+\s+1\s+1\s+peer-of-10\.0\.1\.11$/m);
  const rib = await runCliAsync(['show', 'bgp', 'rib', '10.244.2.0/24', '--api', a.url]);
  assert.match(rib.stdout, /\*> 10\.244\.2\.0\/24\s+10\.0\.1\.12\s+10\.0\.1\.12\s+100\s+0\s+64602 i/);
  const nb = await runCliAsync(['show', 'bgp', 'neighbors', '10.0.1.12', '--api', a.url]);
  assert.match(nb.stdout, /Last NOTIFICATION sent:\s+6\/2 "maintenance window 42"/);
});
