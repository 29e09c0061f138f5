/**
 * BGP interop in the lab: noverlay hosts peer with real FRR ToRs through dynamic neighbors, over IPv4 and
 * IPv6; every host's pod subnet reaches FRR's RIB and every other host's RIB.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after } from 'node:test';
import type { NeighborView, RibEntry } from '../../bgp/views.js';
import { vtyshJson } from '../../lab/frr.js';
import { labDir, labDown, labUp } from '../../lab/lab.js';
import { run } from '../../lab/sh.js';
import { netnsTest, nsGetJson } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';

const NAME = 'tbgp';
const API = 'http://127.0.0.1:9179';

interface FrrRoutes {
  routes: Record<string, { valid?: boolean; bestpath?: boolean; aspath?: { string: string }; path?: string }[]>;
}

netnsTest(
  'hosts peer with the FRR ToRs (dynamic neighbors, IPv4 and IPv6), learn every pod subnet, install it, and pods ping across racks',
  async () => {
    after(() => labDown(NAME));
    await labDown(NAME);
    const plan = await labUp({ name: NAME, racks: 2, hostsPerRack: 2 });

    for (const h of plan.hosts) {
      await waitFor(
        `${h.node}: both sessions to its ToR Established`,
        () => {
          const b = nsGetJson<{ neighbors: NeighborView[] }>(h.ns, `${API}/api/v1/bgp/neighbors`);
          const up = b?.neighbors.filter((n) => n.state === 'Established') ?? [];
          return up.length === 2 ? true : undefined;
        },
        60_000,
        250,
      );
    }

    // FRR's view (JSON): every host's IPv4 and IPv6 pod subnet, learned from that host (ToR of its rack) or the other ToR.
    for (const t of plan.tors) {
      for (const [family, key] of [
        ['ipv4', 'podSubnet4'],
        ['ipv6', 'podSubnet6'],
      ] as const) {
        await waitFor(
          `${t.node} has every ${family} pod subnet`,
          () => {
            const r = vtyshJson<FrrRoutes>(`${labDir(NAME)}/${t.node}`, `show bgp ${family} unicast json`);
            return plan.hosts.every((h) => (r.routes[h[key]] ?? []).some((p) => p.valid)) ? true : undefined;
          },
          30_000,
          250,
        );
      }
      const r = vtyshJson<FrrRoutes>(`${labDir(NAME)}/${t.node}`, 'show bgp ipv4 unicast json');
      for (const h of plan.hosts.filter((x) => x.rack === t.rack)) {
        const best = (r.routes[h.podSubnet4] ?? []).find((p) => p.bestpath);
        assert.equal(
          best?.path ?? best?.aspath?.string,
          String(h.asn),
          `${t.node} learned ${h.podSubnet4} directly from ${h.node}`,
        );
      }
    }

    // Each host's RIB: every other host's subnets as best paths, with the AS path through the fabric.
    for (const h of plan.hosts) {
      await waitFor(
        `${h.node} has every other pod subnet`,
        () => {
          const rib = nsGetJson<RibEntry[]>(h.ns, `${API}/api/v1/bgp/rib`) ?? [];
          const best = new Map(rib.map((e) => [e.prefix, e.paths.find((p) => p.best)]));
          const others = plan.hosts.filter((o) => o !== h);
          const ok = others.every(
            (o) => best.get(o.podSubnet4)?.attrs.asPath.endsWith(String(o.asn)) && best.get(o.podSubnet6) !== undefined,
          );
          return ok ? true : undefined;
        },
        30_000,
        250,
      );
      const rib = nsGetJson<RibEntry[]>(h.ns, `${API}/api/v1/bgp/rib?prefix=${encodeURIComponent(h.podSubnet4)}`) ?? [];
      const own = rib[0];
      assert.equal(own?.paths.find((p) => p.best)?.from, 'local');
      assert.deepEqual(
        own?.rejected.map((r) => r.reason),
        ['as-loop'],
        'its own subnet echoed by the ToR is rejected as a loop',
      );
    }
    // The FIB: every other pod subnet is a kernel route with noverlay's protocol number (201), and pods in
    // different racks reach each other over IPv4 and IPv6 with no tunnel device anywhere.
    for (const h of plan.hosts) {
      await waitFor(
        `${h.node}: kernel routes to every other pod subnet, proto 201`,
        () => {
          const v4 = run('ip', ['-n', h.ns, 'route', 'show', 'proto', '201']);
          const v6 = run('ip', ['-n', h.ns, '-6', 'route', 'show', 'proto', '201']);
          const others = plan.hosts.filter((o) => o !== h);
          return others.every((o) => v4.includes(`${o.podSubnet4} via`) && v6.includes(`${o.podSubnet6} via`))
            ? true
            : undefined;
        },
        30_000,
        250,
      );
    }
    const from = plan.hosts[0]!;
    for (const to of plan.hosts.slice(1)) {
      const dst4 = to.podAddr4.split('/')[0]!;
      const dst6 = to.podAddr6.split('/')[0]!;
      await waitFor(
        `ping ${from.node}'s pod → ${to.node}'s pod`,
        () => {
          const a = spawnSync('ip', ['netns', 'exec', from.podNs, 'ping', '-c', '1', '-W', '1', dst4]);
          const b = spawnSync('ip', ['netns', 'exec', from.podNs, 'ping', '-6', '-c', '1', '-W', '1', dst6]);
          return a.status === 0 && b.status === 0 ? true : undefined;
        },
        20_000,
        200,
      );
    }
    for (const ns of plan.namespaces) {
      const links = run('ip', ['-n', ns, '-d', 'link', 'show']);
      assert.doesNotMatch(links, /\b(vxlan|gre|ipip|sit|geneve|wireguard)\b/, `no tunnel device in ${ns}`);
    }

    for (const h of plan.hosts) {
      await waitFor(`${h.node} ready`, () => nsGetJson<{ ready: boolean }>(h.ns, `${API}/readyz`)?.ready, 30_000, 250);
    }
  },
  { needs: ['ping'] },
);
