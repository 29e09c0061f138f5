/**
 * DR/BDR election (RFC 2328 §9.4): priorities, Router ID tie-break, priority 0, no preemption of a declared
 * DR, BDR promotion when the DR dies, and the second pass when the calculating router's role changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { type Candidate, electDesignatedRouter } from '../../../ospf/fsm/election.js';
import { ip } from './helpers.js';

/** Router n: router ID n.n.n.n, address 10.0.0.n; `dr`/`bdr` name the hosts it lists (0 = none). */
function r(n: number, priority = 1, dr = 0, bdr = 0): Candidate {
  return {
    routerId: ip(n, n, n, n),
    address: ip(10, 0, 0, n),
    priority,
    dr: dr === 0 ? 0 : ip(10, 0, 0, dr),
    bdr: bdr === 0 ? 0 : ip(10, 0, 0, bdr),
  };
}

/** The result as host numbers: [dr, bdr]. */
function hosts(self: Candidate, nbrs: Candidate[]): [number, number] {
  const e = electDesignatedRouter(self, nbrs);
  return [e.dr & 0xff, e.bdr & 0xff];
}

test('fresh network: highest priority is DR, the next is BDR', () => {
  // Router 1 calculates with all three declaring nothing.
  assert.deepEqual(hosts(r(1, 1), [r(2, 5), r(3, 10)]), [3, 3]);
  // Router 3 itself: first pass makes it both; the second pass drops it from the BDR race.
  const e = electDesignatedRouter(r(3, 10), [r(1, 1), r(2, 5)]);
  assert.deepEqual([e.dr & 0xff, e.bdr & 0xff], [3, 2]);
  assert.equal(e.secondPass, true);
  assert.equal(e.drId, ip(3, 3, 3, 3));
  assert.equal(e.bdrId, ip(2, 2, 2, 2));
});

test('equal priorities: the highest Router ID wins', () => {
  const e = electDesignatedRouter(r(4), [r(7), r(5)]);
  assert.equal(e.dr & 0xff, 7);
  // Router ID comparison is unsigned: 200.x beats 100.x even though it is negative as an int32.
  const big: Candidate = { routerId: ip(200, 0, 0, 1), address: ip(10, 0, 0, 9), priority: 1, dr: 0, bdr: 0 };
  const small: Candidate = { routerId: ip(100, 0, 0, 1), address: ip(10, 0, 0, 8), priority: 1, dr: 0, bdr: 0 };
  assert.equal(electDesignatedRouter(small, [big]).drId, ip(200, 0, 0, 1));
});

test('priority 0 routers are never DR or BDR', () => {
  // Router 9 has the highest ID but priority 0.
  assert.deepEqual(hosts(r(2, 1, 2, 3), [r(9, 0), r(3, 1, 2, 3)]), [2, 3]);
  // A priority-0 router declaring itself DR is ignored.
  assert.deepEqual(hosts(r(1, 1), [r(9, 0, 9, 0), r(3, 1)]), [3, 3]);
  // The calculating router ineligible and alone: nobody is elected.
  assert.deepEqual(hosts(r(1, 0), []), [0, 0]);
  // Ineligible, with one eligible neighbor: it becomes both DR and BDR in our view (allowed: not us).
  assert.deepEqual(hosts(r(1, 0), [r(2, 1)]), [2, 2]);
});

test('a lone eligible router elects itself DR with no BDR', () => {
  const e = electDesignatedRouter(r(1), []);
  assert.deepEqual([e.dr & 0xff, e.bdr], [1, 0]);
  assert.equal(e.secondPass, true);
});

test('an existing DR is not preempted by a higher-priority newcomer', () => {
  // 1 is DR, 2 is BDR; 3 joins with priority 200 and declares nothing. Everyone keeps the roles.
  const one = r(1, 1, 1, 2);
  const two = r(2, 1, 1, 2);
  const three = r(3, 200);
  assert.deepEqual(hosts(three, [one, two]), [1, 2]);
  assert.deepEqual(hosts(one, [two, three]), [1, 2]);
  assert.deepEqual(hosts(two, [one, three]), [1, 2]);
  // Without a declared BDR, the newcomer would take the BDR slot (but still not the DR one).
  assert.deepEqual(hosts(three, [r(1, 1, 1, 0), r(2, 1, 1, 0)]), [1, 3]);
});

test('the DR dies: the BDR is promoted and a new BDR is chosen', () => {
  // Was: 4 DR, 3 BDR, 1 and 2 DR Other. 4 is gone.
  // Router 1's view before 3 took over: 3 declares BDR only, so 3 is BDR and, with no DR declared, DR too.
  assert.deepEqual(hosts(r(1, 1, 4, 3), [r(2, 1, 4, 3), r(3, 1, 4, 3)]), [3, 3]);
  // Router 3's own calculation: it becomes DR, then the second pass picks the best other router as BDR.
  const e = electDesignatedRouter(r(3, 1, 4, 3), [r(1, 1, 4, 3), r(2, 1, 4, 3)]);
  assert.deepEqual([e.dr & 0xff, e.bdr & 0xff], [3, 2]);
  assert.equal(e.secondPass, true);
  // Once 3's Hello says DR=3, router 2 (the best remaining) becomes BDR in its own view too.
  const e2 = electDesignatedRouter(r(2, 1, 3, 3), [r(1, 1, 3, 3), r(3, 1, 3, 0)]);
  assert.deepEqual([e2.dr & 0xff, e2.bdr & 0xff], [3, 2]);
  assert.equal(e2.secondPass, true);
});

test('step 4: our own role change re-runs steps 2 and 3', () => {
  // We (5) declared ourselves BDR; 6 declares itself DR; 7 also claims BDR (e.g. two partitions merged).
  // First pass: BDR among {5, 7}, both declaring -> 7 (higher ID): we lose BDR, so steps 2 and 3 run again.
  const e = electDesignatedRouter(r(5, 1, 6, 5), [r(6, 1, 6, 7), r(7, 1, 6, 7)]);
  assert.deepEqual([e.dr & 0xff, e.bdr & 0xff], [6, 7]);
  assert.equal(e.secondPass, true);
  // No change of our role: a single pass.
  const e2 = electDesignatedRouter(r(5, 1, 6, 7), [r(6, 1, 6, 7), r(7, 1, 6, 7)]);
  assert.equal(e2.secondPass, false);
  assert.deepEqual([e2.dr & 0xff, e2.bdr & 0xff], [6, 7]);
});

test('two routers declaring DR: highest priority, then Router ID, keeps it', () => {
  assert.deepEqual(hosts(r(1, 1), [r(2, 5, 2, 0), r(3, 1, 3, 0)]), [2, 1]);
  assert.deepEqual(hosts(r(1, 1), [r(2, 1, 2, 0), r(3, 1, 3, 0)]), [3, 1]);
});

test('we never end up both DR and BDR', () => {
  for (let mask = 0; mask < 64; mask++) {
    const self = r(1, 1 + (mask & 1), mask & 2 ? 1 : 0, mask & 4 ? 1 : 0);
    const nbrs = [r(2, 1, mask & 8 ? 2 : 0, 0), r(3, mask & 16 ? 0 : 1, 0, mask & 32 ? 3 : 0)];
    const e = electDesignatedRouter(self, nbrs);
    assert.ok(!(e.dr === self.address && e.bdr === self.address), `mask ${mask}`);
  }
});
