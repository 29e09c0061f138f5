/**
 * In-memory OSPF packet I/O for scenario tests: simulated links (a broadcast LAN or a point-to-point link is
 * just a segment with two or more attachments) connecting several OSPF instances in one process.
 *
 * Delivery follows what a raw socket on a real link sees (RFC 2328 §8.1, §A.1): a packet to a multicast group
 * reaches every other attachment that joined the group; a unicast packet reaches the attachment with that
 * address; the sender does not hear itself (IP_MULTICAST_LOOP 0). Packets are delivered through the injected
 * clock after `latencyMs`, never synchronously, so an instance is never re-entered while it handles an event.
 *
 * Failure controls: `cut(host)` isolates one attachment (both directions) until `restore(host)`; `loss` drops
 * any packet it returns true for; `inject` puts hand-made octets on the wire (hostile-input tests).
 */
import type { Clock } from '../lib/clock.js';
import { err, ok, type Result } from '../lib/result.js';
import type { OspfIo, OspfIoLink, OspfIoPacket, OspfIoSpec } from './io.js';

const isMulticast = (a: number): boolean => a >>> 28 === 0xe;

interface Attachment {
  host: string;
  ifname: string;
  address: number;
  groups: Set<number>;
  onPacket: (p: OspfIoPacket) => void;
  open: boolean;
}

/** One packet that crossed a segment (after the loss filter), for assertions. */
export interface WirePacket {
  from: string;
  src: number;
  dst: number;
  data: Uint8Array;
}

export class MemorySegment {
  readonly attachments: Attachment[] = [];
  readonly wire: WirePacket[] = [];
  /** Return true to lose a packet (from one attachment to another). */
  loss: (p: WirePacket, to: string) => boolean = () => false;
  private readonly isolated = new Set<string>();

  constructor(
    readonly name: string,
    private readonly net: MemoryOspfNet,
  ) {}

  /** Cut `host` off this segment (both directions), as a failed link or a partition would. */
  cut(host: string): void {
    this.isolated.add(host);
  }

  restore(host: string): void {
    this.isolated.delete(host);
  }

  /** Deliver octets as if sent by `src` (which need not be an attachment): hostile input, replays. */
  inject(src: number, dst: number, data: Uint8Array, from = '(injected)'): void {
    this.deliver({ from, src, dst, data: Uint8Array.from(data) }, undefined);
  }

  /** Packets sent on the segment, optionally only by `host`. */
  sent(host?: string): WirePacket[] {
    return host === undefined ? this.wire : this.wire.filter((p) => p.from === host);
  }

  deliver(p: WirePacket, sender: Attachment | undefined): void {
    if (this.wire.length < 100_000) this.wire.push(p);
    if (this.isolated.has(p.from)) return;
    for (const a of this.attachments) {
      if (a === sender || !a.open || this.isolated.has(a.host)) continue;
      if (isMulticast(p.dst) ? !a.groups.has(p.dst) : a.address !== p.dst) continue;
      if (this.loss(p, a.host)) continue;
      this.net.clock.setTimer(this.net.latencyMs, () => {
        if (a.open) a.onPacket({ data: Uint8Array.from(p.data), src: p.src, dst: p.dst });
      });
    }
  }
}

class MemoryLink implements OspfIoLink {
  constructor(
    private readonly seg: MemorySegment,
    private readonly a: Attachment,
  ) {}

  send(data: Uint8Array, dst: number): Result<void, string> {
    if (!this.a.open) return err('closed');
    this.seg.deliver({ from: this.a.host, src: this.a.address, dst: dst >>> 0, data: Uint8Array.from(data) }, this.a);
    return ok(undefined);
  }

  join(group: number): Result<void, string> {
    this.a.groups.add(group >>> 0);
    return ok(undefined);
  }

  leave(group: number): Result<void, string> {
    this.a.groups.delete(group >>> 0);
    return ok(undefined);
  }

  close(): void {
    this.a.open = false;
    const i = this.seg.attachments.indexOf(this.a);
    if (i >= 0) this.seg.attachments.splice(i, 1);
  }
}

/** The I/O of one simulated router: which segment each of its interface names is plugged into. */
export class MemoryOspfIo implements OspfIo {
  private readonly plugs = new Map<string, MemorySegment>();

  constructor(readonly host: string) {}

  /** Plug interface `ifname` of this router into `segment`. */
  attach(ifname: string, segment: MemorySegment): this {
    this.plugs.set(ifname, segment);
    return this;
  }

  open(spec: OspfIoSpec, onPacket: (p: OspfIoPacket) => void): Result<OspfIoLink, string> {
    const seg = this.plugs.get(spec.ifname);
    if (!seg) return err(`${this.host}: ${spec.ifname} is not attached to a segment`);
    const a: Attachment = {
      host: this.host,
      ifname: spec.ifname,
      address: spec.address >>> 0,
      groups: new Set(),
      onPacket,
      open: true,
    };
    seg.attachments.push(a);
    return ok(new MemoryLink(seg, a));
  }
}

/** The simulated network: segments, routers' I/O, one clock. */
export class MemoryOspfNet {
  private readonly segments = new Map<string, MemorySegment>();

  constructor(
    readonly clock: Clock,
    readonly latencyMs = 1,
  ) {}

  segment(name: string): MemorySegment {
    let s = this.segments.get(name);
    if (!s) {
      s = new MemorySegment(name, this);
      this.segments.set(name, s);
    }
    return s;
  }

  io(host: string): MemoryOspfIo {
    return new MemoryOspfIo(host);
  }
}
