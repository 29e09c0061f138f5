/** Shared helpers for the OSPF codec tests: hex with comments, dotted addresses, the authentication configs. */
import type { AuthCfg } from '../../../ospf/packet/types.js';

/** Hex text to bytes; `#` starts a comment that runs to the end of the line; whitespace is ignored. */
export function hex(s: string): Buffer {
  const clean = s.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex: ${clean}`);
  return Buffer.from(clean, 'hex');
}

export const u8 = (s: string): Uint8Array => new Uint8Array(hex(s));

/** Dotted quad to u32. */
export function ip(s: string): number {
  const p = s.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !(x >= 0 && x <= 255))) throw new Error(`bad address ${s}`);
  return (((p[0] as number) << 24) | ((p[1] as number) << 16) | ((p[2] as number) << 8) | (p[3] as number)) >>> 0;
}

/** An LS sequence number written as the unsigned hex of the wire, as a signed 32-bit value. */
export const sq = (u: number): number => u | 0;

/** The keys the captures were made with (test/ospf/packet/capture.sh). */
export const AUTH = {
  null: { type: 'null' },
  simple: { type: 'simple', password: 's3cret' },
  md5: { type: 'md5', keys: [{ id: 7, key: 'md5-secret' }], sendKeyId: 7 },
  sha1: { type: 'hmac-sha-1', keys: [{ id: 1, key: 'sha1-key' }], sendKeyId: 1 },
  sha256: { type: 'hmac-sha-256', keys: [{ id: 2, key: 'sha256-key' }], sendKeyId: 2 },
  sha384: { type: 'hmac-sha-384', keys: [{ id: 3, key: 'sha384-key' }], sendKeyId: 3 },
  sha512: { type: 'hmac-sha-512', keys: [{ id: 4, key: 'sha512-key' }], sendKeyId: 4 },
} satisfies Record<string, AuthCfg>;

export const ALL_AUTH: readonly AuthCfg[] = Object.values(AUTH);
