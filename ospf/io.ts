/**
 * OSPFv2 packet I/O (RFC 2328 §8.1, §A.1): the `OspfIo` interface the instance sends and receives through,
 * and its implementation over raw IPv4 sockets (protocol 89) from the native addon. `memory-io.ts` has the
 * in-memory implementation for scenario tests.
 *
 * One raw socket per OSPF interface:
 *   - SO_BINDTODEVICE: only this interface's packets are read, and ours leave through it;
 *   - IP_MULTICAST_IF (ip_mreqn with the ifindex), IP_MULTICAST_TTL 1 and, per packet, TTL 1 on unicast
 *     (§A.1: OSPF packets never leave the link), IP_MULTICAST_LOOP 0 (we do not hear our own multicasts);
 *   - IP_TOS 0xc0 (precedence Internetwork Control, §A.1);
 *   - IP_PKTINFO: the arrival interface and the header's destination (AllSPFRouters, AllDRouters, unicast);
 *   - membership of AllSPFRouters, and of AllDRouters while the interface machine asks (DR or Backup).
 * A raw IPv4 socket hands the IP header with the payload: it is checked and stripped here (IHL, total
 * length), so the instance sees OSPF packets only, with the source and destination addresses.
 */

import { err, ok, type Result } from '../lib/result.js';
import {
  C,
  close,
  type NativeConstants,
  POLL_READABLE,
  Poller,
  recvmsg,
  type SysError,
  sendmsg,
  setsockoptBuf,
  setsockoptInt,
  socket,
} from '../native/index.js';

/** A packet as the instance receives it: the OSPF packet (the IP payload) and the IP addresses (u32). */
export interface OspfIoPacket {
  data: Uint8Array;
  src: number;
  dst: number;
}

/** What the instance needs to open one interface. */
export interface OspfIoSpec {
  ifname: string;
  ifindex: number;
  /** Our address on the interface (u32): the source of our packets. */
  address: number;
}

/** One interface's socket. Errors are values (counted by the instance), never exceptions. */
export interface OspfIoLink {
  /** Send one OSPF packet (the IP payload) to a multicast group or a neighbor's address, TTL 1. */
  send(data: Uint8Array, dst: number): Result<void, string>;
  join(group: number): Result<void, string>;
  leave(group: number): Result<void, string>;
  close(): void;
}

export interface OspfIo {
  open(spec: OspfIoSpec, onPacket: (p: OspfIoPacket) => void): Result<OspfIoLink, string>;
}

// ---- the native implementation ----

const IPPROTO_OSPF = 89;
/** §A.1: IP precedence Internetwork Control. */
const TOS_INTERNETWORK_CONTROL = 0xc0;
/** Datagrams drained per readiness callback, so one busy interface cannot starve the event loop. */
const READS_PER_WAKEUP = 256;
const RCVBUF = 4 * 1024 * 1024;

export function u32Bytes(a: number): Uint8Array {
  return Uint8Array.of(a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255);
}

function bytesU32(b: Uint8Array, at = 0): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** struct ip_mreqn { in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex; } (host-order int). */
function mreqn(group: number, address: number, ifindex: number): Uint8Array {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(group >>> 0, 0);
  b.writeUInt32BE(address >>> 0, 4);
  b.writeInt32LE(ifindex, 8);
  return b;
}

function sysText(e: SysError): string {
  return `${e.syscall}: ${e.code}`;
}

/**
 * The IP payload of a datagram read from a raw socket: checks the IPv4 header (version, IHL, total length)
 * and strips it. Undefined when the header is not a plausible IPv4 header.
 */
export function stripIpHeader(
  buf: Uint8Array,
  n: number,
): { payload: Uint8Array; src: number; dst: number } | undefined {
  if (n < 20 || buf[0]! >> 4 !== 4) return undefined;
  const ihl = (buf[0]! & 0x0f) * 4;
  if (ihl < 20 || ihl > n) return undefined;
  const total = (buf[2]! << 8) | buf[3]!;
  // Linux hands the header with the total length as received; tolerate a length the read cut short.
  const end = total >= ihl && total <= n ? total : n;
  return { payload: buf.slice(ihl, end), src: bytesU32(buf, 12), dst: bytesU32(buf, 16) };
}

class NativeLink implements OspfIoLink {
  private readonly poller: Poller;
  private readonly buf = new Uint8Array(65536);
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly spec: OspfIoSpec,
    private readonly k: NativeConstants,
    private readonly onPacket: (p: OspfIoPacket) => void,
  ) {
    this.poller = new Poller(fd, (e) => {
      if (!e) this.drain();
    });
  }

  start(): Result<void, string> {
    const r = this.poller.start(POLL_READABLE);
    return r.ok ? ok(undefined) : err(sysText(r.error));
  }

  private drain(): void {
    for (let i = 0; i < READS_PER_WAKEUP && !this.closed; i++) {
      const r = recvmsg(this.fd, this.buf);
      if (!r.ok) return; // EAGAIN: drained; anything else will show again on the next wakeup
      if (r.value.ifindex !== undefined && r.value.ifindex !== this.spec.ifindex) continue;
      const ip = stripIpHeader(this.buf, r.value.bytes);
      if (!ip) continue;
      const dst = r.value.dst && r.value.dst.length === 4 ? bytesU32(r.value.dst) : ip.dst;
      this.onPacket({ data: ip.payload, src: ip.src, dst });
    }
  }

  send(data: Uint8Array, dst: number): Result<void, string> {
    if (this.closed) return err('closed');
    const r = sendmsg(this.fd, data, {
      address: u32Bytes(dst),
      ifindex: this.spec.ifindex,
      source: u32Bytes(this.spec.address),
      ttl: 1,
    });
    return r.ok ? ok(undefined) : err(sysText(r.error));
  }

  private membership(opt: number, group: number): Result<void, string> {
    const r = setsockoptBuf(this.fd, this.k.IPPROTO_IP, opt, mreqn(group, 0, this.spec.ifindex));
    return r.ok ? ok(undefined) : err(sysText(r.error));
  }

  join(group: number): Result<void, string> {
    const r = this.membership(this.k.IP_ADD_MEMBERSHIP!, group);
    // Joining twice (a reopened interface racing the kernel's state) is harmless.
    return !r.ok && r.error.endsWith('EADDRINUSE') ? ok(undefined) : r;
  }

  leave(group: number): Result<void, string> {
    const r = this.membership(this.k.IP_DROP_MEMBERSHIP!, group);
    return !r.ok && r.error.endsWith('EADDRNOTAVAIL') ? ok(undefined) : r;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.poller.close();
    close(this.fd);
  }
}

/** Raw IPv4 sockets through the native addon (needs CAP_NET_RAW). */
export class NativeOspfIo implements OspfIo {
  open(spec: OspfIoSpec, onPacket: (p: OspfIoPacket) => void): Result<OspfIoLink, string> {
    let k: NativeConstants;
    try {
      k = C();
    } catch (e) {
      return err((e as Error).message);
    }
    const s = socket(k.AF_INET, k.SOCK_RAW, IPPROTO_OSPF);
    if (!s.ok) return err(sysText(s.error));
    const fd = s.value;
    const fail = (what: string, r: Result<void, SysError>): string | undefined =>
      r.ok ? undefined : `${what}: ${sysText(r.error)}`;
    const problem =
      fail('SO_BINDTODEVICE', setsockoptBuf(fd, k.SOL_SOCKET, k.SO_BINDTODEVICE, Buffer.from(`${spec.ifname}\0`))) ??
      fail(
        'IP_MULTICAST_IF',
        setsockoptBuf(fd, k.IPPROTO_IP, k.IP_MULTICAST_IF!, mreqn(0, spec.address, spec.ifindex)),
      ) ??
      fail('IP_MULTICAST_TTL', setsockoptInt(fd, k.IPPROTO_IP, k.IP_MULTICAST_TTL!, 1)) ??
      fail('IP_MULTICAST_LOOP', setsockoptInt(fd, k.IPPROTO_IP, k.IP_MULTICAST_LOOP!, 0)) ??
      fail('IP_TOS', setsockoptInt(fd, k.IPPROTO_IP, k.IP_TOS, TOS_INTERNETWORK_CONTROL)) ??
      fail('IP_PKTINFO', setsockoptInt(fd, k.IPPROTO_IP, k.IP_PKTINFO, 1));
    if (problem !== undefined) {
      close(fd);
      return err(problem);
    }
    // A larger receive buffer absorbs the burst of a database exchange; not fatal when refused.
    if (!setsockoptInt(fd, k.SOL_SOCKET, k.SO_RCVBUFFORCE, RCVBUF).ok)
      setsockoptInt(fd, k.SOL_SOCKET, k.SO_RCVBUF, RCVBUF);
    const link = new NativeLink(fd, spec, k, onPacket);
    const st = link.start();
    if (!st.ok) {
      link.close();
      return err(st.error);
    }
    return ok(link);
  }
}
