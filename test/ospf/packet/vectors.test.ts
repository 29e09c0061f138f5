/**
 * Captured vectors both ways (vectors-frr.ts, vectors-bird.ts, lsa-vectors.ts): every packet type with no
 * authentication, a simple password, keyed MD5 and HMAC-SHA-1/256/384/512; every stored LSA type.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLsa, encodeLsa, sealLsa } from '../../../ospf/packet/lsa.js';
import { decodePacket, encodePacket } from '../../../ospf/packet/packet.js';
import { LSA_VECTORS } from './lsa-vectors.js';
import { BIRD_VECTORS } from './vectors-bird.js';
import { FRR_VECTORS, type PacketVector } from './vectors-frr.js';

const PACKETS: PacketVector[] = [...FRR_VECTORS, ...BIRD_VECTORS];

for (const v of PACKETS) {
  test(`decode: ${v.name}`, () => {
    const r = decodePacket(v.bytes, v.auth);
    assert.ok(r.ok, r.ok ? '' : `${r.error.reason}: ${r.error.detail}`);
    assert.deepEqual(r.value.packet, v.packet);
    assert.equal(r.value.cryptoSeq, v.cryptoSeq);
    assert.equal(r.value.keyId, v.keyId);
    if (v.packet.body.type === 4) {
      assert.deepEqual(r.value.lsaDrops, []);
      // The received octets of each LSA are handed out, and they re-encode identically.
      const raws = r.value.lsaRaws ?? [];
      assert.equal(raws.length, v.packet.body.lsas.length);
      for (const [i, l] of v.packet.body.lsas.entries()) assert.deepEqual(new Uint8Array(encodeLsa(l)), raws[i]);
    } else assert.equal(r.value.lsaRaws, undefined);
  });
  test(`encode: ${v.name}`, () => {
    assert.equal(encodePacket(v.packet, v.auth, v.cryptoSeq).toString('hex'), v.bytes.toString('hex'));
  });
}

test('every packet type is covered under every authentication type', () => {
  const seen = new Set(PACKETS.map((v) => `${JSON.stringify(v.auth)}/${v.packet.body.type}`));
  assert.equal(seen.size, 7 * 5);
});

test('encode takes the sequence number from header.auth when none is given', () => {
  const v = PACKETS.find((x) => x.auth.type === 'md5');
  assert.ok(v);
  assert.equal(encodePacket(v.packet, v.auth).toString('hex'), v.bytes.toString('hex'));
});

for (const v of LSA_VECTORS) {
  test(`LSA decode: ${v.name}`, () => {
    const r = decodeLsa(v.bytes);
    assert.ok(r.ok, r.ok ? '' : `${r.error.reason}: ${r.error.detail}`);
    assert.deepEqual(r.value.lsa, v.lsa);
    assert.equal(r.value.raw, v.bytes);
  });
  test(`LSA encode: ${v.name}`, () => {
    assert.equal(encodeLsa(v.lsa).toString('hex'), v.bytes.toString('hex'));
    // The header's own length and checksum are recomputed, not copied.
    const blank = { ...v.lsa, header: { ...v.lsa.header, checksum: 0, length: 0 } };
    const sealed = sealLsa(blank);
    assert.equal(sealed.raw.toString('hex'), v.bytes.toString('hex'));
    assert.deepEqual(sealed.lsa, v.lsa);
  });
}

test('LSA vectors cover every stored LS type', () => {
  assert.deepEqual(
    [...new Set(LSA_VECTORS.map((v) => v.lsa.header.type))].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 9, 10, 11],
  );
});
