/**
 * BGP interop in the lab: noverlay hosts peer with real FRR ToRs through dynamic neighbors, over IPv4 and
 * IPv6; every host's pod subnet reaches FRR's RIB and every other host's RIB.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { NeighborView, RibEntry } from '../../bgp/views.js';
import { vtyshJson } from '../../lab/frr.js';
import { labDir, labDown, labUp } from '../../lab/lab.js';
import { netnsTest, nsGetJson } from '../helpers/netns.js';
import { waitFor } from '../helpers/proc.js';

const NAME = 'tbgp';
const API = 'http://127.0.0.1:9179';

interface FrrRoutes {
  routes: Record<string, { valid?: boolean; bestpath?: boolean; aspath?: { string: string }; path?: string }[]>;
}

netnsTest('hosts peer with the FRR ToRs (dynamic neighbors, IPv4 and IPv6) and learn every pod subnet', async () => {
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
  for (const h of plan.hosts) {
    await waitFor(`${h.node} ready`, () => nsGetJson<{ ready: boolean }>(h.ns, `${API}/readyz`)?.ready, 30_000, 250);
  }
});
