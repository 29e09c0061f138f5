/**
 * `npm run bench -- <name> [--n …] [--runs …]`: side-by-side benchmarks of noverlay, FRR, BIRD 2 and GoBGP
 * in network namespaces (bench/README.md). Prints a table per benchmark, writes the result JSON to
 * bench/results/, and rebuilds BENCHMARKS.md from the latest result of each benchmark and size.
 * Run from the repository root, as root.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BenchOptions, parseArgs, USAGE } from './harness/args.js';
import { benchmarksMd } from './harness/document.js';
import type { ResultFile } from './harness/model.js';
import { type CpuProfile, formatProfile, summarizeProfile } from './harness/profile.js';
import { resultTitle, tableCells, textTable } from './harness/report.js';
import { runBench } from './harness/runner.js';
import { cleanupStale } from './harness/topo.js';

const log = (s: string) => process.stdout.write(`${s}\n`);

function resultsDir(o: BenchOptions): string {
  return resolve(o.outDir ?? join(process.cwd(), 'bench', 'results'));
}

function fileName(r: ResultFile, tmp: boolean): string {
  const base = r.bench === 'spf' ? 'spf' : `${r.bench}-${r.n}`;
  return `${base}.json${tmp ? '.tmp' : ''}`;
}

/** The committed results (not *.tmp), newest per benchmark and size. */
function loadResults(dir: string): ResultFile[] {
  if (!existsSync(dir)) return [];
  const byKey = new Map<string, ResultFile>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ResultFile;
    const k = `${r.bench}-${r.n}`;
    const prev = byKey.get(k);
    if (!prev || prev.date < r.date) byKey.set(k, r);
  }
  return [...byKey.values()];
}

function writeMarkdown(dir: string): void {
  const notesFile = join(process.cwd(), 'bench', 'notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
  const out = join(process.cwd(), 'BENCHMARKS.md');
  writeFileSync(out, benchmarksMd(loadResults(dir), notes));
  log(`wrote ${out}`);
}

async function main(): Promise<number> {
  const cmd = parseArgs(process.argv.slice(2));
  if (cmd.kind === 'help') {
    log(USAGE);
    return 0;
  }
  if (cmd.kind === 'profile') {
    const p = JSON.parse(readFileSync(cmd.file, 'utf8')) as CpuProfile;
    log(formatProfile(summarizeProfile(p, 40)));
    return 0;
  }
  if (process.getuid?.() !== 0) {
    console.error('bench: needs root (it creates network namespaces)');
    return 2;
  }
  if (cmd.kind === 'cleanup') {
    const gone = await cleanupStale();
    log(gone.length ? `removed ${gone.join(', ')}` : 'nothing to clean up');
    return 0;
  }
  const dir = resultsDir(cmd.opts);
  if (cmd.kind === 'report') {
    writeMarkdown(dir);
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  await cleanupStale();
  const o = { ...cmd.opts, outDir: dir };
  let failed = false;
  for (const b of cmd.benches) {
    log(`== ${b.name}${b.n ? ` ${b.n}` : ''}`);
    const r = await runBench(b.name, b.n, o, { log });
    const file = join(dir, fileName(r, o.tmp));
    writeFileSync(file, `${JSON.stringify(r, null, 1)}\n`);
    log(`\n${resultTitle(r)}\n${textTable(tableCells(r))}\n\nwrote ${file}\n`);
    if (r.rows.some((x) => x.status === 'failed')) failed = true;
  }
  if (o.md && !o.tmp) writeMarkdown(dir);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
