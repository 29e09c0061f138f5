/**
 * Counters of the OSPF instance (packets in and out by type, drops by reason, SPF runs) and the logging of
 * hostile or broken input: every drop is counted, but a reason is logged at most once per interval with the
 * number of drops it stood for, so a peer sending garbage cannot flood the log.
 */
import type { Clock } from '../lib/clock.js';

/** The logger the instance needs (pino's Logger satisfies it). */
export interface OspfLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export const PACKET_TYPE_NAMES = ['', 'hello', 'dd', 'lsr', 'lsu', 'lsack'] as const;
export type PacketTypeName = Exclude<(typeof PACKET_TYPE_NAMES)[number], ''>;

const LOG_INTERVAL_MS = 60_000;

interface LogState {
  at: number;
  suppressed: number;
}

export class OspfCounters {
  readonly packetsIn: Record<PacketTypeName, number> = { hello: 0, dd: 0, lsr: 0, lsu: 0, lsack: 0 };
  readonly packetsOut: Record<PacketTypeName, number> = { hello: 0, dd: 0, lsr: 0, lsu: 0, lsack: 0 };
  readonly drops = new Map<string, number>();
  sendErrors = 0;
  exchangeRestarts = 0;
  internalErrors = 0;
  spfRuns = 0;
  lastSpfAt: number | undefined;
  lastSpfMs = 0;
  private readonly logged = new Map<string, LogState>();

  constructor(
    private readonly clock: Clock,
    private readonly log: OspfLog,
  ) {}

  packetIn(type: number): void {
    const n = PACKET_TYPE_NAMES[type];
    if (n) this.packetsIn[n]++;
  }

  packetOut(type: number): void {
    const n = PACKET_TYPE_NAMES[type];
    if (n) this.packetsOut[n]++;
  }

  /** Count a drop; log it unless the same reason was logged within the interval. */
  drop(reason: string, detail: string, ctx: Record<string, unknown> = {}): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
    this.rateLimited(`drop:${reason}`, () => ({ reason, detail, ...ctx }), 'OSPF packet dropped');
  }

  /** §10.3 SeqNumberMismatch / BadLSReq: the Database Exchange started over. */
  exchangeRestart(cause: string, reason: string, ctx: Record<string, unknown>): void {
    this.exchangeRestarts++;
    this.rateLimited(`restart:${reason}`, () => ({ cause, reason, ...ctx }), 'OSPF database exchange restarted');
  }

  sendError(ifname: string, error: string): void {
    this.sendErrors++;
    this.rateLimited(`send:${ifname}`, () => ({ ifname, error }), 'OSPF send failed');
  }

  /** Log `msg` at warn level at most once per interval per key, saying how many were suppressed. */
  rateLimited(key: string, obj: () => object, msg: string): void {
    const now = this.clock.now();
    const s = this.logged.get(key);
    if (s && now - s.at < LOG_INTERVAL_MS) {
      s.suppressed++;
      return;
    }
    const suppressed = s?.suppressed ?? 0;
    this.logged.set(key, { at: now, suppressed: 0 });
    this.log.warn({ ...obj(), ...(suppressed > 0 ? { suppressedSinceLast: suppressed } : {}) }, msg);
  }

  dropTotals(): Record<string, number> {
    return Object.fromEntries([...this.drops].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
