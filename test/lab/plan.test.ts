import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from '../../daemon/config/load.js';
import { hostConfig, planLab, torFrrConfig } from '../../lab/plan.js';

const plan = planLab({ name: 'x', racks: 2, hostsPerRack: 2, dir: '/tmp/lab-x' });

test('default lab: 2 ToRs, 4 hosts with a pod each, one ToR-ToR link', () => {
  assert.deepEqual(plan.namespaces, [
    'nv-x-tor1',
    'nv-x-tor2',
    'nv-x-h11',
    'nv-x-p11',
    'nv-x-h12',
    'nv-x-p12',
    'nv-x-h21',
    'nv-x-p21',
    'nv-x-h22',
    'nv-x-p22',
  ]);
  assert.equal(plan.links.length, 4 * 2 + 1);
  assert.deepEqual(plan.torPeers, [
    { a: 1, aAddr: '10.255.0.0', b: 2, bAddr: '10.255.0.1', aAddr6: 'fd00:255:0::', bAddr6: 'fd00:255:0::1' },
  ]);
  const pods = plan.hosts.map((h) => h.podSubnet4);
  assert.equal(new Set(pods).size, 4, 'every host has its own pod /24');
  assert.deepEqual(
    plan.hosts.map((h) => [h.node, h.addr4, h.torAddr4, h.torAsn]),
    [
      ['h11', '10.0.1.11/24', '10.0.1.1', 65001],
      ['h12', '10.0.1.12/24', '10.0.1.1', 65001],
      ['h21', '10.0.2.11/24', '10.0.2.1', 65002],
      ['h22', '10.0.2.12/24', '10.0.2.1', 65002],
    ],
  );
});

test('three racks get a full mesh of ToR links with distinct /31s', () => {
  const p3 = planLab({ name: 'y', racks: 3, hostsPerRack: 1, dir: '/tmp/lab-y' });
  assert.equal(p3.torPeers.length, 3);
  assert.equal(new Set(p3.torPeers.map((t) => t.aAddr)).size, 3);
});

test('ToR FRR config: dynamic neighbors from the host subnet and the other ToR as a static neighbor', () => {
  const c = torFrrConfig(plan, plan.tors[0]!, '/tmp/l');
  assert.match(c, /^router bgp 65001$/m);
  assert.match(c, /^ bgp listen range 10\.0\.1\.0\/24 peer-group HOSTS$/m);
  assert.match(c, /^ neighbor 10\.255\.0\.1 remote-as 65002$/m);
  assert.match(c, /^ {2}neighbor HOSTS activate$/m);
});

test('generated host configs are valid noverlay configs', () => {
  for (const h of plan.hosts) {
    const r = parseConfigText(hostConfig(h, '/tmp/s', '/tmp/t'), `${h.node}.yaml`);
    assert.ok(r.ok, h.node);
    assert.equal(r.value.config.bgp?.neighbors[0]?.address, h.torAddr4);
    assert.deepEqual(r.value.config.bgp?.neighbors[1]?.families, ['ipv6-unicast']);
    assert.equal(r.value.config.bgp?.neighbors[1]?.address, h.torAddr6);
    assert.equal(r.value.config.routerId, h.addr4.split('/')[0]);
    assert.deepEqual(r.value.config.bgp?.advertise.interfaces, ['cbr0']);
  }
});

test('OSPF mode: ToRs run ospfd in area 0 with matching timers; host configs are valid and have no BGP', () => {
  const p = planLab({ name: 'o', racks: 2, hostsPerRack: 2, dir: '/tmp/lab-o', mode: 'ospf' });
  const c = torFrrConfig(p, p.tors[0]!, '/tmp/l');
  assert.match(c, /^router ospf$/m);
  assert.match(c, /^ network 10\.0\.1\.0\/24 area 0$/m);
  assert.match(c, /^ network 10\.255\.0\.0\/31 area 0$/m);
  assert.match(c, /^interface tor2\n ip ospf network point-to-point$/m);
  assert.doesNotMatch(c, /router bgp/);
  for (const h of p.hosts) {
    const r = parseConfigText(hostConfig(h, '/tmp/s', '/tmp/t', 'ospf'), `${h.node}.yaml`);
    assert.ok(r.ok, h.node);
    assert.equal(r.value.config.bgp, undefined);
    assert.deepEqual(
      r.value.config.ospf?.areas[0]?.interfaces.map((i) => [i.name, i.passive, i.helloInterval, i.deadInterval]),
      [
        ['eth0', false, 2, 8],
        ['cbr0', true, 10, 40],
      ],
    );
  }
});
