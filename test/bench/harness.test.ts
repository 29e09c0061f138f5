/** The benchmark harness's pure parts: prefix space, generator traffic, configs, arguments, summaries. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../../bench/harness/args.js';
import { rolePlan } from '../../bench/harness/bgp-run.js';
import { birdConfig } from '../../bench/harness/daemons/bird.js';
import { frrConfig } from '../../bench/harness/daemons/frr.js';
import { gobgpConfig } from '../../bench/harness/daemons/gobgp.js';
import { noverlayConfig } from '../../bench/harness/daemons/noverlay.js';
import { parseSpfOutput } from '../../bench/harness/external.js';
import { GENERATOR_CTX, plan } from '../../bench/harness/generator.js';
import { makeRow, type ResultFile } from '../../bench/harness/model.js';
import { prefixIndex, prefixKey, prefixKeys } from '../../bench/harness/prefixes.js';
import { type CpuProfile, summarizeProfile } from '../../bench/harness/profile.js';
import { fmt, markdownTable, tableCells, targets } from '../../bench/harness/report.js';
import { median, quantileSorted, summarize } from '../../bench/harness/stats.js';
import { decodeMessage, Framer } from '../../bgp/packet/index.js';
import { parseConfigText } from '../../daemon/config/load.js';
import { formatPrefix, parsePrefix } from '../../lib/prefix.js';

test('prefix space: numbers map to /24s from 32.0.0.0 and back; other keys are foreign', () => {
  assert.equal(formatPrefix(prefixKey(0)), '32.0.0.0/24');
  assert.equal(formatPrefix(prefixKey(1)), '32.0.1.0/24');
  assert.equal(formatPrefix(prefixKey(999_999)), '47.66.63.0/24');
  for (const i of [0, 1, 255, 256, 65_535, 999_999]) assert.equal(prefixIndex(prefixKey(i), 1_000_000), i);
  assert.equal(prefixIndex(prefixKey(1000), 1000), -1, 'beyond the total');
  const key = (s: string) => {
    const r = parsePrefix(s);
    assert.ok(r.ok);
    return r.value as number;
  };
  assert.equal(prefixIndex(key('32.0.0.0/23'), 10), -1, 'another length');
  assert.equal(prefixIndex(key('31.255.255.0/24'), 10), -1, 'below the base');
  assert.deepEqual(prefixKeys(5, 3), [prefixKey(5), prefixKey(6), prefixKey(7)]);
});

test('generator: full 4096-octet UPDATEs carrying exactly the session prefixes, then their withdrawal', () => {
  const s = { local: '10.0.1.11', remote: '10.0.1.2', port: 179, localAs: 65101, first: 1000, count: 20_000 };
  const p = plan(s, 0x0a00010b);
  const decodeAll = (buf: Buffer) => {
    const f = new Framer();
    f.push(buf);
    const out: { nlri: number[]; withdrawn: number[]; size: number }[] = [];
    for (;;) {
      const m = f.next();
      assert.ok(m.ok);
      if (m.value === undefined) break;
      const d = decodeMessage(m.value, GENERATOR_CTX);
      assert.ok(d.ok && d.value.type === 'update');
      assert.deepEqual(d.value.errors, []);
      const size = m.value.length;
      out.push({ nlri: d.value.nlri as number[], withdrawn: d.value.withdrawn as number[], size });
    }
    return out;
  };
  const ann = decodeAll(p.announce);
  assert.equal(ann.length, p.messages);
  assert.deepEqual(
    ann.flatMap((m) => m.nlri),
    prefixKeys(1000, 20_000),
  );
  assert.ok(
    ann.slice(0, -1).every((m) => m.size > 4096 - 4),
    'every message but the last is full',
  );
  assert.ok(ann.every((m) => m.size <= 4096));
  const wd = decodeAll(p.withdraw);
  assert.deepEqual(
    wd.flatMap((m) => m.withdrawn),
    prefixKeys(1000, 20_000),
  );
});

const plan2 = rolePlan({ senders: 2, perSender: 10, receiver: true, fib: false, withdraw: false });

test('noverlay config for the role is valid, FIB off, permit-all import from senders and export to the receiver', () => {
  const text = noverlayConfig(plan2, '/run/x');
  const r = parseConfigText(text, 'bench.yaml');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  const c = r.value.config;
  assert.equal(c.fib.enabled, false);
  assert.equal(c.bgp?.asn, 65000);
  const n = c.bgp?.neighbors ?? [];
  assert.deepEqual(
    n.map((x) => [x.address, x.importPolicy, x.exportPolicy, x.passive]),
    [
      ['10.0.1.11', 'ALL', 'NONE', true],
      ['10.0.1.12', 'ALL', 'NONE', true],
      ['10.0.2.1', 'NONE', 'ALL', true],
    ],
  );
  const on = parseConfigText(noverlayConfig({ ...plan2, fib: true }, '/run/x'), 'b.yaml');
  assert.ok(on.ok && on.value.config.fib.enabled);
});

test('FRR, BIRD and GoBGP configs: FIB only when asked, nothing advertised to senders', () => {
  const f = frrConfig(plan2, '/run/x');
  assert.match(f, /no bgp ebgp-requires-policy/);
  assert.equal(f.match(/route-map NONE out/g)?.length, 2);
  assert.equal(f.match(/advertisement-interval 0/g)?.length, 3);
  assert.doesNotMatch(birdConfig(plan2, '/run/x'), /protocol kernel/);
  assert.match(
    birdConfig({ ...plan2, fib: true }, '/run/x'),
    /protocol kernel \{ ipv4 \{ import none; export all; \}; \}/,
  );
  assert.equal(birdConfig(plan2, '/run/x').match(/export none/g)?.length, 2);
  const g = gobgpConfig(plan2);
  assert.match(g, /neighbor-info-list = \["10\.0\.1\.11", "10\.0\.1\.12"\]/);
  assert.equal(g.match(/passive-mode = true/g)?.length, 3);
});

test('arguments', () => {
  const c = parseArgs(['propagation', '--n', '100_000,1000000', '--runs', '3', '--daemons', 'noverlay,bird']);
  assert.ok(c.kind === 'bench');
  assert.deepEqual(
    c.benches.map((b) => b.n),
    [100_000, 1_000_000],
  );
  assert.equal(c.opts.runs, 3);
  assert.deepEqual(c.opts.daemons, ['noverlay', 'bird']);
  const all = parseArgs(['all']);
  assert.ok(all.kind === 'bench' && all.benches.length > 5);
  assert.throws(() => parseArgs(['propagation', '--bogus']), /unknown option/);
  assert.throws(() => parseArgs(['nope']), /unknown benchmark/);
  assert.throws(() => parseArgs(['propagation', '--daemons', 'quagga']), /unknown daemon/);
  const prof = parseArgs(['memory', '--cpu-prof']);
  assert.ok(prof.kind === 'bench' && prof.opts.tmp, '--cpu-prof results are never committed');
});

test('stats: median, min–max over finite values, nearest-rank quantiles', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.deepEqual(summarize([2, Number.NaN, 1, 5]), { median: 2, min: 1, max: 5, n: 3 });
  assert.equal(summarize([Number.NaN]), undefined);
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
});

function result(rows: ReturnType<typeof makeRow>[]): ResultFile {
  return {
    bench: 'propagation',
    n: 1000,
    senders: 1,
    runs: 2,
    warmup: 1,
    date: '2026-01-01T00:00:00Z',
    elapsedSeconds: 1,
    machine: { cpu: 'x', cores: 2, memGiB: 1, kernel: 'k', node: 'v20', loadAvg: [0, 0, 0], versions: {} },
    pinning: { daemonCpu: 1, agentCpu: 0 },
    method: '',
    daemonSetup: {},
    rows,
  };
}

test('report: medians over successful runs, ratios to the best daemon, failures and pending shown', () => {
  const ok = (seconds: number) => ({ status: 'ok' as const, metrics: { seconds, routesPerSec: 1000 / seconds } });
  const rows = [
    makeRow('pass-through', undefined, [ok(0.01), ok(0.03)]),
    makeRow('noverlay', ok(9), [ok(2), ok(4), { status: 'failed', note: 'boom', metrics: {} }]),
    makeRow('bird', undefined, [ok(1), ok(1)]),
    makeRow('gobgp', undefined, [{ status: 'pending', note: 'later', metrics: {} }]),
  ];
  assert.equal(rows[1]?.status, 'ok');
  assert.equal(rows[1]?.summary.seconds?.median, 3, 'the warm-up is not a measured run');
  assert.match(rows[1]?.note ?? '', /1 of 3 runs failed; boom/);
  assert.equal(rows[3]?.status, 'pending');
  const cells = tableCells(result(rows));
  assert.equal(cells[2]?.[1], '3.00 s (2.00–4.00) ×3.00');
  assert.equal(cells[3]?.[1], '1.00 s ×1.00');
  assert.equal(cells[1]?.[1], '20 ms (10–30)', 'baselines get no ratio');
  assert.match(cells[4]?.at(-1) ?? '', /pending: later/);
  assert.match(targets([result(rows)]).join('\n'), /beat BIRD \(goal\): \*\*not met\*\*/);
  assert.equal(fmt(123_456, 'routes/s'), '123k/s');
  assert.equal(fmt(1_234_567, 'routes/s'), '1.23M/s');
});

test('spf.ts output is parsed into rows', () => {
  const out = parseSpfOutput(
    'node v20, 5 runs each\ntopo  routers    LSAs  verts   edges  routes  ecmp  median ms   min ms   max ms\n' +
      'mesh    1000    1500   1100    6788    6492    13     16.67     6.27    28.40\n',
  );
  assert.deepEqual(out?.rows[0], {
    topo: 'mesh',
    routers: 1000,
    lsas: 1500,
    vertices: 1100,
    edges: 6788,
    routes: 6492,
    ecmp: 13,
    medianMs: 16.67,
    minMs: 6.27,
    maxMs: 28.4,
  });
  assert.equal(parseSpfOutput('nothing'), undefined);
});

test('CPU profile summary: self and inclusive time, idle apart', () => {
  const frame = (functionName: string, line: number) => ({
    functionName,
    url: 'file:///x/dist/a.js',
    lineNumber: line,
  });
  const p: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', 0), children: [2, 4] },
      { id: 2, callFrame: frame('outer', 0), children: [3] },
      { id: 3, callFrame: frame('inner', 9) },
      { id: 4, callFrame: frame('(idle)', 0) },
    ],
    samples: [3, 3, 2, 4],
    timeDeltas: [1000, 1000, 1000, 5000],
    startTime: 0,
    endTime: 8000,
  };
  const s = summarizeProfile(p);
  assert.equal(s.busyMs, 3);
  assert.equal(s.idleMs, 5);
  assert.deepEqual(
    s.self.map((f) => [f.frame, f.ms]),
    [
      ['inner a.js:10', 2],
      ['outer a.js:1', 1],
    ],
  );
  assert.deepEqual(s.total[0], { frame: 'outer a.js:1', ms: 3, share: 1 });
  // Samples at 1, 2, 3 and 8 ms; the window keeps those at 2 and 3 ms.
  const w = summarizeProfile(p, 25, { from: 1.5, to: 3.5 });
  assert.equal(w.busyMs, 2);
  assert.equal(w.idleMs, 0);
  assert.deepEqual(
    w.self.map((f) => [f.frame, f.ms]),
    [
      ['inner a.js:10', 1],
      ['outer a.js:1', 1],
    ],
  );
});

test('Markdown tables come out padded and aligned, as a formatter leaves them, with pipes escaped', () => {
  const md = markdownTable([
    ['', 'time', 'notes'],
    ['noverlay', '1.2 s', 'a|b'],
    ['BIRD', '56 ms', ''],
  ]);
  assert.equal(
    md,
    [
      '|          |  time | notes |',
      '| -------- | ----: | ----- |',
      '| noverlay | 1.2 s | a\\|b  |',
      '| BIRD     | 56 ms |       |',
    ].join('\n'),
  );
});
