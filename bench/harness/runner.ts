/**
 * Runs one benchmark at one size: every subject in the same role, round by round (warm-up round(s) first,
 * then the measured ones), so that background load falls on all of them alike; then the result file.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './args.js';
import { type RunEnv, runBgpOnce, type Sample, type Scenario } from './bgp-run.js';
import { DRIVERS } from './daemons/index.js';
import {
  fibManagerPresent,
  netlinkRawPresent,
  runFibManagerOnce,
  runNetlinkRawOnce,
  runSpf,
  spfPresent,
} from './external.js';
import { machineInfo } from './machine.js';
import { BENCHES, type BenchName, isDaemon, makeRow, type ResultFile, type SubjectName } from './model.js';
import { type CpuProfile, formatProfile, summarizeProfile } from './profile.js';
import { fmt } from './report.js';

export interface RunnerHooks {
  log: (s: string) => void;
}

function subjectsFor(bench: BenchName, o: BenchOptions): SubjectName[] {
  return BENCHES[bench].subjects.filter((s) =>
    isDaemon(s) ? o.daemons.includes(s as never) : o.baselines || s === 'spf.ts',
  );
}

function brief(s: Sample, bench: BenchName): string {
  if (s.status !== 'ok') return `${s.status}${s.note ? `: ${s.note}` : ''}`;
  const m = s.metrics;
  const parts: string[] = [];
  const key = BENCHES[bench].metrics[0]?.key;
  if (key && m[key] !== undefined) parts.push(`${key} ${m[key].toFixed(3)}`);
  if (m.routesPerSec !== undefined) parts.push(fmt(m.routesPerSec, 'routes/s'));
  if (m.kernelSeconds !== undefined && key !== 'kernelSeconds') parts.push(`kernel ${fmt(m.kernelSeconds, 's')}`);
  if (m.cpuSeconds !== undefined) parts.push(`cpu ${m.cpuSeconds.toFixed(2)} s`);
  if (m.peakRssMiB !== undefined) parts.push(`hwm ${m.peakRssMiB.toFixed(0)} MiB`);
  if (m.bytesPerRoute !== undefined) parts.push(`${m.bytesPerRoute.toFixed(0)} B/route`);
  return parts.join(', ') + (s.note ? ` (${s.note})` : '');
}

export function defaultTimeoutMs(totalPrefixes: number): number {
  return 60_000 + totalPrefixes * 0.3;
}

export async function runBench(
  bench: BenchName,
  nArg: number | undefined,
  o: BenchOptions,
  hooks: RunnerHooks,
): Promise<ResultFile> {
  const def = BENCHES[bench];
  const n = nArg ?? def.defaultN;
  const senders = def.scenario?.senders ?? 0;
  const started = Date.now();
  const tag = String(process.pid);
  const dir = join('/run/noverlay-bench', tag);
  mkdirSync(dir, { recursive: true });
  const profDir = o.cpuProf ? join(o.outDir ?? dir, `profile-${bench}-${n}.tmp`) : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const env: RunEnv = {
    tag,
    dir,
    daemonCpu: Math.min(o.daemonCpu, cpus().length - 1),
    agentCpu: Math.min(o.agentCpu, cpus().length - 1),
    timeoutMs: o.timeoutS !== undefined ? o.timeoutS * 1000 : defaultTimeoutMs(n * Math.max(1, senders)),
    stallMs: o.stallS * 1000,
    settleMs: o.settleMs,
    memSettleMs: o.memSettleMs,
    keep: o.keep,
    log: hooks.log,
    kernelPending: new Set(),
    ...(profDir ? { cpuProfDir: profDir } : {}),
  };
  const machine = machineInfo();
  const subjects = subjectsFor(bench, o);
  const samples = new Map<SubjectName, Sample[]>(subjects.map((s) => [s, []]));
  const skip = new Map<SubjectName, Sample>();
  let external: unknown;
  for (const s of subjects) {
    const why = unavailable(s);
    if (why) skip.set(s, { status: s === 'spf.ts' ? 'pending' : 'failed', note: why, metrics: {} });
  }
  const rounds = o.warmup + o.runs;
  for (let r = 0; r < rounds; r++) {
    const label = r < o.warmup ? `warm-up ${r + 1}/${o.warmup}` : `run ${r - o.warmup + 1}/${o.runs}`;
    hooks.log(`  ${bench} ${n} [${label}]`);
    const record = (s: SubjectName, x: Sample) => {
      samples.get(s)?.push(x);
      hooks.log(`    ${s.padEnd(13)} ${brief(x, bench)}`);
      // Pending means "cannot be measured yet": no point repeating it.
      if (x.status === 'pending') skip.set(s, x);
    };
    for (const s of subjects) {
      if (skip.has(s)) continue;
      if (s === 'ip-batch') continue; // measured together with netlink-raw
      if (s === 'netlink-raw') {
        const both = await runNetlinkRawOnce(n, env);
        record('netlink-raw', both['netlink-raw']);
        if (subjects.includes('ip-batch')) record('ip-batch', both['ip-batch']);
      } else if (s === 'fib-manager') {
        record(s, await runFibManagerOnce(n, env));
      } else if (s === 'spf.ts') {
        const x = runSpf(env);
        external = x.output;
        record(s, x.sample);
      } else {
        const subject =
          s === 'pass-through'
            ? ({ kind: 'pass-through' } as const)
            : { kind: 'daemon' as const, driver: DRIVERS[s as keyof typeof DRIVERS] };
        const sc: Scenario = { ...(def.scenario as Omit<Scenario, 'perSender'>), perSender: n };
        record(s, await runBgpOnce(subject, sc, env, r));
      }
    }
    // External benchmarks and pending subjects do not need the rounds.
    if (subjects.every((s) => skip.has(s) || s === 'spf.ts')) break;
  }
  const rows = subjects.map((s) => {
    const all = samples.get(s) ?? [];
    const sk = skip.get(s);
    if (all.length === 0 && sk) return makeRow(s, undefined, [sk]);
    const warm = all.length > o.runs ? all.slice(0, all.length - o.runs) : [];
    const measured = all.slice(warm.length);
    return makeRow(s, warm.at(-1), measured.length > 0 ? measured : warm);
  });
  if (profDir) hooks.log(summarizeProfiles(profDir, samples.get('noverlay')?.at(-1)?.window));
  if (!o.keep) rmSync(dir, { recursive: true, force: true });
  const result: ResultFile = {
    bench,
    n: bench === 'spf' ? 0 : n,
    senders,
    runs: bench === 'spf' ? 1 : o.runs,
    warmup: bench === 'spf' ? 0 : o.warmup,
    date: new Date(started).toISOString(),
    elapsedSeconds: (Date.now() - started) / 1000,
    machine,
    pinning: { daemonCpu: env.daemonCpu, agentCpu: env.agentCpu },
    method: def.method,
    daemonSetup: daemonSetup(),
    rows,
  };
  if (external !== undefined) result.external = external;
  return result;
}

function unavailable(s: SubjectName): string | undefined {
  if (isDaemon(s)) return DRIVERS[s as keyof typeof DRIVERS].problem();
  if (s === 'netlink-raw' || s === 'ip-batch')
    return netlinkRawPresent() ? undefined : 'bench/netlink-raw.ts is missing';
  if (s === 'fib-manager') return fibManagerPresent() ? undefined : 'bench/fib.ts is missing';
  if (s === 'spf.ts') return spfPresent() ? undefined : 'bench/spf.ts is not in the tree yet';
  return undefined;
}

function daemonSetup(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of Object.values(DRIVERS)) out[d.label] = `FIB off: ${d.fibOff}; FIB on: ${d.fibOn}`;
  return out;
}

/** Top frames of the newest profile noverlayd wrote, inside the last run's measured interval when known. */
export function summarizeProfiles(dir: string, window?: { from: number; to: number }): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) return '  (no CPU profile was written)';
  const p = JSON.parse(readFileSync(files[0] as string, 'utf8')) as CpuProfile;
  const what = window ? ', measured interval only' : ', whole process';
  return `  noverlayd CPU profile ${files[0]}${what}\n${formatProfile(summarizeProfile(p, 25, window))}`;
}
