import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Deadline, DeadlineHeap } from '../../../ospf/lsdb/deadlines.js';
import type { LsdbEntry } from '../../../ospf/lsdb.js';

test('deadline heap: random pushes, pops and compactions come out in deadline order', () => {
  let seed = 7;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const h = new DeadlineHeap();
  const ref: number[] = [];
  const entry = { current: true } as unknown as LsdbEntry;
  const dead = { current: false } as unknown as LsdbEntry;
  for (let round = 0; round < 2000; round++) {
    const x = rnd();
    if (x < 0.55) {
      const at = Math.floor(rnd() * 1000);
      const live = rnd() < 0.7;
      h.push({ at, entry: live ? entry : dead, kind: 'max-age' });
      if (live) ref.push(at);
    } else if (x < 0.97) {
      let d: Deadline | undefined;
      do d = h.pop();
      while (d && !d.entry.current);
      ref.sort((a, b) => a - b);
      assert.equal(d?.at, ref.shift());
    } else {
      h.compact((d) => d.entry.current);
      assert.equal(h.length, ref.length);
    }
  }
});
