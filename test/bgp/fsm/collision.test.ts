import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveCollision } from '../../../bgp/fsm/collision.js';
import { ip } from './helpers.js';

const base = { localAs: 65001, remoteAs: 65002 };

test('higher local id keeps our outgoing connection, closes the incoming one with 6/7', () => {
  const r = resolveCollision({ ...base, localBgpId: ip(10, 0, 0, 2), remoteBgpId: ip(10, 0, 0, 1) });
  assert.equal(r.keep, 'outgoing');
  assert.equal(r.close, 'incoming');
  assert.deepEqual(r.notification, { code: 6, subcode: 7, data: new Uint8Array(0) });
});

test('lower local id keeps the peer-initiated (incoming) connection', () => {
  const r = resolveCollision({ ...base, localBgpId: ip(10, 0, 0, 1), remoteBgpId: ip(10, 0, 0, 2) });
  assert.equal(r.keep, 'incoming');
  assert.equal(r.close, 'outgoing');
});

test('the two speakers agree: each keeps the same TCP connection', () => {
  const a = ip(10, 0, 0, 1);
  const b = ip(10, 0, 0, 2);
  const atA = resolveCollision({ localAs: 1, remoteAs: 2, localBgpId: a, remoteBgpId: b });
  const atB = resolveCollision({ localAs: 2, remoteAs: 1, localBgpId: b, remoteBgpId: a });
  // A keeps the connection B initiated; B keeps its own outgoing connection: the same one.
  assert.equal(atA.keep, 'incoming');
  assert.equal(atB.keep, 'outgoing');
});

test('ids compare as unsigned 32-bit numbers (host order), not signed or as strings', () => {
  // 192.0.2.1 is negative as a signed int32; it must still be the higher id.
  const high = ip(192, 0, 2, 1) | 0;
  assert.ok(high < 0);
  assert.equal(resolveCollision({ ...base, localBgpId: high, remoteBgpId: ip(10, 255, 255, 255) }).keep, 'outgoing');
  // "9.0.0.0" > "10.0.0.0" as strings, but not as numbers.
  assert.equal(
    resolveCollision({ ...base, localBgpId: ip(9, 0, 0, 0), remoteBgpId: ip(10, 0, 0, 0) }).keep,
    'incoming',
  );
});

test('equal ids: the speaker with the larger AS keeps its connection (RFC 6286 §2.3)', () => {
  const id = ip(10, 0, 0, 1);
  assert.equal(resolveCollision({ localAs: 65005, remoteAs: 65002, localBgpId: id, remoteBgpId: id }).keep, 'outgoing');
  assert.equal(resolveCollision({ localAs: 65001, remoteAs: 65002, localBgpId: id, remoteBgpId: id }).keep, 'incoming');
});

test('an Established connection is kept regardless of ids, unless the new one is preferred', () => {
  const ids = { localBgpId: ip(10, 0, 0, 9), remoteBgpId: ip(10, 0, 0, 1) };
  assert.equal(resolveCollision({ ...base, ...ids, established: 'incoming' }).keep, 'incoming');
  const r = resolveCollision({ ...base, ...ids, established: 'incoming', preferNew: true });
  assert.equal(r.keep, 'outgoing');
  assert.equal(r.close, 'incoming');
});
