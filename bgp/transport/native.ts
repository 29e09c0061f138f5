/**
 * BGP over TCP through the native addon (native/tcp.ts), for what node:net cannot do before connect():
 * TCP MD5 signatures (RFC 2385) per peer and per dynamic-neighbor prefix, TTL for eBGP multihop, GTSM
 * (RFC 5082), and CS6 (0xc0) as the traffic class of control traffic (RFC 4594).
 */
import type { Server, Socket } from 'node:net';
import { C, setsockoptInt } from '../../native/index.js';
import { connectTcp, listenTcp, setMd5 } from '../../native/tcp.js';
import { SocketConn } from './tcp.js';
import type { BgpConnection, BgpListener, ConnectOptions, ListenOptions, Transport } from './types.js';

const CS6 = 0xc0;

class NativeConn extends SocketConn {
  setTtl(ttl: number, minTtl?: number): boolean {
    const fd = (this.s as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd !== 'number' || fd < 0) return false;
    const c = C();
    const v6 = this.remoteAddress.includes(':');
    const level = v6 ? c.IPPROTO_IPV6 : c.IPPROTO_IP;
    const a = setsockoptInt(fd, level, v6 ? c.IPV6_UNICAST_HOPS : c.IP_TTL, ttl);
    const b = minTtl === undefined ? a : setsockoptInt(fd, level, v6 ? c.IPV6_MINHOPCOUNT : c.IP_MINTTL, minTtl);
    return a.ok && b.ok;
  }
}

export const nativeTransport: Transport = {
  async connect(o: ConnectOptions): Promise<BgpConnection> {
    const s: Socket = await connectTcp({
      host: o.remoteAddress,
      port: o.remotePort,
      timeoutMs: o.timeoutMs,
      tos: CS6,
      ...(o.localAddress !== undefined ? { localAddress: o.localAddress } : {}),
      ...(o.md5Password !== undefined ? { md5Password: o.md5Password } : {}),
      ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
      ...(o.minTtl !== undefined ? { minTtl: o.minTtl } : {}),
    });
    s.setNoDelay(true);
    return new NativeConn(s);
  },

  listen(o: ListenOptions, onConnection: (c: BgpConnection) => void): Promise<BgpListener> {
    const v6 = o.host.includes(':');
    // On a dual-stack (IPv6) listener, IPv4 peers appear as v4-mapped addresses and their keys must too; the
    // kernel then takes the prefix length in IPv4 terms (tcp_v6_parse_md5_keys). A full-length prefix is a
    // plain per-address key.
    const key = (address: string, prefixLen?: number) => {
      const v4 = !address.includes(':');
      const len = prefixLen === (v4 ? 32 : 128) ? undefined : prefixLen;
      return { address: v6 && v4 ? `::ffff:${address}` : address, ...(len !== undefined ? { prefixLen: len } : {}) };
    };
    const md5Peers = o.md5?.map((m) => ({ ...key(m.address, m.prefixLen), password: m.password }));
    return new Promise((resolve, reject) => {
      const server: Server = listenTcp({ host: o.host, port: o.port, tos: CS6, ...(md5Peers ? { md5Peers } : {}) });
      server.on('connection', (s: Socket) => {
        s.setNoDelay(true);
        onConnection(new NativeConn(s));
      });
      server.once('error', reject);
      server.once('listening', () => {
        server.removeListener('error', reject);
        const a = server.address();
        resolve({
          port: typeof a === 'object' && a ? a.port : o.port,
          setMd5: (address, password, prefixLen) => {
            const k = key(address, prefixLen);
            const r = setMd5(server, k.address, password, k.prefixLen);
            if (!r.ok) throw new Error(`TCP MD5 for ${address}: ${r.error.code}`);
          },
          close: () => new Promise<void>((r) => server.close(() => r())),
        });
      });
    });
  },
};
