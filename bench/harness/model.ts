/**
 * The benchmarks (what runs, against whom, which figures count) and the result file format written to
 * bench/results/. Pure data and pure helpers.
 */
import type { Sample, Scenario } from './bgp-run.js';
import type { DaemonName } from './daemons/types.js';
import { type Summary, summarize } from './stats.js';

export const BENCH_NAMES = ['propagation', 'fanin', 'memory', 'fib', 'withdrawal', 'spf'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

export type SubjectName = DaemonName | 'pass-through' | 'netlink-raw' | 'ip-batch' | 'fib-manager' | 'spf.ts';

export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  /** Show the ratio to the best daemon of the run next to the figure. */
  ratio?: boolean;
}

export interface BenchDef {
  name: BenchName;
  title: string;
  /** Prefixes per sender when --n is not given. */
  defaultN: number;
  scenario: Omit<Scenario, 'perSender'> | undefined;
  subjects: SubjectName[];
  /** Table columns; the first is the headline figure. */
  metrics: MetricDef[];
  method: string;
}

const M = {
  seconds: { key: 'seconds', label: 'time', unit: 's', better: 'lower', ratio: true },
  rate: { key: 'routesPerSec', label: 'routes/s', unit: 'routes/s', better: 'higher' },
  cpu: { key: 'cpuSeconds', label: 'daemon CPU', unit: 's', better: 'lower', ratio: true },
  rss: { key: 'peakRssMiB', label: 'peak RSS', unit: 'MiB', better: 'lower', ratio: true },
  gen: { key: 'generatorSeconds', label: 'generator', unit: 's', better: 'lower' },
  bpr: { key: 'bytesPerRoute', label: 'RSS delta / route', unit: 'B', better: 'lower', ratio: true },
  delta: { key: 'rssDeltaMiB', label: 'RSS delta', unit: 'MiB', better: 'lower' },
  kSec: { key: 'kernelSeconds', label: 'kernel holds N', unit: 's', better: 'lower', ratio: true },
  kRate: { key: 'kernelRoutesPerSec', label: 'routes/s', unit: 'routes/s', better: 'higher' },
  wSec: { key: 'withdrawSeconds', label: 'receiver empty', unit: 's', better: 'lower', ratio: true },
  wKernel: { key: 'kernelWithdrawSeconds', label: 'kernel empty', unit: 's', better: 'lower', ratio: true },
  wCpu: { key: 'withdrawCpuSeconds', label: 'daemon CPU', unit: 's', better: 'lower', ratio: true },
  announce: { key: 'seconds', label: 'announce phase', unit: 's', better: 'lower', ratio: true },
} as const satisfies Record<string, MetricDef>;

const DAEMONS4: SubjectName[] = ['noverlay', 'frr', 'bird', 'gobgp'];

export const BENCHES: Record<BenchName, BenchDef> = {
  propagation: {
    name: 'propagation',
    title: 'Propagation: one sender → daemon → one receiver',
    defaultN: 100_000,
    scenario: { senders: 1, receiver: true, fib: false, withdraw: false },
    subjects: ['pass-through', ...DAEMONS4],
    metrics: [M.seconds, M.rate, M.cpu, M.rss, M.gen],
    method:
      'N unique IPv4 /24s from one eBGP sender through the daemon to one eBGP receiver, FIB off. Time from the ' +
      "generator's first UPDATE write to the receiver holding all N.",
  },
  fanin: {
    name: 'fanin',
    title: 'Fan-in: 10 senders → daemon → one receiver',
    defaultN: 100_000,
    scenario: { senders: 10, receiver: true, fib: false, withdraw: false },
    subjects: ['pass-through', ...DAEMONS4],
    metrics: [M.seconds, M.rate, M.cpu, M.rss, M.gen],
    method:
      '10 eBGP senders (own AS each) send N unique /24s each at once; the receiver must hold all 10×N. ' +
      'Nothing is advertised back to the senders.',
  },
  memory: {
    name: 'memory',
    title: 'Memory: a full table loaded',
    defaultN: 1_000_000,
    scenario: { senders: 1, receiver: true, fib: false, withdraw: false },
    subjects: DAEMONS4,
    metrics: [M.bpr, M.delta, M.rss, M.seconds],
    method:
      'The propagation set-up at N prefixes (so each route is also in the receiver’s Adj-RIB-Out). RSS delta ' +
      '= resident set 2 s after the receiver holds all N minus the resident set with sessions up and no routes, ' +
      'divided by N. Peak RSS is VmHWM.',
  },
  fib: {
    name: 'fib',
    title: 'FIB: one peer into the kernel table',
    defaultN: 100_000,
    scenario: { senders: 1, receiver: false, fib: true, withdraw: false },
    subjects: ['netlink-raw', 'ip-batch', 'fib-manager', 'noverlay', 'frr', 'bird'],
    metrics: [M.kSec, M.kRate, M.cpu, M.rss],
    method:
      'N /24s from one eBGP sender; time from the first UPDATE write until the main table holds all N ' +
      '(counted from rtnetlink events, then confirmed by a dump). Baselines in the same run: ' +
      'bench/netlink-raw.ts (batched netlink socket, and `ip -batch`) installing N routes directly, and ' +
      "bench/fib.ts's FIB manager alone (noverlay's FibManager fed N RIB changes, no BGP).",
  },
  withdrawal: {
    name: 'withdrawal',
    title: 'Withdrawal: withdraw everything',
    defaultN: 100_000,
    scenario: { senders: 1, receiver: true, fib: true, withdraw: true },
    subjects: ['pass-through', ...DAEMONS4],
    metrics: [M.wSec, M.wKernel, M.wCpu, M.announce],
    method:
      'With N routes at the receiver and in the kernel (FIB on where the daemon has one), the sender ' +
      'withdraws all N (pre-encoded, full UPDATEs); time until the receiver holds none, and until the ' +
      'kernel holds none. "announce phase" is the time until the receiver held all N before that.',
  },
  spf: {
    name: 'spf',
    title: 'SPF (bench/spf.ts)',
    defaultN: 0,
    scenario: undefined,
    subjects: ['spf.ts'],
    metrics: [],
    method:
      'bench/spf.ts as it is, pinned to the daemon CPU: full SPF runs (graph build, Dijkstra, intra-area, ' +
      'inter-area and external routes) on synthetic single-area LSDBs, median of its own runs after a JIT warm-up.',
  },
};

export interface Machine {
  cpu: string;
  cores: number;
  memGiB: number;
  kernel: string;
  node: string;
  loadAvg: [number, number, number];
  versions: Record<string, string>;
}

export interface RowResult {
  subject: SubjectName;
  kind: 'daemon' | 'baseline';
  status: 'ok' | 'pending' | 'failed';
  note?: string;
  warmup?: Sample;
  samples: Sample[];
  summary: Record<string, Summary>;
}

export interface ResultFile {
  bench: BenchName;
  /** Prefixes per sender. */
  n: number;
  senders: number;
  runs: number;
  warmup: number;
  date: string;
  elapsedSeconds: number;
  machine: Machine;
  pinning: { daemonCpu: number; agentCpu: number };
  method: string;
  daemonSetup: Record<string, string>;
  rows: RowResult[];
  /** Output of an external benchmark (spf). */
  external?: unknown;
}

export function isDaemon(s: SubjectName): boolean {
  return s === 'noverlay' || s === 'frr' || s === 'bird' || s === 'gobgp';
}

/** A row from its samples: medians over the runs that succeeded; the status says what happened. */
export function makeRow(subject: SubjectName, warmup: Sample | undefined, samples: Sample[]): RowResult {
  const ok = samples.filter((s) => s.status === 'ok');
  const keys = new Set(ok.flatMap((s) => Object.keys(s.metrics)));
  const summary: Record<string, Summary> = {};
  for (const k of keys) {
    const sm = summarize(ok.map((s) => s.metrics[k] ?? Number.NaN));
    if (sm) summary[k] = sm;
  }
  const notes = [...new Set([warmup, ...samples].flatMap((s) => (s?.note ? [s.note] : [])))];
  const failed = samples.filter((s) => s.status === 'failed').length;
  if (ok.length > 0 && failed > 0) notes.unshift(`${failed} of ${samples.length} runs failed`);
  const status = ok.length > 0 ? 'ok' : samples.some((s) => s.status === 'pending') ? 'pending' : 'failed';
  const row: RowResult = { subject, kind: isDaemon(subject) ? 'daemon' : 'baseline', status, samples, summary };
  if (warmup) row.warmup = warmup;
  if (notes.length) row.note = notes.join('; ');
  return row;
}
