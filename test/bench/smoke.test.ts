/**
 * Smoke test of the benchmark harness (bench/): a tiny propagation run (500 prefixes, one run, no warm-up)
 * with the pass-through baseline, noverlay and BIRD. It must start everything, count exactly, tear down,
 * and leave no namespace or process behind. No timing is asserted.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { defaultOptions } from '../../bench/harness/args.js';
import { runBench } from '../../bench/harness/runner.js';
import { NS_PREFIX } from '../../bench/harness/topo.js';
import { listNamespaces } from '../../lab/sh.js';
import { netnsTest } from '../helpers/netns.js';

const RUN_DIR = `/run/noverlay-bench/${process.pid}`;

/** Processes that belong to this run: children of this process, or anything started with our run dir. */
function leftovers(): string[] {
  const out: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const ppid = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${e}/status`, 'utf8'))?.[1];
      if (cmd.includes(RUN_DIR) || Number(ppid) === process.pid) out.push(`${e}: ${cmd.trim()}`);
    } catch {}
  }
  return out;
}

netnsTest(
  'bench harness: tiny propagation run with noverlay and BIRD counts exactly and cleans up',
  async () => {
    const logs: string[] = [];
    const o = { ...defaultOptions(), runs: 1, warmup: 0, daemons: ['noverlay' as const, 'bird' as const] };
    o.settleMs = 200;
    o.memSettleMs = 0;
    o.timeoutS = 20;
    o.stallS = 10;
    const r = await runBench('propagation', 500, o, { log: (s) => logs.push(s) });
    const why = () => logs.join('\n');
    assert.deepEqual(
      r.rows.map((x) => x.subject),
      ['pass-through', 'noverlay', 'bird'],
    );
    for (const row of r.rows) {
      assert.equal(row.status, 'ok', `${row.subject}: ${row.note ?? ''}\n${why()}`);
      assert.equal(row.samples.length, 1);
      const m = row.samples[0]?.metrics ?? {};
      // The receiver reports "full" only at exactly 500 distinct benchmark prefixes; the rate follows from it.
      assert.ok((m.seconds ?? 0) > 0, `${row.subject} has a time`);
      assert.equal(Math.round((m.routesPerSec ?? 0) * (m.seconds ?? 0)), 500);
      assert.equal(m.updates, 1, '500 /24s fit one 4096-octet UPDATE');
      if (row.kind === 'daemon') {
        assert.equal(m.kernelRoutesFibOff, 0, `${row.subject} left routes in the kernel with FIB off`);
        assert.ok((m.peakRssMiB ?? 0) > 0, `${row.subject} has a peak RSS`);
      }
    }
    const mine = `${NS_PREFIX}${process.pid}-`;
    assert.deepEqual(
      listNamespaces().filter((n) => n.startsWith(mine)),
      [],
      'no namespace left',
    );
    assert.deepEqual(leftovers(), [], 'no process left');
    assert.equal(spawnSync('test', ['-e', RUN_DIR]).status, 1, 'run directory removed');
  },
  { needs: ['bird'], timeout: 60_000 },
);
