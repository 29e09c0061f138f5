/** Config reload applied to BGP: neighbors added and removed (Cease 6/3), policy changes applied in place. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNetwork } from '../../bgp/transport/memory.js';
import { formatPrefix } from '../../lib/prefix.js';
import { StaticInterfaceSource } from '../../rib/sources/interfaces.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/proc.js';

const TOKEN = 'reload-test-token-0123456789';

test('reload adds and removes neighbors and re-applies changed policy without a session reset', async () => {
  const net = new MemoryNetwork();
  const env = { NOVERLAY_API_TOKEN: TOKEN };
  const peerYaml = `routerId: 10.0.1.12
bgp:
  asn: 64602
  listen: { address: 10.0.1.12, port: 179 }
  neighbors: [ { address: 10.0.1.11, remoteAs: 64601, passive: true } ]
  advertise: { prefixes: [10.244.2.0/24, 10.244.3.0/24] }
`;
  const peer = await startDaemon(peerYaml, {
    env,
    transport: net.transport('10.0.1.12'),
    interfaces: new StaticInterfaceSource({ eth0: ['10.0.1.12/24'] }),
  });
  const hostYaml = (neighbors: string, policy: string) => `routerId: 10.0.1.11
policy:
  prefixLists:
    ONLY2: [ { action: permit, prefix: 10.244.2.0/24 } ]
  routeMaps:
    ALL: [ { action: permit } ]
    SOME: [ { action: permit, match: { prefixList: ONLY2 } } ]
bgp:
  asn: 64601
  listen: false
  neighbors: [${neighbors.replace('POLICY', policy)}]
`;
  const nb = '{ address: 10.0.1.12, remoteAs: 64602, importPolicy: POLICY, connectRetry: 1 }';
  const host = await startDaemon(hostYaml('', 'ALL'), {
    env,
    transport: net.transport('10.0.1.11'),
    interfaces: new StaticInterfaceSource({ eth0: ['10.0.1.11/24'] }),
  });
  const reload = async () => {
    const r = await fetch(`${host.url}/api/v1/config/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(r.status, 200, await r.text());
  };
  const routes = () =>
    host.d.rib
      .routes()
      .filter(([, r]) => r.protocol !== 'connected')
      .map(([p]) => formatPrefix(p));

  assert.equal(host.d.bgp?.peers.size, 0);
  host.write(hostYaml(nb, 'ALL'));
  await reload();
  await waitFor('new neighbor up with both routes', () => (routes().length === 2 ? true : undefined));
  const p = host.d.bgp!.peer('10.0.1.12')!;
  const count = p.primary.state.establishedCount;

  host.write(hostYaml(nb, 'SOME'));
  await reload();
  await waitFor('policy change applied', () => (routes().join() === '10.244.2.0/24' ? true : undefined));
  assert.equal(host.d.bgp!.peer('10.0.1.12'), p, 'same neighbor object');
  assert.equal(p.established, true, 'no session reset for a policy change');
  assert.equal(p.primary.state.establishedCount, count);

  host.write(hostYaml('', 'ALL'));
  await reload();
  await waitFor('removed neighbor: routes gone', () => (routes().length === 0 ? true : undefined));
  await waitFor('the peer was told: Cease / Peer De-configured (6/3)', () => {
    const r = peer.d.bgp?.peer('10.0.1.11')?.lastReceived;
    return r?.code === 6 && r.subcode === 3 ? true : undefined;
  });
  assert.equal(host.d.bgp?.peers.size, 0);
});
