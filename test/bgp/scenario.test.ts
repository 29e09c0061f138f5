/** Several BGP instances over the in-memory transport: sessions, advertisement, policy, withdrawal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNetwork } from '../../bgp/transport/memory.js';
import { formatAddr, formatPrefix, parsePrefix } from '../../lib/prefix.js';
import { waitFor } from '../helpers/proc.js';
import { speaker } from './helpers.js';

function key(s: string) {
  const r = parsePrefix(s);
  assert.ok(r.ok);
  return r.value;
}

const ACCEPT = `policy:
  routeMaps:
    ALL: [ { action: permit } ]
`;

function hostYaml(asn: number, rid: string, peer: string, peerAs: number, extra = ''): string {
  return `routerId: ${rid}
${ACCEPT}bgp:
  asn: ${asn}
  listen: { address: ${rid}, port: 179 }
  neighbors:
    - { address: ${peer}, remoteAs: ${peerAs}, importPolicy: ALL, connectRetry: 1 ${extra} }
  advertise: { interfaces: [cbr0] }
`;
}

function routes(rib: import('../../rib/rib.js').Rib): string[] {
  return rib
    .routes()
    .filter(([, r]) => r.protocol !== 'connected')
    .map(
      ([p, r]) =>
        `${formatPrefix(p)} ${r.protocol} via ${r.nexthops.map((n) => (n.gateway ? formatAddr(n.gateway) : '-')).join(',')}`,
    );
}

test('two eBGP hosts exchange their cbr0 subnets and withdraw them when the interface goes', async () => {
  const net = new MemoryNetwork();
  const a = await speaker(net, '10.0.1.11', hostYaml(64601, '10.0.1.11', '10.0.1.12', 64602), {
    eth0: ['10.0.1.11/24'],
    cbr0: ['10.244.1.1/24'],
  });
  const b = await speaker(net, '10.0.1.12', hostYaml(64602, '10.0.1.12', '10.0.1.11', 64601), {
    eth0: ['10.0.1.12/24'],
    cbr0: ['10.244.2.1/24'],
  });
  await waitFor(
    'sessions established',
    () => a.bgp.peer('10.0.1.12')?.established && b.bgp.peer('10.0.1.11')?.established,
  );
  await waitFor('b learns a', () => routes(b.rib).includes('10.244.1.0/24 ebgp via 10.0.1.11'));
  await waitFor('a learns b', () => routes(a.rib).includes('10.244.2.0/24 ebgp via 10.0.1.12'));
  const ex = b.bgp.rib.explain(key('10.244.1.0/24'));
  assert.equal(ex?.paths.find((p) => p.best)?.peerId, '10.0.1.11');

  a.ifs.set({ eth0: ['10.0.1.11/24'] });
  a.bgp.originate();
  await waitFor('b withdraws a', () => !routes(b.rib).some((r) => r.startsWith('10.244.1.0/24')));
  assert.ok(routes(a.rib).includes('10.244.2.0/24 ebgp via 10.0.1.12'));
});

test('RFC 8212: without an import policy an eBGP neighbor sends but nothing is accepted', async () => {
  const net = new MemoryNetwork();
  const noImport = (asn: number, rid: string, peer: string, peerAs: number) =>
    `routerId: ${rid}\nbgp:\n  asn: ${asn}\n  listen: { address: ${rid}, port: 179 }\n  neighbors: [ { address: ${peer}, remoteAs: ${peerAs}, connectRetry: 1 } ]\n  advertise: { interfaces: [cbr0] }\n`;
  const a = await speaker(net, '10.0.1.11', noImport(64601, '10.0.1.11', '10.0.1.12', 64602), {
    eth0: ['10.0.1.11/24'],
    cbr0: ['10.244.1.1/24'],
  });
  const b = await speaker(net, '10.0.1.12', hostYaml(64602, '10.0.1.12', '10.0.1.11', 64601), {
    eth0: ['10.0.1.12/24'],
    cbr0: ['10.244.2.1/24'],
  });
  await waitFor('b learns a', () => routes(b.rib).includes('10.244.1.0/24 ebgp via 10.0.1.11'));
  await waitFor('a received b', () => a.bgp.rib.counters('10.0.1.12').received === 1);
  assert.equal(a.bgp.rib.counters('10.0.1.12').accepted, 0);
  assert.deepEqual(routes(a.rib), []);
});

test('an IPv4-only session never carries the IPv6 subnets it cannot (families are honoured on export)', async () => {
  const net = new MemoryNetwork();
  const ifs = (a: string, pod: string) => ({ eth0: [`${a}/24`], cbr0: [pod, 'fd00:244:1::1/64'] });
  const a = await speaker(
    net,
    '10.0.1.11',
    hostYaml(64601, '10.0.1.11', '10.0.1.12', 64602),
    ifs('10.0.1.11', '10.244.1.1/24'),
  );
  const b = await speaker(
    net,
    '10.0.1.12',
    hostYaml(64602, '10.0.1.12', '10.0.1.11', 64601),
    ifs('10.0.1.12', '10.244.2.1/24'),
  );
  await waitFor('b learns a', () => routes(b.rib).includes('10.244.1.0/24 ebgp via 10.0.1.11'));
  assert.equal(a.bgp.rib.counters('10.0.1.12').advertised, 1, 'only the IPv4 subnet is in the Adj-RIB-Out');
  assert.equal(b.bgp.rib.counters('10.0.1.11').received, 1);
});

test('gatewayPeer follows the default gateway: the session moves when the gateway changes', async () => {
  const net = new MemoryNetwork();
  let gw: string | undefined = '10.0.1.1';
  const yaml = `routerId: 10.0.1.11
${ACCEPT}bgp:
  asn: 64601
  listen: { address: 10.0.1.11, port: 179 }
  gatewayPeer: { remoteAs: external, importPolicy: ALL, connectRetry: 1 }
  advertise: { interfaces: [cbr0] }
`;
  const tor = (addr: string, asn: number) => `routerId: ${addr}
${ACCEPT}bgp:
  asn: ${asn}
  listen: { address: ${addr}, port: 179 }
  dynamicNeighbors: [ { range: 10.0.1.0/24, remoteAs: 64601, importPolicy: ALL } ]
`;
  const t1 = await speaker(net, '10.0.1.1', tor('10.0.1.1', 65001), { eth0: ['10.0.1.1/24'] });
  const t2 = await speaker(net, '10.0.1.2', tor('10.0.1.2', 65002), { eth0: ['10.0.1.2/24'] });
  const h = await speaker(
    net,
    '10.0.1.11',
    yaml,
    { eth0: ['10.0.1.11/24'], cbr0: ['10.244.1.1/24'] },
    { gateway: () => gw, gatewayPollMs: 50 },
  );
  await waitFor('t1 learns the host subnet from its gateway session', () =>
    routes(t1.rib).includes('10.244.1.0/24 ebgp via 10.0.1.11'),
  );
  assert.equal(h.bgp.peer('10.0.1.1')?.gateway, true);
  gw = '10.0.1.2';
  await waitFor('the session moved to the new gateway', () =>
    routes(t2.rib).includes('10.244.1.0/24 ebgp via 10.0.1.11'),
  );
  await waitFor('t1 lost the route', () => !routes(t1.rib).some((r) => r.startsWith('10.244.1.0/24')));
  assert.equal(h.bgp.peer('10.0.1.1'), undefined);
  gw = undefined;
  await waitFor('no gateway, no session', () => h.bgp.peers.size === 0 || undefined);
});

test('redistribution: static routes selected in the RIB are originated into BGP through a route map', async () => {
  const net = new MemoryNetwork();
  const a = await speaker(
    net,
    '10.0.1.11',
    `routerId: 10.0.1.11
policy:
  prefixLists:
    ONLY-100: [ { action: permit, prefix: 10.100.0.0/16 } ]
  routeMaps:
    ALL: [ { action: permit } ]
    STATIC-OUT: [ { action: permit, match: { prefixList: ONLY-100 }, set: { med: 77 } } ]
bgp:
  asn: 64601
  listen: { address: 10.0.1.11, port: 179 }
  neighbors: [ { address: 10.0.1.12, remoteAs: 64602, importPolicy: ALL, connectRetry: 1 } ]
  redistribute: [ { protocol: static, routeMap: STATIC-OUT } ]
`,
    { eth0: ['10.0.1.11/24'] },
  );
  const b = await speaker(net, '10.0.1.12', hostYaml(64602, '10.0.1.12', '10.0.1.11', 64601), {
    eth0: ['10.0.1.12/24'],
  });
  a.rib.set('static', key('10.100.0.0/16'), { metric: 5, nexthops: [{ ifname: 'eth0' }] });
  a.rib.set('static', key('10.101.0.0/16'), { metric: 5, nexthops: [{ ifname: 'eth0' }] });
  await waitFor('b learns the redistributed static', () => routes(b.rib).includes('10.100.0.0/16 ebgp via 10.0.1.11'));
  const best = b.bgp.rib.explain(key('10.100.0.0/16'))?.paths.find((p) => p.best);
  assert.equal(best?.attrs.origin, 2, 'origin incomplete');
  assert.equal(best?.attrs.med, 77, 'the route map set the MED');
  assert.ok(!routes(b.rib).some((r) => r.startsWith('10.101.')), 'denied by the route map');
  a.rib.set('static', key('10.100.0.0/16'), null);
  await waitFor('withdrawn with the static route', () => !routes(b.rib).some((r) => r.startsWith('10.100.')));
});
