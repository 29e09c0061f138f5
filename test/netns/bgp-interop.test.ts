/**
 * BGP against real peers and between noverlay hosts, in network namespaces:
 * - iBGP host↔host sessions and three clients through a noverlay route reflector (RFC 4456);
 * - an eBGP session with BIRD 2, captured with tshark: every BGP message decodes with no malformed packet.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import type { NeighborView, RibEntry } from '../../bgp/views.js';
import { run } from '../../lab/sh.js';
import { birdc, Fabric } from '../helpers/fabric.js';
import { netnsTest, nsGetJson } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';

const API = 'http://127.0.0.1:9179';

function established(ns: string, n: number): true | undefined {
  const b = nsGetJson<{ neighbors: NeighborView[] }>(ns, `${API}/api/v1/bgp/neighbors`);
  return (b?.neighbors.filter((x) => x.state === 'Established').length ?? 0) === n ? true : undefined;
}

function best(ns: string): Map<string, RibEntry['paths'][number]> {
  const rib = nsGetJson<RibEntry[]>(ns, `${API}/api/v1/bgp/rib`) ?? [];
  return new Map(
    rib.flatMap((e) => {
      const b = e.paths.find((p) => p.best);
      return b ? [[e.prefix, b] as const] : [];
    }),
  );
}

netnsTest('three iBGP clients exchange routes through a noverlay route reflector', async () => {
  const f = new Fabric('trr');
  after(() => f.down());
  await f.up();
  f.node('rr', ['10.9.0.1/24']);
  const clients = [1, 2, 3].map((i) => ({ node: `c${i}`, addr: `10.9.0.1${i}`, pod: `10.244.1${i}.0/24` }));
  for (const c of clients) {
    f.node(c.node, [`${c.addr}/24`]);
    f.dummy(c.node, 'cbr0', [c.pod.replace('.0/24', '.1/24')]);
  }
  await f.noverlay(
    'rr',
    `routerId: 10.9.0.1
bgp:
  asn: 65000
  peerGroups:
    CLIENTS: { remoteAs: internal, routeReflectorClient: true, connectRetry: 2 }
  neighbors:
${clients.map((c) => `    - { address: ${c.addr}, peerGroup: CLIENTS }`).join('\n')}
`,
  );
  for (const c of clients) {
    await f.noverlay(
      c.node,
      `routerId: ${c.addr}
bgp:
  asn: 65000
  neighbors: [ { address: 10.9.0.1, remoteAs: internal, connectRetry: 2 } ]
  advertise: { interfaces: [cbr0] }
`,
    );
  }
  await waitFor('the reflector has three sessions', () => established(f.ns('rr'), 3), 30_000, 200);
  for (const c of clients) {
    await waitFor(
      `${c.node} learns the other clients' subnets`,
      () => {
        const b = best(f.ns(c.node));
        return clients.filter((o) => o !== c).every((o) => b.has(o.pod)) ? true : undefined;
      },
      30_000,
      200,
    );
    const b = best(f.ns(c.node));
    for (const o of clients.filter((x) => x !== c)) {
      const p = b.get(o.pod)!;
      assert.equal(p.nextHop, o.addr, 'a reflected route keeps the originator as next hop');
      assert.equal(p.attrs.originatorId, o.addr, 'ORIGINATOR_ID is the originating client');
      assert.deepEqual(p.attrs.clusterList, ['10.9.0.1'], 'CLUSTER_LIST holds the reflector');
      assert.equal(p.attrs.localPref, 100);
      assert.equal(p.attrs.asPath, '', 'iBGP: no AS added');
    }
  }
  const rrRib = best(f.ns('rr'));
  for (const c of clients) assert.equal(rrRib.get(c.pod)?.from, c.addr);
});

netnsTest(
  'an eBGP session with BIRD 2 exchanges routes both ways; a tshark capture decodes with no malformed packet',
  async () => {
    const f = new Fabric('tbird');
    after(() => f.down());
    await f.up();
    f.node('bird', ['10.8.0.2/24']);
    f.node('h1', ['10.8.0.11/24']);
    f.dummy('h1', 'cbr0', ['10.244.50.1/24']);
    const pcap = `${f.dir}/bgp.pcap`;
    const tshark = f.spawnIn('bird', 'tshark', ['-i', 'eth0', '-f', 'tcp port 179', '-w', pcap], 'tshark.log');
    await waitFor(
      'tshark capturing',
      () => readFileSync(`${f.dir}/tshark.log`, 'utf8').includes('Capturing on') || undefined,
      20_000,
    );
    const sock = f.bird(
      'bird',
      `router id 10.8.0.2;
protocol device {}
protocol static s4 { ipv4; route 192.0.2.0/24 blackhole; route 198.51.100.0/24 blackhole; }
protocol bgp host {
  local 10.8.0.2 as 65100;
  neighbor 10.8.0.11 as 64700;
  ipv4 { import all; export where source = RTS_STATIC; };
}
`,
    );
    await f.noverlay(
      'h1',
      `routerId: 10.8.0.11
policy:
  routeMaps:
    ALL: [ { action: permit } ]
bgp:
  asn: 64700
  neighbors: [ { address: 10.8.0.2, remoteAs: 65100, importPolicy: ALL, connectRetry: 2 } ]
  advertise: { interfaces: [cbr0] }
`,
    );
    await waitFor('session with BIRD Established', () => established(f.ns('h1'), 1), 30_000, 200);
    await waitFor(
      'noverlay learns BIRD static routes',
      () => {
        const b = best(f.ns('h1'));
        return b.get('192.0.2.0/24')?.from === '10.8.0.2' && b.has('198.51.100.0/24') ? true : undefined;
      },
      30_000,
      200,
    );
    assert.equal(best(f.ns('h1')).get('192.0.2.0/24')?.attrs.asPath, '65100');
    await waitFor(
      'BIRD learns the host subnet',
      () => (/10\.244\.50\.0\/24\s+unicast \[host/.test(birdc(sock, 'show route protocol host')) ? true : undefined),
      30_000,
      200,
    );
    assert.match(birdc(sock, 'show route 10.244.50.0/24 all'), /BGP\.as_path: 64700/);

    const exited = new Promise((r) => tshark.once('exit', r));
    tshark.kill('SIGINT');
    await exited;
    const report = run('tshark', ['-r', pcap, '-Y', 'bgp', '-T', 'fields', '-e', 'bgp.type'], { allowFail: true });
    const types = report
      .split('\n')
      .flatMap((l) => l.split(','))
      .filter((x) => x !== '');
    assert.ok(
      types.includes('1') && types.includes('2') && types.includes('4'),
      `OPEN, UPDATE and KEEPALIVE captured (${types.join(' ')})`,
    );
    const bad = run('tshark', ['-r', pcap, '-Y', '_ws.malformed || _ws.expert.severity >= warning'], {
      allowFail: true,
    });
    assert.equal(bad.trim(), '', 'no malformed packet and no expert warning');
  },
  { needs: ['bird', 'birdc', 'tshark'] },
);

netnsTest('TCP MD5 (RFC 2385) with FRR: the right password gives a session, a wrong one none', async () => {
  const f = new Fabric('tmd5');
  after(() => f.down());
  await f.up();
  f.node('tor', ['10.7.0.1/24']);
  f.node('h1', ['10.7.0.11/24']);
  f.node('h2', ['10.7.0.12/24']);
  const vty = f.frr(
    'tor',
    `frr defaults datacenter
hostname tor
log file ${f.dir}/tor/frr.log informational
router bgp 65001
 bgp router-id 10.7.0.1
 no bgp ebgp-requires-policy
 neighbor 10.7.0.11 remote-as 64711
 neighbor 10.7.0.11 password s3cret-md5
 neighbor 10.7.0.12 remote-as 64712
 neighbor 10.7.0.12 password s3cret-md5
exit
`,
  );
  const host = (asn: number, rid: string, pw: string) => `routerId: ${rid}
bgp:
  asn: ${asn}
  neighbors: [ { address: 10.7.0.1, remoteAs: 65001, password: ${pw}, connectRetry: 1 } ]
`;
  await f.noverlay('h1', host(64711, '10.7.0.11', 's3cret-md5'));
  await f.noverlay('h2', host(64712, '10.7.0.12', 'wrong-password'));
  await waitFor('h1 Established with the right key', () => established(f.ns('h1'), 1), 30_000, 200);
  const summary = () =>
    JSON.parse(run('vtysh', ['--vty_socket', vty, '-c', 'show bgp summary json'])) as {
      ipv4Unicast: { peers: Record<string, { state: string }> };
    };
  assert.equal(summary().ipv4Unicast.peers['10.7.0.11']?.state, 'Established');
  // Give the wrong key several connect attempts' time: no session, on either side.
  await new Promise((r) => setTimeout(r, 4000));
  assert.notEqual(summary().ipv4Unicast.peers['10.7.0.12']?.state, 'Established');
  assert.equal(established(f.ns('h2'), 0), true);
  assert.ok(!f.log('h1').includes('s3cret-md5') && !f.log('h2').includes('wrong-password'), 'passwords never logged');
});
