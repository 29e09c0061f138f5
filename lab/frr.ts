/** Starting FRR daemons inside a lab namespace with their own run directory, and asking them things. */
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNs, LabError, readPidFile, run } from './sh.js';

export const FRR_DIR = '/usr/lib/frr';
export const FRR_DAEMONS = ['zebra', 'bgpd', 'ospfd'] as const;
export type FrrDaemon = (typeof FRR_DAEMONS)[number];

export function frrInstalled(): string | undefined {
  for (const d of [...FRR_DAEMONS.map((x) => join(FRR_DIR, x)), '/usr/bin/vtysh']) {
    if (!existsSync(d)) return d;
  }
  return undefined;
}

function frrIds(): { uid: number; gid: number } | undefined {
  const id = run('id', ['frr'], { allowFail: true });
  const uid = /uid=(\d+)/.exec(id)?.[1];
  const gid = /gid=(\d+)/.exec(id)?.[1];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

/**
 * Start zebra, bgpd and ospfd in `ns`. Everything FRR writes (pid files, vty sockets, the zebra API socket,
 * the log) stays in `dir`, so several FRR instances never share a path. Returns the daemons' pids.
 */
export function startFrr(ns: string, dir: string, config: string): Record<FrrDaemon, number> {
  const conf = join(dir, 'frr.conf');
  writeFileSync(conf, config);
  const ids = frrIds();
  if (ids) {
    chownSync(dir, ids.uid, ids.gid);
    chownSync(conf, ids.uid, ids.gid);
  }
  const pids = {} as Record<FrrDaemon, number>;
  for (const d of FRR_DAEMONS) {
    const pidFile = join(dir, `${d}.pid`);
    inNs(ns, join(FRR_DIR, d), [
      '-d',
      '-N',
      ns,
      '-f',
      conf,
      '-i',
      pidFile,
      '-z',
      join(dir, 'zserv.api'),
      '--vty_socket',
      dir,
      ...(d === 'bgpd' ? ['-p', '179'] : []),
    ]);
    const pid = readPidFile(pidFile);
    if (pid === undefined) throw new LabError(`${d} in ${ns} did not write ${pidFile}`);
    pids[d] = pid;
  }
  return pids;
}

/** Run a vtysh command against the FRR instance whose sockets live in `dir`. */
export function vtysh(dir: string, command: string): string {
  return run('vtysh', ['--vty_socket', dir, '-c', command], { timeoutMs: 10_000 });
}

export function vtyshJson<T>(dir: string, command: string): T {
  const out = vtysh(dir, command);
  try {
    return JSON.parse(out) as T;
  } catch {
    throw new LabError(`vtysh "${command}" did not return JSON: ${out.slice(0, 200)}`);
  }
}

export interface BgpSummaryPeer {
  remoteAs: number;
  state: string;
  pfxRcd?: number;
  pfxSnt?: number;
  peerUptime?: string;
  hostname?: string;
  dynamicPeer?: boolean;
}

export interface BgpSummary {
  ipv4Unicast?: { routerId: string; as: number; peers: Record<string, BgpSummaryPeer> };
  ipv6Unicast?: { routerId: string; as: number; peers: Record<string, BgpSummaryPeer> };
}
