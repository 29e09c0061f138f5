import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathAttrs } from '../../../bgp/packet/types.js';
import { parseIPv6 } from '../../../lib/prefix.js';
import { parseCommunity } from '../../../rib/policy/community.js';
import { applyRouteMap, type PolicyRoute } from '../../../rib/policy/route-map.js';
import type { PolicyCfg, RouteMapEntryCfg, RouteMapSetCfg } from '../../../rib/policy/schema.js';
import { compiled, frozen, route, seqPath } from './helpers.js';

const c = (s: string) => {
  const r = parseCommunity(s);
  assert.ok(r.ok);
  return r.value;
};
const v6 = (s: string) => {
  const a = parseIPv6(s);
  assert.ok(a);
  return a;
};

const LISTS: PolicyCfg = {
  prefixLists: {
    TEN: [{ action: 'permit', prefix: '10.0.0.0/8', le: 32 }],
    NH: [{ action: 'permit', prefix: '192.0.2.0/24', le: 32 }],
  },
  asPathLists: { FROM1: [{ action: 'permit', regex: '^65001_' }] },
  communityLists: {
    TAGGED: [{ action: 'permit', communities: ['65000:1'] }],
    STRIP: [{ action: 'permit', regex: '^65000:' }],
  },
  largeCommunityLists: { L: [{ action: 'permit', communities: ['65000:1:1'] }] },
};

function mapOf(entries: RouteMapEntryCfg[]) {
  const pol = compiled({ ...LISTS, routeMaps: { M: entries } });
  const m = pol.routeMaps.get('M');
  assert.ok(m);
  return (r: PolicyRoute) => applyRouteMap(m, r);
}

const BASE: PathAttrs = frozen({
  origin: 0,
  asPath: seqPath([65001, 65002]),
  nextHop: 0xc0000201, // 192.0.2.1
  med: 50,
  localPref: 100,
  communities: [c('65000:1'), c('no-export')],
  largeCommunities: [[65000, 1, 1]],
});

function setOnly(set: RouteMapSetCfg, attrs: PathAttrs = BASE, extra: Partial<PolicyRoute> = {}) {
  const r = mapOf([{ action: 'permit', set }])(route('10.1.0.0/16', attrs, extra));
  assert.equal(r.action, 'permit');
  return r;
}

test('each set action produces a new object with just that change; the input is untouched', () => {
  const before = structuredClone(BASE);
  assert.equal(setOnly({ localPref: 200 }).attrs.localPref, 200);
  assert.equal(setOnly({ med: 10 }).attrs.med, 10);
  assert.equal(setOnly({ med: '+25' }).attrs.med, 75);
  assert.equal(setOnly({ med: '-80' }).attrs.med, 0, 'clamped at 0');
  assert.equal(setOnly({ med: '+5' }, { origin: 0 }).attrs.med, 5, 'absent MED counts as 0');
  assert.equal(setOnly({ med: '+4294967295' }).attrs.med, 4294967295, 'clamped at 2^32-1');
  assert.equal(setOnly({ origin: 'incomplete' }).attrs.origin, 2);
  assert.equal(setOnly({ weight: 500 }).weight, 500);
  assert.equal(setOnly({ weight: 500 }).attrs, BASE, 'weight is not an attribute');
  assert.equal(setOnly({ nextHop: '10.0.0.1' }).attrs.nextHop, 0x0a000001);
  const r = setOnly({ nextHop: 'unchanged' });
  assert.equal(r.nextHopUnchanged, true);
  assert.equal(r.attrs, BASE);
  const changed = setOnly({ localPref: 200 }).attrs;
  assert.notEqual(changed, BASE);
  assert.deepEqual({ ...changed, localPref: 100 }, before);
  assert.deepEqual(BASE, before);
});

test('set nextHop peer-address uses PolicyRoute.peerAddress (no change without one)', () => {
  assert.equal(setOnly({ nextHop: 'peer-address' }, BASE, { peerAddress: 0x0a000009 }).attrs.nextHop, 0x0a000009);
  assert.equal(setOnly({ nextHop: 'peer-address' }).attrs, BASE);
});

test('set an IPv6 next hop: replaces the global address in MP_REACH, keeps the link-local half', () => {
  const ll = v6('fe80::1');
  const nh32 = new Uint8Array(32);
  nh32.set(v6('2001:db8::1'), 0);
  nh32.set(ll, 16);
  const attrs: PathAttrs = frozen({ mpReach: { afi: 2, safi: 1, nextHop: nh32, nlri: [] } });
  const out = mapOf([{ action: 'permit', set: { nextHop: '2001:db8::99' } }])(route('2001:db8:1::/48', attrs)).attrs;
  assert.deepEqual(out.mpReach?.nextHop.subarray(0, 16), v6('2001:db8::99'));
  assert.deepEqual(out.mpReach?.nextHop.subarray(16), ll);
  assert.deepEqual(attrs.mpReach?.nextHop.subarray(0, 16), v6('2001:db8::1'), 'input octets untouched');
  const same = mapOf([{ action: 'permit', set: { nextHop: '2001:db8::1' } }])(route('2001:db8:1::/48', attrs));
  assert.equal(same.attrs, attrs);
});

test('AS-path prepend: into a leading AS_SEQUENCE, before an AS_SET, on an empty path, and on overflow', () => {
  assert.deepEqual(setOnly({ asPathPrepend: [65000, 65000] }).attrs.asPath, seqPath([65000, 65000, 65001, 65002]));
  const withSet: PathAttrs = frozen({ asPath: [{ type: 1, asns: [1, 2] }] });
  assert.deepEqual(setOnly({ asPathPrepend: [7] }, withSet).attrs.asPath, [
    { type: 2, asns: [7] },
    { type: 1, asns: [1, 2] },
  ]);
  assert.deepEqual(setOnly({ asPathPrepend: [7, 8] }, {}).attrs.asPath, seqPath([7, 8]));
  const full: PathAttrs = frozen({ asPath: seqPath(Array.from({ length: 255 }, (_, i) => i + 1)) });
  const out = setOnly({ asPathPrepend: [9] }, full).attrs.asPath;
  assert.equal(out?.length, 2);
  assert.deepEqual(out?.[0], { type: 2, asns: [9] });
  assert.equal(out?.[1]?.asns.length, 255);
});

test('AS-path exclude removes the ASNs everywhere and drops emptied segments', () => {
  const attrs: PathAttrs = frozen({
    asPath: [
      { type: 2, asns: [1, 65002, 2] },
      { type: 1, asns: [65002] },
    ],
  });
  assert.deepEqual(setOnly({ asPathExclude: [65002] }, attrs).attrs.asPath, seqPath([1, 2]));
  assert.equal(setOnly({ asPathExclude: [9] }, attrs).attrs, attrs);
  assert.equal(setOnly({ asPathExclude: [1, 2, 65002] }, attrs).attrs.asPath, undefined);
});

test('community set: add, remove, replace, none, removeList', () => {
  assert.deepEqual(setOnly({ community: { add: ['65000:2', '65000:1'] } }).attrs.communities, [
    c('65000:1'),
    c('no-export'),
    c('65000:2'),
  ]);
  assert.deepEqual(setOnly({ community: { remove: ['no-export'] } }).attrs.communities, [c('65000:1')]);
  assert.deepEqual(setOnly({ community: { replace: ['1:1'] } }).attrs.communities, [c('1:1')]);
  assert.equal('communities' in setOnly({ community: { none: true } }).attrs, false);
  assert.deepEqual(setOnly({ community: { none: true, add: ['2:2'] } }).attrs.communities, [c('2:2')]);
  assert.deepEqual(setOnly({ community: { removeList: 'STRIP' } }).attrs.communities, [c('no-export')]);
  assert.equal('communities' in setOnly({ community: { remove: ['65000:1', 'no-export'] } }).attrs, false);
});

test('large community set', () => {
  assert.deepEqual(setOnly({ largeCommunity: { add: ['65000:2:2'] } }).attrs.largeCommunities, [
    [65000, 1, 1],
    [65000, 2, 2],
  ]);
  assert.equal('largeCommunities' in setOnly({ largeCommunity: { remove: ['65000:1:1'] } }).attrs, false);
  assert.deepEqual(setOnly({ largeCommunity: { replace: ['1:2:3'] } }).attrs.largeCommunities, [[1, 2, 3]]);
  assert.equal('largeCommunities' in setOnly({ largeCommunity: { removeList: 'L' } }).attrs, false);
});

test('sets that change nothing return the same attribute object', () => {
  for (const set of [
    { localPref: 100 },
    { med: 50 },
    { med: '+0' },
    { origin: 'igp' },
    { nextHop: '192.0.2.1' },
    { community: { add: ['no-export'] } },
    { community: { remove: ['1:1'] } },
    { community: { replace: ['no-export', '65000:1'] } },
    { largeCommunity: { add: ['65000:1:1'] } },
    { asPathExclude: [4] },
  ] as RouteMapSetCfg[])
    assert.equal(setOnly(set).attrs, BASE, JSON.stringify(set));
  assert.equal(mapOf([{ action: 'permit' }])(route('10.0.0.0/8', BASE)).attrs, BASE);
});

test('deny entry rejects; no matching entry rejects; empty or absent map rejects', () => {
  const m = mapOf([
    { seq: 10, action: 'deny', match: { prefixList: 'TEN' } },
    { seq: 20, action: 'permit', match: { asPathList: 'FROM1' }, set: { localPref: 300 } },
  ]);
  const denied = m(route('10.1.0.0/16', BASE));
  assert.equal(denied.action, 'deny');
  assert.equal(denied.attrs, BASE);
  assert.equal(m(route('172.16.0.0/12', BASE)).attrs.localPref, 300);
  assert.equal(m(route('172.16.0.0/12', { asPath: seqPath([65002]) })).action, 'deny');
  const empty = compiled({ routeMaps: { E: [] } }).routeMaps.get('E');
  assert.equal(applyRouteMap(empty, route('10.0.0.0/8', BASE)).action, 'deny');
  assert.equal(applyRouteMap(undefined, route('10.0.0.0/8', BASE)).action, 'deny');
});

test('first matching entry decides, by seq', () => {
  const m = mapOf([
    { seq: 20, action: 'permit', set: { localPref: 20 } },
    { seq: 10, action: 'permit', match: { prefixList: 'TEN' }, set: { localPref: 10 } },
  ]);
  assert.equal(m(route('10.0.0.0/8', BASE)).attrs.localPref, 10);
  assert.equal(m(route('11.0.0.0/8', BASE)).attrs.localPref, 20);
});

test('on-match next: sets accumulate and later entries see the modified attributes', () => {
  const m = mapOf([
    { seq: 10, action: 'permit', set: { community: { replace: ['65000:1'] }, localPref: 150 }, onMatch: 'next' },
    { seq: 20, action: 'permit', match: { community: 'TAGGED' }, set: { med: 7 } },
  ]);
  const r = m(route('10.0.0.0/8', { origin: 0 }));
  assert.equal(r.action, 'permit');
  assert.equal(r.attrs.localPref, 150);
  assert.equal(r.attrs.med, 7);
  assert.deepEqual(r.attrs.communities, [c('65000:1')]);
  assert.equal(r.seq, 20);
});

test('on-match next: FRR result when the following entries do not match (deny) or do not exist (permit)', () => {
  const followed = mapOf([
    { seq: 10, action: 'permit', set: { localPref: 150 }, onMatch: 'next' },
    { seq: 20, action: 'permit', match: { prefixList: 'TEN' } },
  ]);
  assert.equal(followed(route('11.0.0.0/8', BASE)).action, 'deny');
  assert.equal(followed(route('10.0.0.0/8', BASE)).attrs.localPref, 150);
  const last = mapOf([{ seq: 10, action: 'permit', set: { localPref: 150 }, onMatch: 'next' }]);
  const r = last(route('11.0.0.0/8', BASE));
  assert.equal(r.action, 'permit');
  assert.equal(r.attrs.localPref, 150);
  const thenDeny = mapOf([
    { seq: 10, action: 'permit', set: { localPref: 150 }, onMatch: 'next' },
    { seq: 20, action: 'deny', match: { prefixList: 'TEN' } },
    { seq: 30, action: 'permit' },
  ]);
  assert.equal(thenDeny(route('10.0.0.0/8', BASE)).action, 'deny');
  assert.equal(thenDeny(route('11.0.0.0/8', BASE)).attrs.localPref, 150);
});

test('on-match goto skips to the first entry with seq >= target; past the end permits', () => {
  const m = mapOf([
    { seq: 10, action: 'permit', set: { localPref: 110 }, onMatch: { goto: 25 } },
    { seq: 20, action: 'deny' },
    { seq: 30, action: 'permit', set: { med: 30 } },
  ]);
  const r = m(route('10.0.0.0/8', BASE));
  assert.equal(r.action, 'permit');
  assert.equal(r.attrs.localPref, 110);
  assert.equal(r.attrs.med, 30);
  const beyond = mapOf([
    { seq: 10, action: 'permit', set: { localPref: 110 }, onMatch: { goto: 100 } },
    { seq: 20, action: 'deny' },
  ]);
  assert.equal(beyond(route('10.0.0.0/8', BASE)).action, 'permit');
});

test('match conditions: protocol, metric, localPref, origin, peer, next hop', () => {
  const one = (match: NonNullable<RouteMapEntryCfg['match']>, r: PolicyRoute) =>
    mapOf([{ action: 'permit', match }])(r).action;
  const r = route('10.0.0.0/8', BASE, { peerAddress: 0x0a000002 });
  assert.equal(one({ protocol: 'bgp' }, r), 'permit');
  assert.equal(one({ protocol: ['connected', 'static'] }, r), 'deny');
  assert.equal(one({ protocol: ['connected', 'static'] }, { ...r, protocol: 'static' }), 'permit');
  assert.equal(one({ metric: 50 }, r), 'permit', 'MED when no route metric');
  assert.equal(one({ metric: 50 }, { ...r, metric: 20 }), 'deny');
  assert.equal(one({ metric: 0 }, route('10.0.0.0/8', {})), 'permit', 'absent MED is 0');
  assert.equal(one({ localPref: 100 }, r), 'permit');
  assert.equal(one({ localPref: 101 }, r), 'deny');
  assert.equal(one({ origin: 'igp' }, r), 'permit');
  assert.equal(one({ origin: 'egp' }, r), 'deny');
  assert.equal(one({ peer: '10.0.0.2' }, r), 'permit');
  assert.equal(one({ peer: '10.0.0.3' }, r), 'deny');
  assert.equal(one({ peer: '10.0.0.2' }, route('10.0.0.0/8', BASE)), 'deny', 'no peer address');
  assert.equal(one({ nextHop: { address: '192.0.2.1' } }, r), 'permit');
  assert.equal(one({ nextHop: { address: '192.0.2.2' } }, r), 'deny');
  assert.equal(one({ nextHop: { prefixList: 'NH' } }, r), 'permit');
  assert.equal(one({ nextHop: { prefixList: 'NH' } }, route('10.0.0.0/8', { nextHop: 0x0a000001 })), 'deny');
  const v6nh: PathAttrs = { mpReach: { afi: 2, safi: 1, nextHop: v6('2001:db8::1'), nlri: [] } };
  assert.equal(one({ nextHop: { address: '2001:db8::1' } }, route('2001:db8::/32', v6nh)), 'permit');
});

test('match conditions: lists, and AND across conditions', () => {
  const one = (match: NonNullable<RouteMapEntryCfg['match']>, r: PolicyRoute) =>
    mapOf([{ action: 'permit', match }])(r).action;
  const r = route('10.0.0.0/8', BASE);
  assert.equal(one({ prefixList: 'TEN' }, r), 'permit');
  assert.equal(one({ prefixList: 'TEN' }, route('11.0.0.0/8', BASE)), 'deny');
  assert.equal(one({ asPathList: 'FROM1' }, r), 'permit');
  assert.equal(one({ community: 'TAGGED' }, r), 'permit');
  assert.equal(one({ community: { list: 'TAGGED', exactMatch: true } }, r), 'deny');
  assert.equal(one({ largeCommunity: 'L' }, r), 'permit');
  assert.equal(one({ largeCommunity: { list: 'L', exactMatch: true } }, r), 'permit');
  assert.equal(one({ prefixList: 'TEN', asPathList: 'FROM1', community: 'TAGGED' }, r), 'permit');
  assert.equal(one({ prefixList: 'TEN', asPathList: 'FROM1', localPref: 5 }, r), 'deny');
  assert.equal(one({}, r), 'permit', 'empty match matches all');
});

test('weight passes through unless set', () => {
  const m = mapOf([{ action: 'permit' }]);
  assert.equal(m(route('10.0.0.0/8', BASE, { weight: 7 })).weight, 7);
  assert.equal('weight' in m(route('10.0.0.0/8', BASE)), false);
});
