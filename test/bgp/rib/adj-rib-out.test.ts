/** Adj-RIB-Out on its own: the change queue, coalescing, bounded takes, references and counters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdjRibOut } from '../../../bgp/rib/adj-rib-out.js';
import { AttrStore } from '../../../bgp/rib/intern.js';
import type { PeerOutput } from '../../../bgp/rib/types.js';

const prefixes = (o: PeerOutput | undefined): number[] => (o ? o.groups.flatMap((g) => g.prefixes as number[]) : []);

test('each prefix is queued once; a bounded take resumes where it stopped and sees later changes', () => {
  const store = new AttrStore();
  const a = store.intern({ origin: 0, nextHop: 1 });
  const b = store.intern({ origin: 0, nextHop: 2 });
  const out = new AdjRibOut(store);
  for (let p = 1; p <= 10; p++) out.set(p, a);
  out.set(3, b); // a second change before any take: still one queue entry
  assert.deepEqual([out.size, out.pendingCount], [10, 10]);

  const first = out.take(4);
  assert.deepEqual(
    prefixes(first).sort((x, y) => x - y),
    [1, 2, 3, 4],
  );
  assert.equal(out.pendingCount, 6);
  out.set(2, undefined); // already taken: queued again, as a withdrawal
  out.set(7, undefined); // still queued: appeared and vanished, nothing to send
  const rest = out.take();
  assert.deepEqual(
    prefixes(rest).sort((x, y) => x - y),
    [5, 6, 8, 9, 10],
  );
  assert.deepEqual(rest?.withdrawn, [2]);
  assert.deepEqual([out.size, out.pendingCount], [8, 0]);
  assert.equal(out.take(), undefined);
  assert.equal(out.get(3), b);
  assert.equal(out.get(7), undefined);
  // References: one per advertised prefix, plus the one the test holds.
  assert.equal(a.refs, 1 + 7);
  assert.equal(b.refs, 1 + 1);
  out.clear();
  assert.deepEqual([a.refs, b.refs, out.size], [1, 1, 0]);
});

test('resendAll queues every advertised prefix again but keeps a queued withdrawal a withdrawal', () => {
  const store = new AttrStore();
  const a = store.intern({ origin: 0, nextHop: 1 });
  const out = new AdjRibOut(store);
  out.set(1, a);
  out.set(2, a);
  out.take();
  out.set(2, undefined);
  out.resendAll();
  const o = out.take();
  assert.deepEqual(prefixes(o), [1]);
  assert.deepEqual(o?.withdrawn, [2]);
  // A change back to what the peer has sends nothing.
  out.set(1, undefined);
  out.set(1, a);
  assert.equal(out.take(), undefined);
  assert.deepEqual([...out.entries()], [[1, a]]);
});
