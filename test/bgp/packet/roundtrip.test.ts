/** Property: decode(encode(m)) deep-equals m for random valid messages under random negotiated contexts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../../bgp/packet/index.js';
import { randomCtx, randomMessage, rng } from './random.js';

test('round trip: 3000 random messages, random contexts (seeded)', () => {
  const r = rng(0x5eed);
  for (let i = 0; i < 3000; i++) {
    const c = randomCtx(r);
    const m = randomMessage(r, c);
    const bytes = encodeMessage(m, c);
    const d = decodeMessage(bytes, c);
    assert.ok(d.ok, d.ok ? '' : `#${i}: ${d.error.reason}`);
    assert.deepEqual(d.value, m, `message #${i}`);
    // Encoding is deterministic and canonical: re-encoding the decoded message gives the same octets.
    assert.deepEqual(encodeMessage(d.value, c), bytes);
  }
});
