/** The lab against the real kernel and real FRR: up → everything exists and answers → down → nothing left. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { type BgpSummary, vtyshJson } from '../../lab/frr.js';
import { labDir, labDown, labStatus, labUp } from '../../lab/lab.js';
import { alive, listNamespaces, run } from '../../lab/sh.js';
import { netnsTest } from '../helpers/netns.js';
import { NOVERLAY_BIN, waitFor } from '../helpers/proc.js';

const NAME = 'tlab';

netnsTest(
  'lab up builds every namespace with FRR answering and noverlayd serving; down leaves nothing, twice',
  async () => {
    after(() => labDown(NAME));
    await labDown(NAME);
    const plan = await labUp({ name: NAME, racks: 2, hostsPerRack: 2 });
    const present = new Set(listNamespaces());
    for (const ns of plan.namespaces) assert.ok(present.has(ns), `namespace ${ns} exists`);

    // The ToRs peer with each other over real FRR (eBGP), which proves zebra/bgpd run in their namespaces.
    for (const t of plan.tors) {
      await waitFor(
        `${t.node} ToR session Established`,
        () => {
          const s = vtyshJson<BgpSummary>(`${labDir(NAME)}/${t.node}`, 'show bgp summary json');
          const tors = Object.values(s.ipv4Unicast?.peers ?? {}).filter((p) => !p.dynamicPeer);
          return tors.length === 1 && tors[0]?.state === 'Established' ? true : undefined;
        },
        60_000,
        250,
      );
    }

    // Hosts turn ready once their BGP sessions have synced (or the start-up grace period passed).
    const st = await waitFor(
      'every host ready',
      () => {
        const s = labStatus(NAME);
        return s.hosts.every((h) => h.status?.ready === true) ? s : undefined;
      },
      60_000,
      500,
    );
    assert.equal(st.status, 'up');
    assert.equal(st.tors.length, 2);
    for (const t of st.tors) assert.equal(t.error, undefined);
    assert.equal(st.hosts.length, 4);
    for (const h of st.hosts) {
      assert.equal(h.error, undefined, `${h.node} API answers`);
      assert.equal(h.status?.routerId, h.address.split('/')[0]);
    }

    const state = JSON.parse((await import('node:fs')).readFileSync(`${labDir(NAME)}/state.json`, 'utf8')) as {
      processes: { pid: number }[];
    };
    const pids = state.processes.map((p) => p.pid);
    assert.equal(pids.length, 2 * 3 + 4, 'zebra+bgpd+ospfd per ToR and noverlayd per host');

    const down = await labDown(NAME);
    assert.equal(down.namespaces.length, plan.namespaces.length);
    assert.deepEqual(
      listNamespaces().filter((n) => n.startsWith(`nv-${NAME}-`)),
      [],
    );
    for (const p of pids) assert.equal(alive(p), false, `pid ${p} stopped`);
    assert.equal(existsSync(labDir(NAME)), false);

    const again = await labDown(NAME);
    assert.deepEqual(again, { killed: 0, namespaces: [] });
  },
);

netnsTest('a failing lab up leaves nothing half-built: no namespace, no process, no directory', async () => {
  after(() => labDown(NAME));
  await labDown(NAME);
  await assert.rejects(labUp({ name: 'BAD NAME', racks: 1, hostsPerRack: 1 }), /lab name/);
  for (const stage of ['network', 'tors'] as const) {
    await assert.rejects(
      labUp({ name: NAME, racks: 1, hostsPerRack: 1 }, { failAfter: stage }),
      new RegExp(`injected failure after ${stage}`),
    );
    assert.deepEqual(
      listNamespaces().filter((n) => n.startsWith(`nv-${NAME}-`)),
      [],
      `after failing at ${stage}`,
    );
    assert.equal(existsSync(labDir(NAME)), false);
    const strays = run('sh', ['-c', `pgrep -f -- '-N nv-${NAME}-[t]' || true`]).trim();
    assert.equal(strays, '', `no FRR left after failing at ${stage}`);
  }
});

test('lab commands name the fix when not root', () => {
  const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, NOVERLAY_BIN, 'lab', 'up', '--name', NAME], {
    encoding: 'utf8',
  });
  if (r.error) return; // runuser missing: nothing to check on this machine
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim(), 'noverlay: the lab needs root (network namespaces): run it with sudo');
});
