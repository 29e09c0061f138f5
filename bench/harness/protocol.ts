/**
 * What the coordinator (bench/cli.ts) and its agents (bench/agent.ts, one process per role inside a network
 * namespace) say to each other: the agent's spec on its command line, commands as JSON lines on its stdin,
 * events as JSON lines on its stdout. Times are now() values (ms, CLOCK_MONOTONIC, shared by all processes).
 */

/** One generator session: connect from `local` to `remote`:`port` and announce prefixes [first, first+count). */
export interface SenderSession {
  local: string;
  remote: string;
  port: number;
  localAs: number;
  first: number;
  count: number;
}

export interface SendSpec {
  role: 'send';
  sessions: SenderSession[];
  connectTimeoutMs: number;
}

/** The receiver: one session, connecting out or (pass-through baseline) accepting on `local`. */
export interface RecvSpec {
  role: 'recv';
  mode: 'connect' | 'listen';
  local: string;
  remote: string;
  port: number;
  localAs: number;
  /** Prefixes 0..total-1 are expected (all senders together). */
  total: number;
  /** listen mode: how many sessions to accept (one per sender). */
  accept: number;
  connectTimeoutMs: number;
}

/** Counts this namespace's kernel routes to the benchmark prefixes (main table) from netlink events. */
export interface FibMonSpec {
  role: 'fibmon';
  total: number;
}

export type AgentSpec = SendSpec | RecvSpec | FibMonSpec;

export type AgentCommand =
  | { cmd: 'announce' }
  | { cmd: 'withdraw' }
  | { cmd: 'stats' }
  | { cmd: 'confirm' }
  | { cmd: 'close' };

/** Arrival-time quantiles, ms after the first prefix arrived. */
export interface ArrivalQuantiles {
  p50: number;
  p90: number;
  p99: number;
  p100: number;
}

export type AgentEvent =
  /** Sender: pre-encoding done (before any connection). */
  | { ev: 'encoded'; ms: number; bytes: number; messages: number }
  /** Every session is Established (sender, receiver) or the initial dump is done (fibmon). */
  | { ev: 'ready' }
  /** Sender: every pre-encoded buffer was handed to the kernel; t0 is the first write. */
  | { ev: 'sent'; what: 'announce' | 'withdraw'; t0: number; tWritten: number; bytes: number }
  /** Receiver / fibmon: all `total` prefixes are present. */
  | { ev: 'full'; t: number; tFirst: number; quantiles?: ArrivalQuantiles }
  /** Receiver / fibmon: none is present any more (after having been full). */
  | { ev: 'empty'; t: number }
  | { ev: 'stats'; present: number; updates: number; bytes: number; foreign: number; resyncs?: number; echoed?: number }
  /** fibmon: a fresh dump's count of benchmark routes. */
  | { ev: 'confirm'; count: number; ms: number }
  | { ev: 'error'; message: string };
