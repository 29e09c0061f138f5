/**
 * Negative packet vectors: one or more for each reason `decodePacket` drops a packet (types.ts DropReason),
 * built from captured vectors or by hand and, where the check under test sits behind authentication, sealed
 * with a valid checksum or digest so that the decoder reaches it. 'auth-replay' is not the codec's to give:
 * replay protection (§D.5) belongs to the neighbor state machine, which receives the sequence number.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Result } from '../../../lib/result.js';
import { applyAuth, auTypeOf, trailerLen } from '../../../ospf/packet/auth.js';
import { setLsaChecksum } from '../../../ospf/packet/checksum.js';
import { type DecodedPacket, decodePacket } from '../../../ospf/packet/packet.js';
import type { AuthCfg, DropReason, OspfDecodeError } from '../../../ospf/packet/types.js';
import { ALL_AUTH, AUTH, hex } from './util.js';
import { BIRD_VECTORS } from './vectors-bird.js';
import { FRR_VECTORS, type PacketVector } from './vectors-frr.js';

const VECTORS: PacketVector[] = [...FRR_VECTORS, ...BIRD_VECTORS];

function vector(auth: AuthCfg, type: number): PacketVector {
  const v = VECTORS.find((x) => x.auth === auth && x.packet.body.type === type);
  assert.ok(v, `no ${auth.type} vector of type ${type}`);
  return v;
}

/** A packet of `type` with body `bodyHex`, with a correct length, checksum and digest under `auth`. */
function seal(type: number, bodyHex: string, auth: AuthCfg = AUTH.null, seq = 1): Buffer {
  const body = hex(bodyHex);
  const len = 24 + body.length;
  const b = Buffer.alloc(len + trailerLen(auth));
  b[0] = 2;
  b[1] = type;
  b.writeUInt16BE(len, 2);
  b.writeUInt32BE(0x01010101, 4);
  body.copy(b, 24);
  applyAuth(b, len, auth, seq);
  return b;
}

function dec(type: number, bodyHex: string, auth: AuthCfg = AUTH.null): Result<DecodedPacket, OspfDecodeError> {
  return decodePacket(seal(type, bodyHex, auth), auth);
}

/** An LSA with a valid Fletcher checksum: header fields then `bodyHex`; the length is computed. */
function lsa(type: number, bodyHex: string, length?: number): string {
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
  return b.toString('hex');
}

const ROUTER_OK = lsa(1, '00 00 0001  0a000000 ffffff00 03 00 000a'); // one stub link
const count = (n: number) => n.toString(16).padStart(8, '0');

function expectDrop(r: Result<DecodedPacket, OspfDecodeError>, reason: DropReason): void {
  assert.ok(!r.ok, `decoded, expected ${reason}`);
  assert.equal(r.error.reason, reason, r.error.detail);
  assert.ok(r.error.detail.length > 0);
}

test('truncated: shorter than a header, or a digest cut short', () => {
  expectDrop(decodePacket(new Uint8Array(0), AUTH.null), 'truncated');
  expectDrop(decodePacket(vector(AUTH.null, 1).bytes.subarray(0, 23), AUTH.null), 'truncated');
  for (const auth of [AUTH.md5, AUTH.sha1, AUTH.sha512]) {
    const v = vector(auth, 1);
    expectDrop(decodePacket(v.bytes.subarray(0, v.bytes.length - 1), auth), 'truncated');
    expectDrop(decodePacket(v.bytes.subarray(0, v.bytes.readUInt16BE(2)), auth), 'truncated');
  }
});

test('bad-version: OSPFv3 and version 0', () => {
  for (const version of [0, 3]) {
    const b = Buffer.from(vector(AUTH.null, 1).bytes);
    b[0] = version;
    expectDrop(decodePacket(b, AUTH.null), 'bad-version');
  }
});

test('bad-length: the length field shorter than the header, or past the octets received', () => {
  for (const len of [0, 23]) {
    const b = Buffer.from(vector(AUTH.null, 1).bytes);
    b.writeUInt16BE(len, 2);
    expectDrop(decodePacket(b, AUTH.null), 'bad-length');
  }
  const b = Buffer.from(vector(AUTH.null, 4).bytes);
  b.writeUInt16BE(b.length + 1, 2);
  expectDrop(decodePacket(b, AUTH.null), 'bad-length');
  b.writeUInt16BE(0xffff, 2);
  expectDrop(decodePacket(b, AUTH.null), 'bad-length');
});

test('bad-type: packet types 0 and 6..255', () => {
  for (const type of [0, 6, 255]) {
    const b = Buffer.from(vector(AUTH.null, 1).bytes);
    b[1] = type;
    expectDrop(decodePacket(b, AUTH.null), 'bad-type');
  }
});

test('bad-checksum: AuType 0 and 1 verify the packet checksum', () => {
  for (const auth of [AUTH.null, AUTH.simple]) {
    for (const type of [1, 2, 3, 4, 5]) {
      const b = Buffer.from(vector(auth, type).bytes);
      b[b.length - 1] = (b[b.length - 1] as number) ^ 0x10;
      expectDrop(decodePacket(b, auth), 'bad-checksum');
      const c = Buffer.from(vector(auth, type).bytes);
      c[13] = (c[13] as number) ^ 1;
      expectDrop(decodePacket(c, auth), 'bad-checksum');
    }
  }
});

test('auth-type-mismatch and auth-failed: every vector under every other configuration', () => {
  for (const v of VECTORS) {
    for (const cfg of ALL_AUTH) {
      if (cfg === v.auth) continue;
      expectDrop(decodePacket(v.bytes, cfg), auTypeOf(cfg) === auTypeOf(v.auth) ? 'auth-failed' : 'auth-type-mismatch');
    }
  }
});

test('auth-failed: wrong password, wrong key, unknown key ID, wrong Auth Data Len, altered digest or body', () => {
  expectDrop(decodePacket(vector(AUTH.simple, 1).bytes, { type: 'simple', password: 's3cre' }), 'auth-failed');
  expectDrop(decodePacket(vector(AUTH.simple, 1).bytes, { type: 'simple', password: 's3cret!' }), 'auth-failed');
  const md5 = vector(AUTH.md5, 1);
  expectDrop(decodePacket(md5.bytes, { ...AUTH.md5, keys: [{ id: 7, key: 'md5-secreT' }] }), 'auth-failed');
  expectDrop(
    decodePacket(md5.bytes, { ...AUTH.md5, keys: [{ id: 8, key: 'md5-secret' }], sendKeyId: 8 }),
    'auth-failed',
  );
  for (const auth of [AUTH.md5, AUTH.sha1, AUTH.sha256, AUTH.sha384, AUTH.sha512]) {
    const v = vector(auth, 4);
    const len = v.bytes.readUInt16BE(2);
    for (const at of [len - 1, len, v.bytes.length - 1, 30]) {
      const b = Buffer.from(v.bytes);
      b[at] = (b[at] as number) ^ 0x01;
      expectDrop(decodePacket(b, auth), 'auth-failed');
    }
    const b = Buffer.from(v.bytes);
    b[19] = (b[19] as number) + 4; // Auth Data Len
    expectDrop(decodePacket(b, auth), 'auth-failed');
  }
});

test('malformed: bodies that do not fit their packet type', () => {
  expectDrop(dec(1, 'ffffff00 000a 02 01 00000028 00000000 00000000 0101'), 'malformed');
  expectDrop(dec(1, 'ffffff00 000a 02 01 00000028 00000000'), 'malformed');
  expectDrop(dec(2, '05dc 02 07 0000'), 'malformed');
  expectDrop(dec(2, `05dc 02 07 00000001 ${ROUTER_OK.slice(0, 38)}`), 'malformed');
  expectDrop(dec(3, '00000001 0a000000 01010101 00'), 'malformed');
  expectDrop(dec(4, '000000'), 'malformed');
  expectDrop(dec(4, `${count(1)} ${ROUTER_OK} 00000000`, AUTH.sha256), 'malformed');
  expectDrop(dec(5, `${ROUTER_OK.slice(0, 40)} 00`, AUTH.md5), 'malformed');
});

test('bad-lsa: LS Updates whose LSAs cannot be delimited, unknown LS types in DD, LSR and LSAck', () => {
  const short = `${ROUTER_OK.slice(0, 36)}0013`; // LSA length 19
  expectDrop(dec(4, `${count(1)} ${short}`), 'bad-lsa');
  const past = `${ROUTER_OK.slice(0, 36)}0100 ${ROUTER_OK.slice(40)}`; // length 256 in a 36-octet LSA
  expectDrop(dec(4, `${count(1)} ${past}`, AUTH.md5), 'bad-lsa');
  expectDrop(dec(4, `${count(2)} ${ROUTER_OK}`), 'bad-lsa');
  expectDrop(dec(4, `${count(0xffffffff)} ${ROUTER_OK}`), 'bad-lsa');
  // Room for two LSA headers (so the count passes the first check) but only one LSA of 40 octets.
  expectDrop(dec(4, `${count(2)} ${lsa(9, '00000000 00000000 00000000 00000000 00000000')}`), 'bad-lsa');
  const type12 = lsa(12, '00000000 80000000 00000000 00000000');
  expectDrop(dec(2, `05dc 02 07 00000001 ${type12.slice(0, 40)}`), 'bad-lsa');
  expectDrop(dec(5, type12.slice(0, 40)), 'bad-lsa');
  expectDrop(dec(5, `${ROUTER_OK.slice(0, 36)}0010`), 'bad-lsa');
  expectDrop(dec(3, '0000000c 0a000000 01010101'), 'bad-lsa');
  expectDrop(dec(3, '00000101 0a000000 01010101'), 'bad-lsa');
});

test('an LS Update keeps its good LSAs and reports each skipped one (RFC 2328 §13 (1), (2))', () => {
  const badSum = `${ROUTER_OK.slice(0, 32)}${ROUTER_OK.slice(32, 34) === 'ff' ? '00' : 'ff'}${ROUTER_OK.slice(34)}`;
  const type12 = lsa(12, '00000000 80000000 00000000 00000000');
  const overrun = lsa(1, '00 00 0002  0a000000 ffffff00 03 00 000a'); // claims two links, has one
  const net = lsa(2, 'ffffff00 01010101 02020202');
  const r = dec(4, `${count(5)} ${ROUTER_OK} ${badSum} ${type12} ${overrun} ${net}`, AUTH.md5);
  assert.ok(r.ok, r.ok ? '' : r.error.detail);
  const body = r.value.packet.body;
  assert.ok(body.type === 4);
  assert.deepEqual(
    body.lsas.map((l) => l.header.type),
    [1, 2],
  );
  assert.deepEqual(
    (r.value.lsaRaws ?? []).map((x) => Buffer.from(x).toString('hex')),
    [ROUTER_OK, net],
  );
  assert.deepEqual(
    (r.value.lsaDrops ?? []).map((d) => d.reason),
    ['bad-checksum', 'bad-lsa', 'bad-lsa'],
  );
});

test('octets after the packet length (an RFC 5613 LLS block) are not ours and do not hurt', () => {
  for (const auth of [AUTH.null, AUTH.md5, AUTH.sha384]) {
    const v = vector(auth, 1);
    const r = decodePacket(Buffer.concat([v.bytes, hex('0000 0003 0001 0004 00000001')]), auth);
    assert.ok(r.ok, r.ok ? '' : r.error.detail);
    assert.deepEqual(r.value.packet, v.packet);
  }
});
