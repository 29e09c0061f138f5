/**
 * The LSA Fletcher checksum (RFC 2328 §12.1.7, RFC 905 Annex B) and the packet checksum (RFC 1071, §D.4):
 * captured LSAs verify and give their own checksum back, any single flipped bit past LS age fails, encoded LSAs
 * verify, and both agree with naive reference versions written straight from the RFC text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lsaChecksum, packetChecksum, setLsaChecksum, verifyLsaChecksum } from '../../../ospf/packet/checksum.js';
import { encodeLsa } from '../../../ospf/packet/lsa.js';
import { LSA_VECTORS } from './lsa-vectors.js';
import { randomLsa, rng } from './random.js';
import { hex } from './util.js';
import { FRR_VECTORS } from './vectors-frr.js';

/** RFC 905 Annex B, one mod 255 per step: C0, C1 over octets 3..len (1-based), check octets at 17 and 18. */
function referenceFletcher(lsa: Uint8Array): number {
  const data = Uint8Array.from(lsa.subarray(2));
  data[14] = 0;
  data[15] = 0;
  let c0 = 0;
  let c1 = 0;
  for (const o of data) {
    c0 = (c0 + o) % 255;
    c1 = (c1 + c0) % 255;
  }
  const L = data.length;
  const n = 15;
  let x = ((((L - n) * c0 - c1) % 255) + 255) % 255;
  let y = ((((L - n + 1) * -c0 + c1) % 255) + 255) % 255;
  if (x === 0) x = 255;
  if (y === 0) y = 255;
  return (x << 8) | y;
}

test('captured LSAs verify, and their checksum is what we compute', () => {
  for (const v of LSA_VECTORS) {
    assert.ok(verifyLsaChecksum(v.bytes), v.name);
    assert.equal(lsaChecksum(v.bytes), v.lsa.header.checksum, v.name);
    assert.equal(referenceFletcher(v.bytes), v.lsa.header.checksum, v.name);
  }
});

test('one flipped bit anywhere from Options on fails; LS age is not covered', () => {
  for (const v of LSA_VECTORS) {
    for (let i = 0; i < v.bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = Uint8Array.from(v.bytes);
        b[i] = (b[i] as number) ^ (1 << bit);
        assert.equal(verifyLsaChecksum(b), i < 2, `${v.name}: octet ${i} bit ${bit}`);
      }
    }
  }
});

test('encoded LSAs verify; the check octets are never zero (RFC 905: 0 becomes 255)', () => {
  const r = rng(0x0f1e);
  for (let i = 0; i < 500; i++) {
    const b = encodeLsa(randomLsa(r));
    assert.ok(verifyLsaChecksum(b));
    assert.equal(lsaChecksum(b), referenceFletcher(b));
    assert.notEqual(b[16], 0);
    assert.notEqual(b[17], 0);
  }
});

test('a large LSA (over the 2048-octet reduction chunk) matches the reference', () => {
  const r = rng(7);
  for (const len of [2047 + 20, 2048 + 20, 4096 + 18, 65535]) {
    const b = new Uint8Array(len);
    for (let i = 0; i < len; i++) b[i] = Math.floor(r() * 256);
    b[0] = 0;
    b[1] = 1;
    b[18] = len >>> 8;
    b[19] = len & 0xff;
    const c = setLsaChecksum(b);
    assert.equal(c, referenceFletcher(b), `length ${len}`);
    assert.ok(verifyLsaChecksum(b), `length ${len}`);
    b[len - 1] = ((b[len - 1] as number) + 1) & 0xff;
    assert.ok(!verifyLsaChecksum(b), `length ${len} corrupted`);
  }
});

test('verify refuses a length past the buffer or shorter than the checksum field', () => {
  const v = LSA_VECTORS[0];
  assert.ok(v);
  assert.ok(!verifyLsaChecksum(v.bytes, v.bytes.length + 1));
  assert.ok(!verifyLsaChecksum(v.bytes, 17));
});

/** RFC 1071 over the packet with the checksum zeroed and the authentication field removed. */
function referenceInet(p: Uint8Array): number {
  const b = [...p.subarray(0, 12), 0, 0, ...p.subarray(14, 16), ...p.subarray(24)];
  if (b.length % 2) b.push(0);
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += ((b[i] as number) << 8) | (b[i + 1] as number);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

test('packet checksum: captured null and simple-password packets carry it; the authentication field is left out', () => {
  for (const v of FRR_VECTORS.filter((x) => x.auth.type === 'null' || x.auth.type === 'simple')) {
    const want = v.bytes.readUInt16BE(12);
    assert.equal(packetChecksum(v.bytes, v.bytes.length), want, v.name);
    assert.equal(referenceInet(v.bytes), want, v.name);
    const other = Buffer.from(v.bytes);
    other.fill(0xa5, 16, 24);
    assert.equal(packetChecksum(other, other.length), want, v.name);
  }
});

test('packet checksum of an odd length pads with a zero octet (RFC 1071)', () => {
  const p = hex('0201 0019 01010101 00000000 0000 0000 0000000000000000 ff');
  assert.equal(packetChecksum(p, p.length), referenceInet(p));
  // 0x0201 + 0x0019 + 0x0101 + 0x0101 + 0xff00 = 0x1031c, folded 0x031d, complemented:
  assert.equal(packetChecksum(p, p.length), 0xfce2);
});
