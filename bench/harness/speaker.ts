/**
 * A minimal BGP-4 speaker for the benchmark's generator and receiver (RFC 4271 §4, §8): one TCP connection,
 * OPEN / KEEPALIVE handshake (capabilities: IPv4 unicast RFC 4760, route refresh RFC 2918, 4-octet AS
 * RFC 6793; no extended messages, so UPDATEs are at most 4096 octets), periodic KEEPALIVEs, and every UPDATE
 * handed to the owner with the arrival time of the TCP read that completed it.
 *
 * It is a measuring instrument, not a router: no FSM timers beyond keepalives, no hold-timer enforcement,
 * no collision handling. Framing and decoding use the project codec (bgp/packet).
 */
import type { Socket } from 'node:net';
import { decodeMessage, encodeKeepalive, encodeMessage, Framer, notificationFor } from '../../bgp/packet/index.js';
import type { BgpError, CodecCtx, OpenMsg, UpdateMsg } from '../../bgp/packet/types.js';

/** Milliseconds on the system-wide monotonic clock (CLOCK_MONOTONIC), comparable across processes. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface SpeakerOptions {
  localAs: number;
  /** BGP Identifier, u32. */
  bgpId: number;
  /** Proposed hold time in seconds. */
  holdTime?: number;
}

export interface SpeakerHandlers {
  established?: () => void;
  /** `t`: arrival time (now()) of the read that completed this UPDATE. */
  update?: (m: UpdateMsg, t: number) => void;
  closed?: (why: string) => void;
}

type State = 'OpenSent' | 'OpenConfirm' | 'Established' | 'Closed';

const AS_TRANS = 23456;
const PRE_OPEN_CTX: CodecCtx = {
  fourOctetAs: false,
  extendedMessage: false,
  addPathRx: new Set(),
  addPathTx: new Set(),
  ibgp: false,
};

export class Speaker {
  state: State = 'OpenSent';
  ctx: CodecCtx = PRE_OPEN_CTX;
  peer: OpenMsg | undefined;
  /** Octets and UPDATE messages received. */
  rxBytes = 0;
  rxUpdates = 0;
  private readonly framer = new Framer();
  private keepalive: NodeJS.Timeout | undefined;

  constructor(
    readonly sock: Socket,
    private readonly opts: SpeakerOptions,
    private readonly on: SpeakerHandlers,
  ) {
    sock.setNoDelay(true);
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('error', (e) => this.close(`socket error: ${e.message}`));
    sock.on('close', () => this.close('connection closed'));
    sock.write(this.openMsg());
  }

  private openMsg(): Buffer {
    const asn = this.opts.localAs;
    const open: OpenMsg = {
      type: 'open',
      version: 4,
      myAs: asn > 0xffff ? AS_TRANS : asn,
      holdTime: this.opts.holdTime ?? 180,
      bgpId: this.opts.bgpId,
      capabilities: [
        { kind: 'multiprotocol', afi: 1, safi: 1 },
        { kind: 'route-refresh' },
        { kind: 'four-octet-as', asn },
      ],
      otherParams: [],
    };
    return encodeMessage(open, PRE_OPEN_CTX);
  }

  write(b: Uint8Array, cb?: () => void): boolean {
    return this.sock.write(b, cb);
  }

  private onData(chunk: Buffer): void {
    const t = now();
    this.rxBytes += chunk.length;
    this.framer.push(chunk);
    for (;;) {
      const f = this.framer.next();
      if (!f.ok) {
        this.fail(f.error);
        return;
      }
      if (f.value === undefined) return;
      const m = decodeMessage(f.value, this.ctx);
      if (!m.ok) {
        if (m.error.action === 'reset') {
          this.fail(m.error);
          return;
        }
        continue;
      }
      const msg = m.value;
      if (msg.type === 'open') this.onOpen(msg);
      else if (msg.type === 'keepalive') this.onKeepalive();
      else if (msg.type === 'notification') this.close(`NOTIFICATION ${msg.code}/${msg.subcode} received`);
      else if (msg.type === 'update' && this.state === 'Established') {
        this.rxUpdates++;
        this.on.update?.(msg, t);
      }
      if (this.state === 'Closed') return;
    }
  }

  private onOpen(o: OpenMsg): void {
    if (this.state !== 'OpenSent') {
      this.close('unexpected OPEN');
      return;
    }
    this.peer = o;
    const four = o.capabilities.find((c) => c.kind === 'four-octet-as');
    const peerAs = four?.kind === 'four-octet-as' ? four.asn : o.myAs;
    this.ctx = {
      fourOctetAs: four !== undefined,
      extendedMessage: false,
      addPathRx: new Set(),
      addPathTx: new Set(),
      ibgp: peerAs === this.opts.localAs,
      peerAs,
    };
    // RFC 4271 §4.4: the hold time is the smaller of both; KEEPALIVE every third of it.
    const hold = Math.min(o.holdTime, this.opts.holdTime ?? 180);
    if (hold > 0) {
      this.keepalive = setInterval(() => this.sock.write(encodeKeepalive()), Math.max(1, hold / 3) * 1000);
      this.keepalive.unref();
    }
    this.state = 'OpenConfirm';
    this.sock.write(encodeKeepalive());
  }

  private onKeepalive(): void {
    if (this.state !== 'OpenConfirm') return;
    this.state = 'Established';
    this.on.established?.();
  }

  private fail(e: BgpError): void {
    if (this.state !== 'Closed') this.sock.write(encodeMessage(notificationFor(e), this.ctx));
    this.close(`protocol error: ${e.reason}`);
  }

  /** Close; with `cease`, send a Cease / Administrative Shutdown NOTIFICATION first (RFC 4486). */
  close(why: string, cease = false): void {
    if (this.state === 'Closed') return;
    if (cease) {
      this.sock.write(encodeMessage({ type: 'notification', code: 6, subcode: 2, data: new Uint8Array(0) }, this.ctx));
    }
    this.state = 'Closed';
    if (this.keepalive) clearInterval(this.keepalive);
    this.sock.end();
    this.on.closed?.(why);
  }
}
