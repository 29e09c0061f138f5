/**
 * LSA codec edge cases: negative vectors for `decodeLsa` (every length, count and type check, each with a valid
 * checksum so the check under test is the one reached), programmer errors on encode, LS age patching, the
 * LSA header of DD / LSAck lists and the opaque Link State ID helpers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setLsaChecksum, verifyLsaChecksum } from '../../../ospf/packet/checksum.js';
import { decodeLsa, decodeLsaHeader, encodeLsa, setLsaAge } from '../../../ospf/packet/lsa.js';
import { opaqueId, opaqueLsid, opaqueType } from '../../../ospf/packet/lsa-opaque.js';
import type { Lsa } from '../../../ospf/packet/types.js';
import { LSA_VECTORS } from './lsa-vectors.js';
import { hex, ip, sq } from './util.js';

/** An LSA with a valid checksum: a header then `bodyHex`; the length field is the real one unless given. */
function lsa(type: number, bodyHex: string, length?: number): Buffer {
  const body = hex(bodyHex);
  const b = Buffer.alloc(20 + body.length);
  b.writeUInt16BE(1, 0);
  b[2] = 0x02;
  b[3] = type;
  b.writeUInt32BE(0x0a000000, 4);
  b.writeUInt32BE(0x01010101, 8);
  b.writeUInt32BE(0x80000001, 12);
  b.writeUInt16BE(length ?? b.length, 18);
  body.copy(b, 20);
  setLsaChecksum(b);
  return b;
}

function expectBad(b: Uint8Array, reason: 'bad-lsa' | 'bad-checksum', why: string): void {
  const r = decodeLsa(b);
  assert.ok(!r.ok, `${why}: decoded`);
  assert.equal(r.error.reason, reason, `${why}: ${r.error.detail}`);
}

test('the helper builds LSAs that decode (a control for the negative cases below)', () => {
  const r = decodeLsa(lsa(1, '01 00 0001  0a000000 ffffff00 03 01 000a  00 00 0014'));
  assert.ok(r.ok, r.ok ? '' : r.error.detail);
  assert.deepEqual(r.value.lsa.body, {
    kind: 'router',
    flags: 1,
    links: [
      { linkId: ip('10.0.0.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [{ tos: 0, metric: 20 }] },
    ],
  });
});

test('bad-lsa: lengths', () => {
  expectBad(new Uint8Array(0), 'bad-lsa', 'empty');
  expectBad(lsa(1, '').subarray(0, 19), 'bad-lsa', 'shorter than a header');
  expectBad(lsa(2, 'ffffff00', 19), 'bad-lsa', 'length field 19');
  expectBad(lsa(2, 'ffffff00', 0), 'bad-lsa', 'length field 0');
  expectBad(lsa(2, 'ffffff00 01010101', 24), 'bad-lsa', 'length field shorter than the buffer');
  expectBad(lsa(2, 'ffffff00', 28), 'bad-lsa', 'length field past the buffer');
});

test('bad-checksum: any altered octet past LS age (the length field aside: it is checked first); checksum 0', () => {
  const good = lsa(2, 'ffffff00 01010101');
  for (let at = 2; at < good.length; at++) {
    if (at === 18 || at === 19) continue;
    const b = Buffer.from(good);
    b[at] = (b[at] as number) ^ 0x40;
    expectBad(b, 'bad-checksum', `octet ${at}`);
  }
  const zero = Buffer.from(good);
  zero.writeUInt16BE(0, 16);
  expectBad(zero, 'bad-checksum', 'checksum 0');
});

test('bad-lsa: LS types outside 1..11 (0, 12, 255)', () => {
  for (const type of [0, 12, 255]) expectBad(lsa(type, '00000000'), 'bad-lsa', `type ${type}`);
});

test('LS types 6, 7 and 8 are stored and flooded as opaque data', () => {
  for (const type of [6, 7, 8]) {
    const r = decodeLsa(lsa(type, '00000000'));
    assert.ok(r.ok, `type ${type}`);
    assert.equal(r.value.lsa.body.kind, 'opaque');
  }
});

test('bad-lsa: router-LSA counts and lengths', () => {
  expectBad(lsa(1, '00 00'), 'bad-lsa', 'body shorter than its fixed part');
  expectBad(lsa(1, '00 00 0002  0a000000 ffffff00 03 00 000a'), 'bad-lsa', 'two links claimed, one present');
  expectBad(lsa(1, '00 00 ffff  0a000000 ffffff00 03 00 000a'), 'bad-lsa', '65535 links claimed');
  expectBad(lsa(1, '00 00 0001  0a000000 ffffff00 03 02 000a  00 00 0014'), 'bad-lsa', 'TOS entries overrun');
  expectBad(lsa(1, '00 00 0001  0a000000 ffffff00 03 00 000a  0000'), 'bad-lsa', 'octets after the links');
  expectBad(lsa(1, '00 00 0000  0a000000'), 'bad-lsa', 'octets after zero links');
  expectBad(lsa(1, '00 00 0001  0a000000 ffffff00 03 00'), 'bad-lsa', 'link cut short');
  for (const t of ['00', '05', 'ff'])
    expectBad(lsa(1, `00 00 0001  0a000000 ffffff00 ${t} 00 000a`), 'bad-lsa', `link type ${t}`);
});

test('bad-lsa: network, summary and AS-external bodies', () => {
  expectBad(lsa(2, ''), 'bad-lsa', 'network without a mask');
  expectBad(lsa(2, 'ffffff00 0101'), 'bad-lsa', 'network with half a router ID');
  for (const type of [3, 4]) {
    expectBad(lsa(type, 'ffffff00 0000'), 'bad-lsa', `type ${type} without a metric`);
    expectBad(lsa(type, 'ffffff00 0000000a 00'), 'bad-lsa', `type ${type} with a partial TOS entry`);
  }
  expectBad(lsa(5, 'ffffff00 8000000a 00000000'), 'bad-lsa', 'external without a tag');
  expectBad(lsa(5, 'ffffff00 8000000a 00000000 00000000 80'), 'bad-lsa', 'external with a partial TOS block');
});

test('reserved octets are ignored on decode (raw keeps them) and written as zero on encode', () => {
  const b = lsa(3, 'ffffff00 ff00000a');
  const r = decodeLsa(b);
  assert.ok(r.ok);
  assert.deepEqual(r.value.lsa.body, { kind: 'summary', mask: ip('255.255.255.0'), metric: 10, tos: [] });
  assert.equal(r.value.raw, b);
  assert.notDeepEqual(encodeLsa(r.value.lsa), b);
});

test('TOS entries round-trip in router-, summary- and AS-external-LSAs', () => {
  const cases = [
    lsa(1, '00 00 0001  0a000000 ffffff00 01 02 000a  08 00 0014  10 00 ffff'),
    lsa(4, '00000000 00fffffe 08 000001 10 ffffff'),
    lsa(5, 'ffff0000 0000000a 0a000001 00000007  88 000014 0a000002 00000008'),
  ];
  for (const b of cases) {
    const r = decodeLsa(b);
    assert.ok(r.ok, r.ok ? '' : r.error.detail);
    assert.deepEqual(encodeLsa(r.value.lsa), b);
  }
  const ext = decodeLsa(cases[2] as Buffer);
  assert.ok(ext.ok && ext.value.lsa.body.kind === 'external');
  assert.deepEqual(ext.value.lsa.body.tos, [{ e2: true, tos: 8, metric: 20, forwarding: ip('10.0.0.2'), tag: 8 }]);
  assert.equal(ext.value.lsa.body.e2, false);
});

test('encodeLsa throws on programmer errors: body kind and LS type disagree, over 65535 octets', () => {
  const v = LSA_VECTORS.find((x) => x.lsa.header.type === 2);
  assert.ok(v);
  assert.throws(() => encodeLsa({ ...v.lsa, header: { ...v.lsa.header, type: 1 } }), TypeError);
  const big: Lsa = { header: { ...v.lsa.header, type: 10 }, body: { kind: 'opaque', data: new Uint8Array(65516) } };
  assert.throws(() => encodeLsa(big), RangeError);
  assert.equal(encodeLsa({ ...big, body: { kind: 'opaque', data: new Uint8Array(65515) } }).length, 65535);
});

test('setLsaAge changes LS age and leaves the checksum valid (§12.1.7: age is not covered)', () => {
  for (const v of LSA_VECTORS) {
    const b = Buffer.from(v.bytes);
    setLsaAge(b, 3600);
    assert.equal(b.readUInt16BE(0), 3600);
    assert.ok(verifyLsaChecksum(b));
    const r = decodeLsa(b);
    assert.ok(r.ok);
    assert.equal(r.value.lsa.header.age, 3600);
  }
});

test('decodeLsaHeader: signed sequence numbers, unknown types and short lengths refused', () => {
  const v = LSA_VECTORS[0];
  assert.ok(v);
  const h = decodeLsaHeader(v.bytes, 0);
  assert.ok(h.ok);
  assert.deepEqual(h.value, v.lsa.header);
  const max = hex('0e10 02 05 00000000 01010101 7fffffff 1234 0024');
  const hm = decodeLsaHeader(max, 0);
  assert.ok(hm.ok);
  assert.equal(hm.value.seq, 0x7fffffff);
  const init = hex('0000 02 01 01010101 01010101 80000001 1234 0024');
  const hi = decodeLsaHeader(init, 0);
  assert.ok(hi.ok);
  assert.equal(hi.value.seq, sq(0x80000001));
  assert.equal(hi.value.seq, -0x7fffffff);
  const t7 = hex('0000 02 0c 01010101 01010101 80000001 1234 0024');
  assert.equal(decodeLsaHeader(t7, 0).ok, false);
  const short = hex('0000 02 01 01010101 01010101 80000001 1234 0013');
  assert.equal(decodeLsaHeader(short, 0).ok, false);
});

test('opaque Link State ID: Opaque Type (8 bits) and Opaque ID (24 bits), RFC 5250 §3', () => {
  const grace = LSA_VECTORS.find((x) => x.lsa.header.type === 9);
  assert.ok(grace);
  assert.equal(opaqueType(grace.lsa.header.lsid), 3);
  assert.equal(opaqueId(grace.lsa.header.lsid), 0);
  assert.equal(opaqueLsid(4, 0x123456), ip('4.18.52.86'));
  assert.equal(opaqueLsid(255, 0xffffff), 0xffffffff);
});
