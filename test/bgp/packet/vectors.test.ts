import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../../bgp/packet/index.js';
import { VECTORS } from './vectors.js';

for (const v of VECTORS) {
  test(`decode: ${v.name}`, () => {
    const r = decodeMessage(v.bytes, v.ctx);
    assert.ok(r.ok, r.ok ? '' : r.error.reason);
    assert.deepEqual(r.value, v.msg);
  });
  if (v.dir === 'both')
    test(`encode: ${v.name}`, () => {
      assert.equal(encodeMessage(v.msg, v.ctx).toString('hex'), v.bytes.toString('hex'));
    });
}
