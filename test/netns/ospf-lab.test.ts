/**
 * The lab in OSPF mode, through noverlayd: hosts and FRR ToRs are Full neighbors in area 0, every host's
 * passive pod subnet is in FRR's OSPF routes, FRR's routes reach every host's kernel through the FIB
 * (proto 201), and pods in different racks ping each other with no tunnel.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after } from 'node:test';
import { vtyshJson } from '../../lab/frr.js';
import { labDir, labDown, labUp } from '../../lab/lab.js';
import { run } from '../../lab/sh.js';
import type { OspfNeighborView } from '../../ospf/views.js';
import { netnsTest, nsGetJson } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';

const NAME = 'tospf';

netnsTest(
  'OSPF lab: hosts Full with FRR ToRs, pod subnets in FRR and in every host kernel, pods ping across racks',
  async () => {
    after(() => labDown(NAME));
    await labDown(NAME);
    const plan = await labUp({ name: NAME, racks: 2, hostsPerRack: 2, mode: 'ospf' });

    for (const t of plan.tors) {
      const hosts = plan.hosts.filter((h) => h.rack === t.rack).map((h) => h.addr4.split('/')[0]!);
      await waitFor(
        `${t.node}: every host of the rack Full`,
        () => {
          const n = vtyshJson<{ neighbors: Record<string, { state: string }[]> }>(
            `${labDir(NAME)}/${t.node}`,
            'show ip ospf neighbor json',
          );
          return hosts.every((id) => n.neighbors[id]?.[0]?.state.startsWith('Full')) ? true : undefined;
        },
        60_000,
        250,
      );
      await waitFor(
        `${t.node}: every pod subnet in FRR's OSPF routes`,
        () => {
          const r = vtyshJson<Record<string, unknown>>(`${labDir(NAME)}/${t.node}`, 'show ip ospf route json');
          return plan.hosts.every((h) => h.podSubnet4 in r) ? true : undefined;
        },
        30_000,
        250,
      );
    }
    for (const h of plan.hosts) {
      const n = nsGetJson<OspfNeighborView[]>(h.ns, 'http://127.0.0.1:9179/api/v1/ospf/neighbors') ?? [];
      assert.ok(
        n.some((x) => x.routerId === `10.0.${h.rack}.1` && x.state === 'Full'),
        `${h.node} is Full with its ToR`,
      );
      await waitFor(
        `${h.node}: kernel routes to the other pods, proto 201`,
        () => {
          const routes = run('ip', ['-n', h.ns, 'route', 'show', 'proto', '201']);
          return plan.hosts.filter((o) => o !== h).every((o) => routes.includes(`${o.podSubnet4} via`))
            ? true
            : undefined;
        },
        30_000,
        250,
      );
    }
    const from = plan.hosts[0]!;
    for (const to of plan.hosts.slice(1)) {
      const dst = to.podAddr4.split('/')[0]!;
      await waitFor(
        `ping ${from.node}'s pod → ${to.node}'s pod`,
        () =>
          spawnSync('ip', ['netns', 'exec', from.podNs, 'ping', '-c', '1', '-W', '1', dst]).status === 0
            ? true
            : undefined,
        20_000,
        200,
      );
    }
    for (const ns of plan.namespaces)
      assert.doesNotMatch(run('ip', ['-n', ns, '-d', 'link', 'show']), /\b(vxlan|gre|ipip|geneve)\b/);
  },
  { needs: ['ping'] },
);
