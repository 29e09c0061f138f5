import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  carriesShutdownCommunication,
  decodeMessage,
  decodeShutdownCommunication,
  encodeMessage,
  encodeShutdownCommunication,
  notificationFor,
  shutdownNotification,
  stronger,
  strongest,
  updateError,
} from '../../../bgp/packet/index.js';
import type { RouteRefreshMsg } from '../../../bgp/packet/types.js';
import { ctx, msg } from './util.js';

const c = ctx();

test('RFC 9003 shutdown communication round trip, UTF-8', () => {
  const n = shutdownNotification(2, 'maintenance ✓ back soon');
  const r = decodeMessage(encodeMessage(n, c), c);
  assert.ok(r.ok && r.value.type === 'notification');
  assert.ok(carriesShutdownCommunication(r.value.code, r.value.subcode));
  assert.deepEqual(decodeShutdownCommunication(r.value.data), { ok: true, value: 'maintenance ✓ back soon' });
});
test('a communication over 255 octets is cut at a character boundary', () => {
  const d = encodeShutdownCommunication('é'.repeat(200)); // 400 octets
  assert.equal(d[0], 254, '127 two-octet characters');
  assert.equal(d.length, 255);
  assert.deepEqual(decodeShutdownCommunication(d), { ok: true, value: 'é'.repeat(127) });
});
test('malformed shutdown communications are reported, not thrown', () => {
  assert.equal(decodeShutdownCommunication(Uint8Array.of(5, 0x61)).ok, false);
  assert.equal(decodeShutdownCommunication(Uint8Array.of(2, 0xc3, 0x28)).ok, false);
  assert.deepEqual(decodeShutdownCommunication(new Uint8Array(0)), { ok: true, value: '' });
  assert.equal(carriesShutdownCommunication(6, 3), false);
});

test('ROUTE-REFRESH: BoRR/EoRR with a wrong length is 7/1 with the message as data (RFC 7313 §5)', () => {
  const m = msg(5, '0001 01 01 00');
  const r = decodeMessage(m, c);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual([r.error.code, r.error.subcode, r.error.action], [7, 1, 'reset']);
    assert.deepEqual(Buffer.from(r.error.data), m);
  }
});
test('ROUTE-REFRESH: an unknown subtype is dropped silently (weaker than reset)', () => {
  const r = decodeMessage(msg(5, '0001 05 01'), c);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.action, 'attributeDiscard');
});
test('ROUTE-REFRESH: a normal request with ORF entries ignores them', () => {
  const r = decodeMessage(msg(5, '0001 00 01 01 0040 0003 000000'), c);
  assert.ok(r.ok);
  assert.deepEqual(r.value as RouteRefreshMsg, { type: 'route-refresh', afi: 1, subtype: 0, safi: 1 });
});

test('stronger() and strongest() order the RFC 7606 actions', () => {
  const d = updateError(0, 'attributeDiscard', 'd');
  const w = updateError(0, 'treatAsWithdraw', 'w');
  const a = updateError(0, 'afiSafiDisable', 'a');
  const s = updateError(1, 'reset', 's');
  assert.equal(stronger(d, w), w);
  assert.equal(stronger(w, d), w);
  assert.equal(stronger(s, a), s);
  assert.equal(stronger(undefined, d), d);
  const d2 = updateError(0, 'attributeDiscard', 'd2');
  assert.equal(stronger(d, d2), d, 'ties keep the first');
  assert.equal(strongest([d, a, w]), a);
  assert.equal(strongest([]), undefined);
  assert.deepEqual(notificationFor(s), { type: 'notification', code: 3, subcode: 1, data: new Uint8Array(0) });
});
