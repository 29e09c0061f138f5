/**
 * Rendering results (pure): the table printed after a run, and BENCHMARKS.md from the latest result file of
 * each benchmark and size. Every figure is the median over the measured runs, with min–max, and (for the
 * lower-is-better figures) its ratio to the best daemon of the same run (×1.00 is the best).
 */

import type { SpfOutput, SpfRow } from './external.js';
import { BENCHES, type BenchName, type MetricDef, type ResultFile, type RowResult, type SubjectName } from './model.js';
import type { Summary } from './stats.js';

/** `v` formatted for `unit`, on the scale chosen for `ref` (so a median and its min–max read alike). */
export function fmt(v: number, unit: string, ref = v): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 's') {
    if (ref < 1) return `${(v * 1000).toFixed(0)} ms`;
    return ref < 10 ? `${v.toFixed(2)} s` : `${v.toFixed(1)} s`;
  }
  if (unit === 'ms') return ref < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`;
  if (unit === 'routes/s') return ref >= 1e6 ? `${(v / 1e6).toFixed(2)}M/s` : `${Math.round(v / 1000)}k/s`;
  if (unit === 'MiB') return ref < 10 ? `${v.toFixed(1)} MiB` : `${v.toFixed(0)} MiB`;
  if (unit === 'B') return `${Math.round(v)} B`;
  return String(v);
}

function plain(v: number, unit: string, ref = v): string {
  return fmt(v, unit, ref).replace(/ ?(ms|s|MiB|B|M\/s|k\/s)$/, '');
}

export function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

export function subjectLabel(s: SubjectName, bench: BenchName): string {
  const fibOn = BENCHES[bench].scenario?.fib === true;
  switch (s) {
    case 'pass-through':
      return 'pass-through (no daemon)';
    case 'netlink-raw':
      return 'raw netlink, batched';
    case 'ip-batch':
      return '`ip -batch`';
    case 'fib-manager':
      return 'noverlay FIB manager alone';
    case 'frr':
      return fibOn ? 'FRR (bgpd+zebra)' : 'FRR (bgpd)';
    case 'bird':
      return 'BIRD';
    case 'gobgp':
      return 'GoBGP';
    default:
      return s;
  }
}

/** The best (lowest or highest) median of a metric among the daemons that produced it. */
function best(rows: RowResult[], m: MetricDef): number | undefined {
  const v = rows
    .filter((r) => r.kind === 'daemon' && r.status === 'ok')
    .map((r) => r.summary[m.key]?.median)
    .filter((x): x is number => x !== undefined && Number.isFinite(x) && x > 0);
  if (v.length === 0) return undefined;
  return m.better === 'lower' ? Math.min(...v) : Math.max(...v);
}

function cell(s: Summary | undefined, m: MetricDef, bestV: number | undefined, kind: RowResult['kind']): string {
  if (!s) return '–';
  let out = fmt(s.median, m.unit);
  const lo = plain(s.min, m.unit, s.median);
  const hi = plain(s.max, m.unit, s.median);
  if (s.n > 1 && lo !== hi) out += ` (${lo}–${hi})`;
  if (m.ratio && bestV !== undefined && kind === 'daemon') out += ` ×${(s.median / bestV).toFixed(2)}`;
  return out;
}

function statusText(r: RowResult): string {
  return r.status === 'ok' ? '' : r.status;
}

function spfRows(res: ResultFile): SpfRow[] {
  const x = res.external as SpfOutput | undefined;
  return x && Array.isArray(x.rows) ? x.rows : [];
}

function spfCells(res: ResultFile): string[][] {
  const r = res.rows[0];
  if (r?.status !== 'ok')
    return [
      ['', 'notes'],
      ['bench/spf.ts', `${r?.status ?? 'not run'}: ${r?.note ?? ''}`],
    ];
  const out = [['topology', 'routers', 'LSAs', 'routes', 'ECMP', 'full SPF (median)', 'min–max']];
  for (const x of spfRows(res)) {
    out.push([
      x.topo,
      String(x.routers),
      String(x.lsas),
      String(x.routes),
      String(x.ecmp),
      fmt(x.medianMs, 'ms'),
      `${plain(x.minMs, 'ms')}–${plain(x.maxMs, 'ms')}`,
    ]);
  }
  return out;
}

/** Rows as strings: header first. */
export function tableCells(res: ResultFile): string[][] {
  if (res.bench === 'spf') return spfCells(res);
  const def = BENCHES[res.bench];
  const head = ['', ...def.metrics.map((m) => `${m.label}${m.ratio ? ' (×best)' : ''}`), 'notes'];
  const out = [head];
  for (const r of res.rows) {
    const notes = [statusText(r), r.note ?? ''].filter((x) => x !== '').join(': ');
    out.push([
      subjectLabel(r.subject, res.bench),
      ...def.metrics.map((m) => (r.status === 'ok' ? cell(r.summary[m.key], m, best(res.rows, m), r.kind) : '–')),
      notes,
    ]);
  }
  return out;
}

export function markdownTable(cells: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const head = cells[0];
  if (!head) return '';
  const left = (i: number) => i === 0 || head[i] === 'notes' || head[i] === 'topology';
  const rows = cells.map((r) => r.map(esc));
  // Padded as a Markdown formatter would leave it, so the generated file needs no reformatting.
  const widths = head.map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${widths.map((w, i) => (left(i) ? (r[i] ?? '').padEnd(w) : (r[i] ?? '').padStart(w))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (left(i) ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  const [h, ...b] = rows;
  return [line(h!), rule, ...b.map(line)].join('\n');
}

/** Plain aligned text for the terminal. */
export function textTable(cells: string[][]): string {
  const widths: number[] = [];
  for (const r of cells) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}

export function resultTitle(res: ResultFile): string {
  const def = BENCHES[res.bench];
  if (res.bench === 'spf') return def.title;
  const per = res.senders > 1 ? `${res.senders} × ${sizeLabel(res.n)} prefixes` : `${sizeLabel(res.n)} prefixes`;
  return `${def.title} — ${per}`;
}

function median(res: ResultFile, s: SubjectName, key: string): number | undefined {
  const r = res.rows.find((x) => x.subject === s && x.status === 'ok');
  return r?.summary[key]?.median;
}

/** The project's targets, checked against the latest results (reported, never asserted). */
export function targets(results: ResultFile[]): string[] {
  const out: string[] = [];
  const latest = (b: BenchName, n?: number) =>
    results.filter((r) => r.bench === b && (n === undefined || r.n === n)).sort((a, b2) => a.n - b2.n);
  for (const res of latest('propagation')) {
    const nv = median(res, 'noverlay', 'seconds');
    const peers = (['frr', 'gobgp', 'bird'] as const).map((p) => [p, median(res, p, 'seconds')] as const);
    if (nv === undefined) {
      out.push(`Propagation ${sizeLabel(res.n)}: noverlay has no figure (${rowNote(res, 'noverlay')}).`);
      continue;
    }
    const cmp = peers
      .filter(([, v]) => v !== undefined)
      .map(
        ([p, v]) =>
          `${subjectLabel(p, 'propagation')} ${fmt(v as number, 's')} (${nv < (v as number) ? 'ahead' : 'behind'})`,
      );
    const fg = ['frr', 'gobgp'].every((p) => {
      const v = median(res, p as SubjectName, 'seconds');
      return v !== undefined && nv < v;
    });
    const bird = median(res, 'bird', 'seconds');
    out.push(
      `Propagation ${sizeLabel(res.n)}: noverlay ${fmt(nv, 's')} vs ${cmp.join(', ')}. ` +
        `Ahead of FRR and GoBGP: **${fg ? 'met' : 'not met'}**; beat BIRD (goal): **${bird !== undefined && nv < bird ? 'met' : 'not met'}**.`,
    );
  }
  const mem = latest('memory', 1_000_000)[0];
  const bpr = mem && median(mem, 'noverlay', 'bytesPerRoute');
  out.push(
    bpr === undefined
      ? 'Memory ≤ 300 bytes/route at 1M: no figure yet.'
      : `Memory ≤ 300 bytes/route at 1M: noverlay ${fmt(bpr, 'B')}/route: **${bpr <= 300 ? 'met' : 'not met'}**.`,
  );
  for (const res of latest('fib')) {
    const nv = median(res, 'noverlay', 'kernelRoutesPerSec');
    const raw = median(res, 'netlink-raw', 'kernelRoutesPerSec');
    const mgr = median(res, 'fib-manager', 'kernelRoutesPerSec');
    const alone =
      mgr !== undefined && raw !== undefined
        ? ` The FIB manager alone (bench/fib.ts, no BGP): ${fmt(mgr, 'routes/s')} = ${((100 * mgr) / raw).toFixed(0)}% of raw.`
        : '';
    out.push(
      (nv === undefined || raw === undefined
        ? `FIB ${sizeLabel(res.n)} ≥ 90% of raw batched netlink: **pending** (${rowNote(res, 'noverlay')}).`
        : `FIB ${sizeLabel(res.n)} ≥ 90% of raw batched netlink: noverlay ${fmt(nv, 'routes/s')} = ${((100 * nv) / raw).toFixed(0)}% of ${fmt(raw, 'routes/s')}: **${nv >= 0.9 * raw ? 'met' : 'not met'}**.`) +
        alone,
    );
  }
  const spf = latest('spf')[0];
  const near1k = spf ? spfRows(spf).filter((x) => x.routers >= 900 && x.routers <= 1100) : [];
  out.push(
    near1k.length === 0
      ? `SPF 1000 routers ≤ 10 ms: **pending** (${spf ? rowNote(spf, 'spf.ts') : 'bench/spf.ts has not run'}).`
      : `SPF 1000 routers ≤ 10 ms: ${near1k.map((x) => `${x.topo} (${x.routers} routers) ${fmt(x.medianMs, 'ms')}`).join(', ')}: **${near1k.every((x) => x.medianMs <= 10) ? 'met' : 'not met'}**.`,
  );
  return out;
}

function rowNote(res: ResultFile, s: SubjectName): string {
  const r = res.rows.find((x) => x.subject === s);
  return r ? `${r.status}${r.note ? `: ${r.note}` : ''}` : 'not run';
}

/** The results section of BENCHMARKS.md, one subsection per result file. */
export function resultSections(results: ResultFile[]): string {
  const order = (r: ResultFile) => Object.keys(BENCHES).indexOf(r.bench) * 1e9 + r.n;
  const parts: string[] = [];
  for (const res of [...results].sort((a, b) => order(a) - order(b))) {
    parts.push(`### ${resultTitle(res)}`, '');
    const runs =
      res.bench === 'spf' ? '' : `${res.runs} measured run${res.runs === 1 ? '' : 's'} after ${res.warmup} warm-up, `;
    parts.push(
      `${res.date.slice(0, 16).replace('T', ' ')} UTC, noverlay ${res.machine.versions.noverlay ?? '?'}, ${runs}` +
        `load average at start ${res.machine.loadAvg.map((x) => x.toFixed(2)).join(' ')}. ${res.method}`,
      '',
    );
    parts.push(markdownTable(tableCells(res)), '');
  }
  return parts.join('\n');
}
