import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, endOfRib, isEndOfRib } from '../../../bgp/packet/index.js';
import type { UpdateMsg } from '../../../bgp/packet/types.js';
import { ctx, msg, pfx } from './util.js';

for (const ap of [false, true]) {
  const c = ctx(ap ? { addPathRx: new Set([257, 513]), addPathTx: new Set([257, 513]) } : {});
  test(`End-of-RIB for IPv4 and IPv6 unicast round-trips (ADD-PATH ${ap})`, () => {
    for (const [afi, safi] of [
      [1, 1],
      [2, 1],
    ] as const) {
      const r = decodeMessage(endOfRib(afi, safi, c), c);
      assert.ok(r.ok);
      assert.deepEqual(isEndOfRib(r.value as UpdateMsg), { afi, safi });
    }
  });
}

test('End-of-RIB wire forms (RFC 4724 §2)', () => {
  assert.deepEqual(endOfRib(1, 1, ctx()), msg(2, '0000 0000'));
  assert.deepEqual(endOfRib(2, 1, ctx()), msg(2, '0000 0006 80 0f 03 0002 01'));
});

test('ordinary UPDATEs are not End-of-RIB', () => {
  const u = (attrs: UpdateMsg['attrs'], withdrawn: UpdateMsg['withdrawn'] = []): UpdateMsg => ({
    type: 'update',
    withdrawn,
    attrs,
    nlri: [],
    errors: [],
  });
  assert.equal(isEndOfRib(u(undefined, [pfx('10.0.0.0/8')])), undefined);
  assert.equal(isEndOfRib(u({ origin: 0 })), undefined);
  assert.equal(isEndOfRib(u({ mpUnreach: { afi: 2, safi: 1, withdrawn: [pfx('::/0')] } })), undefined);
  assert.equal(isEndOfRib(u({ origin: 0, mpUnreach: { afi: 2, safi: 1, withdrawn: [] } })), undefined);
  assert.equal(isEndOfRib(u({})), undefined);
});
