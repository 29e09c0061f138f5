/**
 * native: the typed face of the `noverlay_native` addon (native/src/*.cc, native/README.md).
 *
 * Non-blocking socket system calls for netlink, UDP/raw IP and TCP sockets, and a libuv poll watcher.
 * Every call returns a `Result`: a failed system call is a value (`SysError`, with the errno name) so the
 * callers branch on EAGAIN / ENOBUFS / EINPROGRESS without exceptions. Only misuse (wrong argument types,
 * a missing addon build) throws.
 *
 * The addon is loaded lazily on first use, so importing this module never fails on a machine without the
 * build; `nativeAvailable()` says whether it can load.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAddr } from '../lib/prefix.js';
import { err, ok, type Result } from '../lib/result.js';
import { errnoName } from './errno.js';

export { errnoName, errnoNumber } from './errno.js';

/** Platform constants exported by the addon (values from the C headers it was built against). */
export interface NativeConstants {
  readonly [name: string]: number;
  AF_UNSPEC: number;
  AF_INET: number;
  AF_INET6: number;
  AF_NETLINK: number;
  SOCK_STREAM: number;
  SOCK_DGRAM: number;
  SOCK_RAW: number;
  IPPROTO_IP: number;
  IPPROTO_IPV6: number;
  IPPROTO_TCP: number;
  IPPROTO_UDP: number;
  SOL_SOCKET: number;
  SOL_NETLINK: number;
  SO_ERROR: number;
  SO_REUSEADDR: number;
  SO_REUSEPORT: number;
  SO_RCVBUF: number;
  SO_SNDBUF: number;
  SO_RCVBUFFORCE: number;
  SO_SNDBUFFORCE: number;
  SO_BINDTODEVICE: number;
  SO_DOMAIN: number;
  IP_TOS: number;
  IP_TTL: number;
  IP_MINTTL: number;
  IP_PKTINFO: number;
  IP_RECVTTL: number;
  IP_RECVTOS: number;
  IPV6_V6ONLY: number;
  IPV6_UNICAST_HOPS: number;
  IPV6_MINHOPCOUNT: number;
  IPV6_RECVPKTINFO: number;
  IPV6_RECVHOPLIMIT: number;
  IPV6_TCLASS: number;
  TCP_MD5SIG: number;
  TCP_MD5SIG_MAXKEYLEN: number;
  NETLINK_ROUTE: number;
  NETLINK_ADD_MEMBERSHIP: number;
  NETLINK_DROP_MEMBERSHIP: number;
  NETLINK_NO_ENOBUFS: number;
  NETLINK_CAP_ACK: number;
  NETLINK_EXT_ACK: number;
  NETLINK_GET_STRICT_CHK: number;
  MSG_DONTWAIT: number;
  MSG_PEEK: number;
  MSG_TRUNC: number;
  MSG_CTRUNC: number;
  POLL_READABLE: number;
  POLL_WRITABLE: number;
  POLL_DISCONNECT: number;
}

interface PollerHandle {
  start(events: number): number;
  stop(): void;
  close(): void;
  ref(): void;
  unref(): void;
}

/** The raw addon: every function returns >= 0 or -errno (native/src/common.h). */
interface Addon {
  constants: NativeConstants;
  socket(domain: number, type: number, protocol: number): number;
  close(fd: number): number;
  bindNetlink(fd: number, pid: number, groups: number): number;
  bindInet(fd: number, addr: Uint8Array, port: number, scopeId: number): number;
  connectInet(fd: number, addr: Uint8Array, port: number, scopeId: number): number;
  listen(fd: number, backlog: number): number;
  setsockoptInt(fd: number, level: number, name: number, value: number): number;
  getsockoptInt(fd: number, level: number, name: number, out: Int32Array): number;
  setsockoptBuf(fd: number, level: number, name: number, value: Uint8Array): number;
  getsockoptBuf(fd: number, level: number, name: number, out: Uint8Array): number;
  send(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number;
  recv(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number;
  recvBatch(fd: number, buf: Uint8Array, offset: number, length: number, maxDatagram: number, out: Int32Array): number;
  getsockname(fd: number, meta: Int32Array, addr: Uint8Array): number;
  ifNameToIndex(name: string): number;
  recvmsg(
    fd: number,
    buf: Uint8Array,
    offset: number,
    length: number,
    flags: number,
    meta: Int32Array,
    addrs: Uint8Array,
  ): number;
  sendmsg(
    fd: number,
    buf: Uint8Array,
    offset: number,
    length: number,
    flags: number,
    family: number,
    dst: Uint8Array | null,
    port: number,
    scopeId: number,
    ifindex: number,
    src: Uint8Array | null,
    ttl: number,
  ): number;
  tcpMd5(fd: number, peer: Uint8Array, prefixLen: number, key: Uint8Array | null): number;
  Poller: new (fd: number, cb: (status: number, events: number) => void) => PollerHandle;
}

const ADDON_FILE = join('build', 'Release', 'noverlay_native.node');

/** Where the addon may be: $NOVERLAY_NATIVE, then build/ in any parent of this module, then in the cwd. */
function candidates(): string[] {
  const out: string[] = [];
  const env = process.env.NOVERLAY_NATIVE;
  if (env) out.push(resolve(env));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    out.push(join(dir, ADDON_FILE));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  out.push(join(process.cwd(), ADDON_FILE));
  return out;
}

let loaded: Addon | undefined;
let loadProblem: string | undefined;

function tryLoad(): Addon | undefined {
  if (loaded || loadProblem !== undefined) return loaded;
  if (process.platform !== 'linux') {
    loadProblem = `the native addon supports Linux only (this is ${process.platform})`;
    return undefined;
  }
  const path = candidates().find((p) => existsSync(p));
  if (!path) {
    loadProblem = `${ADDON_FILE} not found (build it with: npx node-gyp rebuild)`;
    return undefined;
  }
  try {
    loaded = createRequire(import.meta.url)(path) as Addon;
  } catch (e) {
    loadProblem = `cannot load ${path}: ${(e as Error).message}`;
  }
  return loaded;
}

/** Undefined when the addon loads; otherwise why it does not. */
export function nativeProblem(): string | undefined {
  tryLoad();
  return loadProblem;
}

export function nativeAvailable(): boolean {
  return tryLoad() !== undefined;
}

/** The raw addon. Throws (a deployment bug, not a network error) when it is not built. */
export function addon(): Addon {
  const a = tryLoad();
  if (!a) throw new Error(`noverlay native addon unavailable: ${loadProblem}`);
  return a;
}

/** Platform constants (AF_*, SOL_*, SO_*, IP_*, IPV6_*, TCP_*, NETLINK_*, MSG_*, POLL_*). */
export function C(): NativeConstants {
  return addon().constants;
}

// ---- errors ----

/** A failed system call. `code` is the errno name (`EAGAIN`, `ENOBUFS`, ...); `errno` is positive. */
export interface SysError {
  kind: 'sys';
  syscall: string;
  errno: number;
  code: string;
}

export function sysError(syscall: string, negErrno: number): SysError {
  const errno = Math.abs(negErrno);
  return { kind: 'sys', syscall, errno, code: errnoName(errno) };
}

/** An Error carrying a SysError, for the Promise/EventEmitter APIs that Node code expects (net-style). */
export class SysErrorException extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  constructor(e: SysError, what?: string) {
    super(`${what ? `${what}: ` : ''}${e.syscall} ${e.code}`);
    this.code = e.code;
    this.errno = e.errno;
    this.syscall = e.syscall;
  }
}

function check(syscall: string, r: number): Result<number, SysError> {
  return r < 0 ? err(sysError(syscall, r)) : ok(r);
}

function checkVoid(syscall: string, r: number): Result<void, SysError> {
  return r < 0 ? err(sysError(syscall, r)) : ok(undefined);
}

// ---- addresses ----

/** 4 or 16 octets from an address text or octets; undefined for text that is not an IP address. */
export function addrBytes(a: string | Uint8Array): Uint8Array | undefined {
  if (typeof a !== 'string') return a.length === 4 || a.length === 16 ? a : undefined;
  return parseAddr(a)?.addr;
}

function needAddr(a: string | Uint8Array): Uint8Array {
  const b = addrBytes(a);
  if (!b) throw new TypeError(`not an IP address: ${String(a)}`);
  return b;
}

// ---- sockets ----

/** socket(2); the descriptor is always non-blocking and close-on-exec. */
export function socket(domain: number, type: number, protocol: number): Result<number, SysError> {
  return check('socket', addon().socket(domain, type, protocol));
}

export function close(fd: number): Result<void, SysError> {
  return checkVoid('close', addon().close(fd));
}

/** Bind a netlink socket; pid 0 lets the kernel pick the port id. `groups` is the legacy RTMGRP_* mask. */
export function bindNetlink(fd: number, groups = 0, pid = 0): Result<void, SysError> {
  return checkVoid('bind', addon().bindNetlink(fd, pid, groups >>> 0));
}

/** Bind an AF_INET/AF_INET6 socket. Address text or octets; throws on text that is not an address. */
export function bindInet(fd: number, address: string | Uint8Array, port: number, scopeId = 0): Result<void, SysError> {
  return checkVoid('bind', addon().bindInet(fd, needAddr(address), port, scopeId));
}

/** Non-blocking connect: 'in-progress' means wait for writability, then read SO_ERROR. */
export function connectInet(
  fd: number,
  address: string | Uint8Array,
  port: number,
  scopeId = 0,
): Result<'connected' | 'in-progress', SysError> {
  const r = addon().connectInet(fd, needAddr(address), port, scopeId);
  if (r >= 0) return ok('connected');
  const e = sysError('connect', r);
  return e.code === 'EINPROGRESS' ? ok('in-progress') : err(e);
}

export function listen(fd: number, backlog = 511): Result<void, SysError> {
  return checkVoid('listen', addon().listen(fd, backlog));
}

export function setsockoptInt(fd: number, level: number, name: number, value: number): Result<void, SysError> {
  return checkVoid('setsockopt', addon().setsockoptInt(fd, level, name, value));
}

export function getsockoptInt(fd: number, level: number, name: number): Result<number, SysError> {
  const out = new Int32Array(1);
  const r = addon().getsockoptInt(fd, level, name, out);
  return r < 0 ? err(sysError('getsockopt', r)) : ok(out[0] ?? 0);
}

export function setsockoptBuf(fd: number, level: number, name: number, value: Uint8Array): Result<void, SysError> {
  return checkVoid('setsockopt', addon().setsockoptBuf(fd, level, name, value));
}

/** getsockopt into a `size`-byte buffer; the value is trimmed to the length the kernel wrote. */
export function getsockoptBuf(fd: number, level: number, name: number, size: number): Result<Uint8Array, SysError> {
  const out = new Uint8Array(size);
  const r = addon().getsockoptBuf(fd, level, name, out);
  return r < 0 ? err(sysError('getsockopt', r)) : ok(out.subarray(0, r));
}

/** send(2) (MSG_NOSIGNAL always); bytes sent. On netlink an unbound destination means the kernel. */
export function send(fd: number, buf: Uint8Array, offset = 0, length = buf.length - offset, flags = 0) {
  return check('send', addon().send(fd, buf, offset, length, flags));
}

/** recv(2); bytes received. With MSG_TRUNC the datagram's full length (more than `length` = truncated). */
export function recv(fd: number, buf: Uint8Array, offset = 0, length = buf.length - offset, flags = 0) {
  return check('recv', addon().recv(fd, buf, offset, length, flags));
}

/** What stopped a `recvBatch`: `error` undefined means the buffer ran out of room (call again). */
export interface RecvBatch {
  bytes: number;
  datagrams: number;
  truncated: number;
  error: SysError | undefined;
}

/**
 * Receives datagrams back to back into `buf` (each padded to 4 octets) until EAGAIN, an error or less than
 * `maxDatagram` octets of room. For netlink, where every ACK is its own datagram. EAGAIN is reported as
 * `error.code === 'EAGAIN'` (drained).
 */
export function recvBatch(fd: number, buf: Uint8Array, maxDatagram: number, out = new Int32Array(3)): RecvBatch {
  const bytes = addon().recvBatch(fd, buf, 0, buf.length, maxDatagram, out);
  const e = out[0] ?? 0;
  return {
    bytes,
    datagrams: out[1] ?? 0,
    truncated: out[2] ?? 0,
    error: e === 0 ? undefined : sysError('recv', -e),
  };
}

export interface SockName {
  family: number;
  /** TCP/UDP port; for netlink, the port id (nl_pid). */
  port: number;
  /** IPv6 scope id; for netlink, the bound group mask. */
  scopeId: number;
  /** 4 or 16 octets for AF_INET/AF_INET6; empty otherwise. */
  address: Uint8Array;
}

export function getsockname(fd: number): Result<SockName, SysError> {
  const meta = new Int32Array(3);
  const addr = new Uint8Array(16);
  const r = addon().getsockname(fd, meta, addr);
  if (r < 0) return err(sysError('getsockname', r));
  const a = addon().constants;
  const family = meta[0] ?? 0;
  const len = family === a.AF_INET ? 4 : family === a.AF_INET6 ? 16 : 0;
  return ok({ family, port: (meta[1] ?? 0) >>> 0, scopeId: (meta[2] ?? 0) >>> 0, address: addr.slice(0, len) });
}

/** if_nametoindex(3) in the calling process's network namespace. */
export function ifNameToIndex(name: string): Result<number, SysError> {
  return check('if_nametoindex', addon().ifNameToIndex(name));
}

// ---- datagrams with ancillary data ----

export interface SendmsgOptions {
  /** Destination (unconnected sockets). */
  address?: string | Uint8Array;
  port?: number;
  scopeId?: number;
  /** Outgoing interface (IP_PKTINFO ipi_ifindex / IPV6_PKTINFO ipi6_ifindex). */
  ifindex?: number;
  /** Source address (IP_PKTINFO ipi_spec_dst / IPV6_PKTINFO ipi6_addr). */
  source?: string | Uint8Array;
  /** Per-packet TTL / hop limit. */
  ttl?: number;
  flags?: number;
}

/** sendmsg(2) with IP_PKTINFO / IPV6_PKTINFO when `ifindex` or `source` is given. */
export function sendmsg(fd: number, buf: Uint8Array, o: SendmsgOptions = {}): Result<number, SysError> {
  const a = addon();
  const dst = o.address === undefined ? null : needAddr(o.address);
  const src = o.source === undefined ? null : needAddr(o.source);
  // The control messages (PKTINFO, TTL) are per family; only ask the socket when no address tells.
  const needsFamily = o.ifindex !== undefined || o.ttl !== undefined;
  const known = dst ?? src;
  const v6 = known ? known.length === 16 : needsFamily && socketFamily(fd) === a.constants.AF_INET6;
  const family = v6 ? a.constants.AF_INET6 : a.constants.AF_INET;
  const r = a.sendmsg(
    fd,
    buf,
    0,
    buf.length,
    o.flags ?? 0,
    family,
    dst,
    o.port ?? 0,
    o.scopeId ?? 0,
    o.ifindex ?? 0,
    src,
    o.ttl ?? -1,
  );
  return check('sendmsg', r);
}

function socketFamily(fd: number): number {
  const r = getsockoptInt(fd, addon().constants.SOL_SOCKET, addon().constants.SO_DOMAIN);
  return r.ok ? r.value : 0;
}

export interface RecvmsgInfo {
  bytes: number;
  /** Sender address (4 or 16 octets) and port; absent on connected/netlink sockets without a name. */
  from?: { address: Uint8Array; port: number; scopeId: number };
  /** Arrival interface and header destination (needs IP_PKTINFO / IPV6_RECVPKTINFO). */
  ifindex?: number;
  dst?: Uint8Array;
  /** TTL / hop limit (needs IP_RECVTTL / IPV6_RECVHOPLIMIT). */
  ttl?: number;
  /** TOS / traffic class (needs IP_RECVTOS / IPV6_RECVTCLASS). */
  tos?: number;
  /** msg_flags (MSG_TRUNC, MSG_CTRUNC). */
  flags: number;
}

/** recvmsg(2) into `buf`, decoding the ancillary data the socket was asked for. */
export function recvmsg(fd: number, buf: Uint8Array, flags = 0): Result<RecvmsgInfo, SysError> {
  const a = addon();
  const meta = new Int32Array(8);
  const addrs = new Uint8Array(32);
  const r = a.recvmsg(fd, buf, 0, buf.length, flags, meta, addrs);
  if (r < 0) return err(sysError('recvmsg', r));
  const info: RecvmsgInfo = { bytes: r, flags: meta[6] ?? 0 };
  const fam = meta[0] ?? 0;
  if (fam === a.constants.AF_INET || fam === a.constants.AF_INET6) {
    const len = fam === a.constants.AF_INET ? 4 : 16;
    info.from = { address: addrs.slice(0, len), port: meta[1] ?? 0, scopeId: (meta[2] ?? 0) >>> 0 };
  }
  if ((meta[3] ?? -1) >= 0) info.ifindex = meta[3] ?? 0;
  const dfam = meta[4] ?? 0;
  if (dfam !== 0) info.dst = addrs.slice(16, 16 + (dfam === a.constants.AF_INET ? 4 : 16));
  if ((meta[5] ?? -1) >= 0) info.ttl = meta[5] ?? 0;
  if ((meta[7] ?? -1) >= 0) info.tos = meta[7] ?? 0;
  return ok(info);
}

// ---- TCP MD5 ----

/**
 * Install (or, with `key` null/empty, remove) the TCP MD5 signature key (RFC 2385) for a peer address, or
 * for a whole prefix when `prefixLen` is given (TCP_MD5SIG_EXT). An IPv4 peer on an AF_INET6 socket is keyed
 * by its IPv4-mapped address. Removing a key that is not there is ENOENT.
 */
export function tcpMd5(
  fd: number,
  peer: string | Uint8Array,
  key: string | Uint8Array | null,
  prefixLen?: number,
): Result<void, SysError> {
  const k = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return checkVoid('setsockopt(TCP_MD5SIG)', addon().tcpMd5(fd, needAddr(peer), prefixLen ?? -1, k));
}

// ---- readiness ----

/** Poll event bits, as libuv defines them. */
export const POLL_READABLE = 1;
export const POLL_WRITABLE = 2;
export const POLL_DISCONNECT = 4;

/**
 * A libuv poll watcher on a socket. `onEvent(error, events)` runs when the fd is ready; after a socket
 * error (EPOLLERR) it receives the socket's pending error (SO_ERROR, e.g. ENOBUFS on an overrun netlink
 * socket) and the watcher keeps going unless stopped in the callback. A stopped watcher does not keep the
 * event loop alive. Close it before closing the fd.
 */
export class Poller {
  private readonly h: PollerHandle;
  private closed = false;

  constructor(fd: number, onEvent: (error: SysError | undefined, events: number) => void) {
    this.h = new (addon().Poller)(fd, (status, events) => {
      onEvent(status < 0 ? sysError('poll', status) : undefined, events);
    });
  }

  /** Watch for `events` (POLL_READABLE | POLL_WRITABLE); calling again changes the set. */
  start(events: number): Result<void, SysError> {
    if (this.closed) throw new Error('Poller: start after close');
    return checkVoid('uv_poll_start', this.h.start(events));
  }

  stop(): void {
    if (!this.closed) this.h.stop();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.h.close();
  }

  ref(): void {
    if (!this.closed) this.h.ref();
  }

  unref(): void {
    if (!this.closed) this.h.unref();
  }
}
