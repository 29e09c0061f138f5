import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy } from '../../../rib/policy/compile.js';
import type { PolicyCfg } from '../../../rib/policy/schema.js';
import { compiled, diagsOf } from './helpers.js';

/** Exactly one diagnostic, at `path`, whose reason contains `words`. */
function one(cfg: PolicyCfg, path: (string | number)[], words: string) {
  const d = diagsOf(cfg);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.deepEqual(d[0]?.path, path);
  assert.match(d[0]?.reason ?? '', new RegExp(words));
}

const LISTS: PolicyCfg = {
  prefixLists: { P: [{ action: 'permit', prefix: '10.0.0.0/8' }] },
  asPathLists: { A: [{ action: 'permit', regex: '.*' }] },
  communityLists: { C: [{ action: 'permit', communities: ['1:1'] }] },
  largeCommunityLists: { L: [{ action: 'permit', communities: ['1:1:1'] }] },
};

test('a valid policy compiles; an absent section compiles to nothing', () => {
  const pol = compiled({ ...LISTS, routeMaps: { M: [{ action: 'permit', match: { prefixList: 'P' } }] } });
  assert.equal(pol.routeMaps.get('M')?.entries.length, 1);
  const empty = compilePolicy(undefined);
  assert.ok(empty.ok);
  assert.equal(empty.value.routeMaps.size, 0);
});

test('unknown references in route maps, each at its own path', () => {
  const at = (match: object, tail: (string | number)[]) =>
    one(
      {
        ...LISTS,
        routeMaps: { 'HOST-IN': [{ seq: 10, action: 'permit', match }] } as NonNullable<PolicyCfg['routeMaps']>,
      },
      ['policy', 'routeMaps', 'HOST-IN', 0, 'match', ...tail],
      'unknown',
    );
  at({ prefixList: 'NOPE' }, ['prefixList']);
  at({ asPathList: 'NOPE' }, ['asPathList']);
  at({ community: 'NOPE' }, ['community']);
  at({ community: { list: 'NOPE', exactMatch: true } }, ['community', 'list']);
  at({ largeCommunity: 'NOPE' }, ['largeCommunity']);
  at({ largeCommunity: { list: 'NOPE' } }, ['largeCommunity', 'list']);
  at({ nextHop: { prefixList: 'NOPE' } }, ['nextHop', 'prefixList']);
  // A list of the wrong kind does not count.
  at({ prefixList: 'A' }, ['prefixList']);
  one(
    {
      ...LISTS,
      routeMaps: { M: [{ action: 'permit' }, { action: 'permit', set: { community: { removeList: 'L' } } }] },
    },
    ['policy', 'routeMaps', 'M', 1, 'set', 'community', 'removeList'],
    'unknown community list "L"',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', set: { largeCommunity: { removeList: 'X' } } }] } },
    ['policy', 'routeMaps', 'M', 0, 'set', 'largeCommunity', 'removeList'],
    'unknown large-community list',
  );
});

test('bad regexes in AS-path and expanded community lists', () => {
  one(
    {
      asPathLists: {
        A: [
          { action: 'permit', regex: '_1_' },
          { action: 'deny', regex: '(65001' },
        ],
      },
    },
    ['policy', 'asPathLists', 'A', 1, 'regex'],
    'bad regular expression',
  );
  one(
    { communityLists: { C: [{ action: 'permit', regex: '[0-9' }] } },
    ['policy', 'communityLists', 'C', 0, 'regex'],
    'unterminated bracket',
  );
  one(
    { largeCommunityLists: { L: [{ action: 'permit', regex: '*' }] } },
    ['policy', 'largeCommunityLists', 'L', 0, 'regex'],
    'bad regular expression',
  );
});

test('ge/le out of range and ge > le', () => {
  const p = (e: object) =>
    ({ prefixLists: { 'TOR-IN': [{ seq: 10, action: 'permit', ...e }] } }) as unknown as PolicyCfg;
  one(p({ prefix: '10.0.0.0/8', ge: 7 }), ['policy', 'prefixLists', 'TOR-IN', 0, 'ge'], 'want 8..32');
  one(p({ prefix: '10.0.0.0/8', le: 33 }), ['policy', 'prefixLists', 'TOR-IN', 0, 'le'], 'want 8..32');
  one(p({ prefix: '10.0.0.0/16', le: 8 }), ['policy', 'prefixLists', 'TOR-IN', 0, 'le'], 'want 16..32');
  one(p({ prefix: '2001:db8::/32', le: 129 }), ['policy', 'prefixLists', 'TOR-IN', 0, 'le'], 'want 32..128');
  one(p({ prefix: '10.0.0.0/8', ge: 24, le: 16 }), ['policy', 'prefixLists', 'TOR-IN', 0, 'le'], 'less than ge');
  // Boundaries are fine: ge == len, le == max, ge == le.
  compiled(p({ prefix: '10.0.0.0/8', ge: 8, le: 32 }));
  compiled(p({ prefix: '10.0.0.0/8', ge: 24, le: 24 }));
});

test('host bits set and malformed prefixes', () => {
  one(
    { prefixLists: { P: [{ action: 'permit', prefix: '10.1.0.0/8' }] } },
    ['policy', 'prefixLists', 'P', 0, 'prefix'],
    'host bits set \\(did you mean 10.0.0.0/8\\?\\)',
  );
  one(
    { prefixLists: { P: [{ action: 'permit', prefix: '10.0.0.300/32' }] } },
    ['policy', 'prefixLists', 'P', 0, 'prefix'],
    'not an IP address',
  );
  one(
    { prefixLists: { P: [{ action: 'permit', prefix: '10.0.0.0/33' }] } },
    ['policy', 'prefixLists', 'P', 0, 'prefix'],
    'bad prefix length',
  );
});

test('duplicate and overflowing sequence numbers', () => {
  one(
    {
      prefixLists: {
        P: [
          { action: 'permit', prefix: '10.0.0.0/8' },
          { seq: 5, action: 'deny', prefix: '11.0.0.0/8' },
        ],
      },
    },
    ['policy', 'prefixLists', 'P', 1, 'seq'],
    'duplicate sequence number 5',
  );
  one(
    {
      routeMaps: {
        M: [
          { seq: 10, action: 'permit' },
          { seq: 10, action: 'deny' },
        ],
      },
    },
    ['policy', 'routeMaps', 'M', 1, 'seq'],
    'duplicate sequence number 10',
  );
  one(
    { routeMaps: { M: [{ seq: 65535, action: 'permit' }, { action: 'deny' }] } },
    ['policy', 'routeMaps', 'M', 1],
    'automatic sequence number 65540 exceeds 65535',
  );
});

test('community values out of range, in lists and in sets', () => {
  one(
    { communityLists: { C: [{ action: 'permit', communities: ['1:1', '65536:1'] }] } },
    ['policy', 'communityLists', 'C', 0, 'communities', 1],
    '0..65535',
  );
  one(
    { largeCommunityLists: { L: [{ action: 'permit', communities: ['4294967296:1:1'] }] } },
    ['policy', 'largeCommunityLists', 'L', 0, 'communities', 0],
    '0..4294967295',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', set: { community: { add: ['1:99999'] } } }] } },
    ['policy', 'routeMaps', 'M', 0, 'set', 'community', 'add', 0],
    '0..65535',
  );
});

test('on-match goto must go forward; none and replace contradict; bad addresses', () => {
  one(
    {
      routeMaps: {
        M: [
          { seq: 10, action: 'permit' },
          { seq: 20, action: 'permit', onMatch: { goto: 20 } },
        ],
      },
    },
    ['policy', 'routeMaps', 'M', 1, 'onMatch', 'goto'],
    'greater than',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', set: { community: { none: true, replace: ['1:1'] } } }] } },
    ['policy', 'routeMaps', 'M', 0, 'set', 'community', 'none'],
    'contradict',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', set: { nextHop: '300.0.0.1' } }] } },
    ['policy', 'routeMaps', 'M', 0, 'set', 'nextHop'],
    'not an IP address',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', match: { peer: '1::2::3' } }] } },
    ['policy', 'routeMaps', 'M', 0, 'match', 'peer'],
    'not an IP address',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', match: { nextHop: { address: '1.2.3.256' } } }] } },
    ['policy', 'routeMaps', 'M', 0, 'match', 'nextHop', 'address'],
    'not an IP address',
  );
  one(
    { routeMaps: { M: [{ action: 'permit', set: { med: '+4294967296' } }] } },
    ['policy', 'routeMaps', 'M', 0, 'set', 'med'],
    'exceeds',
  );
});

test('every problem is reported at once, under the given base path', () => {
  const r = compilePolicy(
    {
      prefixLists: { P: [{ action: 'permit', prefix: '10.1.0.0/8' }] },
      routeMaps: { M: [{ action: 'permit', match: { prefixList: 'Q', asPathList: 'A' } }] },
    },
    ['spec', 'policy'],
  );
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.error.map((d) => d.path),
    [
      ['spec', 'policy', 'prefixLists', 'P', 0, 'prefix'],
      ['spec', 'policy', 'routeMaps', 'M', 0, 'match', 'prefixList'],
      ['spec', 'policy', 'routeMaps', 'M', 0, 'match', 'asPathList'],
    ],
  );
});
