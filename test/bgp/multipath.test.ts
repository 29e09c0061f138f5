/** ECMP for a host dual-homed to two ToRs, and connection collisions between two active speakers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNetwork } from '../../bgp/transport/memory.js';
import { formatAddr, formatPrefix } from '../../lib/prefix.js';
import type { Rib } from '../../rib/rib.js';
import { waitFor } from '../helpers/proc.js';
import { speaker } from './helpers.js';

const ALL = 'policy:\n  routeMaps:\n    ALL: [ { action: permit } ]\n';

function tor(addr: string, asn: number): string {
  return `routerId: ${addr}
${ALL}bgp:
  asn: ${asn}
  listen: { address: ${addr}, port: 179 }
  neighbors: [ { address: ${addr.replace(/\.1$/, '.11')}, remoteAs: 64601, importPolicy: ALL, exportPolicy: ALL, connectRetry: 1 } ]
  advertise: { prefixes: [10.50.0.0/16] }
`;
}

function host(relax: boolean): string {
  return `routerId: 10.0.1.11
${ALL}bgp:
  asn: 64601
  listen: false
  multipath: { asPathRelax: ${relax} }
  neighbors:
    - { address: 10.0.1.1, remoteAs: 65001, importPolicy: ALL, connectRetry: 1 }
    - { address: 10.0.2.1, remoteAs: 65002, importPolicy: ALL, connectRetry: 1, localAddress: 10.0.2.11 }
`;
}

function nexthops(rib: Rib, prefix: string): string[] {
  const r = rib.routes().find(([p]) => formatPrefix(p) === prefix)?.[1];
  return (r?.nexthops ?? []).map((n) => (n.gateway ? formatAddr(n.gateway) : '-')).sort();
}

for (const relax of [true, false]) {
  test(`dual-homed host: ${relax ? 'ECMP over both ToRs with as-path multipath-relax' : 'one path without multipath-relax'}`, async () => {
    const net = new MemoryNetwork();
    await speaker(net, '10.0.1.1', tor('10.0.1.1', 65001), { eth0: ['10.0.1.1/24'] });
    await speaker(net, '10.0.2.1', tor('10.0.2.1', 65002), { eth0: ['10.0.2.1/24'] });
    const h = await speaker(net, '10.0.1.11', host(relax), { eth0: ['10.0.1.11/24'], eth1: ['10.0.2.11/24'] });
    await waitFor(
      'both sessions',
      () => (h.bgp.peer('10.0.1.1')?.established && h.bgp.peer('10.0.2.1')?.established) || undefined,
      10_000,
    );
    await waitFor(
      'route learned from both',
      () => h.bgp.rib.explain(h.bgp.rib.bestRoutes().next().value?.prefix ?? 0)?.paths.length === 2 || undefined,
    );
    if (relax) {
      await waitFor('two next hops', () => nexthops(h.rib, '10.50.0.0/16').length === 2 || undefined);
      assert.deepEqual(nexthops(h.rib, '10.50.0.0/16'), ['10.0.1.1', '10.0.2.1']);
    } else {
      await waitFor('one next hop', () => nexthops(h.rib, '10.50.0.0/16').length === 1 || undefined);
    }
  });
}

test('two active speakers that connect at the same moment end with exactly one session (RFC 4271 §6.8)', async () => {
  const net = new MemoryNetwork();
  const cfg = (me: string, peer: string, asn: number, peerAs: number) =>
    `routerId: ${me}\nbgp:\n  asn: ${asn}\n  listen: { address: ${me}, port: 179 }\n  neighbors: [ { address: ${peer}, remoteAs: ${peerAs}, connectRetry: 1 } ]\n`;
  const a = await speaker(
    net,
    '10.0.1.11',
    cfg('10.0.1.11', '10.0.1.12', 64601, 64602),
    { eth0: ['10.0.1.11/24'] },
    { start: false },
  );
  const b = await speaker(
    net,
    '10.0.1.12',
    cfg('10.0.1.12', '10.0.1.11', 64602, 64601),
    { eth0: ['10.0.1.12/24'] },
    { start: false },
  );
  await Promise.all([a.bgp.start(), b.bgp.start()]);
  await waitFor(
    'established',
    () => (a.bgp.peer('10.0.1.12')?.established && b.bgp.peer('10.0.1.11')?.established) || undefined,
  );
  const pa = a.bgp.peer('10.0.1.12')!;
  const pb = b.bgp.peer('10.0.1.11')!;
  // Both sides kept the same connection: opened by one, accepted by the other.
  assert.notEqual(pa.primary.direction, pb.primary.direction);
  assert.equal(pa.primary.conn?.localPort, pb.primary.conn?.remotePort);
  assert.equal(pa.fork, undefined);
  assert.equal(pb.fork, undefined);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(pa.established && pb.established, true, 'still one stable session');
  assert.equal(pa.primary.state.establishedCount, 1);
});
