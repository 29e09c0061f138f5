/**
 * The FIB through the daemon against the real kernel and real FRR ToRs: a host with two uplinks installs an
 * ECMP route toward both ToRs with noverlay's protocol number; a foreign route on another prefix and metric is
 * untouched; a route deleted by hand is repaired; an uplink going down drops its next hop and coming back
 * restores it.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { run } from '../../lab/sh.js';
import { Fabric } from '../helpers/fabric.js';
import { netnsTest } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';

const tor = (name: string, asn: number, addr: string, peer: string, dir: string) => `frr defaults datacenter
hostname ${name}
log file ${dir}/${name}/frr.log informational
router bgp ${asn}
 bgp router-id ${addr}
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor ${peer} remote-as 64900
 address-family ipv4 unicast
  network 10.50.0.0/16
 exit-address-family
exit
`;

netnsTest(
  'dual-homed host: ECMP over two FRR ToRs in the kernel (proto 201); repair, link down/up, foreign routes untouched',
  async () => {
    const f = new Fabric('tecmp');
    after(() => f.down());
    await f.up();
    f.bareNode('h1');
    f.bareNode('ta');
    f.bareNode('tb');
    f.link('h1', 'up1', ['10.6.1.11/24'], 'ta', 'to-h1', ['10.6.1.1/24']);
    f.link('h1', 'up2', ['10.6.2.11/24'], 'tb', 'to-h1', ['10.6.2.1/24']);
    f.frr('ta', tor('ta', 65101, '10.6.1.1', '10.6.1.11', f.dir));
    f.frr('tb', tor('tb', 65102, '10.6.2.1', '10.6.2.11', f.dir));
    const h1 = f.ns('h1');
    // A foreign route on the prefix we will learn, at another metric, and one on an unrelated prefix.
    run('ip', ['-n', h1, 'route', 'add', '10.50.0.0/16', 'via', '10.6.1.1', 'proto', 'static', 'metric', '500']);
    run('ip', ['-n', h1, 'route', 'add', '192.0.2.0/24', 'via', '10.6.2.1', 'proto', 'static']);
    await f.noverlay(
      'h1',
      `routerId: 10.6.1.11
policy:
  routeMaps:
    ALL: [ { action: permit } ]
fib: { reconcileSeconds: 2 }
bgp:
  asn: 64900
  listen: false
  neighbors:
    - { address: 10.6.1.1, remoteAs: 65101, importPolicy: ALL, connectRetry: 1 }
    - { address: 10.6.2.1, remoteAs: 65102, importPolicy: ALL, connectRetry: 1 }
`,
    );
    const ours = () => run('ip', ['-n', h1, 'route', 'show', '10.50.0.0/16', 'proto', '201']);
    await waitFor(
      'ECMP route over both ToRs with protocol 201',
      () => {
        const r = ours();
        return r.includes('nexthop via 10.6.1.1 dev up1') && r.includes('nexthop via 10.6.2.1 dev up2')
          ? true
          : undefined;
      },
      30_000,
      250,
    );
    assert.match(ours(), /metric 20/);
    const statics = run('ip', ['-n', h1, 'route', 'show', 'proto', 'static']);
    assert.match(
      statics,
      /10\.50\.0\.0\/16 via 10\.6\.1\.1 dev up1 metric 500/,
      'the foreign route on the same prefix is untouched',
    );
    assert.match(statics, /192\.0\.2\.0\/24 via 10\.6\.2\.1 dev up2/);

    // Deleted by hand: repaired (kernel event, or the periodic comparison).
    run('ip', ['-n', h1, 'route', 'del', '10.50.0.0/16', 'proto', '201', 'metric', '20']);
    await waitFor(
      'hand-deleted route repaired',
      () => (ours().includes('nexthop via 10.6.2.1') ? true : undefined),
      15_000,
      200,
    );

    // One uplink down: the route keeps only the other next hop; back up: both again.
    run('ip', ['-n', h1, 'link', 'set', 'up1', 'down']);
    await waitFor(
      'one next hop left',
      () => {
        const r = ours();
        return r.includes('10.6.2.1') && !r.includes('10.6.1.1') ? true : undefined;
      },
      30_000,
      250,
    );
    run('ip', ['-n', h1, 'link', 'set', 'up1', 'up']);
    await waitFor(
      'both next hops back',
      () => {
        const r = ours();
        return r.includes('10.6.1.1') && r.includes('10.6.2.1') ? true : undefined;
      },
      45_000,
      250,
    );
    // (The kernel itself flushed the foreign route via up1 when the link went down; the one via up2 is intact.)
    assert.match(run('ip', ['-n', h1, 'route', 'show', 'proto', 'static']), /192\.0\.2\.0\/24 via 10\.6\.2\.1 dev up2/);
  },
);
