/** `npm run bench -- <name> [options]`: the command line, parsed (pure). */
import { DAEMONS, type DaemonName } from './daemons/types.js';
import { BENCH_NAMES, type BenchName } from './model.js';

export type Command =
  | { kind: 'bench'; benches: { name: BenchName; n: number | undefined }[]; opts: BenchOptions }
  | { kind: 'cleanup' }
  | { kind: 'report'; opts: BenchOptions }
  | { kind: 'profile'; file: string }
  | { kind: 'help' };

export interface BenchOptions {
  runs: number;
  warmup: number;
  daemons: DaemonName[];
  baselines: boolean;
  /** Per-wait timeout in seconds; default grows with the prefix count. */
  timeoutS: number | undefined;
  stallS: number;
  settleMs: number;
  /** Wait after the table is loaded before reading the resident set (memory figures). */
  memSettleMs: number;
  daemonCpu: number;
  agentCpu: number;
  outDir: string | undefined;
  tmp: boolean;
  md: boolean;
  keep: boolean;
  cpuProf: boolean;
}

export const USAGE = `usage: npm run bench -- <benchmark|all|report|cleanup|profile FILE> [options]
benchmarks: ${BENCH_NAMES.join(', ')}
  --n N[,N2]        prefixes per sender (several sizes: one result each)
  --runs R          measured runs after the warm-up (default 5)
  --warmup W        warm-up runs (default 1)
  --daemons a,b     subset of ${DAEMONS.join(',')}
  --no-baseline     skip the pass-through / netlink baselines
  --timeout S       per-wait timeout (default 60 s + 0.3 ms per prefix)
  --stall S         fail a run when nothing moves for S seconds (default 20)
  --daemon-cpu C    CPU for the daemon under test (default 1); --agent-cpu C for the instruments (default 0)
  --settle-ms M     pause between sessions up and the first UPDATE (default 1000)
  --mem-settle-ms M pause between the table loaded and the memory reading (default 2000)
  --out DIR         result directory (default bench/results)
  --tmp             write results as *.tmp (not committed); implied by --cpu-prof
  --no-md           do not rewrite BENCHMARKS.md
  --keep            keep configs and logs of every run (/run/noverlay-bench/<pid>)
  --cpu-prof        run noverlayd with --cpu-prof and print its top frames`;

/** The default sizes of `all`: the runs BENCHMARKS.md is made of. */
const ALL: { name: BenchName; n: number | undefined }[] = [
  { name: 'propagation', n: 100_000 },
  { name: 'propagation', n: 1_000_000 },
  { name: 'fanin', n: 100_000 },
  { name: 'memory', n: 1_000_000 },
  { name: 'fib', n: 100_000 },
  { name: 'fib', n: 1_000_000 },
  { name: 'withdrawal', n: 100_000 },
  { name: 'spf', n: undefined },
];

function int(v: string | undefined, what: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${what}: expected an integer >= ${min}, got ${v}`);
  return n;
}

/** Every option at its default. */
export function defaultOptions(): BenchOptions {
  return {
    runs: 5,
    warmup: 1,
    daemons: [...DAEMONS],
    baselines: true,
    timeoutS: undefined,
    stallS: 20,
    settleMs: 1000,
    memSettleMs: 2000,
    daemonCpu: 1,
    agentCpu: 0,
    outDir: undefined,
    tmp: false,
    md: true,
    keep: false,
    cpuProf: false,
  };
}

export function parseArgs(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') return { kind: 'help' };
  if (name === 'cleanup') return { kind: 'cleanup' };
  if (name === 'profile') {
    if (!rest[0]) throw new Error('profile: which .cpuprofile file?');
    return { kind: 'profile', file: rest[0] };
  }
  const o = defaultOptions();
  let sizes: number[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const v = () => rest[++i];
    if (a === '--n') sizes = (v() ?? '').split(',').map((x) => int(x.replace(/_/g, ''), '--n', 1));
    else if (a === '--runs') o.runs = int(v(), '--runs', 1);
    else if (a === '--warmup') o.warmup = int(v(), '--warmup', 0);
    else if (a === '--daemons') o.daemons = daemonList(v() ?? '');
    else if (a === '--no-baseline') o.baselines = false;
    else if (a === '--timeout') o.timeoutS = int(v(), '--timeout', 1);
    else if (a === '--stall') o.stallS = int(v(), '--stall', 1);
    else if (a === '--settle-ms') o.settleMs = int(v(), '--settle-ms', 0);
    else if (a === '--mem-settle-ms') o.memSettleMs = int(v(), '--mem-settle-ms', 0);
    else if (a === '--daemon-cpu') o.daemonCpu = int(v(), '--daemon-cpu', 0);
    else if (a === '--agent-cpu') o.agentCpu = int(v(), '--agent-cpu', 0);
    else if (a === '--out') o.outDir = v();
    else if (a === '--tmp') o.tmp = true;
    else if (a === '--no-md') o.md = false;
    else if (a === '--keep') o.keep = true;
    else if (a === '--cpu-prof') o.cpuProf = o.tmp = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (name === 'report') return { kind: 'report', opts: o };
  if (name === 'all') return { kind: 'bench', benches: ALL, opts: o };
  if (!(BENCH_NAMES as readonly string[]).includes(name)) throw new Error(`unknown benchmark ${name}\n${USAGE}`);
  const bench = name as BenchName;
  return { kind: 'bench', benches: (sizes ?? [undefined]).map((n) => ({ name: bench, n })), opts: o };
}

function daemonList(s: string): DaemonName[] {
  const out = s.split(',').filter((x) => x !== '');
  for (const d of out) if (!(DAEMONS as readonly string[]).includes(d)) throw new Error(`unknown daemon ${d}`);
  return out as DaemonName[];
}
