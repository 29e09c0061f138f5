/**
 * Benchmarks written elsewhere in bench/, run as they are:
 *  - bench/netlink-raw.ts (the FIB baselines): its `--inner` mode installs N routes through the batched
 *    netlink socket and through `ip -batch` in the current namespace and prints one JSON line; we run it in a
 *    fresh namespace of ours, pinned to the daemon CPU, and turn its add times into two baseline samples.
 *  - bench/fib.ts (the FIB manager alone, no BGP): its `--inner manager` mode prints one JSON line; run the
 *    same way, it gives the "FIB manager alone" baseline row.
 *  - bench/spf.ts, when it exists: run as it is; its text table is parsed into rows.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ip, listNamespaces, nsPids, stopPids } from '../../lab/sh.js';
import type { Measured as FibMeasured } from '../fib.js';
import type { RunEnv, Sample } from './bgp-run.js';
import { NS_PREFIX } from './topo.js';

const NETLINK_RAW = fileURLToPath(new URL('../netlink-raw.js', import.meta.url));
const FIB = fileURLToPath(new URL('../fib.js', import.meta.url));
const SPF = fileURLToPath(new URL('../spf.js', import.meta.url));

interface NetlinkRawResult {
  method: string;
  routes: number;
  addMs: number;
  delMs: number;
  dumpMs?: number;
  failed: number;
}

export function netlinkRawPresent(): boolean {
  return existsSync(NETLINK_RAW);
}

export function fibManagerPresent(): boolean {
  return existsSync(FIB);
}

const failed = (note: string): Sample => ({ status: 'failed', note, metrics: {} });

/** Run `script --inner …` in a fresh namespace of ours pinned to the daemon CPU; its last stdout line as JSON. */
async function innerJson<T>(script: string, args: string[], env: RunEnv): Promise<T | string> {
  const ns = `${NS_PREFIX}${env.tag}-fib`;
  try {
    if (listNamespaces().includes(ns)) ip('netns', 'del', ns);
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    const pre = ['netns', 'exec', ns, 'taskset', '-c', String(env.daemonCpu), process.execPath];
    const r = spawnSync('ip', [...pre, '--max-old-space-size=4096', script, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      timeout: env.timeoutMs * 2,
    });
    if (r.status !== 0) return `exited ${r.status}: ${(r.stderr ?? '').trim().slice(-300)}`;
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? 'null') as T;
  } finally {
    if (listNamespaces().includes(ns)) {
      await stopPids(nsPids(ns));
      ip('netns', 'del', ns);
    }
  }
}

/** One run of netlink-raw at `n` routes: samples for 'netlink-raw' (batched socket) and 'ip-batch'. */
export async function runNetlinkRawOnce(n: number, env: RunEnv): Promise<Record<'netlink-raw' | 'ip-batch', Sample>> {
  const rows = await innerJson<NetlinkRawResult[]>(NETLINK_RAW, ['--inner', '--routes', String(n)], env);
  if (typeof rows === 'string') return { 'netlink-raw': failed(rows), 'ip-batch': failed(rows) };
  const pick = (m: string): Sample => {
    const x = rows.find((y) => y.method.startsWith(m));
    if (!x) return failed(`no "${m}" result`);
    if (x.failed > 0) return failed(`${x.failed} requests failed`);
    const s = x.addMs / 1000;
    return {
      status: 'ok',
      metrics: { kernelSeconds: s, kernelRoutesPerSec: n / s, kernelWithdrawSeconds: x.delMs / 1000 },
    };
  };
  return { 'netlink-raw': pick('netlink socket'), 'ip-batch': pick('ip -batch') };
}

/** One run of bench/fib.ts's FIB manager (FibManager.apply of N changes, netlink dataplane) at `n` routes. */
export async function runFibManagerOnce(n: number, env: RunEnv): Promise<Sample> {
  const x = await innerJson<FibMeasured>(FIB, ['--inner', 'manager', '--routes', String(n)], env);
  if (typeof x === 'string') return failed(x);
  if (x.failed > 0) return failed(`${x.failed} routes failed`);
  const s = x.addMs / 1000;
  return {
    status: 'ok',
    metrics: {
      kernelSeconds: s,
      kernelRoutesPerSec: n / s,
      kernelWithdrawSeconds: x.delMs / 1000,
      cpuSeconds: x.addCpuMs / 1000,
      peakRssMiB: x.peakRssMiB,
    },
  };
}

export function spfPresent(): boolean {
  return existsSync(SPF);
}

export interface SpfRow {
  topo: string;
  routers: number;
  lsas: number;
  vertices: number;
  edges: number;
  routes: number;
  ecmp: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface SpfOutput {
  header: string;
  rows: SpfRow[];
}

const SPF_LINE = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/;

/** bench/spf.ts prints a text table (topo routers LSAs verts edges routes ecmp median min max); parse it. */
export function parseSpfOutput(text: string): SpfOutput | undefined {
  const lines = text.trim().split('\n');
  const rows: SpfRow[] = [];
  for (const l of lines) {
    const m = SPF_LINE.exec(l.trim());
    if (!m) continue;
    const n = m.slice(2).map(Number);
    const [routers, lsas, vertices, edges, routes, ecmp, medianMs, minMs, maxMs] = n as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    rows.push({ topo: m[1] as string, routers, lsas, vertices, edges, routes, ecmp, medianMs, minMs, maxMs });
  }
  return rows.length > 0 ? { header: lines[0] ?? '', rows } : undefined;
}

/** Run bench/spf.js once, pinned to the daemon CPU; its table is parsed (kept verbatim if that fails). */
export function runSpf(env: RunEnv): { sample: Sample; output: unknown } {
  const r = spawnSync('taskset', ['-c', String(env.daemonCpu), process.execPath, SPF], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    timeout: env.timeoutMs,
  });
  if (r.status !== 0)
    return {
      sample: { status: 'failed', note: `spf exited ${r.status}: ${(r.stderr ?? '').trim().slice(-300)}`, metrics: {} },
      output: r.stdout,
    };
  const parsed = parseSpfOutput(r.stdout);
  if (!parsed) return { sample: { status: 'failed', note: 'unrecognised output', metrics: {} }, output: r.stdout };
  const metrics: Record<string, number> = {};
  for (const x of parsed.rows) metrics[`${x.topo}-${x.routers}-medianMs`] = x.medianMs;
  return { sample: { status: 'ok', metrics }, output: parsed };
}
