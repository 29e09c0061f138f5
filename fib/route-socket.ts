/**
 * The FIB's own NETLINK_ROUTE socket for the two bulk operations of a 1M-route table:
 *
 * Route writes answered only when they fail: requests without NLM_F_ACK (RFC 3549 §2.3.2.3; the kernel
 * then sends NLMSG_ERROR for a refused request and nothing for a successful one).
 *
 * rtnetlink runs every request inside send() (netlink_unicast_kernel -> rtnetlink_rcv), so when send()
 * returns, the errors of the whole batch are already queued on the socket: draining it until EAGAIN gives
 * every failure, mapped back by sequence number, and the requests without one succeeded. Compared with an
 * ACK per request (fib/netlink/socket.ts) the kernel allocates and queues one datagram less per route and
 * we receive one less: on Linux 6.18 about 40% more routes per second (bench/README-fib.md). If the
 * receive queue overruns (ENOBUFS) an error may have been lost: the requests of that send without an
 * answer are reported as ENOBUFS (outcome unknown), and the caller re-reads the table.
 *
 * Streaming dumps: each dumped route is decoded and handed to a callback as it is read, and nothing is
 * kept, so reading a table of a million routes costs a few MiB instead of the ~1.3 GiB of collecting every
 * message first (fib/netlink/socket.ts `dump`). NLM_F_DUMP_INTR (the table changed meanwhile) is reported
 * to the caller, who decides whether to read again.
 *
 * Operations run one at a time, in call order.
 */
import { Writer } from '../lib/bytes.js';
import { err, ok, type Result } from '../lib/result.js';
import { C, close, POLL_READABLE, Poller, recvBatch, type SysError, send, setsockoptInt } from '../native/index.js';
import { ACK_OK, type AckResult, ackOf, fromDecode, type NetlinkError, netlinkError } from './netlink/collect.js';
import {
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
} from './netlink/constants.js';
import { decodeBody, encodeRequest, type RtnlMessage, type RtnlRequest } from './netlink/message.js';
import { decodeDone, forEachMessage, type NlMsgHdr, NlView } from './netlink/nlmsg.js';
import { batchBytesFor, openRaw, yieldToLoop } from './netlink/socket.js';

const MIB = 1024 * 1024;
const ENOBUFS = 105;
const MAX_DATAGRAM = 64 * 1024;

export interface RouteSocketOptions {
  /** Receive buffer for the error answers (default 32 MiB; CAP_NET_ADMIN beyond rmem_max). */
  rcvbuf?: number;
  /** Bytes of requests per send() (default 256 KiB). */
  batchBytes?: number;
}

function fromSys(e: SysError): NetlinkError {
  return netlinkError(e.errno, `${e.syscall}: ${e.code}`);
}

export class RouteSocket {
  private readonly rx = new Uint8Array(MIB);
  private readonly view = new NlView(this.rx);
  private readonly out = new Int32Array(3);
  private seq = 1;
  private closed = false;
  private tail: Promise<unknown> = Promise.resolve();
  /** send() calls and messages sent. */
  readonly stats = { sends: 0, messages: 0, errors: 0 };

  private constructor(
    readonly fd: number,
    private readonly batchBytes: number,
  ) {}

  static open(o: RouteSocketOptions = {}): Result<RouteSocket, SysError> {
    const c = C();
    const batch = o.batchBytes ?? 256 * 1024;
    const raw = openRaw(o.rcvbuf ?? 32 * MIB, batch + 64 * 1024, []);
    if (!raw.ok) return raw;
    setsockoptInt(raw.value.fd, c.SOL_NETLINK, NETLINK_EXT_ACK, 1);
    setsockoptInt(raw.value.fd, c.SOL_NETLINK, NETLINK_CAP_ACK, 1);
    return ok(new RouteSocket(raw.value.fd, batchBytesFor(batch, raw.value.sndbuf)));
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op, op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Sends every request and resolves with one result per request, in order. Never rejects. */
  write(reqs: readonly RtnlRequest[]): Promise<AckResult[]> {
    return this.enqueue(() => this.doWrite(reqs));
  }

  private async doWrite(reqs: readonly RtnlRequest[]): Promise<AckResult[]> {
    const results = new Array<AckResult>(reqs.length).fill(ACK_OK);
    let i = 0;
    while (i < reqs.length) {
      if (i > 0) await yieldToLoop();
      const first = i;
      const seq0 = this.seq;
      const w = new Writer(this.batchBytes + 64 * 1024);
      while (i < reqs.length && (i === first || w.length < this.batchBytes)) {
        encodeRequest(w, reqs[i] as RtnlRequest, (seq0 + i - first) >>> 0, 0, NLM_F_REQUEST);
        i++;
      }
      this.seq = (seq0 + i - first) >>> 0;
      if (this.closed) {
        results.fill(err(netlinkError(9, 'send: EBADF')), first, i);
        continue;
      }
      this.stats.sends++;
      this.stats.messages += i - first;
      const sent = send(this.fd, w.finish());
      if (!sent.ok) results.fill(err(fromSys(sent.error)), first, i);
      else this.collectErrors(seq0, first, i - first, results);
    }
    return results;
  }

  /** Drains the error answers of one send; an overrun makes every request without an answer unknown. */
  private collectErrors(seq0: number, first: number, count: number, results: AckResult[]): void {
    const answered = new Uint8Array(count);
    let lost: NetlinkError | undefined;
    const v = this.view;
    const onMsg = (h: NlMsgHdr, start: number, end: number) => {
      if (h.type !== NLMSG_ERROR) return;
      const k = (h.seq - seq0) >>> 0;
      if (k >= count || answered[k]) return;
      answered[k] = 1;
      const a = ackOf(v, h, start, end);
      if (!a.ok) this.stats.errors++;
      results[first + k] = a;
    };
    for (;;) {
      const r = recvBatch(this.fd, this.rx, MAX_DATAGRAM, this.out);
      if (r.bytes > 0) {
        const p = forEachMessage(v, r.bytes, onMsg);
        if (!p.ok) lost = fromDecode(p.error);
      }
      if (r.error === undefined) continue;
      if (r.error.code === 'ENOBUFS') {
        lost = netlinkError(ENOBUFS, 'error answers lost (receive queue overrun): outcome unknown, resync');
        continue;
      }
      if (r.error.code !== 'EAGAIN') lost = fromSys(r.error);
      break;
    }
    if (!lost) return;
    const unknown = err(lost);
    for (let k = 0; k < count; k++) if (!answered[k]) results[first + k] = unknown;
  }

  /**
   * One dump (NLM_F_DUMP added): `fn` gets each decoded message as it is read. `interrupted`: the kernel
   * flagged NLM_F_DUMP_INTR (the table changed during the dump; some entries may be missing or doubled).
   */
  scan(req: RtnlRequest, fn: (m: RtnlMessage) => void): Promise<Result<ScanResult, NetlinkError>> {
    return this.enqueue(() => this.doScan(req, fn));
  }

  private async doScan(req: RtnlRequest, fn: (m: RtnlMessage) => void): Promise<Result<ScanResult, NetlinkError>> {
    if (this.closed) return err(netlinkError(9, 'send: EBADF'));
    const seq = this.seq;
    this.seq = (seq + 1) >>> 0;
    const w = new Writer(256);
    encodeRequest(w, req, seq, 0, NLM_F_REQUEST | NLM_F_DUMP);
    const sent = send(this.fd, w.finish());
    if (!sent.ok) return err(fromSys(sent.error));
    const st = new ScanState(seq, this.view, fn);
    const onMsg = (h: NlMsgHdr, start: number, end: number) => st.onMessage(h, start, end);
    while (!st.done) {
      const r = recvBatch(this.fd, this.rx, MAX_DATAGRAM, this.out);
      if (r.bytes > 0) {
        const p = forEachMessage(this.view, r.bytes, onMsg);
        if (!p.ok) st.failure ??= fromDecode(p.error);
      }
      if (st.done) break;
      if (r.error === undefined) {
        // Out of room after a full buffer of routes: let the event loop run, then read on.
        await yieldToLoop();
        continue;
      }
      if (r.error.code !== 'EAGAIN' && r.error.code !== 'ENOBUFS') return err(fromSys(r.error));
      const e = await readable(this.fd);
      if (e && e.code !== 'ENOBUFS') return err(fromSys(e));
    }
    return st.failure ? err(st.failure) : ok({ messages: st.messages, interrupted: st.interrupted });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    close(this.fd);
  }
}

export interface ScanResult {
  messages: number;
  interrupted: boolean;
}

/** The parts of one streamed dump (sequence number `seq`), until NLMSG_DONE or an NLMSG_ERROR. */
class ScanState {
  done = false;
  interrupted = false;
  messages = 0;
  failure: NetlinkError | undefined;

  constructor(
    private readonly seq: number,
    private readonly v: NlView,
    private readonly fn: (m: RtnlMessage) => void,
  ) {}

  onMessage(h: NlMsgHdr, start: number, end: number): void {
    if (h.seq !== this.seq || this.done) return;
    if ((h.flags & NLM_F_DUMP_INTR) !== 0) this.interrupted = true;
    if (h.type === NLMSG_DONE) {
      this.done = true;
      const d = decodeDone(this.v, h.flags, start, end);
      if (!d.ok) this.failure ??= fromDecode(d.error);
      else if (d.value.status < 0) this.failure ??= netlinkError(d.value.status, d.value.message, d.value.offset);
      return;
    }
    if (h.type === NLMSG_ERROR) {
      this.done = true;
      const a = ackOf(this.v, h, start, end);
      if (!a.ok) this.failure ??= a.error;
      return;
    }
    const m = decodeBody(this.v, h, start, end);
    if (!m.ok) {
      this.failure ??= fromDecode(m.error);
      return;
    }
    this.messages++;
    this.fn(m.value);
  }
}

/** Resolves when the socket is readable (undefined) or reports an error. */
function readable(fd: number): Promise<SysError | undefined> {
  return new Promise((resolve) => {
    const p = new Poller(fd, (e) => {
      p.close();
      resolve(e);
    });
    const s = p.start(POLL_READABLE);
    if (!s.ok) {
      p.close();
      resolve(s.error);
    }
  });
}
