/**
 * Authentication (RFC 2328 Appendix D, RFC 5709): digests recomputed here by hand (MD5 over packet || key, and
 * HMAC built from its RFC 2104 definition with ipad/opad, not with createHmac) match what the encoder appends;
 * RFC 5709 key preparation for keys shorter than, equal to and longer than L; key rollover on receive; simple
 * password padding; the checksum is zero under cryptographic authentication.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { DIGEST_LEN } from '../../../ospf/packet/iana.js';
import { decodePacket, encodePacket } from '../../../ospf/packet/packet.js';
import type { AuthCfg, OspfPacket } from '../../../ospf/packet/types.js';
import { AUTH, hex } from './util.js';
import { FRR_VECTORS } from './vectors-frr.js';

const HASHES = [
  ['hmac-sha-1', 'sha1', 64],
  ['hmac-sha-256', 'sha256', 64],
  ['hmac-sha-384', 'sha384', 128],
  ['hmac-sha-512', 'sha512', 128],
] as const;

/** RFC 2104: H(K XOR opad, H(K XOR ipad, text)), K zero padded to the block size B. */
function hmacByHand(hash: string, blockSize: number, key: Uint8Array, text: Uint8Array): Buffer {
  const k = Buffer.alloc(blockSize);
  k.set(key);
  const ipad = Buffer.from(k.map((x) => x ^ 0x36));
  const opad = Buffer.from(k.map((x) => x ^ 0x5c));
  const inner = createHash(hash).update(ipad).update(text).digest();
  return createHash(hash).update(opad).update(inner).digest();
}

/** RFC 5709 §3.3 (a): Ko is K when |K| = L, K zero padded when shorter, H(K) when longer. */
function rfc5709Ko(hash: string, L: number, key: string): Buffer {
  const k = Buffer.from(key, 'utf8');
  if (k.length > L) return createHash(hash).update(k).digest();
  const ko = Buffer.alloc(L);
  ko.set(k);
  return ko;
}

const hello = FRR_VECTORS.find((v) => v.auth === AUTH.null && v.packet.body.type === 1)?.packet as OspfPacket;

test('HMAC-SHA-x digest = HMAC(Ko, packet || Apad), keys shorter than, equal to and longer than L and B', () => {
  for (const [alg, hash, B] of HASHES) {
    const L = DIGEST_LEN[alg];
    for (const keyLen of [1, 8, L - 1, L, L + 1, B, B + 1, 200]) {
      const key = 'k'.repeat(keyLen - 1) + String.fromCharCode(0x41 + (keyLen % 26));
      const cfg: AuthCfg = { type: alg, keys: [{ id: 9, key }], sendKeyId: 9 };
      const b = encodePacket(hello, cfg, 0x01020304);
      const len = b.readUInt16BE(2);
      assert.equal(b.length, len + L);
      assert.equal(b.readUInt16BE(12), 0, 'no checksum under AuType 2 (§D.4.3)');
      assert.equal(b.toString('hex', 14, 24), `0002 0000 09 ${L.toString(16)} 01020304`.replace(/ /g, ''));
      const apad = Buffer.alloc(L);
      for (let i = 0; i < L; i += 4) apad.writeUInt32BE(0x878fe1f3, i);
      const want = hmacByHand(hash, B, rfc5709Ko(hash, L, key), Buffer.concat([b.subarray(0, len), apad]));
      assert.equal(b.subarray(len).toString('hex'), want.toString('hex'), `${alg} key of ${keyLen}`);
      const d = decodePacket(b, cfg);
      assert.ok(d.ok && d.value.cryptoSeq === 0x01020304 && d.value.keyId === 9);
    }
  }
});

test('keyed MD5 digest = MD5(packet || key zero padded or cut to 16 octets), §D.4.3', () => {
  for (const key of ['a', 'md5-secret', '0123456789abcdef', '0123456789abcdefXYZ']) {
    const cfg: AuthCfg = { type: 'md5', keys: [{ id: 255, key }], sendKeyId: 255 };
    const b = encodePacket(hello, cfg, 42);
    const len = b.readUInt16BE(2);
    const k = Buffer.alloc(16);
    Buffer.from(key).copy(k, 0, 0, 16);
    assert.equal(b.subarray(len).toString('hex'), createHash('md5').update(b.subarray(0, len)).update(k).digest('hex'));
    assert.equal(b[18], 255);
    assert.equal(b[19], 16);
  }
});

test('key rollover: every configured key is accepted, the send key is used, the key ID is reported', () => {
  const rollover: AuthCfg = {
    type: 'hmac-sha-256',
    keys: [
      { id: 1, key: 'old' },
      { id: 2, key: 'new' },
    ],
    sendKeyId: 2,
  };
  const fromOld = encodePacket(hello, { ...rollover, sendKeyId: 1 }, 5);
  const fromNew = encodePacket(hello, rollover, 6);
  assert.equal(fromNew[18], 2);
  for (const [b, id, seq] of [
    [fromOld, 1, 5],
    [fromNew, 2, 6],
  ] as const) {
    const d = decodePacket(b, rollover);
    assert.ok(d.ok);
    assert.equal(d.value.keyId, id);
    assert.equal(d.value.cryptoSeq, seq);
  }
  // A receiver that dropped the old key refuses it.
  const r = decodePacket(fromOld, { ...rollover, keys: [{ id: 2, key: 'new' }] });
  assert.ok(!r.ok && r.error.reason === 'auth-failed');
});

test('encode with a send key that is not configured is a programmer error', () => {
  assert.throws(() => encodePacket(hello, { type: 'md5', keys: [{ id: 1, key: 'x' }], sendKeyId: 2 }), RangeError);
});

test('simple password: zero padded to 8 octets, cut beyond 8, covered by nothing but the comparison', () => {
  const b = encodePacket(hello, { type: 'simple', password: 'ab' });
  assert.equal(b.toString('hex', 14, 24), `0001${hex('6162 000000000000').toString('hex')}`);
  const long = encodePacket(hello, { type: 'simple', password: 'abcdefghij' });
  assert.equal(long.toString('latin1', 16, 24), 'abcdefgh');
  const d = decodePacket(long, { type: 'simple', password: 'abcdefgh' });
  assert.ok(d.ok && d.value.packet.header.auth.type === 1);
  assert.deepEqual(d.value.packet.header.auth.password, new Uint8Array(Buffer.from('abcdefgh')));
  assert.equal(d.value.cryptoSeq, undefined);
});

test('null authentication: AuType 0 and whatever sits in the authentication field is not looked at', () => {
  const b = encodePacket(hello, AUTH.null);
  b.fill(0x5a, 16, 24);
  const d = decodePacket(b, AUTH.null);
  assert.ok(d.ok);
  assert.deepEqual(d.value.packet.header.auth, { type: 0 });
});
