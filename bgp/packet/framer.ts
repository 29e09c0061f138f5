/**
 * Stream framer: TCP chunks in, one whole BGP message (header included) out at a time (RFC 4271 §4.1, §6.1).
 *
 * Copy discipline: a message lying inside one pushed chunk is returned as a view of that chunk (zero copy;
 * the caller must not reuse pushed chunks). Only a message that straddles chunks is assembled into a fresh
 * buffer of exactly its length. Header errors are reported as soon as the 19 header octets are in, without
 * waiting for the body; after an error the framer keeps returning it (the session is going down).
 */
import { err, ok, type Result } from '../../lib/result.js';
import { checkHeader } from './header.js';
import { HEADER_LEN, MAX_EXT_MSG_LEN, MAX_MSG_LEN } from './iana.js';
import type { BgpError } from './types.js';

export class Framer {
  private chunks: Uint8Array[] = [];
  /** Index of the first live chunk in `chunks`. */
  private head = 0;
  /** Offset of the first unread octet in `chunks[head]`. */
  private offset = 0;
  private buffered = 0;
  private maxSize = MAX_MSG_LEN;
  private failed: BgpError | undefined;
  /** Header of the message being waited for, once its 19 octets were checked. */
  private pendingLength = 0;
  private readonly hdr = new Uint8Array(HEADER_LEN);

  /** RFC 8654: 65535 once extended messages are negotiated (both sides sent the capability). */
  setMaxSize(n: number): void {
    if (!Number.isInteger(n) || n < MAX_MSG_LEN || n > MAX_EXT_MSG_LEN) throw new RangeError(`bad max size ${n}`);
    this.maxSize = n;
  }

  /** Octets received and not yet returned. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next whole message, `ok(undefined)` when more octets are needed, or the header error. */
  next(): Result<Uint8Array | undefined, BgpError> {
    if (this.failed) return err(this.failed);
    if (this.pendingLength === 0) {
      if (this.buffered < HEADER_LEN) return ok(undefined);
      const first = this.chunks[this.head] as Uint8Array;
      let h: Uint8Array = first;
      let at = this.offset;
      if (first.length - this.offset < HEADER_LEN) {
        this.peek(this.hdr, HEADER_LEN);
        h = this.hdr;
        at = 0;
      }
      const r = checkHeader(h, at, this.maxSize);
      if (!r.ok) {
        this.failed = r.error;
        return r;
      }
      this.pendingLength = r.value.length;
    }
    const len = this.pendingLength;
    if (this.buffered < len) return ok(undefined);
    this.pendingLength = 0;
    return ok(this.take(len));
  }

  /** Copy the first `n` buffered octets into `dst` without consuming them. */
  private peek(dst: Uint8Array, n: number): void {
    let got = 0;
    let off = this.offset;
    for (let i = this.head; got < n; i++) {
      const c = this.chunks[i] as Uint8Array;
      const k = Math.min(n - got, c.length - off);
      dst.set(c.subarray(off, off + k), got);
      got += k;
      off = 0;
    }
  }

  /** Consume `n` octets: a view when they sit in one chunk, else one exact-size copy. */
  private take(n: number): Uint8Array {
    const first = this.chunks[this.head] as Uint8Array;
    let out: Uint8Array;
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
    } else {
      out = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const c = this.chunks[this.head] as Uint8Array;
        const k = Math.min(n - got, c.length - this.offset);
        out.set(c.subarray(this.offset, this.offset + k), got);
        got += k;
        this.offset += k;
        if (this.offset === c.length) this.dropHead();
      }
    }
    if (this.head < this.chunks.length && this.offset === (this.chunks[this.head] as Uint8Array).length)
      this.dropHead();
    this.buffered -= n;
    return out;
  }

  private dropHead(): void {
    this.head++;
    this.offset = 0;
    // Compact now and then so the array of consumed chunks does not grow without bound.
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    }
  }
}
