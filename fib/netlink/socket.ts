/**
 * NETLINK_ROUTE sockets over the native addon: batched requests with per-request ACKs, multipart dumps,
 * and a monitor for kernel events (RFC 3549 §2.3; include/uapi/linux/netlink.h).
 *
 * Requests: many messages per send(), each with its own sequence number and NLM_F_ACK. The kernel runs
 * rtnetlink requests inside send() (netlink_unicast_kernel -> rtnetlink_rcv), so when send() returns every
 * ACK of the batch is already queued on our socket: we drain them without waiting and map each NLMSG_ERROR
 * back to its request by seq. A batch is bounded by bytes (default 256 KiB) and by how many ACKs fit in the
 * receive buffer (each ACK is its own datagram, ~1 KiB of buffer accounting), so an ACK is never dropped;
 * if one is anyway (ENOBUFS), the requests without an ACK are reported as ENOBUFS: outcome unknown, resync.
 *
 * Dumps: NLM_F_DUMP, collected until NLMSG_DONE; NLM_F_DUMP_INTR (the table changed during the dump) means
 * the dump is retried. Monitor: a separate socket in the rtnetlink groups; ENOBUFS there means events were
 * lost, which is reported as a 'resync' event (the FIB re-dumps) and reading goes on.
 *
 * Sockets live in the network namespace of the process that opens them (`ip netns exec NS node ...`).
 */
import { EventEmitter } from 'node:events';
import { Writer } from '../../lib/bytes.js';
import { err, ok, type Result } from '../../lib/result.js';
import {
  bindNetlink,
  C,
  close,
  getsockname,
  getsockoptInt,
  POLL_READABLE,
  Poller,
  recvBatch,
  type SysError,
  send,
  setsockoptInt,
  socket,
} from '../../native/index.js';
import {
  AckCollector,
  type AckResult,
  ackOf,
  DumpCollector,
  EPROTO,
  fromDecode,
  type NetlinkError,
  netlinkError,
} from './collect.js';
import {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_ERROR,
  RTM_NEWROUTE,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV6_IFADDR,
  RTNLGRP_IPV6_ROUTE,
  RTNLGRP_LINK,
  RTNLGRP_NEIGH,
} from './constants.js';
import { decodeBody, encodeRequest, type RtnlMessage, type RtnlRequest } from './message.js';
import { forEachMessage, type NlDecodeError, type NlMsgHdr, NlView } from './nlmsg.js';

export type { AckResult, NetlinkError } from './collect.js';

const EINTR = 4;
const ENOBUFS = 105;

const MIB = 1024 * 1024;
const DEFAULT_RCVBUF = 32 * MIB;
const DEFAULT_BATCH = 256 * 1024;
/** Receive buffer per socket; a drain stops when less than one maximal datagram of room is left. */
const RX_BUF = 1 * MIB;
const MAX_DATAGRAM = 64 * 1024;
/** Receive-buffer accounting of one ACK datagram (skb truesize), rounded up. */
const ACK_COST = 1024;

function fromSys(e: SysError): NetlinkError {
  return netlinkError(e.errno, `${e.syscall}: ${e.code}`);
}

/** SO_RCVBUFFORCE/SO_SNDBUFFORCE (CAP_NET_ADMIN), else the plain option (capped by rmem_max/wmem_max). */
function sizeBuffer(fd: number, force: number, plain: number, size: number): number {
  const c = C();
  if (!setsockoptInt(fd, c.SOL_SOCKET, force, size).ok) setsockoptInt(fd, c.SOL_SOCKET, plain, size);
  const got = getsockoptInt(fd, c.SOL_SOCKET, plain);
  // The kernel reports the doubled value it accounts with.
  return got.ok ? got.value : 0;
}

export interface RawSocket {
  fd: number;
  portId: number;
  rcvbuf: number;
  sndbuf: number;
}

/** A bound NETLINK_ROUTE socket with its buffers sized (`sndbuf` 0: left as it is) and `groups` joined. */
export function openRaw(rcvbuf: number, sndbuf: number, groups: readonly number[]): Result<RawSocket, SysError> {
  const c = C();
  const s = socket(c.AF_NETLINK, c.SOCK_RAW, c.NETLINK_ROUTE);
  if (!s.ok) return s;
  const fd = s.value;
  const fail = (e: SysError): Result<RawSocket, SysError> => {
    close(fd);
    return err(e);
  };
  const rb = sizeBuffer(fd, c.SO_RCVBUFFORCE, c.SO_RCVBUF, rcvbuf);
  const sb = sndbuf > 0 ? sizeBuffer(fd, c.SO_SNDBUFFORCE, c.SO_SNDBUF, sndbuf) : 0;
  const b = bindNetlink(fd);
  if (!b.ok) return fail(b.error);
  for (const g of groups) {
    const m = setsockoptInt(fd, c.SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g);
    if (!m.ok) return fail(m.error);
  }
  const name = getsockname(fd);
  if (!name.ok) return fail(name.error);
  return ok({ fd, portId: name.value.port, rcvbuf: rb, sndbuf: sb });
}

/** Shared receive machinery: one buffer per socket, drained in batches, and a readiness wait. */
class Receiver {
  readonly rx = new Uint8Array(RX_BUF);
  readonly view = new NlView(this.rx);
  private readonly out = new Int32Array(3);
  private poller: Poller | undefined;
  private wake: ((e: SysError | undefined) => void) | undefined;

  constructor(readonly fd: number) {}

  /** Receives what is queued and walks its messages. `stop` undefined: out of room, call again. */
  drain(fn: (h: NlMsgHdr, start: number, end: number) => void): { stop: SysError | undefined; bad?: NlDecodeError } {
    const r = recvBatch(this.fd, this.rx, MAX_DATAGRAM, this.out);
    if (r.bytes === 0) return { stop: r.error };
    const p = forEachMessage(this.view, r.bytes, fn);
    return p.ok ? { stop: r.error } : { stop: r.error, bad: p.error };
  }

  /** Resolves when the socket is readable (undefined) or reports an error (e.g. ENOBUFS). */
  readable(): Promise<SysError | undefined> {
    if (!this.poller)
      this.poller = new Poller(this.fd, (e) => {
        this.poller?.stop();
        const w = this.wake;
        this.wake = undefined;
        w?.(e);
      });
    const p = this.poller;
    return new Promise((resolve) => {
      this.wake = resolve;
      const s = p.start(POLL_READABLE);
      if (!s.ok) {
        this.wake = undefined;
        resolve(s.error);
      }
    });
  }

  close(): void {
    this.poller?.close();
    this.poller = undefined;
    const w = this.wake;
    this.wake = undefined;
    w?.({ kind: 'sys', syscall: 'poll', errno: 9, code: 'EBADF' });
  }
}

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Bytes per send() for a wanted batch: it must fit the send buffer (netlink_sendmsg: len <= sk_sndbuf - 32). */
export function batchBytesFor(wanted: number, sndbuf: number): number {
  return Math.max(4096, Math.min(wanted, sndbuf > 0 ? sndbuf / 2 - 32 : wanted));
}

export interface NetlinkSocketOptions {
  /** Receive buffer (default 32 MiB; needs CAP_NET_ADMIN beyond net.core.rmem_max). */
  rcvbuf?: number;
  /** Bytes of requests per send() (default 256 KiB). */
  batchBytes?: number;
  /** How often an interrupted dump is retried (default 5). */
  dumpRetries?: number;
}

/** A NETLINK_ROUTE request socket. Operations run one at a time, in call order. */
export class NetlinkSocket {
  readonly fd: number;
  /** Our netlink port id (nl_pid); the kernel addresses replies to it. */
  readonly portId: number;
  /** Effective receive buffer as the kernel accounts it. */
  readonly rcvbuf: number;
  /** Whether the kernel sends extended ACKs (error text) and checks GET requests strictly. */
  readonly extAck: boolean;
  readonly strictCheck: boolean;
  private readonly rx: Receiver;
  private readonly batchBytes: number;
  private readonly maxInflight: number;
  private readonly dumpRetries: number;
  /** send() calls and messages sent, for metrics and for tests of the batching. */
  readonly stats = { sends: 0, messages: 0 };
  private seq = 1;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(raw: RawSocket, o: NetlinkSocketOptions) {
    const c = C();
    this.fd = raw.fd;
    this.portId = raw.portId;
    this.rcvbuf = raw.rcvbuf;
    this.rx = new Receiver(raw.fd);
    this.batchBytes = batchBytesFor(o.batchBytes ?? DEFAULT_BATCH, raw.sndbuf);
    this.maxInflight = Math.max(16, Math.min(16384, Math.floor(raw.rcvbuf / 2 / ACK_COST)));
    this.dumpRetries = o.dumpRetries ?? 5;
    this.extAck = setsockoptInt(raw.fd, c.SOL_NETLINK, NETLINK_EXT_ACK, 1).ok;
    this.strictCheck = setsockoptInt(raw.fd, c.SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1).ok;
    // Error ACKs then echo only the request header: we map by seq and need no more.
    setsockoptInt(raw.fd, c.SOL_NETLINK, NETLINK_CAP_ACK, 1);
  }

  static open(o: NetlinkSocketOptions = {}): Result<NetlinkSocket, SysError> {
    const batch = o.batchBytes ?? DEFAULT_BATCH;
    const raw = openRaw(o.rcvbuf ?? DEFAULT_RCVBUF, batch + 64 * 1024, []);
    return raw.ok ? ok(new NetlinkSocket(raw.value, o)) : raw;
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('NetlinkSocket: used after close');
    const run = this.tail.then(op, op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends every request (NLM_F_REQUEST | NLM_F_ACK added) in as few send() calls as the batch size allows
   * and resolves with one result per request, in order. Never rejects on kernel or socket errors.
   */
  request(reqs: readonly RtnlRequest[]): Promise<AckResult[]> {
    return this.enqueue(() => this.doRequest(reqs));
  }

  private async doRequest(reqs: readonly RtnlRequest[]): Promise<AckResult[]> {
    const results: (AckResult | undefined)[] = new Array(reqs.length);
    let i = 0;
    while (i < reqs.length) {
      if (i > 0) await yieldToLoop();
      const first = i;
      const seq0 = this.seq;
      const w = new Writer(this.batchBytes + 64 * 1024);
      while (i < reqs.length && i - first < this.maxInflight && (i === first || w.length < this.batchBytes)) {
        encodeRequest(w, reqs[i] as RtnlRequest, (seq0 + i - first) >>> 0, 0, NLM_F_REQUEST | NLM_F_ACK);
        i++;
      }
      this.seq = (seq0 + i - first) >>> 0;
      const sent = this.closed ? err(closedError()) : this.send(w, i - first);
      if (!sent.ok) results.fill(err(fromSys(sent.error)), first, i);
      else this.collectAcks(seq0, first, i - first, results);
    }
    return results as AckResult[];
  }

  private collectAcks(seq0: number, first: number, count: number, results: (AckResult | undefined)[]): void {
    const acks = new AckCollector(seq0, count);
    const v = this.rx.view;
    const onMsg = (h: NlMsgHdr, start: number, end: number) => acks.onMessage(v, h, start, end);
    let lost: NetlinkError | undefined;
    while (acks.pending > 0) {
      const d = this.rx.drain(onMsg);
      if (d.bad) lost = fromDecode(d.bad);
      if (d.stop === undefined) continue;
      if (d.stop.code === 'ENOBUFS') {
        lost = netlinkError(ENOBUFS, 'acknowledgement lost (receive queue overrun): outcome unknown, resync');
        continue;
      }
      // EAGAIN: the kernel processed the whole batch inside send(), so nothing more will come.
      if (d.stop.code !== 'EAGAIN') lost = fromSys(d.stop);
      break;
    }
    const got = acks.finish(lost ?? netlinkError(EPROTO, 'no acknowledgement from the kernel'));
    for (let k = 0; k < count; k++) results[first + k] = got[k];
  }

  /** One multipart dump (NLM_F_DUMP added), retried while the kernel flags it NLM_F_DUMP_INTR. */
  dump(req: RtnlRequest): Promise<Result<RtnlMessage[], NetlinkError>> {
    return this.enqueue(async () => {
      for (let attempt = 0; ; attempt++) {
        const r = await this.dumpOnce(req);
        if (!r.ok) return r;
        if (!r.value.interrupted || r.value.failure) return r.value.result();
        if (attempt >= this.dumpRetries)
          return err(netlinkError(EINTR, `dump interrupted ${attempt + 1} times (NLM_F_DUMP_INTR)`));
      }
    });
  }

  private async dumpOnce(req: RtnlRequest): Promise<Result<DumpCollector, NetlinkError>> {
    const seq = this.nextSeq();
    const w = new Writer(256);
    encodeRequest(w, req, seq, 0, NLM_F_REQUEST | NLM_F_DUMP);
    if (this.closed) return err(fromSys(closedError()));
    const s = this.send(w, 1);
    if (!s.ok) return err(fromSys(s.error));
    const dump = new DumpCollector(seq);
    const v = this.rx.view;
    const onMsg = (h: NlMsgHdr, start: number, end: number) => dump.onMessage(v, h, start, end);
    while (!dump.done) {
      const d = this.rx.drain(onMsg);
      if (d.bad) dump.failure ??= fromDecode(d.bad);
      if (dump.done || d.stop === undefined) continue;
      if (d.stop.code !== 'EAGAIN') return err(fromSys(d.stop));
      // The kernel fills the next part of a dump as we read; wait for it.
      const e = await this.rx.readable();
      if (e && e.code !== 'ENOBUFS') return err(fromSys(e));
    }
    return ok(dump);
  }

  /** A single GET (no dump): the kernel's one reply, or its error. */
  get(req: RtnlRequest): Promise<Result<RtnlMessage, NetlinkError>> {
    return this.enqueue(async () => {
      const seq = this.nextSeq();
      const w = new Writer(256);
      encodeRequest(w, req, seq, 0, NLM_F_REQUEST);
      if (this.closed) return err(fromSys(closedError()));
      const s = this.send(w, 1);
      if (!s.ok) return err(fromSys(s.error));
      let reply: Result<RtnlMessage, NetlinkError> | undefined;
      const v = this.rx.view;
      const onMsg = (h: NlMsgHdr, start: number, end: number) => {
        if (h.seq !== seq || reply) return;
        if (h.type === NLMSG_ERROR) {
          const a = ackOf(v, h, start, end);
          reply = a.ok ? err(netlinkError(EPROTO, 'ACK without a reply')) : a;
          return;
        }
        const m = decodeBody(v, h, start, end);
        reply = m.ok ? m : err(fromDecode(m.error));
      };
      for (;;) {
        const d = this.rx.drain(onMsg);
        if (reply) return reply;
        if (d.stop === undefined) continue;
        // Like ACKs, a GET is answered inside send(): EAGAIN with no reply means none is coming.
        return err(d.stop.code === 'EAGAIN' ? netlinkError(EPROTO, 'no reply from the kernel') : fromSys(d.stop));
      }
    });
  }

  private send(w: Writer, messages: number): Result<number, SysError> {
    this.stats.sends++;
    this.stats.messages += messages;
    return send(this.fd, w.finish());
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = (s + 1) >>> 0;
    return s;
  }

  /** Closes the socket; operations still queued resolve with EBADF. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rx.close();
    close(this.fd);
  }
}

function closedError(): SysError {
  return { kind: 'sys', syscall: 'send', errno: 9, code: 'EBADF' };
}

// ---- monitor ----

/** The groups a FIB manager follows: links, addresses, routes (both families) and neighbours. */
export const MONITOR_GROUPS: readonly number[] = [
  RTNLGRP_LINK,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV6_IFADDR,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV6_ROUTE,
  RTNLGRP_NEIGH,
];

export interface NetlinkMonitorOptions {
  /** RTNLGRP_* numbers (default MONITOR_GROUPS); RTNLGRP_NEXTHOP (32) works too. */
  groups?: readonly number[];
  rcvbuf?: number;
  /**
   * Skip RTM_NEWROUTE events of this protocol before decoding them: our own installs echo back as events,
   * a million of them at start-up. Deletions are still delivered (someone removed our route).
   */
  ignoreNewRoutesOfProtocol?: number;
}

export interface MonitorStats {
  messages: number;
  ignored: number;
  resyncs: number;
  decodeErrors: number;
}

type MonitorEvents = {
  /** A decoded kernel event (RTM_NEWROUTE, RTM_DELLINK, ...). */
  message: [RtnlMessage];
  /** Events were lost (ENOBUFS): the listener must re-dump its state. */
  resync: [NetlinkError];
  /** A message that did not decode (skipped). */
  'decode-error': [NlDecodeError];
};

/** Kernel event subscription on its own socket; starts reading at once. */
export class NetlinkMonitor extends EventEmitter<MonitorEvents> {
  readonly fd: number;
  readonly rcvbuf: number;
  readonly stats: MonitorStats = { messages: 0, ignored: 0, resyncs: 0, decodeErrors: 0 };
  private readonly rx: Receiver;
  private readonly poller: Poller;
  private readonly ignoreProto: number;
  private closed = false;

  private constructor(raw: RawSocket, o: NetlinkMonitorOptions) {
    super();
    this.fd = raw.fd;
    this.rcvbuf = raw.rcvbuf;
    this.rx = new Receiver(raw.fd);
    this.ignoreProto = o.ignoreNewRoutesOfProtocol ?? -1;
    this.poller = new Poller(raw.fd, (e) => this.onReady(e));
  }

  static open(o: NetlinkMonitorOptions = {}): Result<NetlinkMonitor, SysError> {
    const raw = openRaw(o.rcvbuf ?? DEFAULT_RCVBUF, 0, o.groups ?? MONITOR_GROUPS);
    if (!raw.ok) return raw;
    const m = new NetlinkMonitor(raw.value, o);
    const s = m.poller.start(POLL_READABLE);
    if (!s.ok) {
      m.close();
      return s;
    }
    return ok(m);
  }

  /** Let the process exit even while monitoring. */
  unref(): this {
    this.poller.unref();
    return this;
  }

  private resync(cause: SysError): void {
    this.stats.resyncs++;
    this.emit('resync', netlinkError(cause.errno, 'netlink events lost (receive queue overrun): dump again'));
  }

  private onReady(e: SysError | undefined): void {
    if (e?.code === 'ENOBUFS') this.resync(e);
    const v = this.rx.view;
    const onMsg = (h: NlMsgHdr, start: number, end: number) => {
      if (this.closed) return;
      if (h.type === RTM_NEWROUTE && end - start >= 12 && v.u8(start + 5) === this.ignoreProto) {
        this.stats.ignored++;
        return;
      }
      const m = decodeBody(v, h, start, end);
      if (!m.ok) {
        this.stats.decodeErrors++;
        this.emit('decode-error', m.error);
        return;
      }
      this.stats.messages++;
      this.emit('message', m.value);
    };
    while (!this.closed) {
      const d = this.rx.drain(onMsg);
      if (d.bad) {
        // A truncated datagram loses events just as an overrun does.
        this.stats.decodeErrors++;
        this.emit('decode-error', d.bad);
        this.resync({ kind: 'sys', syscall: 'recv', errno: ENOBUFS, code: 'ENOBUFS' });
      }
      if (d.stop === undefined) continue;
      if (d.stop.code === 'ENOBUFS') {
        this.resync(d.stop);
        continue;
      }
      return;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.poller.close();
    this.rx.close();
    close(this.fd);
  }
}
