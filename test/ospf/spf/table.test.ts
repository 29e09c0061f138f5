import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskV4 } from '../../../lib/prefix.js';
import { NexthopTable } from '../../../ospf/spf/nexthops.js';
import { maskLen, RANK_E2, RANK_INTER, RANK_INTRA, RouteTable } from '../../../ospf/spf/table.js';

test('maskLen: contiguous masks give their length, others -1', () => {
  assert.equal(maskLen(0), 0);
  assert.equal(maskLen(0xffffffff), 32);
  assert.equal(maskLen(0xffffff00), 24);
  assert.equal(maskLen(0x80000000), 1);
  assert.equal(maskLen(0xff00ff00), -1);
  assert.equal(maskLen(0x00ffffff), -1);
});

test('route table: 20k random offers agree with a reference Map (growth, collisions, replace, merge)', () => {
  const nht = new NexthopTable([{ name: 'a', area: 0, address: 1, mask: 0 }]);
  const hop = [0, 1, 2, 3].map((i) => nht.list([nht.intern(0, 100 + i)]));
  const rt = new RouteTable(nht);
  const ref = new Map<number, { rank: number; cost: number; t2: number; hops: Set<number> }>();
  let seed = 3;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.floor((seed / 4294967296) * n);
  };
  for (let i = 0; i < 20_000; i++) {
    const len = [0, 8, 24, 31, 32][rnd(5)]!;
    const addr = maskV4(((rnd(3000) * 2654435761) >>> 0) | 0, len);
    const rank = rnd(4);
    const cost = rnd(5);
    const t2 = rank === RANK_E2 ? rnd(3) : 0;
    const h = rnd(4);
    rt.offer(addr, len, rank, cost, t2, 0, hop[h]!);
    const key = addr * 64 + len;
    const old = ref.get(key);
    const cmp = !old ? -1 : rank - old.rank || (rank === RANK_E2 ? t2 - old.t2 : 0) || cost - old.cost;
    if (cmp < 0) ref.set(key, { rank, cost, t2, hops: new Set([100 + h]) });
    else if (cmp === 0 && old) old.hops.add(100 + h);
  }
  const out = rt.publish();
  assert.equal(out.size, ref.size);
  for (const [k, r] of ref) {
    const got = out.get(k);
    assert.ok(got);
    assert.equal(got.type, ['intra', 'inter', 'e1', 'e2'][r.rank]);
    assert.equal(got.cost, r.cost);
    assert.equal(got.type2Cost, r.rank === RANK_E2 ? r.t2 : undefined);
    assert.deepEqual(
      got.nexthops.map((n) => n.address),
      [...r.hops].sort((a, b) => a - b),
    );
  }
  assert.ok(RANK_INTRA < RANK_INTER);
});

test('route table: longest match for a forwarding address skips external routes', () => {
  const nht = new NexthopTable([{ name: 'a', area: 0, address: 1, mask: 0 }]);
  const h = nht.list([nht.intern(0, 0)]);
  const rt = new RouteTable(nht);
  rt.offer(0x0a000000, 8, RANK_INTER, 5, 0, 0, h);
  rt.offer(0x0a010000, 16, RANK_E2, 1, 1, 0, h);
  assert.equal(rt.longestInternal(0x0a010203), rt.find(0x0a000000, 8));
  assert.equal(rt.longestInternal(0x0b000000), -1);
});
