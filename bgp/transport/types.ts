/**
 * How BGP sessions reach the network: a byte stream per connection, plus listening for peers.
 * Two implementations: TCP (`tcp.ts`, the real thing) and an in-memory network (`memory.ts`) for unit and
 * scenario tests. The driver (`bgp/peer.ts`) sees only these interfaces.
 */
export interface ConnHandlers {
  data(chunk: Uint8Array): void;
  /** The connection is gone (peer closed, reset, or we closed it). Called once. */
  close(reason: string): void;
}

export interface BgpConnection {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Install handlers; data arriving before this is buffered. */
  attach(h: ConnHandlers): void;
  /** Queue bytes; returns false when the send buffer is above its high-water mark (see `onDrain`). */
  write(b: Uint8Array): boolean;
  onDrain(cb: () => void): void;
  /** Flush what was written, then close. */
  end(): void;
  /** Close now, dropping anything unsent. */
  destroy(): void;
  /** GTSM on an accepted connection (RFC 5082): our TTL 255, theirs at least `minTtl`. Native transport only. */
  setTtl?(ttl: number, minTtl?: number): boolean;
}

export interface ConnectOptions {
  remoteAddress: string;
  remotePort: number;
  localAddress?: string;
  timeoutMs: number;
  /** TCP MD5 signature key (RFC 2385); needs the native transport. */
  md5Password?: string;
  /** IP TTL / hop limit for outgoing packets (eBGP multihop). */
  ttl?: number;
  /** GTSM (RFC 5082): minimum TTL accepted. */
  minTtl?: number;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** TCP MD5 keys per peer address (or prefix, for dynamic-neighbor ranges); needs the native transport. */
  md5?: { address: string; password: string; prefixLen?: number }[];
}

export interface BgpListener {
  readonly port: number;
  /** Add, change or (null) remove the MD5 key for a peer or a prefix of peers. */
  setMd5(address: string, password: string | null, prefixLen?: number): void;
  close(): Promise<void>;
}

export interface Transport {
  connect(o: ConnectOptions): Promise<BgpConnection>;
  listen(o: ListenOptions, onConnection: (c: BgpConnection) => void): Promise<BgpListener>;
}
