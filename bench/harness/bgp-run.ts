/**
 * One measured run of a BGP benchmark: fresh namespaces, the subject (a daemon, or the pass-through baseline
 * where the generator talks to the receiver directly), the agents, the measurement, and teardown.
 *
 *   t0        the generator's first write of pre-encoded UPDATEs
 *   full      the receiver (or the kernel, for `fib`) holds every prefix: its agent says so itself
 *   empty     after the withdrawals: none is left
 *
 * Waits end on the agents' own events. While waiting, the agents' counters and the daemon's CPU time are
 * read once a second only to notice a stall (no progress and an idle daemon for `stallMs`): that fails the
 * run, or marks it pending when a daemon installed nothing at all in the kernel (a FIB not wired yet).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../lab/sh.js';
import { AgentProc } from './agents.js';
import type { DaemonDriver, RolePlan, RunningDaemon } from './daemons/index.js';
import { cpuSeconds, memory } from './procfs.js';
import type { AgentEvent, SenderSession } from './protocol.js';
import { ADDR, Topology } from './topo.js';

export const DUT_AS = 65000;
export const RECEIVER_AS = 65002;
export const SENDER_AS = (i: number) => 65101 + i;

export interface Scenario {
  senders: number;
  perSender: number;
  receiver: boolean;
  fib: boolean;
  withdraw: boolean;
}

export type Subject = { kind: 'daemon'; driver: DaemonDriver } | { kind: 'pass-through' };

export interface RunEnv {
  tag: string;
  dir: string;
  daemonCpu: number;
  agentCpu: number;
  timeoutMs: number;
  stallMs: number;
  settleMs: number;
  memSettleMs: number;
  cpuProfDir?: string;
  keep: boolean;
  log: (s: string) => void;
  /** Daemons found not to install routes yet: later runs skip waiting for their kernel. */
  kernelPending: Set<string>;
}

export interface Sample {
  status: 'ok' | 'pending' | 'failed';
  note?: string;
  metrics: Record<string, number>;
  /** The measured interval on the shared monotonic clock (ms), to cut a CPU profile to it. */
  window?: { from: number; to: number };
}

class Stall extends Error {
  constructor(
    readonly what: string,
    readonly count: number,
  ) {
    super(`${what} stalled at ${count}`);
  }
}

const KERNEL_PENDING = 'kernel: pending (the daemon installed no route)';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function rolePlan(sc: Scenario): RolePlan {
  return {
    asn: DUT_AS,
    routerId: '10.255.0.1',
    senderSide: ADDR.dutSenderSide,
    receiverSide: ADDR.dutReceiverSide,
    senders: Array.from({ length: sc.senders }, (_, i) => ({ address: ADDR.sender(i), asn: SENDER_AS(i) })),
    receiver: sc.receiver ? { address: ADDR.receiver, asn: RECEIVER_AS } : undefined,
    fib: sc.fib,
  };
}

function senderSessions(sc: Scenario, direct: boolean): SenderSession[] {
  return Array.from({ length: sc.senders }, (_, i) => ({
    local: direct ? ADDR.senderBaseline(i) : ADDR.sender(i),
    remote: direct ? ADDR.receiverBaseline : ADDR.dutSenderSide,
    port: 179,
    localAs: SENDER_AS(i),
    first: i * sc.perSender,
    count: sc.perSender,
  }));
}

/** Wait for `ev` from `agent`, failing on a stall: its count and the daemon's CPU time both standing still. */
async function watch<K extends 'full' | 'empty'>(
  agent: AgentProc,
  ev: K,
  env: RunEnv,
  daemonPids: () => number[],
): Promise<Extract<AgentEvent, { ev: K }>> {
  const done = agent.wait(ev, env.timeoutMs);
  let settled = false;
  done.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const stall = (async () => {
    let last = -1;
    let prevCpu = cpuSeconds(daemonPids());
    let since = Date.now();
    while (!settled) {
      await sleep(1000);
      if (settled) break;
      const s = await agent.stats().catch(() => undefined);
      const cpu = cpuSeconds(daemonPids());
      // Busy: more than a fifth of a CPU over the last second (idle timers stay well below that).
      const busy = cpu - prevCpu > 0.2;
      prevCpu = cpu;
      if (s === undefined) continue;
      if (s.present !== last || busy) {
        last = s.present;
        since = Date.now();
      } else if (Date.now() - since > env.stallMs) throw new Stall(`${agent.name} (${ev})`, s.present);
    }
    return new Promise<never>(() => {});
  })();
  return Promise.race([done, stall]);
}

/** Kernel routes in the daemon's namespace other than the connected ones (a FIB-off daemon must leave none). */
function kernelRouteCount(ns: string): number {
  const out = run('ip', ['-n', ns, '-4', 'route', 'show', 'table', 'main'], { allowFail: true, timeoutMs: 60_000 });
  return out.split('\n').filter((l) => l.trim() !== '' && !l.includes('proto kernel')).length;
}

interface Ctx {
  window?: { from: number; to: number };
  sc: Scenario;
  env: RunEnv;
  total: number;
  sender: AgentProc;
  recv: AgentProc | undefined;
  fib: AgentProc | undefined;
  daemon: RunningDaemon | undefined;
  subject: Subject;
  m: Record<string, number>;
  notes: string[];
}

/** Run one measurement; never throws (a failure is a sample with status 'failed'). */
export async function runBgpOnce(subject: Subject, sc: Scenario, env: RunEnv, k: number): Promise<Sample> {
  const topo = new Topology(env.tag, sc.senders);
  const agents: AgentProc[] = [];
  let daemon: RunningDaemon | undefined;
  const name = subject.kind === 'daemon' ? subject.driver.name : 'pass-through';
  const dir = join(env.dir, `${name}-${k}`);
  const direct = subject.kind === 'pass-through';
  const total = sc.senders * sc.perSender;
  try {
    await topo.down();
    topo.up();
    mkdirSync(dir, { recursive: true });
    let fib: AgentProc | undefined;
    const fibOn = sc.fib && subject.kind === 'daemon' && subject.driver.hasFib;
    if (fibOn) {
      fib = new AgentProc('kernel', topo.dut, env.agentCpu, { role: 'fibmon', total });
      agents.push(fib);
      await fib.wait('ready', 30_000);
    }
    if (subject.kind === 'daemon') {
      const ctx = { ns: topo.dut, dir, cpu: env.daemonCpu, ...(env.cpuProfDir ? { cpuProfDir: env.cpuProfDir } : {}) };
      daemon = await subject.driver.start(ctx, rolePlan({ ...sc, fib: fibOn }));
    }
    let recv: AgentProc | undefined;
    if (sc.receiver) {
      recv = new AgentProc('receiver', topo.rcv, env.agentCpu, {
        role: 'recv',
        mode: direct ? 'listen' : 'connect',
        local: direct ? ADDR.receiverBaseline : ADDR.receiver,
        remote: ADDR.dutReceiverSide,
        port: 179,
        localAs: RECEIVER_AS,
        total,
        accept: sc.senders,
        connectTimeoutMs: 30_000,
      });
      agents.push(recv);
      if (!direct) await recv.wait('ready', 60_000);
    }
    const sender = new AgentProc('generator', topo.gen, env.agentCpu, {
      role: 'send',
      sessions: senderSessions(sc, direct),
      connectTimeoutMs: 30_000,
    });
    agents.push(sender);
    const enc = await sender.wait('encoded', 120_000);
    await sender.wait('ready', 60_000);
    if (recv && direct) await recv.wait('ready', 30_000);
    const c: Ctx = { sc, env, total, sender, recv, fib, daemon, subject, m: {}, notes: [] };
    c.m.encodeMs = enc.ms;
    c.m.updates = enc.messages;
    await sleep(env.settleMs);
    const result = await measure(c);
    if (!direct && !fibOn) {
      const left = kernelRouteCount(topo.dut);
      c.m.kernelRoutesFibOff = left;
      if (left > 0) c.notes.push(`FIB off not honoured: ${left} routes in the kernel`);
    }
    return {
      ...result,
      metrics: c.m,
      ...(c.notes.length ? { note: c.notes.join('; ') } : {}),
      ...(c.window ? { window: c.window } : {}),
    };
  } catch (e) {
    const why = (e as Error).message;
    const logTail = daemon?.logTail().trim();
    env.log(`    ${name}: ${why}${logTail ? `\n      daemon log: ${logTail.slice(-600)}` : ''}`);
    return { status: 'failed', note: why.split('\n')[0] ?? why, metrics: {} };
  } finally {
    await Promise.all(agents.map((a) => a.close().catch(() => {})));
    await daemon?.stop().catch(() => {});
    await topo.down().catch((e: unknown) => env.log(`    teardown: ${(e as Error).message}`));
    if (!env.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Announce (and withdraw); fill `c.m`. Returns the status part of the sample. */
async function measure(c: Ctx): Promise<Pick<Sample, 'status'>> {
  const pids = () => c.daemon?.pids() ?? [];
  const cpu0 = cpuSeconds(pids());
  const mem0 = memory(pids());
  c.sender.send({ cmd: 'announce' });
  const sent = c.sender.wait('sent', c.env.timeoutMs);
  let kernelPending = false;
  if (c.recv) {
    const full = await watch(c.recv, 'full', c.env, pids);
    const s = await sent;
    c.window = { from: s.t0, to: full.t };
    c.m.seconds = (full.t - s.t0) / 1000;
    c.m.firstPrefixMs = full.tFirst - s.t0;
    if (full.quantiles) c.m.p50Ms = full.quantiles.p50;
    if (full.quantiles) c.m.p99Ms = full.quantiles.p99;
    c.m.generatorSeconds = (s.tWritten - s.t0) / 1000;
    c.m.routesPerSec = c.total / c.m.seconds;
  }
  const name = c.subject.kind === 'daemon' ? c.subject.driver.name : '';
  if (c.fib && c.env.kernelPending.has(name)) {
    kernelPending = true;
    c.notes.push(KERNEL_PENDING);
    if (!c.recv) return { status: 'pending' };
  } else if (c.fib) {
    try {
      const full = await watch(c.fib, 'full', c.env, pids);
      const s = await sent;
      c.window = { from: s.t0, to: Math.max(full.t, c.window?.to ?? 0) };
      c.m.kernelSeconds = (full.t - s.t0) / 1000;
      c.m.kernelRoutesPerSec = c.total / c.m.kernelSeconds;
      c.fib.send({ cmd: 'confirm' });
      const conf = await c.fib.wait('confirm', 120_000);
      c.m.kernelConfirmed = conf.count;
      if (conf.count !== c.total) throw new Error(`kernel dump holds ${conf.count} of ${c.total} routes`);
    } catch (e) {
      if (!(e instanceof Stall) || e.count !== 0 || name !== 'noverlay') throw e;
      kernelPending = true;
      c.env.kernelPending.add(name);
      c.notes.push(KERNEL_PENDING);
      if (!c.recv) return { status: 'pending' };
    }
  }
  const mem1 = memory(pids());
  if (c.daemon) {
    c.m.cpuSeconds = cpuSeconds(pids()) - cpu0;
    c.m.peakRssMiB = mem1.hwm / 2 ** 20;
    await sleep(c.env.memSettleMs);
    const settled = memory(pids());
    c.m.rssDeltaMiB = (settled.rss - mem0.rss) / 2 ** 20;
    c.m.bytesPerRoute = (settled.rss - mem0.rss) / c.total;
  }
  const st = await c.sender.stats();
  if (st.echoed) c.notes.push(`${st.echoed} prefixes were advertised back to the senders`);
  if (c.sc.withdraw) await withdraw(c, pids, kernelPending);
  return { status: 'ok' };
}

async function withdraw(c: Ctx, pids: () => number[], kernelPending: boolean): Promise<void> {
  const cpu0 = cpuSeconds(pids());
  c.sender.send({ cmd: 'withdraw' });
  const s = await c.sender.wait('sent', c.env.timeoutMs);
  if (c.recv) {
    const e = await watch(c.recv, 'empty', c.env, pids);
    c.m.withdrawSeconds = (e.t - s.t0) / 1000;
    c.m.withdrawRoutesPerSec = c.total / c.m.withdrawSeconds;
  }
  if (c.fib && !kernelPending) {
    const e = await watch(c.fib, 'empty', c.env, pids);
    c.m.kernelWithdrawSeconds = (e.t - s.t0) / 1000;
    c.fib.send({ cmd: 'confirm' });
    const conf = await c.fib.wait('confirm', 120_000);
    if (conf.count !== 0) throw new Error(`kernel dump still holds ${conf.count} routes`);
  }
  if (c.daemon) c.m.withdrawCpuSeconds = cpuSeconds(pids()) - cpu0;
  c.m.withdrawGeneratorSeconds = (s.tWritten - s.t0) / 1000;
}
