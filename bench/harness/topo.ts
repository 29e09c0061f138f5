/**
 * The benchmark topology, three network namespaces joined by veth pairs:
 *
 *   gen  eth0 10.0.1.1x/24 (one address per sender) ---- s0 10.0.1.2/24  dut  r0 10.0.2.2/24 ---- eth0 10.0.2.1/24  rcv
 *   gen  p0   10.0.3.1x/24 -------------------------------------------------------------------- p0   10.0.3.2/24  rcv
 *
 * `dut` holds the daemon under test, `gen` the generator, `rcv` the receiver; the p0 link carries the
 * pass-through baseline (generator straight to receiver). Namespace names carry the harness's pid, so
 * leftovers of a crashed run are recognisable (`cleanupStale`) and concurrent runs never collide.
 */
import { inNs, ip, listNamespaces, nsPids, stopPids } from '../../lab/sh.js';

export const NS_PREFIX = 'nvb';

export const ADDR = {
  dutSenderSide: '10.0.1.2',
  dutReceiverSide: '10.0.2.2',
  receiver: '10.0.2.1',
  receiverBaseline: '10.0.3.2',
  /** Sender i (0-based) of the daemon runs. */
  sender: (i: number) => `10.0.1.${11 + i}`,
  /** Sender i of the pass-through baseline. */
  senderBaseline: (i: number) => `10.0.3.${11 + i}`,
} as const;

export const MAX_SENDERS = 200;

export class Topology {
  readonly gen: string;
  readonly dut: string;
  readonly rcv: string;

  constructor(
    readonly tag: string,
    readonly senders: number,
  ) {
    if (senders < 1 || senders > MAX_SENDERS) throw new RangeError(`1..${MAX_SENDERS} senders`);
    this.gen = `${NS_PREFIX}${tag}-gen`;
    this.dut = `${NS_PREFIX}${tag}-dut`;
    this.rcv = `${NS_PREFIX}${tag}-rcv`;
  }

  get namespaces(): string[] {
    return [this.gen, this.dut, this.rcv];
  }

  up(): void {
    for (const ns of this.namespaces) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    this.link(this.gen, 'eth0', this.dut, 's0');
    this.link(this.dut, 'r0', this.rcv, 'eth0');
    this.link(this.gen, 'p0', this.rcv, 'p0');
    for (let i = 0; i < this.senders; i++) {
      this.addr(this.gen, 'eth0', ADDR.sender(i));
      this.addr(this.gen, 'p0', ADDR.senderBaseline(i));
    }
    this.addr(this.dut, 's0', ADDR.dutSenderSide);
    this.addr(this.dut, 'r0', ADDR.dutReceiverSide);
    this.addr(this.rcv, 'eth0', ADDR.receiver);
    this.addr(this.rcv, 'p0', ADDR.receiverBaseline);
    // Kernel FIB installs in dut are not forwarded anywhere; forwarding is on only so routes look as on a router.
    inNs(this.dut, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  }

  private link(a: string, aIf: string, b: string, bIf: string): void {
    ip('link', 'add', aIf, 'netns', a, 'type', 'veth', 'peer', 'name', bIf, 'netns', b);
    ip('-n', a, 'link', 'set', aIf, 'up');
    ip('-n', b, 'link', 'set', bIf, 'up');
  }

  private addr(ns: string, dev: string, a: string): void {
    ip('-n', ns, 'addr', 'add', `${a}/24`, 'dev', dev);
  }

  /** Stop every process still inside our namespaces (all of them ours), then delete the namespaces. */
  async down(): Promise<void> {
    const mine = new Set(this.namespaces);
    const present = listNamespaces().filter((n) => mine.has(n));
    const pids = present.flatMap(nsPids);
    await stopPids(pids, 5000);
    for (const ns of present) ip('netns', 'del', ns);
  }
}

/** Remove namespaces of earlier harness runs whose process is gone (a crash or a kill -9). */
export async function cleanupStale(): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of listNamespaces()) {
    const m = new RegExp(`^${NS_PREFIX}(\\d+)(r\\d+)?-(gen|dut|rcv|fib)$`).exec(ns);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    await stopPids(nsPids(ns), 5000);
    ip('netns', 'del', ns);
    removed.push(ns);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
