/**
 * OSPFv2 packet authentication (RFC 2328 Appendix D, RFC 5709): the AuType and 64-bit authentication field of
 * the header, the packet checksum, and the digest appended after the packet for cryptographic authentication.
 *
 *   AuType 0, null (§D.2):           checksum computed; the authentication field is not looked at.
 *   AuType 1, simple password (§D.3): checksum computed (authentication field excluded); the field carries the
 *                                     password, zero padded to 8 octets.
 *   AuType 2, cryptographic (§D.3, §D.4.3, RFC 5709 §3): checksum NOT computed (zero). The field is
 *
 *      0                   1                   2                   3
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |              0                |    Key ID     | Auth Data Len |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                 Cryptographic sequence number                 |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   and Auth Data Len octets follow the packet (outside the OSPF length, inside the IP payload):
 *     - keyed MD5: MD5(packet || key zero padded to 16 octets);
 *     - HMAC-SHA-x: HMAC(Ko, packet || Apad), Apad = 0x878FE1F3 repeated to L octets, L the digest length, and
 *       Ko = the key zero padded to L octets, or H(key) when the key is longer than L (RFC 5709 §3.3 (a)).
 *
 * Replay protection (the sequence number never decreasing per neighbor, §D.5) is the neighbor state machine's
 * job: decoding returns the sequence number and the key ID it was verified with.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ok, type Result } from '../../lib/result.js';
import { packetChecksum } from './checksum.js';
import { drop } from './errors.js';
import {
  APAD_WORD,
  AUTH_OFFSET,
  AUTYPE_OFFSET,
  AuType,
  CHECKSUM_OFFSET,
  DIGEST_LEN,
  MD5_KEY_LEN,
  SIMPLE_PASSWORD_LEN,
} from './iana.js';
import type { AuthCfg, OspfAuth, OspfDecodeError } from './types.js';
import { get16, get32, put16, put32 } from './wire.js';

export type CryptoAlgorithm = keyof typeof DIGEST_LEN;
type CryptoCfg = Extract<AuthCfg, { keys: unknown }>;

const HASH: Readonly<Record<Exclude<CryptoAlgorithm, 'md5'>, string>> = {
  'hmac-sha-1': 'sha1',
  'hmac-sha-256': 'sha256',
  'hmac-sha-384': 'sha384',
  'hmac-sha-512': 'sha512',
};

/** Apad for the longest digest; shorter ones use a prefix (every L is a multiple of 4). */
const APAD = (() => {
  const b = Buffer.alloc(DIGEST_LEN['hmac-sha-512']);
  for (let i = 0; i < b.length; i += 4) b.writeUInt32BE(APAD_WORD, i);
  return b;
})();

export interface AuthResult {
  auth: OspfAuth;
  cryptoSeq?: number;
  keyId?: number;
}

/** The AuType a configuration sends and expects. */
export function auTypeOf(cfg: AuthCfg): number {
  if (cfg.type === 'null') return AuType.Null;
  if (cfg.type === 'simple') return AuType.SimplePassword;
  return AuType.Cryptographic;
}

/** Octets appended after the OSPF packet (the digest), 0 without cryptographic authentication. */
export function trailerLen(cfg: AuthCfg): number {
  return cfg.type === 'null' || cfg.type === 'simple' ? 0 : DIGEST_LEN[cfg.type];
}

/** A secret as octets, zero padded or cut to `len` (the password of §D.3 is 8 octets, the MD5 key 16). */
function fixedKey(secret: string, len: number): Buffer {
  const b = Buffer.alloc(len);
  Buffer.from(secret, 'utf8').copy(b, 0, 0, len);
  return b;
}

/** The digest of `packet` under one key: what goes into the `L` octets after the packet. */
function digest(alg: CryptoAlgorithm, secret: string, packet: Uint8Array): Buffer {
  if (alg === 'md5') return createHash('md5').update(packet).update(fixedKey(secret, MD5_KEY_LEN)).digest();
  const h = HASH[alg];
  const L = DIGEST_LEN[alg];
  const k = Buffer.from(secret, 'utf8');
  // RFC 5709 §3.3 (a): Ko is K hashed when longer than L, else K zero padded to L; HMAC itself then pads Ko
  // with zeros to the block size, so passing the short K as is gives the same Ko.
  const ko = k.length > L ? createHash(h).update(k).digest() : k;
  return createHmac(h, ko).update(packet).update(APAD.subarray(0, L)).digest();
}

function sendKey(cfg: CryptoCfg): string {
  const k = cfg.keys.find((x) => x.id === cfg.sendKeyId);
  if (!k) throw new RangeError(`send key ${cfg.sendKeyId} is not among the configured keys`);
  return k.key;
}

/**
 * Fill the checksum, AuType and authentication field of the encoded packet `p[0..len)` (header and body
 * written, the authentication field zero) and the digest in `p[len..len + trailerLen(cfg))`.
 */
export function applyAuth(p: Uint8Array, len: number, cfg: AuthCfg, cryptoSeq: number): void {
  put16(p, AUTYPE_OFFSET, auTypeOf(cfg));
  if (cfg.type === 'null' || cfg.type === 'simple') {
    put16(p, CHECKSUM_OFFSET, packetChecksum(p, len));
    if (cfg.type === 'simple') p.set(fixedKey(cfg.password, SIMPLE_PASSWORD_LEN), AUTH_OFFSET);
    return;
  }
  if (cfg.sendKeyId < 0 || cfg.sendKeyId > 255) throw new RangeError(`key ID ${cfg.sendKeyId}`);
  put16(p, CHECKSUM_OFFSET, 0); // §D.4.3 (1): not computed
  put16(p, AUTH_OFFSET, 0);
  p[AUTH_OFFSET + 2] = cfg.sendKeyId;
  p[AUTH_OFFSET + 3] = DIGEST_LEN[cfg.type];
  put32(p, AUTH_OFFSET + 4, cryptoSeq);
  p.set(digest(cfg.type, sendKey(cfg), p.subarray(0, len)), len);
}

function checkChecksum(p: Uint8Array, len: number): OspfDecodeError | undefined {
  const want = packetChecksum(p, len);
  const got = get16(p, CHECKSUM_OFFSET);
  if (want === got) return undefined;
  return { reason: 'bad-checksum', detail: `packet checksum 0x${got.toString(16)}, expected 0x${want.toString(16)}` };
}

/**
 * Check the authentication of the packet `p[0..len)` (its header and length already checked; `p` may go on
 * past `len` with the digest and an RFC 5613 LLS block). AuType mismatch is 'auth-type-mismatch'; a wrong
 * password, an unknown key ID, a wrong Auth Data Len or digest is 'auth-failed'; a digest cut short is
 * 'truncated'; a bad checksum (AuType 0 and 1) is 'bad-checksum'.
 */
export function checkAuth(p: Uint8Array, len: number, cfg: AuthCfg): Result<AuthResult, OspfDecodeError> {
  const auType = get16(p, AUTYPE_OFFSET);
  const want = auTypeOf(cfg);
  if (auType !== want) return drop('auth-type-mismatch', `AuType ${auType}, configured ${want}`);
  if (cfg.type === 'null') {
    const e = checkChecksum(p, len);
    return e ? { ok: false, error: e } : ok({ auth: { type: 0 } });
  }
  if (cfg.type === 'simple') {
    const e = checkChecksum(p, len);
    if (e) return { ok: false, error: e };
    const got = p.subarray(AUTH_OFFSET, AUTH_OFFSET + SIMPLE_PASSWORD_LEN);
    if (!timingSafeEqual(got, fixedKey(cfg.password, SIMPLE_PASSWORD_LEN)))
      return drop('auth-failed', 'simple password does not match');
    return ok({ auth: { type: 1, password: new Uint8Array(got) } });
  }
  const keyId = p[AUTH_OFFSET + 2] as number;
  const authDataLen = p[AUTH_OFFSET + 3] as number;
  const seq = get32(p, AUTH_OFFSET + 4);
  const key = cfg.keys.find((k) => k.id === keyId);
  if (!key) return drop('auth-failed', `unknown key ID ${keyId}`);
  const L = DIGEST_LEN[cfg.type];
  if (authDataLen !== L) return drop('auth-failed', `Auth Data Len ${authDataLen}, ${cfg.type} needs ${L}`);
  if (p.length - len < L) return drop('truncated', `${p.length - len} octets after the packet for a ${L}-octet digest`);
  const d = digest(cfg.type, key.key, p.subarray(0, len));
  if (!timingSafeEqual(d, p.subarray(len, len + L))) return drop('auth-failed', `${cfg.type} digest does not verify`);
  return ok({ auth: { type: 2, keyId, authDataLen, seq }, cryptoSeq: seq, keyId });
}
