/**
 * Bounds-checked byte Reader and a growable Writer with length placeholders (DESIGN.md §3.3).
 *
 * Every Reader method checks what is left and returns `undefined`-free typed results through `Result`,
 * never a bare RangeError; codecs turn a `ShortRead` into their protocol's error (e.g. a BGP NOTIFICATION).
 * No module-level shared buffers: each Writer owns its memory.
 */
import { err, ok, type Result } from './result.js';

export interface ShortRead {
  kind: 'short-read';
  /** Offset (from the start of the reader's view) where the read was attempted. */
  offset: number;
  /** Bytes the read needed. */
  wanted: number;
  /** Bytes that were left. */
  left: number;
}

export class Reader {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  private pos: number;
  private readonly end: number;
  private readonly start: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    if (start < 0 || end > buf.length || start > end) throw new RangeError('Reader: bad window');
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.start = start;
    this.end = end;
  }

  /** Current offset relative to the start of this reader's window. */
  get offset(): number {
    return this.pos - this.start;
  }

  /** Absolute offset in `buf`. */
  get absolute(): number {
    return this.pos;
  }

  get left(): number {
    return this.end - this.pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): ShortRead | undefined {
    if (n < 0 || this.pos + n > this.end)
      return { kind: 'short-read', offset: this.offset, wanted: n, left: this.left };
    return undefined;
  }

  u8(): Result<number, ShortRead> {
    const e = this.need(1);
    if (e) return err(e);
    return ok(this.view.getUint8(this.pos++));
  }

  u16(): Result<number, ShortRead> {
    const e = this.need(2);
    if (e) return err(e);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return ok(v);
  }

  u32(): Result<number, ShortRead> {
    const e = this.need(4);
    if (e) return err(e);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return ok(v);
  }

  /** A view (not a copy) of the next `n` bytes. */
  bytes(n: number): Result<Uint8Array, ShortRead> {
    const e = this.need(n);
    if (e) return err(e);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return ok(v);
  }

  /** A sub-reader over the next `n` bytes; this reader skips past them. */
  sub(n: number): Result<Reader, ShortRead> {
    const e = this.need(n);
    if (e) return err(e);
    const r = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return ok(r);
  }

  skip(n: number): Result<void, ShortRead> {
    const e = this.need(n);
    if (e) return err(e);
    this.pos += n;
    return ok(undefined);
  }

  /** The rest of the window as a view; the reader is then done. */
  rest(): Uint8Array {
    const v = this.buf.subarray(this.pos, this.end);
    this.pos = this.end;
    return v;
  }
}

/** Growable big-endian writer. `placeholder16/32` reserve a length field that `patch*` fills later. */
export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(Math.max(16, initial));
    this.view = new DataView(this.buf.buffer);
  }

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.view.setUint8(this.pos++, v);
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0);
    this.pos += 4;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  /** Reserve a 1-octet length; returns its offset. */
  placeholder8(): number {
    const at = this.pos;
    this.u8(0);
    return at;
  }

  placeholder16(): number {
    const at = this.pos;
    this.u16(0);
    return at;
  }

  placeholder32(): number {
    const at = this.pos;
    this.u32(0);
    return at;
  }

  patch8(at: number, v: number): void {
    this.view.setUint8(at, v);
  }

  patch16(at: number, v: number): void {
    this.view.setUint16(at, v);
  }

  patch32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0);
  }

  /** Little-endian helpers, for netlink (host byte order on the platforms we run on). */
  u16le(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
    return this;
  }

  u32le(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }

  patch16le(at: number, v: number): void {
    this.view.setUint16(at, v, true);
  }

  patch32le(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  /** A copy of what was written, as a Buffer. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
