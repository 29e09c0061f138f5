/** Helpers for the netlink codec tests: hex, one-message decode, truncation and mutation sweeps. */
import assert from 'node:assert/strict';
import { decodeMessages, encodeMessage, type RtnlMessage, type RtnlRequest } from '../../../fib/netlink/message.js';
import { type PrefixKey, parseAddr, parsePrefix } from '../../../lib/prefix.js';

export const hex = (h: string): Buffer => Buffer.from(h, 'hex');
export const a = (s: string): Uint8Array => {
  const p = parseAddr(s);
  assert.ok(p, s);
  return p.addr;
};
export const p = (s: string): PrefixKey => {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
};
export const mac = (s: string): Uint8Array => Uint8Array.from(s.split(':').map((x) => Number.parseInt(x, 16)));

/** Decodes a buffer that must hold exactly one message. */
export function decodeOne(h: string): RtnlMessage {
  const d = decodeMessages(hex(h));
  assert.ok(d.ok, d.ok ? '' : JSON.stringify(d.error));
  assert.equal(d.value.length, 1);
  return d.value[0] as RtnlMessage;
}

/** Both ways: our encoder produces exactly `h`, and `h` decodes back to the request (plus seq/pid). */
export function bothWays(h: string, req: RtnlRequest, extraFlags: number): void {
  const bytes = hex(h);
  const seq = bytes.readUInt32LE(8);
  assert.equal(encodeMessage(req, seq, 0, extraFlags).toString('hex'), h, 'encode');
  assert.deepEqual(decodeOne(h), { ...req, flags: req.flags | extraFlags, seq, pid: 0 }, 'decode');
}

/** Every strict prefix of a message is an error value (never a throw, never a partial success). */
export function truncationsFail(h: string): void {
  const bytes = hex(h);
  for (let n = 1; n < bytes.length; n++) {
    const d = decodeMessages(bytes.subarray(0, n));
    assert.equal(d.ok, false, `prefix of ${n}/${bytes.length} octets decoded`);
  }
}

/**
 * Every cut with nlmsg_len patched to the cut (a consistent header over a short body) and `rounds` random
 * octet mutations (seeded) decode without throwing.
 */
export function neverThrows(h: string, rounds = 300, seed = 1): void {
  const bytes = hex(h);
  for (let n = 16; n < bytes.length; n++) {
    const cut = Buffer.from(bytes.subarray(0, n));
    cut.writeUInt32LE(n, 0);
    assert.doesNotThrow(() => decodeMessages(cut), `cut at ${n}`);
  }
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < rounds; i++) {
    const m = Buffer.from(bytes);
    const flips = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < flips; k++) m[16 + Math.floor(rnd() * (m.length - 16))] = Math.floor(rnd() * 256);
    assert.doesNotThrow(() => decodeMessages(m), `mutation ${i}`);
  }
}
