/** PrefixIndex: the same answers as a Map under random inserts, updates and deletes, both families. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PrefixIndex } from '../../fib/prefix-index.js';
import { type PrefixKey, v4Key, v6Key } from '../../lib/prefix.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

test('random operations agree with a Map (growth, backward-shift deletes, IPv4 and IPv6 keys)', () => {
  const rnd = rng(7);
  const x = new PrefixIndex(4);
  const m = new Map<PrefixKey, number>();
  const key = (): PrefixKey => {
    const n = Math.floor(rnd() * 3000);
    if (n % 5 === 0) return v6Key(Uint8Array.of(0x20, 1, 0x0d, 0xb8, n >> 8, n & 255), 48);
    return v4Key((0xc0000000 + n * 256 * 13) >>> 0, 16 + (n % 17));
  };
  for (let i = 0; i < 100_000; i++) {
    const k = key();
    const op = rnd();
    if (op < 0.5) {
      x.set(k, i);
      m.set(k, i);
    } else if (op < 0.8) assert.equal(x.delete(k), m.delete(k));
    else assert.equal(x.get(k), m.get(k) ?? -1);
    if (i % 10_000 === 0) assert.equal(x.size, m.size);
  }
  let n = 0;
  x.forEach((k, v) => {
    n++;
    assert.equal(m.get(k), v);
  });
  assert.equal(n, m.size);
  for (const k of m.keys()) assert.ok(x.has(k));
  x.clear();
  assert.equal(x.size, 0);
  assert.equal(x.get([...m.keys()][0] as PrefixKey), -1);
});

test('keys above 2^32 (IPv4 keys are addr * 64 + len) and the zero prefix', () => {
  const x = new PrefixIndex();
  const keys = [v4Key(0, 0), v4Key(0xffffffff, 32), v4Key(0x80000000, 1), v4Key(0x0a000000, 8)];
  for (const [i, k] of keys.entries()) x.set(k, i);
  for (const [i, k] of keys.entries()) assert.equal(x.get(k), i);
  assert.equal(x.get(v4Key(0x0a000000, 9)), -1);
  assert.ok(x.delete(keys[1] as number));
  assert.equal(x.get(keys[1] as number), -1);
  assert.equal(x.get(keys[2] as number), 2);
});
