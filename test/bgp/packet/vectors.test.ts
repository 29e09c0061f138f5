import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../../bgp/packet/index.js';
import { ctx, msg } from './util.js';
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

test('unknown optional transitive attributes go out byte-exact with the Partial bit (RFC 4271 §5)', () => {
  const c = ctx();
  const value = '00'.repeat(300); // Extended Length on the way in and out
  const bytes = msg(2, `0000 013a c0 c8 03 010203 d0 c9 012c ${value} 80 ca 01 ff`);
  const r = decodeMessage(bytes, c);
  assert.ok(r.ok && r.value.type === 'update');
  assert.deepEqual(r.value.errors, []);
  assert.deepEqual(r.value.attrs?.unknown, [
    { flags: 0xc0, type: 0xc8, value: Uint8Array.of(1, 2, 3) },
    { flags: 0xc0, type: 0xc9, value: new Uint8Array(300) },
  ]);
  assert.equal(
    encodeMessage(r.value, c).toString('hex'),
    msg(2, `0000 0136 e0 c8 03 010203 f0 c9 012c ${value}`).toString('hex'),
  );
});
