/**
 * noverlay's OSPF instance against real FRR ospfd on the real kernel (namespaces, veths, a bridge):
 *   - a broadcast segment with two FRR routers and noverlay: DR and BDR elected and agreed on by all three
 *     (FRR's `show ip ospf neighbor json` and `show ip ospf interface json`, our views);
 *   - noverlay's passive host subnet in FRR's OSPF routes, FRR's subnets (intra-area) and redistributed
 *     kernel routes (E2) in noverlay's RIB with the right next hops; our redistributed static route at FRR;
 *   - a point-to-point link with MD5 authentication to a third FRR (Full, routes); a fourth FRR with the wrong
 *     key never becomes a neighbor and noverlay counts the authentication failures;
 *   - the point-to-point link fails: the route through it is withdrawn from noverlay's RIB and FRR's table;
 *   - a tshark capture of noverlay's own OSPF packets decodes with no malformed packet or expert warning.
 * noverlay runs as test/ospf/instance/netns-child.ts (native raw sockets, the netlink dataplane, a RIB).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { vtyshJson } from '../../lab/frr.js';
import { ip } from '../../lab/sh.js';
import { Fabric } from '../helpers/fabric.js';
import { netnsTest } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';
import { OspfChild } from '../ospf/instance/child-client.js';

interface FrrNeighbor {
  state?: string;
  nbrState?: string;
  role?: string;
  address?: string;
  ifaceAddress?: string;
  ifaceName?: string;
}

/** `show ip ospf neighbor json`: router ID -> [{state: "Full/DR", ...}] (FRR 8.4). */
function frrNeighbors(dir: string): Map<string, FrrNeighbor> {
  const j = vtyshJson<{ neighbors?: Record<string, FrrNeighbor[]> }>(dir, 'show ip ospf neighbor json');
  const out = new Map<string, FrrNeighbor>();
  for (const [rid, list] of Object.entries(j.neighbors ?? {})) if (list[0]) out.set(rid, list[0]);
  return out;
}

function nbrState(n: FrrNeighbor | undefined): string | undefined {
  return n?.state ?? (n?.nbrState && n.role ? `${n.nbrState}/${n.role}` : n?.nbrState);
}

/** `show ip ospf route json`: prefix -> {routeType, cost, nexthops: [{ip, via}]} (FRR 8.4). */
function frrRoutes(
  dir: string,
): Record<
  string,
  { routeType?: string; cost?: number; type2cost?: number; nexthops?: { ip?: string; via?: string }[] }
> {
  return vtyshJson(dir, 'show ip ospf route json');
}

const TIMERS = { helloInterval: 1, deadInterval: 4 };

function frrConf(o: { rid: string; ifs: string; ospf: string }): string {
  return `frr defaults traditional\nhostname r${o.rid}\nlog stdout\n!\n${o.ifs}\n!\nrouter ospf\n ospf router-id ${o.rid}\n${o.ospf}\n!\n`;
}

netnsTest(
  'OSPF interop with FRR: LAN DR/BDR, routes both ways, p2p with MD5, wrong key, link failure, tshark',
  async () => {
    const f = new Fabric('ospf');
    await f.up();
    let nv: OspfChild | undefined;
    let tshark: ChildProcess | undefined;
    try {
      // ---- topology ----
      f.node('nv', ['10.77.0.3/24']);
      f.node('r1', ['10.77.0.1/24']);
      f.node('r2', ['10.77.0.2/24']);
      f.dummy('nv', 'cbr0', ['10.200.0.1/24']);
      f.dummy('r1', 'stub1', ['10.201.0.1/24']);
      const r3 = f.ns('r3');
      const r4 = f.ns('r4');
      for (const [ns, peer, mine, theirs] of [
        [r3, 'p2p0', '10.78.0.1/30', '10.78.0.2/30'],
        [r4, 'p2p1', '10.79.0.1/30', '10.79.0.2/30'],
      ] as const) {
        ip('netns', 'add', ns);
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        ip('link', 'add', peer, 'netns', f.ns('nv'), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        ip('-n', f.ns('nv'), 'addr', 'add', mine, 'dev', peer);
        ip('-n', ns, 'addr', 'add', theirs, 'dev', 'eth0');
        ip('-n', f.ns('nv'), 'link', 'set', peer, 'up');
        ip('-n', ns, 'link', 'set', 'eth0', 'up');
      }
      f.dummy('r3', 'stub3', ['10.203.0.1/24']);
      // r2 redistributes two kernel routes into OSPF (type 5, E2 metric 20).
      for (const p of ['198.51.100.0/24', '198.51.101.0/24']) ip('-n', f.ns('r2'), 'route', 'add', 'blackhole', p);

      // tshark on noverlay's side of every OSPF link.
      const pcap = join(f.dir, 'ospf.pcap');
      tshark = f.spawnIn(
        'nv',
        'tshark',
        ['-n', '-i', 'eth0', '-i', 'p2p0', '-i', 'p2p1', '-f', 'ip proto 89', '-w', pcap],
        'tshark.log',
      );
      await waitFor('tshark capturing', () => existsSync(pcap) || undefined, 15_000);

      // ---- noverlay first, so that its priority makes it DR ----
      nv = new OspfChild(f.ns('nv'), {
        routerId: '3.3.3.3',
        ospf: {
          areas: [
            {
              id: 0,
              interfaces: [
                { name: 'eth0', priority: 100, ...TIMERS },
                { name: 'cbr0', passive: true },
                {
                  name: 'p2p0',
                  network: 'point-to-point',
                  ...TIMERS,
                  authentication: { type: 'md5', keys: [{ id: 1, key: 'ospfkey' }] },
                },
                {
                  name: 'p2p1',
                  network: 'point-to-point',
                  ...TIMERS,
                  authentication: { type: 'md5', keys: [{ id: 1, key: 'ospfkey' }] },
                },
              ],
            },
          ],
          redistribute: [{ protocol: 'static', metric: 33 }],
        },
      });
      await nv.ready;
      await nv.ask('static', { prefix: '192.0.2.0/24', ifname: 'cbr0' });
      const hello = ' ip ospf hello-interval 1\n ip ospf dead-interval 4\n';
      const d1 = f.frr(
        'r1',
        frrConf({
          rid: '1.1.1.1',
          ifs: `interface eth0\n${hello} ip ospf priority 50\n!\ninterface stub1\n ip ospf cost 5\n`,
          ospf: ' network 10.77.0.0/24 area 0\n network 10.201.0.0/24 area 0\n passive-interface stub1',
        }),
      );
      const d2 = f.frr(
        'r2',
        frrConf({
          rid: '2.2.2.2',
          ifs: `interface eth0\n${hello} ip ospf priority 1\n`,
          ospf: ' network 10.77.0.0/24 area 0\n redistribute kernel',
        }),
      );
      const md5 = (key: string) =>
        ` ip ospf network point-to-point\n${hello} ip ospf authentication message-digest\n ip ospf message-digest-key 1 md5 ${key}\n`;
      const d3 = f.frr(
        'r3',
        frrConf({
          rid: '4.4.4.4',
          ifs: `interface eth0\n${md5('ospfkey')}!\ninterface stub3\n ip ospf cost 5\n`,
          ospf: ' network 10.78.0.0/30 area 0\n network 10.203.0.0/24 area 0\n passive-interface stub3',
        }),
      );
      const d4 = f.frr(
        'r4',
        frrConf({ rid: '5.5.5.5', ifs: `interface eth0\n${md5('wrongkey')}`, ospf: ' network 10.79.0.0/30 area 0' }),
      );

      // ---- LAN: DR/BDR agreed by all three ----
      await waitFor(
        'LAN adjacencies Full',
        async () => {
          const s = await nv!.state();
          const full = s.neighbors.filter((n) => n.interface === 'eth0' && n.state === 'Full').length;
          return full === 2 || undefined;
        },
        40_000,
        250,
      );
      await waitFor(
        'FRR agrees',
        () => {
          const n1 = frrNeighbors(d1);
          const n2 = frrNeighbors(d2);
          return (
            (nbrState(n1.get('3.3.3.3')) === 'Full/DR' &&
              nbrState(n1.get('2.2.2.2')) === 'Full/DROther' &&
              nbrState(n2.get('3.3.3.3')) === 'Full/DR' &&
              nbrState(n2.get('1.1.1.1')) === 'Full/Backup') ||
            undefined
          );
        },
        20_000,
        250,
      );
      let s = await nv.state();
      const eth0 = s.interfaces.find((i) => i.name === 'eth0')!;
      assert.equal(eth0.state, 'DR');
      assert.deepEqual(eth0.dr, { routerId: '3.3.3.3', address: '10.77.0.3' });
      assert.deepEqual(eth0.bdr, { routerId: '1.1.1.1', address: '10.77.0.1' });
      const role = (rid: string) => s.neighbors.find((n) => n.routerId === rid)?.role;
      assert.equal(role('1.1.1.1'), 'Backup');
      assert.equal(role('2.2.2.2'), 'DROther');

      // ---- routes both ways ----
      await waitFor(
        'FRR routes to our passive subnet and our external',
        () => {
          const r = frrRoutes(d2);
          return (r['10.200.0.0/24'] && r['192.0.2.0/24']) || undefined;
        },
        20_000,
        250,
      );
      const fr = frrRoutes(d2);
      assert.equal(fr['10.200.0.0/24']?.cost, 20);
      assert.equal(fr['10.200.0.0/24']?.nexthops?.[0]?.ip, '10.77.0.3');
      assert.match(fr['192.0.2.0/24']?.routeType ?? '', /E2/);
      assert.equal(fr['192.0.2.0/24']?.type2cost, 33);
      await waitFor(
        'FRR routes in our RIB',
        async () => {
          s = await nv!.state();
          const has = (p: string) => s.rib.some((r) => r.prefix === p);
          return (has('10.201.0.0/24') && has('198.51.100.0/24') && has('10.203.0.0/24')) || undefined;
        },
        30_000,
        250,
      );
      const rib = (p: string) => {
        const r = s.rib.find((x) => x.prefix === p);
        return r && `${r.metric} ${r.nexthops.map((n) => `${n.gateway}%${n.ifname}`).join(' ')}`;
      };
      assert.equal(rib('10.201.0.0/24'), '15 10.77.0.1%eth0');
      assert.equal(rib('198.51.100.0/24'), '20 10.77.0.2%eth0', 'E2: the type 2 metric');
      assert.equal(s.routes.find((r) => r.prefix === '198.51.101.0/24')?.type, 'E2');
      assert.equal(rib('10.203.0.0/24'), '15 10.78.0.2%p2p0');

      // ---- p2p with MD5: Full; the wrong key: nothing ----
      assert.equal(s.neighbors.find((n) => n.routerId === '4.4.4.4')?.state, 'Full');
      assert.equal(nbrState(frrNeighbors(d3).get('3.3.3.3'))?.startsWith('Full'), true);
      assert.equal(
        s.neighbors.some((n) => n.interface === 'p2p1'),
        false,
        'no neighbor with the wrong key',
      );
      assert.equal(frrNeighbors(d4).size, 0);
      assert.ok((s.summary.counters.dropped['auth-failed'] ?? 0) > 0, JSON.stringify(s.summary.counters));
      // FRR r1 reaches r3's subnet through us.
      await waitFor('r1 via us to r3', () => frrRoutes(d1)['10.203.0.0/24'] || undefined, 20_000, 250);

      // ---- link failure: the p2p link goes down on r3's side ----
      ip('-n', r3, 'link', 'set', 'eth0', 'down');
      await waitFor(
        'route through p2p0 withdrawn',
        async () => {
          s = await nv!.state();
          return (
            (!s.rib.some((r) => r.prefix === '10.203.0.0/24') && !s.neighbors.some((n) => n.routerId === '4.4.4.4')) ||
            undefined
          );
        },
        20_000,
        250,
      );
      await waitFor('and from FRR', () => (frrRoutes(d1)['10.203.0.0/24'] ? undefined : true), 20_000, 250);
      assert.equal(s.summary.counters.internalErrors, 0);

      // ---- the capture ----
      await nv.ask('stop');
      await new Promise((r) => setTimeout(r, 500));
      tshark.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 1000));
      const ours = 'ip.src==10.77.0.3 || ip.src==10.78.0.1 || ip.src==10.79.0.1';
      const types = spawnSync('tshark', ['-n', '-r', pcap, '-Y', ours, '-T', 'fields', '-e', 'ospf.msg'], {
        encoding: 'utf8',
      });
      assert.equal(types.status, 0, types.stderr);
      const seen = new Set(types.stdout.trim().split('\n').map(Number));
      for (const t of [1, 2, 3, 4, 5]) assert.ok(seen.has(t), `captured our OSPF packets of type ${t}`);
      const flagged = spawnSync(
        'tshark',
        [
          '-n',
          '-r',
          pcap,
          '-Y',
          `(${ours}) && (_ws.malformed || _ws.expert.severity >= "warning")`,
          '-T',
          'fields',
          '-e',
          'frame.number',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(flagged.status, 0, flagged.stderr);
      assert.equal(flagged.stdout.trim(), '', 'our packets flagged by tshark');
    } finally {
      nv?.kill();
      tshark?.kill('SIGKILL');
      await f.down();
    }
  },
  { timeout: 240_000, needs: ['tshark'] },
);
