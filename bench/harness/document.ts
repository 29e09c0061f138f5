/** BENCHMARKS.md from the result files and the hand-written observations (bench/notes.md). Pure. */
import type { ResultFile } from './model.js';
import { resultSections, targets } from './report.js';

const HOW = `\`\`\`sh
sudo npm run bench -- propagation --n 100000        # also: fanin, memory, fib, withdrawal, spf, all
sudo npm run bench -- propagation --n 1000000 --runs 5 --daemons noverlay,bird
sudo npm run bench -- memory --cpu-prof             # noverlayd writes a V8 CPU profile; top frames are printed
sudo npm run bench -- cleanup                       # remove namespaces left by a killed run
\`\`\`

Options: \`--n N\` (prefixes per sender), \`--runs R\` (measured runs, default 5, after one warm-up),
\`--daemons a,b\`, \`--no-baseline\`, \`--timeout S\`, \`--daemon-cpu C\` / \`--agent-cpu C\`, \`--out DIR\`,
\`--no-md\` (do not touch BENCHMARKS.md), \`--keep\` (keep configs and logs). Results go to
\`bench/results/<bench>-<n>.json\` (\`--tmp\`: \`*.tmp\`, not committed), and this file is rebuilt from the latest
result of each benchmark and size. Needs root (network namespaces), FRR, BIRD 2 and GoBGP.`;

const METHOD = `- **Topology.** Three network namespaces per run: \`gen\` (generator), \`dut\` (daemon under test), \`rcv\`
  (receiver), joined by veth pairs; a fourth link joins \`gen\` and \`rcv\` directly for the pass-through baseline.
  Everything is created fresh for every run and deleted after it.
- **Generator** (bench/agent.ts \`send\`). Speaks BGP itself with the project codec: OPEN/KEEPALIVE handshake
  (4-octet AS, route refresh, no extended messages), then writes pre-encoded UPDATEs — unique /24s packed into
  full 4096-octet messages by \`UpdatePacker\` with one shared attribute set (ORIGIN, AS_PATH, NEXT_HOP) — in one
  write per session, then End-of-RIB. Encoding happens before the sessions open and is not timed. "generator" is
  the time until the kernel had taken every octet (it includes waiting on the daemon's TCP window).
- **Receiver** (\`recv\`). One eBGP session; decodes every UPDATE, timestamps every benchmark prefix on arrival and
  counts exactly with a bitmap (re-announcements do not count twice). The measurement ends on its own event:
  all N present (or, after withdrawals, none). No CLI polling of any daemon.
- **Kernel** (\`fibmon\`, FIB benchmarks). Counts the daemon namespace's main-table routes to the benchmark
  prefixes from rtnetlink events (re-dumping if events were lost), then confirms the count with a dump.
- **Clock.** CLOCK_MONOTONIC (\`process.hrtime\`), shared by all processes: t0 is the generator's first UPDATE
  write, the end is the receiver's (or the kernel monitor's) arrival time of the last prefix.
- **Pass-through baseline.** Generator straight to receiver, no daemon: the most the instruments can do. A
  daemon row close to it is generator-bound.
- **CPU pinning.** The daemon (all its processes and threads) on one CPU, generator/receiver/monitor on the
  other (\`taskset\`; the machine has 2 cores). Daemon CPU = utime+stime of its processes during the measurement.
- **Memory.** Peak RSS is VmHWM from /proc, summed over the daemon's processes (FRR: bgpd, + zebra with FIB).
- **Runs.** Every subject runs in the same role one after another, round by round (one warm-up round, then
  the measured rounds), so background load hits all of them alike. Figures are medians with min–max;
  ×ratio is the figure divided by the best daemon's in the same run (×1.00 is the best; lower is better).
- **Roles.** eBGP: senders AS 65101.. → daemon AS 65000 → receiver AS 65002. The daemon accepts everything from
  the senders and re-advertises it to the receiver, and advertises nothing back to the senders. MRAI 0.`;

function machine(res: ResultFile): string {
  const m = res.machine;
  const v = m.versions;
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memGiB.toFixed(0)} GiB; kernel ${m.kernel}; Node ${m.node}`,
    `- noverlay ${v.noverlay ?? '?'}, FRR ${v.frr ?? '?'}, BIRD ${v.bird ?? '?'}, GoBGP ${v.gobgp ?? '?'}`,
    '- The machine is shared (other work may run during a benchmark): the load average at the start of each',
    '  benchmark is given with its results.',
  ].join('\n');
}

function setup(res: ResultFile): string {
  return Object.entries(res.daemonSetup)
    .map(([k, v]) => `- ${k}: ${v}`)
    .join('\n');
}

export function benchmarksMd(results: ResultFile[], notes: string): string {
  const newest = [...results].sort((a, b) => b.date.localeCompare(a.date))[0];
  const parts = [
    '# Benchmarks',
    '',
    'noverlay side by side with FRR, BIRD 2 and GoBGP on one Linux machine, with the harness in `bench/`',
    '(`npm run bench`). This file is generated from `bench/results/*.json` and `bench/notes.md`; rerunning a',
    'benchmark rewrites it.',
    '',
    '## How to run',
    '',
    HOW,
    '',
    '## Machine',
    '',
    newest ? machine(newest) : 'No results yet.',
    '',
    '## Method',
    '',
    METHOD,
    '',
  ];
  if (newest) parts.push('Daemon set-up per role:', '', setup(newest), '');
  parts.push('## Targets', '', 'Reported, not asserted.', '', ...targets(results).map((t) => `- ${t}`), '');
  parts.push('## Results', '', resultSections(results));
  if (notes.trim() !== '') parts.push('## Observations', '', notes.trim(), '');
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
