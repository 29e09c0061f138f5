/**
 * BGP over TCP with node:net. Nagle is off (BGP messages are small and latency matters for KEEPALIVEs);
 * socket options that node:net cannot set (TCP MD5, TTL, GTSM) need the native transport.
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import type { BgpConnection, BgpListener, ConnectOptions, ConnHandlers, ListenOptions, Transport } from './types.js';

export class SocketConn implements BgpConnection {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  private handlers: ConnHandlers | undefined;
  private pending: Uint8Array[] = [];
  private closedReason: string | undefined;

  constructor(protected readonly s: Socket) {
    this.localAddress = stripV4Mapped(s.localAddress ?? '');
    this.localPort = s.localPort ?? 0;
    this.remoteAddress = stripV4Mapped(s.remoteAddress ?? '');
    this.remotePort = s.remotePort ?? 0;
    s.setNoDelay(true);
    s.on('data', (b: Buffer) => {
      if (this.handlers) this.handlers.data(b);
      else this.pending.push(b);
    });
    let lastError = '';
    s.on('error', (e) => {
      lastError = (e as NodeJS.ErrnoException).code ?? e.message;
    });
    s.on('close', () => {
      const reason = lastError || 'closed by peer';
      if (this.handlers) this.handlers.close(reason);
      else this.closedReason = reason;
    });
  }

  attach(h: ConnHandlers): void {
    this.handlers = h;
    for (const c of this.pending) h.data(c);
    this.pending = [];
    if (this.closedReason !== undefined) h.close(this.closedReason);
  }

  write(b: Uint8Array): boolean {
    if (this.s.destroyed) return false;
    return this.s.write(b);
  }

  onDrain(cb: () => void): void {
    this.s.once('drain', cb);
  }

  end(): void {
    this.s.end();
    // A peer that never closes its side must not pin the socket forever.
    setTimeout(() => this.s.destroy(), 5000).unref();
  }

  destroy(): void {
    this.s.destroy();
  }
}

export function stripV4Mapped(a: string): string {
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

export const tcpTransport: Transport = {
  connect(o: ConnectOptions): Promise<BgpConnection> {
    if (o.md5Password !== undefined || o.ttl !== undefined || o.minTtl !== undefined) {
      return Promise.reject(new Error('TCP MD5, TTL and GTSM need the native transport'));
    }
    return new Promise((resolve, reject) => {
      const s = tcpConnect({
        host: o.remoteAddress,
        port: o.remotePort,
        ...(o.localAddress !== undefined ? { localAddress: o.localAddress } : {}),
      });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timeout'));
      }, o.timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(new SocketConn(s));
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  },

  listen(o: ListenOptions, onConnection: (c: BgpConnection) => void): Promise<BgpListener> {
    if (o.md5 !== undefined && o.md5.length > 0) return Promise.reject(new Error('TCP MD5 needs the native transport'));
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true }, (s) => onConnection(new SocketConn(s)));
      server.once('error', reject);
      server.listen({ host: o.host, port: o.port, exclusive: true }, () => {
        server.removeListener('error', reject);
        const a = server.address();
        resolve({
          port: typeof a === 'object' && a ? a.port : o.port,
          setMd5: () => {
            throw new Error('TCP MD5 needs the native transport');
          },
          close: () => new Promise<void>((r) => server.close(() => r())),
        });
      });
    });
  },
};
