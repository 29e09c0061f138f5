/**
 * Benchmark agent: one process per role, started by the harness inside a network namespace and pinned to a
 * CPU (`ip netns exec NS taskset -c C node dist/bench/agent.js '<spec JSON>'`). Roles:
 *
 *  send    the generator: pre-encodes unique prefixes into full 4096-octet UPDATEs with one shared attribute
 *          set (and the matching withdrawals), opens its sessions (OPEN / KEEPALIVE), then on command blasts
 *          the buffers and sends End-of-RIB (RFC 4724 §2).
 *  recv    the receiver: one session; timestamps every benchmark prefix when it arrives and counts exactly
 *          (a bitmap, so re-announcements are not counted twice); says when all are present, and when none is.
 *  fibmon  counts this namespace's kernel routes to the benchmark prefixes from rtnetlink events (re-dumping
 *          if events were lost) and confirms a count with a fresh dump.
 *
 * Speaks JSON lines: spec on argv, commands on stdin, events on stdout (bench/harness/protocol.ts).
 */
import { connect, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { endOfRib } from '../bgp/packet/index.js';
import type { UpdateMsg } from '../bgp/packet/types.js';
import { AF_INET, RTM_DELROUTE, RTM_NEWROUTE, RTNLGRP_IPV4_ROUTE } from '../fib/netlink/constants.js';
import { routeDump } from '../fib/netlink/requests.js';
import { NetlinkMonitor, NetlinkSocket } from '../fib/netlink/socket.js';
import { parseIPv4 } from '../lib/prefix.js';
import { type Planned, plan } from './harness/generator.js';
import { prefixIndex } from './harness/prefixes.js';
import type { AgentCommand, AgentEvent, AgentSpec, FibMonSpec, RecvSpec, SendSpec } from './harness/protocol.js';
import { now, Speaker } from './harness/speaker.js';
import { quantileSorted } from './harness/stats.js';

const MAIN_TABLE = 254;

function emit(e: AgentEvent): void {
  process.stdout.write(`${JSON.stringify(e)}\n`);
}

/** Set once the coordinator said close: sessions going down are expected from then on. */
let closing = false;

function die(message: string): never {
  if (closing) process.exit(0);
  emit({ ev: 'error', message });
  process.exit(1);
}

function commands(fn: (c: AgentCommand) => void): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (l) => {
    if (l.trim() !== '') fn(JSON.parse(l) as AgentCommand);
  });
  rl.on('close', () => process.exit(0));
}

function addr(s: string): number {
  return parseIPv4(s) ?? die(`not an IPv4 address: ${s}`);
}

/** Connect, retrying while the peer is not listening yet. */
async function connectRetry(local: string, remote: string, port: number, deadline: number): Promise<Socket> {
  for (;;) {
    const r = await new Promise<Socket | Error>((resolve) => {
      const s = connect({ host: remote, port, localAddress: local });
      s.once('connect', () => resolve(s));
      s.once('error', (e) => {
        s.destroy();
        resolve(e);
      });
    });
    if (!(r instanceof Error)) return r;
    if (now() > deadline) throw new Error(`connect ${local} -> ${remote}:${port}: ${r.message}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

// ---- send ----

async function runSender(spec: SendSpec): Promise<void> {
  const t = now();
  const plans = spec.sessions.map((s) => plan(s, addr(s.local)));
  emit({
    ev: 'encoded',
    ms: now() - t,
    bytes: plans.reduce((a, p) => a + p.announce.length, 0),
    messages: plans.reduce((a, p) => a + p.messages, 0),
  });
  const deadline = now() + spec.connectTimeoutMs;
  let echoed = 0;
  const speakers = await Promise.all(
    plans.map(async (p) => {
      const sock = await connectRetry(p.s.local, p.s.remote, p.s.port, deadline);
      return new Promise<Speaker>((resolve) => {
        const sp: Speaker = new Speaker(
          sock,
          { localAs: p.s.localAs, bgpId: addr(p.s.local) },
          {
            established: () => {
              if (!sp.ctx.fourOctetAs) die(`${p.s.remote} did not negotiate 4-octet AS`);
              resolve(sp);
            },
            update: (m) => {
              echoed += m.nlri.length;
            },
            closed: (why) => die(`session ${p.s.local} -> ${p.s.remote}: ${why}`),
          },
        );
      });
    }),
  );
  emit({ ev: 'ready' });
  const blast = (what: 'announce' | 'withdraw') => {
    const t0 = now();
    let left = speakers.length;
    let bytes = 0;
    speakers.forEach((sp, i) => {
      const buf = (plans[i] as Planned)[what];
      bytes += buf.length;
      sp.write(buf, () => {
        if (--left === 0) emit({ ev: 'sent', what, t0, tWritten: now(), bytes });
      });
      if (what === 'announce') sp.write(endOfRib(1, 1, sp.ctx));
    });
  };
  commands((c) => {
    if (c.cmd === 'announce' || c.cmd === 'withdraw') blast(c.cmd);
    else if (c.cmd === 'stats') {
      const updates = speakers.reduce((a, s) => a + s.rxUpdates, 0);
      const bytes = speakers.reduce((a, s) => a + s.rxBytes, 0);
      emit({ ev: 'stats', present: 0, updates, bytes, foreign: 0, echoed });
    } else if (c.cmd === 'close') {
      closing = true;
      for (const sp of speakers) sp.close('done', true);
      setTimeout(() => process.exit(0), 200).unref();
    }
  });
}

// ---- recv ----

class Counter {
  readonly present: Uint8Array;
  readonly arrival: Float64Array;
  count = 0;
  foreign = 0;
  tFirst = -1;
  private wasFull = false;
  private wasEmptied = false;

  constructor(readonly total: number) {
    this.present = new Uint8Array(total);
    this.arrival = new Float64Array(total);
  }

  add(key: number | string, t: number): void {
    const i = typeof key === 'number' ? prefixIndex(key, this.total) : -1;
    if (i < 0) {
      this.foreign++;
      return;
    }
    if (this.present[i] === 1) return;
    this.present[i] = 1;
    this.arrival[i] = t;
    if (this.tFirst < 0) this.tFirst = t;
    this.count++;
  }

  del(key: number | string): void {
    const i = typeof key === 'number' ? prefixIndex(key, this.total) : -1;
    if (i < 0 || this.present[i] === 0) return;
    this.present[i] = 0;
    this.count--;
  }

  /** Report crossing into full, and into empty after full. */
  check(t: number, withQuantiles: boolean): void {
    if (!this.wasFull && this.count === this.total) {
      this.wasFull = true;
      emit({ ev: 'full', t, tFirst: this.tFirst, ...(withQuantiles ? { quantiles: this.quantiles() } : {}) });
    } else if (this.wasFull && !this.wasEmptied && this.count === 0) {
      this.wasEmptied = true;
      emit({ ev: 'empty', t });
    }
  }

  private quantiles() {
    const s = Float64Array.from(this.arrival).sort();
    const q = (x: number) => quantileSorted(s, x) - this.tFirst;
    return { p50: q(0.5), p90: q(0.9), p99: q(0.99), p100: q(1) };
  }
}

function onUpdate(c: Counter, m: UpdateMsg, t: number): void {
  const asWithdraw = m.errors.some((e) => e.action === 'treatAsWithdraw');
  for (const k of m.withdrawn) c.del(k);
  for (const k of m.attrs?.mpUnreach?.withdrawn ?? []) c.del(k);
  for (const k of m.nlri) asWithdraw ? c.del(k) : c.add(k, t);
  for (const k of m.attrs?.mpReach?.nlri ?? []) asWithdraw ? c.del(k) : c.add(k, t);
  c.check(t, true);
}

async function recvSockets(spec: RecvSpec): Promise<Socket[]> {
  if (spec.mode === 'connect')
    return [await connectRetry(spec.local, spec.remote, spec.port, now() + spec.connectTimeoutMs)];
  return new Promise((resolve) => {
    const got: Socket[] = [];
    const srv = createServer((s) => {
      got.push(s);
      if (got.length === spec.accept) {
        srv.close();
        resolve(got);
      }
    });
    srv.listen(spec.port, spec.local);
  });
}

async function runReceiver(spec: RecvSpec): Promise<void> {
  const c = new Counter(spec.total);
  const socks = await recvSockets(spec);
  let up = 0;
  const speakers = socks.map(
    (sock) =>
      new Speaker(
        sock,
        { localAs: spec.localAs, bgpId: addr(spec.local) },
        {
          established: () => {
            if (++up === socks.length) emit({ ev: 'ready' });
          },
          update: (m, t) => onUpdate(c, m, t),
          closed: (why) => die(`receiver session: ${why}`),
        },
      ),
  );
  commands((cmd) => {
    if (cmd.cmd === 'stats') {
      const updates = speakers.reduce((a, s) => a + s.rxUpdates, 0);
      const bytes = speakers.reduce((a, s) => a + s.rxBytes, 0);
      emit({ ev: 'stats', present: c.count, updates, bytes, foreign: c.foreign });
    } else if (cmd.cmd === 'close') {
      closing = true;
      for (const sp of speakers) sp.close('done', true);
      setTimeout(() => process.exit(0), 200).unref();
    }
  });
}

// ---- fibmon ----

async function runFibMon(spec: FibMonSpec): Promise<void> {
  const c = new Counter(spec.total);
  const mon = NetlinkMonitor.open({ groups: [RTNLGRP_IPV4_ROUTE], rcvbuf: 256 << 20 });
  if (!mon.ok) die(`netlink monitor: ${mon.error.code}`);
  const sock = NetlinkSocket.open({});
  if (!sock.ok) die(`netlink socket: ${sock.error.code}`);
  const nl = sock.value;
  let redumping = false;
  /** A fresh dump: how many benchmark routes the main table holds, and (with `reset`) the bitmap from it. */
  const dump = async (reset: boolean): Promise<number> => {
    const d = await nl.dump(routeDump(AF_INET, { table: MAIN_TABLE }));
    if (!d.ok) die(`route dump: ${d.error.message}`);
    const seen = new Counter(spec.total);
    for (const m of d.value) if (m.kind === 'route' && m.route.table === MAIN_TABLE) seen.add(m.route.dst, 0);
    if (reset) {
      c.present.set(seen.present);
      c.count = seen.count;
    }
    return seen.count;
  };
  mon.value.on('message', (m) => {
    if (m.kind !== 'route' || m.route.table !== MAIN_TABLE) return;
    const t = now();
    if (m.type === RTM_NEWROUTE) c.add(m.route.dst, t);
    else if (m.type === RTM_DELROUTE) c.del(m.route.dst);
    c.check(t, false);
  });
  mon.value.on('resync', () => {
    if (redumping) return;
    redumping = true;
    void dump(true).then(() => {
      redumping = false;
      c.check(now(), false);
    });
  });
  await dump(true);
  emit({ ev: 'ready' });
  commands((cmd) => {
    if (cmd.cmd === 'stats')
      emit({
        ev: 'stats',
        present: c.count,
        updates: 0,
        bytes: 0,
        foreign: c.foreign,
        resyncs: mon.value.stats.resyncs,
      });
    else if (cmd.cmd === 'confirm') {
      const t = now();
      void dump(false).then((count) => emit({ ev: 'confirm', count, ms: now() - t }));
    } else if (cmd.cmd === 'close') {
      mon.value.close();
      nl.close();
      process.exit(0);
    }
  });
}

const spec = JSON.parse(process.argv[2] ?? '{}') as AgentSpec;
const main = spec.role === 'send' ? runSender(spec) : spec.role === 'recv' ? runReceiver(spec) : runFibMon(spec);
main.catch((e: unknown) => die((e as Error).message));
