/**
 * A daemon under test: how to render its config for a benchmark role (pure), start it in a namespace pinned
 * to a CPU, find its processes (for CPU time and memory), and stop it.
 */

export type DaemonName = 'noverlay' | 'frr' | 'bird' | 'gobgp';
export const DAEMONS: readonly DaemonName[] = ['noverlay', 'frr', 'bird', 'gobgp'];

export interface PeerPlan {
  address: string;
  asn: number;
}

/**
 * The daemon's role: eBGP, senders' AS -> our AS -> receiver's AS. Everything from the senders is accepted
 * and re-advertised to the receiver; nothing is advertised to the senders (a fan-in must not turn into a
 * 10 x 10 exchange). With `fib`, best routes go into the kernel's main table.
 */
export interface RolePlan {
  asn: number;
  routerId: string;
  senderSide: string;
  receiverSide: string;
  senders: PeerPlan[];
  receiver: PeerPlan | undefined;
  fib: boolean;
}

export interface StartContext {
  ns: string;
  /** A fresh directory for config, logs, sockets and state. */
  dir: string;
  cpu: number;
  /** noverlay only: write a V8 CPU profile into this directory. */
  cpuProfDir?: string;
}

export interface RunningDaemon {
  /** Processes whose CPU time and memory count (FRR: bgpd, and zebra when it runs). */
  pids(): number[];
  stop(): Promise<void>;
  /** The end of the daemon's log, for failure reports. */
  logTail(): string;
}

export interface DaemonDriver {
  name: DaemonName;
  label: string;
  /** Why it cannot run here (missing program), or undefined. */
  problem(): string | undefined;
  version(): string;
  /** Whether this daemon can install routes into the kernel at all (GoBGP has no FIB of its own). */
  hasFib: boolean;
  /** What "FIB off" means for this daemon, for the method notes. */
  fibOff: string;
  /** What "FIB on" means. */
  fibOn: string;
  start(ctx: StartContext, plan: RolePlan): Promise<RunningDaemon>;
}
