import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, ok } from '../../lib/result.js';

test('ok and err carry their values', () => {
  assert.deepEqual(ok(1), { ok: true, value: 1 });
  assert.deepEqual(err('x'), { ok: false, error: 'x' });
});
