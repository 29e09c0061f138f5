/**
 * `noverlay lab up|status|down`: build the plan (plan.ts) in network namespaces with real FRR ToRs and
 * noverlayd hosts; report; remove every namespace and every process it started (by pid).
 *
 * `up` leaves nothing half-built: any failure runs `down` before the error is reported. `down` works from the
 * state file and, if that is lost, from the namespaces' own names and pids; running it twice is harmless.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BgpSummary, FRR_DAEMONS, frrInstalled, startFrr, vtyshJson } from './frr.js';
import { hostConfig, type LabParams, type LabPlan, nsPrefix, planLab, torFrrConfig } from './plan.js';
import { addRouterNamespace, alive, cmdline, inNs, ip, LabError, listNamespaces, nsPids, run, stopPids } from './sh.js';

export const LAB_ROOT = '/run/noverlay-lab';
const NOVERLAYD = fileURLToPath(new URL('../daemon/bin/noverlayd.js', import.meta.url));
const NOVERLAY = fileURLToPath(new URL('../daemon/bin/noverlay.js', import.meta.url));

export interface LabProcess {
  node: string;
  ns: string;
  what: string;
  pid: number;
  /** Command line at start, checked again before a kill so a recycled pid is never hit. */
  cmd: string;
}

export interface LabState {
  name: string;
  params: LabParams;
  status: 'building' | 'up';
  createdAt: string;
  processes: LabProcess[];
}

export function labDir(name: string): string {
  return join(LAB_ROOT, name);
}

/** Why the lab cannot run here, as one line naming the fix; undefined when it can. */
export function labPrereqProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces): run it with sudo';
  if (!run('sh', ['-c', 'command -v ip'], { allowFail: true }).trim())
    return 'iproute2 is missing: apt-get install -y iproute2';
  const missing = frrInstalled();
  if (missing) return `FRR is missing (${missing}): apt-get install -y frr`;
  return undefined;
}

function readState(name: string): LabState | undefined {
  const f = join(labDir(name), 'state.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

function writeState(s: LabState): void {
  writeFileSync(join(labDir(s.name), 'state.json'), `${JSON.stringify(s, null, 2)}\n`);
}

export function labExists(name: string): boolean {
  return readState(name) !== undefined || listNamespaces().some((n) => n.startsWith(nsPrefix(name)));
}

export interface LabUpOptions {
  log?: (s: string) => void;
  /** Fault injection for tests: fail right after this stage, to prove `up` cleans up after itself. */
  failAfter?: 'network' | 'tors';
}

export async function labUp(params: Omit<LabParams, 'dir'>, opts: LabUpOptions = {}): Promise<LabPlan> {
  const log = opts.log ?? (() => {});
  const problem = labPrereqProblem();
  if (problem) throw new LabError(problem);
  if (!/^[a-z0-9]{1,8}$/.test(params.name)) throw new LabError('lab name must be 1-8 lower-case letters or digits');
  if (labExists(params.name))
    throw new LabError(`lab "${params.name}" is already up; run: noverlay lab down --name ${params.name}`);
  const plan = planLab({ ...params, dir: labDir(params.name) });
  mkdirSync(plan.params.dir, { recursive: true, mode: 0o755 });
  const state: LabState = {
    name: params.name,
    params: plan.params,
    status: 'building',
    createdAt: new Date().toISOString(),
    processes: [],
  };
  writeState(state);
  try {
    buildNetwork(plan);
    log(`namespaces and links ready (${plan.namespaces.length} namespaces)`);
    if (opts.failAfter === 'network') throw new LabError('injected failure after network');
    startTors(plan, state);
    log(`FRR running on ${plan.tors.map((t) => t.node).join(', ')}`);
    if (opts.failAfter === 'tors') throw new LabError('injected failure after tors');
    await startHosts(plan, state);
    log(`noverlayd running on ${plan.hosts.map((h) => h.node).join(', ')}`);
    state.status = 'up';
    writeState(state);
    return plan;
  } catch (e) {
    log(`lab up failed, removing what was built: ${(e as Error).message}`);
    await labDown(params.name);
    throw e;
  }
}

function buildNetwork(plan: LabPlan): void {
  for (const ns of plan.namespaces) addRouterNamespace(ns);
  for (const t of plan.tors) {
    ip('-n', t.ns, 'link', 'add', 'hosts', 'type', 'bridge');
    ip('-n', t.ns, 'addr', 'add', t.bridgeAddr4, 'dev', 'hosts');
    ip('-n', t.ns, 'addr', 'add', t.bridgeAddr6, 'dev', 'hosts', 'nodad');
    ip('-n', t.ns, 'link', 'set', 'hosts', 'up');
  }
  for (const h of plan.hosts) {
    ip('-n', h.ns, 'link', 'add', 'cbr0', 'type', 'bridge');
    ip('-n', h.ns, 'addr', 'add', h.cbr0Addr4, 'dev', 'cbr0');
    ip('-n', h.ns, 'addr', 'add', h.cbr0Addr6, 'dev', 'cbr0', 'nodad');
    ip('-n', h.ns, 'link', 'set', 'cbr0', 'up');
  }
  for (const l of plan.links) {
    ip('link', 'add', l.a.ifname, 'netns', l.a.ns, 'type', 'veth', 'peer', 'name', l.b.ifname, 'netns', l.b.ns);
    for (const end of [l.a, l.b]) {
      for (const a of end.addrs)
        ip('-n', end.ns, 'addr', 'add', a, 'dev', end.ifname, ...(a.includes(':') ? ['nodad'] : []));
      if (end.bridge) ip('-n', end.ns, 'link', 'set', end.ifname, 'master', end.bridge);
      ip('-n', end.ns, 'link', 'set', end.ifname, 'up');
    }
  }
  for (const h of plan.hosts) {
    ip('-n', h.podNs, 'route', 'add', 'default', 'via', h.cbr0Addr4.split('/')[0] as string);
    ip('-n', h.podNs, '-6', 'route', 'add', 'default', 'via', h.cbr0Addr6.split('/')[0] as string);
  }
}

function startTors(plan: LabPlan, state: LabState): void {
  for (const t of plan.tors) {
    const dir = join(plan.params.dir, t.node);
    mkdirSync(dir, { recursive: true });
    const pids = startFrr(t.ns, dir, torFrrConfig(plan, t, join(dir, 'frr.log')));
    for (const d of FRR_DAEMONS) {
      state.processes.push({ node: t.node, ns: t.ns, what: d, pid: pids[d], cmd: cmdline(pids[d]) ?? d });
    }
    writeState(state);
  }
}

async function startHosts(plan: LabPlan, state: LabState): Promise<void> {
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(plan.params.dir, 'api-token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  for (const h of plan.hosts) {
    const dir = join(plan.params.dir, h.node);
    mkdirSync(dir, { recursive: true });
    const cfg = join(dir, 'noverlay.yaml');
    writeFileSync(cfg, hostConfig(h, join(dir, 'state'), tokenFile, plan.params.mode ?? 'bgp'));
    const out = openSync(join(dir, 'noverlayd.log'), 'a');
    const child = spawn('ip', ['netns', 'exec', h.ns, process.execPath, NOVERLAYD, '--config', cfg], {
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.unref();
    if (child.pid === undefined) throw new LabError(`could not start noverlayd in ${h.ns}`);
    state.processes.push({ node: h.node, ns: h.ns, what: 'noverlayd', pid: child.pid, cmd: '' });
    writeState(state);
  }
  const deadline = Date.now() + 30_000;
  for (const h of plan.hosts) {
    const logFile = join(plan.params.dir, h.node, 'noverlayd.log');
    const proc = state.processes.find((p) => p.node === h.node && p.what === 'noverlayd');
    for (;;) {
      const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (text.includes('"msg":"noverlayd started"')) break;
      if (proc && !alive(proc.pid))
        throw new LabError(`noverlayd on ${h.node} exited; see ${logFile}:\n${text.slice(-2000)}`);
      if (Date.now() > deadline) throw new LabError(`noverlayd on ${h.node} did not start within 30 s; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    if (proc) proc.cmd = cmdline(proc.pid) ?? '';
  }
  writeState(state);
}

export interface DownReport {
  killed: number;
  namespaces: string[];
}

export async function labDown(name: string): Promise<DownReport> {
  const state = readState(name);
  const namespaces = listNamespaces().filter((n) => n.startsWith(nsPrefix(name)));
  const pids = new Set<number>();
  for (const p of state?.processes ?? []) {
    // Only a pid whose command line is still the one we started (a recycled pid is someone else's).
    const now = cmdline(p.pid);
    if (now !== undefined && (p.cmd === '' || now === p.cmd)) pids.add(p.pid);
  }
  // Whatever still runs inside our namespaces was started by this lab (FRR daemonizes; noverlayd forks nothing).
  for (const ns of namespaces) for (const p of nsPids(ns)) pids.add(p);
  await stopPids([...pids]);
  for (const ns of namespaces) ip('netns', 'del', ns);
  rmSync(labDir(name), { recursive: true, force: true });
  return { killed: pids.size, namespaces };
}

interface OspfNeighbors {
  neighbors?: Record<string, { state: string }[]>;
}

export interface LabStatus {
  name: string;
  mode: 'bgp' | 'ospf';
  status: LabState['status'] | 'absent';
  tors: {
    node: string;
    ns: string;
    asn: number;
    peers: { peer: string; remoteAs: number; state: string; pfxRcd: number | null; dynamic: boolean }[];
    error?: string;
  }[];
  hosts: { node: string; ns: string; address: string; status?: Record<string, unknown>; error?: string }[];
}

export function labStatus(name: string): LabStatus {
  const state = readState(name);
  if (!state) return { name, mode: 'bgp', status: 'absent', tors: [], hosts: [] };
  const plan = planLab(state.params);
  const tors = plan.tors.map((t) => {
    try {
      if (plan.params.mode === 'ospf') {
        const o = vtyshJson<OspfNeighbors>(join(plan.params.dir, t.node), 'show ip ospf neighbor json');
        const peers = Object.entries(o.neighbors ?? {}).flatMap(([peer, list]) =>
          list.map((n) => ({ peer, remoteAs: 0, state: n.state, pfxRcd: null, dynamic: false })),
        );
        return { node: t.node, ns: t.ns, asn: t.asn, peers };
      }
      const s = vtyshJson<BgpSummary>(join(plan.params.dir, t.node), 'show bgp summary json');
      const peers = Object.entries(s.ipv4Unicast?.peers ?? {}).map(([peer, p]) => ({
        peer,
        remoteAs: p.remoteAs,
        state: p.state,
        pfxRcd: p.pfxRcd ?? null,
        dynamic: p.dynamicPeer === true,
      }));
      return { node: t.node, ns: t.ns, asn: t.asn, peers };
    } catch (e) {
      return { node: t.node, ns: t.ns, asn: t.asn, peers: [], error: (e as Error).message };
    }
  });
  const hosts = plan.hosts.map((h) => {
    const base = { node: h.node, ns: h.ns, address: h.addr4 };
    const out = inNs(h.ns, process.execPath, [NOVERLAY, 'show', 'status', '--json'], {
      allowFail: true,
      timeoutMs: 15_000,
    });
    try {
      return { ...base, status: JSON.parse(out) as Record<string, unknown> };
    } catch {
      return { ...base, error: 'API not answering' };
    }
  });
  return { name, mode: plan.params.mode ?? 'bgp', status: state.status, tors, hosts };
}

export { LabError };
