/**
 * An in-memory network for scenario tests: listeners keyed by address:port, connections as linked pairs.
 * Delivery is asynchronous (a macrotask per write), like a socket, so drivers see realistic interleavings.
 * `partition(a, b)` cuts every connection between two addresses (both ends see a close).
 */
import type { BgpConnection, BgpListener, ConnectOptions, ConnHandlers, ListenOptions, Transport } from './types.js';

class MemConn implements BgpConnection {
  peer!: MemConn;
  private handlers: ConnHandlers | undefined;
  private pending: Uint8Array[] = [];
  private closed = false;

  constructor(
    readonly localAddress: string,
    readonly localPort: number,
    readonly remoteAddress: string,
    readonly remotePort: number,
    private readonly net: MemoryNetwork,
  ) {}

  attach(h: ConnHandlers): void {
    this.handlers = h;
    const p = this.pending;
    this.pending = [];
    for (const c of p) h.data(c);
    if (this.closed) h.close('closed before attach');
  }

  write(b: Uint8Array): boolean {
    if (this.closed) return false;
    const copy = Uint8Array.from(b);
    setImmediate(() => this.peer.deliver(copy));
    return true;
  }

  onDrain(cb: () => void): void {
    setImmediate(cb);
  }

  deliver(b: Uint8Array): void {
    if (this.closed) return;
    if (this.handlers) this.handlers.data(b);
    else this.pending.push(b);
  }

  end(): void {
    setImmediate(() => this.shut('closed by peer'));
  }

  destroy(): void {
    this.shut('reset');
  }

  shut(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.net.forget(this);
    this.handlers?.close('closed locally');
    setImmediate(() => this.peer.remoteClosed(reason));
  }

  remoteClosed(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.net.forget(this);
    this.handlers?.close(reason);
  }
}

export class MemoryNetwork {
  private readonly listeners = new Map<string, (c: BgpConnection) => void>();
  private readonly conns = new Set<MemConn>();
  private nextPort = 40000;
  /** Address pairs ("a|b", sorted) that cannot reach each other. */
  private readonly cut = new Set<string>();

  /** A transport bound to one host address (what `connect` uses as local address by default). */
  transport(hostAddress: string): Transport {
    return {
      connect: (o) => this.connect(hostAddress, o),
      listen: (o, cb) => this.listen(hostAddress, o, cb),
    };
  }

  private key(a: string, b: string): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  partition(a: string, b: string): void {
    this.cut.add(this.key(a, b));
    for (const c of [...this.conns]) {
      if (this.key(c.localAddress, c.remoteAddress) === this.key(a, b)) c.shut('network partition');
    }
  }

  heal(a: string, b: string): void {
    this.cut.delete(this.key(a, b));
  }

  forget(c: MemConn): void {
    this.conns.delete(c);
  }

  private async connect(host: string, o: ConnectOptions): Promise<BgpConnection> {
    await new Promise((r) => setImmediate(r));
    const local = o.localAddress ?? host;
    const l = this.listeners.get(`${o.remoteAddress}:${o.remotePort}`);
    if (!l || this.cut.has(this.key(local, o.remoteAddress))) throw new Error('ECONNREFUSED');
    const port = this.nextPort++;
    const a = new MemConn(local, port, o.remoteAddress, o.remotePort, this);
    const b = new MemConn(o.remoteAddress, o.remotePort, local, port, this);
    a.peer = b;
    b.peer = a;
    this.conns.add(a);
    this.conns.add(b);
    l(b);
    return a;
  }

  private async listen(host: string, o: ListenOptions, cb: (c: BgpConnection) => void): Promise<BgpListener> {
    const addr = o.host === '0.0.0.0' || o.host === '::' ? host : o.host;
    const k = `${addr}:${o.port}`;
    if (this.listeners.has(k)) throw new Error('EADDRINUSE');
    this.listeners.set(k, cb);
    return {
      port: o.port,
      setMd5: () => {},
      close: async () => {
        this.listeners.delete(k);
      },
    };
  }
}
