import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  communitiesText,
  formatCommunity,
  formatLargeCommunity,
  parseCommunity,
  parseLargeCommunity,
} from '../../../rib/policy/community.js';
import { matchCommunityList, matchLargeCommunityList } from '../../../rib/policy/lists.js';
import { compiled } from './helpers.js';

const c = (s: string) => {
  const r = parseCommunity(s);
  assert.ok(r.ok, s);
  return r.value;
};

test('parse/format communities, including every well-known name', () => {
  assert.equal(c('65000:100'), 65000 * 65536 + 100);
  assert.equal(c('0:0'), 0);
  assert.equal(c('65535:65535'), 0xffffffff);
  const known: [string, number][] = [
    ['no-export', 0xffffff01],
    ['no-advertise', 0xffffff02],
    ['local-AS', 0xffffff03],
    ['no-peer', 0xffffff04],
    ['blackhole', 0xffff029a],
    ['graceful-shutdown', 0xffff0000],
    ['accept-own', 0xffff0001],
    ['llgr-stale', 0xffff0006],
    ['no-llgr', 0xffff0007],
  ];
  for (const [name, v] of known) {
    assert.equal(c(name), v, name);
    assert.equal(formatCommunity(v), name);
  }
  assert.equal(c('no-export-subconfed'), 0xffffff03);
  assert.equal(c('local-as'), 0xffffff03);
  assert.equal(formatCommunity(65000 * 65536 + 100), '65000:100');
  assert.equal(formatCommunity(0xffff029a), 'blackhole');
  assert.equal(formatCommunity(65535 * 65536 + 1000), '65535:1000');
  for (const bad of ['65536:1', '1:65536', '1', ':1', '1:', 'a:b', 'no-exports', '01:1', '-1:1'])
    assert.equal(parseCommunity(bad).ok, false, bad);
});

test('parse/format large communities', () => {
  const r = parseLargeCommunity('4200000000:1:4294967295');
  assert.ok(r.ok);
  assert.deepEqual(r.value, [4200000000, 1, 4294967295]);
  assert.equal(formatLargeCommunity(r.value), '4200000000:1:4294967295');
  for (const bad of ['1:2', '1:2:3:4', '4294967296:1:1', '1:x:1', '1::1'])
    assert.equal(parseLargeCommunity(bad).ok, false, bad);
});

test('regex subject text is sorted and names well-known values (FRR)', () => {
  assert.equal(communitiesText(undefined), '');
  assert.equal(communitiesText([0xffffff01, c('65000:200'), c('65000:100')]), '65000:100 65000:200 no-export');
});

test('standard community list: all listed communities must be present; first entry decides', () => {
  const pol = compiled({
    communityLists: {
      L: [
        { action: 'deny', communities: ['65000:666'] },
        { action: 'permit', communities: ['65000:100', 'no-export'] },
      ],
    },
  });
  const list = pol.communityLists.get('L');
  const m = (...cs: string[]) => matchCommunityList(list, cs.length ? { communities: cs.map(c) } : {});
  assert.equal(m('65000:100', 'no-export'), 'permit');
  assert.equal(m('no-export', '65000:100', '1:1'), 'permit');
  assert.equal(m('65000:100'), 'deny', 'only one of two');
  assert.equal(m('65000:100', 'no-export', '65000:666'), 'deny', 'deny entry comes first');
  assert.equal(m(), 'deny', 'no communities');
  assert.equal(matchCommunityList(undefined, { communities: [1] }), 'deny', 'absent list');
});

test('exact-match: standard entries need the same set; expanded entries are unchanged', () => {
  const pol = compiled({
    communityLists: {
      S: [{ action: 'permit', communities: ['65000:100', '65000:200'] }],
      X: [{ action: 'permit', regex: '^65000:100$' }],
    },
  });
  const s = pol.communityLists.get('S');
  const x = pol.communityLists.get('X');
  assert.equal(matchCommunityList(s, { communities: [c('65000:200'), c('65000:100')] }, true), 'permit');
  assert.equal(matchCommunityList(s, { communities: [c('65000:200'), c('65000:100'), 1] }, true), 'deny');
  assert.equal(matchCommunityList(s, { communities: [c('65000:200'), c('65000:100'), 1] }, false), 'permit');
  assert.equal(matchCommunityList(x, { communities: [c('65000:100')] }, true), 'permit');
});

test('expanded community list: regex over the FRR text, with _ and well-known names', () => {
  const pol = compiled({
    communityLists: {
      X: [
        { action: 'deny', regex: '_no-export_' },
        { action: 'permit', regex: '^65000:[0-9]+_' },
        { action: 'permit', regex: '^$' },
      ],
    },
  });
  const x = pol.communityLists.get('X');
  assert.equal(matchCommunityList(x, { communities: [c('65000:7'), c('65001:1')] }), 'permit');
  assert.equal(matchCommunityList(x, { communities: [c('65001:1'), c('65000:7')] }), 'permit', 'sorted first');
  assert.equal(matchCommunityList(x, { communities: [c('65000:7'), c('no-export')] }), 'deny');
  assert.equal(matchCommunityList(x, { communities: [c('65001:1')] }), 'deny');
  assert.equal(matchCommunityList(x, {}), 'permit', 'no communities is the empty string');
});

test('large community lists: standard, exact and expanded', () => {
  const pol = compiled({
    largeCommunityLists: {
      S: [{ action: 'permit', communities: ['65000:1:2', '65000:3:4'] }],
      X: [{ action: 'permit', regex: '^65000:1:[0-9]+_' }],
    },
  });
  const s = pol.largeCommunityLists.get('S');
  const x = pol.largeCommunityLists.get('X');
  const lc = (...v: [number, number, number][]) => ({ largeCommunities: v });
  assert.equal(matchLargeCommunityList(s, lc([65000, 3, 4], [65000, 1, 2], [1, 1, 1])), 'permit');
  assert.equal(matchLargeCommunityList(s, lc([65000, 3, 4])), 'deny');
  assert.equal(matchLargeCommunityList(s, lc([65000, 3, 4], [65000, 1, 2], [1, 1, 1]), true), 'deny');
  assert.equal(matchLargeCommunityList(s, lc([65000, 3, 4], [65000, 1, 2]), true), 'permit');
  assert.equal(matchLargeCommunityList(x, lc([65000, 9, 9], [65000, 1, 77])), 'permit', 'sorted text');
  assert.equal(matchLargeCommunityList(x, lc([65000, 2, 77])), 'deny');
});
