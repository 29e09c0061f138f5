import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathAttrs } from '../../../bgp/packet/types.js';
import { type Candidate, compare, type DecisionCtx, type DecisionReason, select } from '../../../bgp/rib/decision.js';
import { AttrStore } from '../../../bgp/rib/intern.js';
import { ip, seq } from './helpers.js';

const store = new AttrStore();

const CTX: DecisionCtx = {
  defaultLocalPref: 100,
  alwaysCompareMed: false,
  medMissingAsWorst: false,
  asPathMultipathRelax: false,
  maxPathsEbgp: 1,
  maxPathsIbgp: 1,
};

interface CandOpts {
  attrs?: PathAttrs;
  weight?: number;
  local?: boolean;
  ebgp?: boolean;
  igpMetric?: number;
  peerBgpId?: number;
  peerAddr?: string;
  pathId?: number;
}

/** A baseline eBGP candidate from AS 65001; options change exactly one thing. */
function cand(o: CandOpts = {}, name = ''): Candidate & { name: string } {
  return {
    name,
    attrs: store.intern(o.attrs ?? { origin: 0, asPath: seq(65001, 65002), nextHop: ip('192.0.2.1') }),
    weight: o.weight ?? 0,
    local: o.local ?? false,
    ebgp: o.ebgp ?? true,
    igpMetric: o.igpMetric ?? 10,
    peerBgpId: o.peerBgpId ?? ip('1.1.1.1'),
    peerAddr: o.peerAddr ?? '\x0a\x00\x00\x01',
    pathId: o.pathId ?? 0,
  };
}

const A = (extra: PathAttrs): PathAttrs => ({
  origin: 0,
  asPath: seq(65001, 65002),
  nextHop: ip('192.0.2.1'),
  ...extra,
});

/** [step, the better path, the worse path] differing only in that step. */
const STEP_CASES: [DecisionReason, CandOpts, CandOpts][] = [
  ['weight', { weight: 100 }, { weight: 0 }],
  ['local-pref', { attrs: A({ localPref: 200 }) }, { attrs: A({ localPref: 150 }) }],
  ['local-pref', { attrs: A({}) }, { attrs: A({ localPref: 90 }) }], // absent counts as 100
  ['local-origin', { local: true }, { local: false }],
  ['as-path-length', { attrs: A({ asPath: seq(65001) }) }, { attrs: A({ asPath: seq(65001, 65002, 65003) }) }],
  ['origin', { attrs: A({ origin: 0 }) }, { attrs: A({ origin: 1 }) }],
  ['origin', { attrs: A({ origin: 1 }) }, { attrs: A({ origin: 2 }) }],
  ['med', { attrs: A({ med: 5 }) }, { attrs: A({ med: 50 }) }],
  ['med', { attrs: A({}) }, { attrs: A({ med: 1 }) }], // missing MED = 0
  ['ebgp-over-ibgp', { ebgp: true }, { ebgp: false }],
  ['igp-metric', { igpMetric: 1 }, { igpMetric: 2 }],
  ['router-id', { peerBgpId: ip('1.1.1.1') }, { peerBgpId: ip('2.2.2.2') }],
  // RFC 4456 §9: ORIGINATOR_ID stands in for the peer's BGP Identifier.
  [
    'router-id',
    { peerBgpId: ip('9.9.9.9'), attrs: A({ originatorId: ip('1.0.0.1') }) },
    { peerBgpId: ip('2.2.2.2'), attrs: A({ originatorId: ip('1.0.0.2') }) },
  ],
  [
    'cluster-list-length',
    { attrs: A({ originatorId: 7, clusterList: [1] }) },
    { attrs: A({ originatorId: 7, clusterList: [1, 2] }) },
  ],
  ['peer-address', { peerAddr: '\x0a\x00\x00\x01' }, { peerAddr: '\x0a\x00\x00\x02' }],
  ['path-id', { pathId: 1 }, { pathId: 2 }],
];

for (const [i, [step, better, worse]] of STEP_CASES.entries()) {
  test(`tie-breaker alone: ${step} (case ${i})`, () => {
    const a = cand(better);
    const b = cand(worse);
    assert.deepEqual(compare(a, b, CTX), { winner: 'a', reason: step });
    // The reversed comparison picks the same path for the same reason.
    assert.deepEqual(compare(b, a, CTX), { winner: 'b', reason: step });
  });
}

test('identical candidates compare equal', () => {
  assert.deepEqual(compare(cand(), cand(), CTX), { winner: 'a', reason: 'equal' });
});

test('MED is skipped between different neighbor ASes unless always-compare-med', () => {
  const a = cand({ attrs: A({ med: 50 }), igpMetric: 1 });
  const b = cand({ attrs: A({ med: 5, asPath: seq(65009, 65002) }), igpMetric: 2 });
  assert.deepEqual(compare(a, b, CTX), { winner: 'a', reason: 'igp-metric' });
  assert.deepEqual(compare(a, b, { ...CTX, alwaysCompareMed: true }), { winner: 'b', reason: 'med' });
});

test('med-missing-as-worst makes an absent MED lose', () => {
  const a = cand({ attrs: A({}) });
  const b = cand({ attrs: A({ med: 1000 }) });
  assert.deepEqual(compare(a, b, CTX), { winner: 'a', reason: 'med' });
  assert.deepEqual(compare(a, b, { ...CTX, medMissingAsWorst: true }), { winner: 'b', reason: 'med' });
});

test('AS_SET counts as one and confederation segments as zero in the AS_PATH length step', () => {
  const withSet = cand({
    attrs: A({
      asPath: [
        { type: 3, asns: [64512, 64513, 64514] },
        { type: 2, asns: [65001] },
        { type: 1, asns: [1, 2, 3, 4] },
      ],
    }),
  });
  const plain3 = cand({ attrs: A({ asPath: seq(65001, 2, 3) }) });
  assert.deepEqual(compare(withSet, plain3, CTX), { winner: 'a', reason: 'as-path-length' });
});

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

test('the MED cycle: every insertion order selects the same best (deterministic MED)', () => {
  // Pairwise: p2 beats p1 (MED, same AS), p3 beats p2 (IGP), p1 beats p3 (IGP) — a cycle.
  const p1 = cand({ attrs: A({ asPath: seq(100, 7), med: 20 }), igpMetric: 10, peerBgpId: 1 }, 'p1');
  const p2 = cand({ attrs: A({ asPath: seq(100, 8), med: 10 }), igpMetric: 30, peerBgpId: 2 }, 'p2');
  const p3 = cand({ attrs: A({ asPath: seq(200, 9), med: 0 }), igpMetric: 20, peerBgpId: 3 }, 'p3');
  assert.equal(compare(p2, p1, CTX).winner, 'a');
  assert.equal(compare(p3, p2, CTX).winner, 'a');
  assert.equal(compare(p1, p3, CTX).winner, 'a');
  const bests = new Set<string>();
  for (const order of permutations([p1, p2, p3])) bests.add(order[select(order, CTX).best]!.name);
  assert.deepEqual([...bests], ['p3']);
  // With always-compare-med the comparison is a total order: p3 (MED 0) wins as well.
  for (const order of permutations([p1, p2, p3]))
    assert.equal(order[select(order, { ...CTX, alwaysCompareMed: true }).best]!.name, 'p3');
});

test('every insertion order of four mixed candidates selects the same best', () => {
  const cs = [
    cand({ attrs: A({ asPath: seq(100, 1), med: 30 }), igpMetric: 5, peerBgpId: 4 }, 'w'),
    cand({ attrs: A({ asPath: seq(100, 2), med: 20 }), igpMetric: 50, peerBgpId: 3 }, 'x'),
    cand({ attrs: A({ asPath: seq(300, 3) }), ebgp: false, igpMetric: 1, peerBgpId: 2 }, 'y'),
    cand({ attrs: A({ asPath: seq(400, 4), med: 1 }), igpMetric: 20, peerBgpId: 1 }, 'z'),
  ];
  const bests = new Set<string>();
  for (const order of permutations(cs)) bests.add(order[select(order, CTX).best]!.name);
  assert.equal(bests.size, 1);
  assert.deepEqual([...bests], ['z']);
});

test('select traces why each path lost', () => {
  const a = cand({ attrs: A({ asPath: seq(100), med: 5 }), peerBgpId: 9 }, 'a');
  const b = cand({ attrs: A({ asPath: seq(100), med: 7 }), peerBgpId: 1 }, 'b');
  const c = cand({ attrs: A({ asPath: seq(100, 2) }) }, 'c');
  const sel = select([a, b, c], CTX, true);
  assert.equal(sel.best, 0);
  assert.deepEqual(sel.lostTo, [-1, 0, 0]);
  assert.deepEqual(sel.reasons, [undefined, 'med', 'as-path-length']);
});

test('multipath: equal through the IGP step, same neighbor AS, up to maximum-paths', () => {
  const p = (id: number, extra: CandOpts = {}) => cand({ peerBgpId: id, peerAddr: String.fromCharCode(id), ...extra });
  const same = [p(3), p(1), p(2), p(4, { igpMetric: 11 })];
  assert.deepEqual(select(same, CTX).multipath, [1]); // maximum-paths 1: no ECMP
  const ctx2 = { ...CTX, maxPathsEbgp: 2 };
  assert.deepEqual(select(same, ctx2).multipath, [1, 2]); // best (id 1) + next by router id (id 2)
  const ctx8 = { ...CTX, maxPathsEbgp: 8 };
  assert.deepEqual(select(same, ctx8).multipath, [1, 2, 0]); // the IGP-worse path is excluded
  // iBGP best uses maximum-paths ibgp.
  const ib = same.map((c) => ({ ...c, ebgp: false }));
  assert.deepEqual(select(ib, ctx8).multipath, [1]);
  assert.deepEqual(select(ib, { ...CTX, maxPathsIbgp: 3 }).multipath, [1, 2, 0]);
});

test('multipath: a different neighbor AS needs multipath-relax, which still needs equal AS_PATH length', () => {
  const p = (id: number, path: number[]) =>
    cand({ peerBgpId: id, peerAddr: String.fromCharCode(id), attrs: A({ asPath: seq(...path) }) });
  const cs = [p(1, [100, 5]), p(2, [200, 5]), p(3, [300, 6, 7])];
  const ctx = { ...CTX, maxPathsEbgp: 4 };
  assert.deepEqual(select(cs, ctx).multipath, [0]);
  assert.deepEqual(select(cs, { ...ctx, asPathMultipathRelax: true }).multipath, [0, 1]);
});

test('a locally originated best never shares ECMP', () => {
  const local = cand({ local: true, weight: 32768 });
  const other = cand({ weight: 32768 });
  assert.deepEqual(select([other, local], { ...CTX, maxPathsEbgp: 4, maxPathsIbgp: 4 }).multipath, [1]);
});
