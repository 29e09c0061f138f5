/**
 * TCP transport for BGP with the socket options Node's `net` cannot set before connect():
 *   - TCP MD5 signatures (RFC 2385), per peer, changeable at run time (dynamic neighbors);
 *   - GTSM (RFC 5082): IP_MINTTL / IPV6_MINHOPCOUNT, with TTL 255 on our side;
 *   - IP_TTL / IPV6_UNICAST_HOPS for eBGP multihop, IP_TOS / IPV6_TCLASS (CS6 for control traffic),
 *     SO_BINDTODEVICE.
 * The socket is created and configured in the addon, connected without blocking, and then handed to Node
 * (`new net.Socket({ fd })`, `server.listen({ fd })`), so the rest of the stack uses ordinary streams.
 */
import net from 'node:net';
import { err, ok, type Result } from '../lib/result.js';
import {
  addrBytes,
  bindInet,
  C,
  close,
  connectInet,
  getsockoptInt,
  POLL_WRITABLE,
  Poller,
  type SysError,
  SysErrorException,
  setsockoptBuf,
  setsockoptInt,
  socket,
  sysError,
  tcpMd5,
} from './index.js';

export interface TcpSocketOptions {
  /** TTL / hop limit of our packets (eBGP multihop; 255 with GTSM). */
  ttl?: number;
  /** GTSM: drop segments whose TTL / hop limit is below this (RFC 5082 §3). */
  minTtl?: number;
  /** IP_TOS / IPV6_TCLASS, e.g. 0xc0 (CS6). */
  tos?: number;
  /** SO_BINDTODEVICE (VRF or interface). */
  bindToDevice?: string;
}

export interface ConnectTcpOptions extends TcpSocketOptions {
  host: string;
  port: number;
  localAddress?: string;
  localPort?: number;
  md5Password?: string;
  timeoutMs: number;
}

export interface ListenTcpOptions extends TcpSocketOptions {
  host: string;
  port: number;
  md5Peers?: { address: string; password: string; prefixLen?: number }[];
  backlog?: number;
}

function fail(fd: number, e: SysError, what: string): SysErrorException {
  if (fd >= 0) close(fd);
  return new SysErrorException(e, what);
}

/** The options every BGP socket gets, in the order the kernel needs them (before connect/listen). */
function applyOptions(fd: number, v6: boolean, o: TcpSocketOptions): Result<void, SysError> {
  const c = C();
  const ipLevel = v6 ? c.IPPROTO_IPV6 : c.IPPROTO_IP;
  const steps: [boolean, () => Result<void, SysError>][] = [
    [o.ttl !== undefined, () => setsockoptInt(fd, ipLevel, v6 ? c.IPV6_UNICAST_HOPS : c.IP_TTL, o.ttl ?? 0)],
    [o.minTtl !== undefined, () => setsockoptInt(fd, ipLevel, v6 ? c.IPV6_MINHOPCOUNT : c.IP_MINTTL, o.minTtl ?? 0)],
    [o.tos !== undefined, () => setsockoptInt(fd, ipLevel, v6 ? c.IPV6_TCLASS : c.IP_TOS, o.tos ?? 0)],
    [
      o.bindToDevice !== undefined,
      () => setsockoptBuf(fd, c.SOL_SOCKET, c.SO_BINDTODEVICE, Buffer.from(`${o.bindToDevice}\0`)),
    ],
  ];
  for (const [wanted, run] of steps) {
    if (!wanted) continue;
    const r = run();
    if (!r.ok) return r;
  }
  return ok(undefined);
}

function tcpSocket(v6: boolean): Result<number, SysError> {
  const c = C();
  return socket(v6 ? c.AF_INET6 : c.AF_INET, c.SOCK_STREAM, c.IPPROTO_TCP);
}

/** Everything up to the non-blocking connect(); returns the fd and whether connect is still in progress. */
function startConnect(o: ConnectTcpOptions): Result<{ fd: number; pending: boolean }, SysErrorException> {
  const peer = addrBytes(o.host);
  if (!peer) return err(new SysErrorException(sysError('connect', -22), `not an IP address: ${o.host}`));
  const v6 = peer.length === 16;
  const s = tcpSocket(v6);
  if (!s.ok) return err(fail(-1, s.error, 'socket'));
  const fd = s.value;
  const opts = applyOptions(fd, v6, o);
  if (!opts.ok) return err(fail(fd, opts.error, 'socket options'));
  if (o.md5Password !== undefined && o.md5Password !== '') {
    const m = tcpMd5(fd, peer, o.md5Password);
    if (!m.ok) return err(fail(fd, m.error, 'TCP MD5'));
  }
  if (o.localAddress !== undefined || o.localPort !== undefined) {
    const b = bindInet(fd, o.localAddress ?? (v6 ? '::' : '0.0.0.0'), o.localPort ?? 0);
    if (!b.ok) return err(fail(fd, b.error, `bind ${o.localAddress ?? ''}`));
  }
  const c = connectInet(fd, peer, o.port);
  if (!c.ok) return err(fail(fd, c.error, `connect ${o.host}:${o.port}`));
  return ok({ fd, pending: c.value === 'in-progress' });
}

function adopt(fd: number): net.Socket {
  return new net.Socket({ fd, readable: true, writable: true });
}

/**
 * Connect to a BGP peer with MD5/TTL/GTSM options set before the SYN. Rejects with a SysErrorException
 * (`code` ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ...). A wrong MD5 key looks like silence (the peer drops
 * unsigned or badly signed segments, RFC 2385 §3), so it ends in ETIMEDOUT.
 */
export function connectTcp(o: ConnectTcpOptions): Promise<net.Socket> {
  const started = startConnect(o);
  if (!started.ok) return Promise.reject(started.error);
  const { fd, pending } = started.value;
  if (!pending) return Promise.resolve(adopt(fd));
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const poller = new Poller(fd, (error) => {
      finish(error ?? soError(fd));
    });
    const finish = (e: SysError | undefined) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      // The watcher must release the fd before Node's own handle registers it with the loop.
      poller.close();
      if (e) reject(fail(fd, e, `connect ${o.host}:${o.port}`));
      else resolve(adopt(fd));
    };
    const watching = poller.start(POLL_WRITABLE);
    if (!watching.ok) return finish(watching.error);
    timer = setTimeout(() => finish(sysError('connect', -110)), o.timeoutMs);
  });
}

function soError(fd: number): SysError | undefined {
  const r = getsockoptInt(fd, C().SOL_SOCKET, C().SO_ERROR);
  if (!r.ok) return r.error;
  return r.value === 0 ? undefined : sysError('connect', -r.value);
}

/** Socket, options, MD5 keys and bind for a listener; Node does listen(). */
function listenSocket(o: ListenTcpOptions): Result<number, SysErrorException> {
  const local = addrBytes(o.host);
  if (!local) return err(new SysErrorException(sysError('bind', -22), `not an IP address: ${o.host}`));
  const v6 = local.length === 16;
  const s = tcpSocket(v6);
  if (!s.ok) return err(fail(-1, s.error, 'socket'));
  const fd = s.value;
  const reuse = setsockoptInt(fd, C().SOL_SOCKET, C().SO_REUSEADDR, 1);
  if (!reuse.ok) return err(fail(fd, reuse.error, 'SO_REUSEADDR'));
  const opts = applyOptions(fd, v6, o);
  if (!opts.ok) return err(fail(fd, opts.error, 'socket options'));
  for (const p of o.md5Peers ?? []) {
    const m = tcpMd5(fd, p.address, p.password, p.prefixLen);
    if (!m.ok) return err(fail(fd, m.error, `TCP MD5 for ${p.address}`));
  }
  const b = bindInet(fd, local, o.port);
  if (!b.ok) return err(fail(fd, b.error, `bind ${o.host}:${o.port}`));
  return ok(fd);
}

/**
 * A BGP listener whose accepted sockets inherit the MD5 keys and GTSM minimum TTL of the listening socket.
 * Like `net.Server.listen`, a failure (EADDRINUSE, ...) is emitted as 'error' on the returned server.
 */
export function listenTcp(o: ListenTcpOptions): net.Server {
  const server = net.createServer({ allowHalfOpen: false });
  const fd = listenSocket(o);
  if (!fd.ok) {
    process.nextTick(() => server.emit('error', fd.error));
    return server;
  }
  server.listen({ fd: fd.value, backlog: o.backlog ?? 511 });
  return server;
}

/** The descriptor of a raw fd, a net.Server or a net.Socket (Node keeps it on the libuv handle). */
function fdOf(target: number | net.Server | net.Socket): number | undefined {
  if (typeof target === 'number') return target;
  const h = (target as unknown as { _handle?: { fd?: number } | null })._handle;
  return typeof h?.fd === 'number' && h.fd >= 0 ? h.fd : undefined;
}

/**
 * Add, change or (password null) remove the MD5 key for one peer (or a prefix of peers) on a listener or a
 * socket, e.g. when a dynamic neighbor is configured. Removing a key that is not there is not an error.
 */
export function setMd5(
  target: number | net.Server | net.Socket,
  peerAddress: string,
  password: string | null,
  prefixLen?: number,
): Result<void, SysError> {
  const fd = fdOf(target);
  if (fd === undefined) return err(sysError('setsockopt(TCP_MD5SIG)', -9));
  const r = tcpMd5(fd, peerAddress, password === '' ? null : password, prefixLen);
  if (!r.ok && password === null && r.error.code === 'ENOENT') return ok(undefined);
  return r;
}
