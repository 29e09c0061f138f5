/** PrefixMap against the built-in Map: random operations, growth, shrinking, deletion inside probe runs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PrefixKey } from '../../lib/prefix.js';
import { PrefixMap } from '../../lib/prefix-map.js';

/** A small deterministic generator (xorshift32), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function same<V>(m: PrefixMap<V>, ref: Map<PrefixKey, V>, msg: string): void {
  assert.equal(m.size, ref.size, `${msg}: size`);
  const seen = new Map<PrefixKey, V>();
  m.forEach((v, k) => {
    assert.ok(!seen.has(k), `${msg}: ${String(k)} iterated twice`);
    seen.set(k, v);
  });
  assert.deepEqual(seen, ref, `${msg}: contents`);
  assert.deepEqual(new Map(m.entries()), ref, `${msg}: entries()`);
}

test('random inserts, updates and deletes agree with Map, for IPv4 numbers and IPv6 strings', () => {
  for (const seed of [1, 7, 42, 1234]) {
    const r = rng(seed);
    const m = new PrefixMap<number>();
    const ref = new Map<PrefixKey, number>();
    // A small key space forces long probe runs, wrap-around and deletions in the middle of runs.
    const key = (): PrefixKey => (r() < 0.9 ? Math.floor(r() * 3000) * 64 * 256 + 24 : `v6:${Math.floor(r() * 50)}`);
    for (let i = 0; i < 20_000; i++) {
      const k = key();
      const op = r();
      if (op < 0.55) {
        m.set(k, i);
        ref.set(k, i);
      } else if (op < 0.9) {
        assert.equal(m.delete(k), ref.delete(k), `delete ${String(k)}`);
      } else {
        assert.equal(m.get(k), ref.get(k), `get ${String(k)}`);
        assert.equal(m.has(k), ref.has(k), `has ${String(k)}`);
      }
      if (i % 2500 === 0) same(m, ref, `seed ${seed} step ${i}`);
    }
    same(m, ref, `seed ${seed} end`);
    for (const k of [...ref.keys()]) {
      assert.ok(m.delete(k));
      ref.delete(k);
    }
    same(m, ref, `seed ${seed} emptied`);
    assert.equal(m.get(24), undefined);
  }
});

test('a million keys: all found, none invented; emptying shrinks it back and it still works', () => {
  const m = new PrefixMap<number>();
  const N = 1_000_000;
  const k = (i: number) => (0x0a000000 + i * 256) * 64 + 24;
  for (let i = 0; i < N; i++) m.set(k(i), i);
  assert.equal(m.size, N);
  for (let i = 0; i < N; i += 997) assert.equal(m.get(k(i)), i);
  assert.equal(m.get(k(N)), undefined);
  assert.equal(m.get(k(0) + 1), undefined, 'the same address with another length is another key');
  for (let i = 0; i < N; i++) assert.ok(m.delete(k(i)));
  assert.equal(m.size, 0);
  m.set(k(5), 5);
  assert.deepEqual([...m.keys()], [k(5)]);
  m.clear();
  assert.equal(m.size, 0);
});
