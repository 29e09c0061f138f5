import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathAttrs } from '../../../bgp/packet/types.js';
import { AttrStore, asPathMetrics, WK_NO_EXPORT } from '../../../bgp/rib/intern.js';
import { addr, ip, nh6, pfx, seq } from './helpers.js';

const base = (): PathAttrs => ({
  origin: 0,
  asPath: seq(65001, 65002),
  nextHop: ip('192.0.2.1'),
  med: 10,
  communities: [0x00010002],
});

test('equal attribute sets intern to one shared object; different ones do not', () => {
  const s = new AttrStore();
  const a = s.intern(base());
  const b = s.intern(base());
  assert.equal(a, b);
  assert.equal(a.refs, 2);
  const c = s.intern({ ...base(), med: 11 });
  assert.notEqual(a, c);
  const d = s.intern({ ...base(), communities: [0x00010003] });
  assert.notEqual(a, d);
  assert.equal(s.size, 3);
});

test('the key ignores MP NLRI lists and MP_UNREACH but includes the MP next hop', () => {
  const s = new AttrStore();
  const mp = (nh: string, nlri: string[]): PathAttrs => ({
    origin: 0,
    asPath: seq(65001),
    mpReach: { afi: 2, safi: 1, nextHop: addr(nh), nlri: nlri.map(pfx) },
  });
  const a = s.intern(mp('2001:db8::1', ['2001:db8:1::/48']));
  const b = s.intern({ ...mp('2001:db8::1', ['2001:db8:2::/48', '2001:db8:3::/48']) });
  const c = s.intern({ ...mp('2001:db8::1', []), mpUnreach: { afi: 2, safi: 1, withdrawn: [pfx('2001:db8:9::/48')] } });
  assert.equal(a, b);
  assert.equal(a, c);
  assert.deepEqual(a.attrs.mpReach?.nlri, []);
  assert.equal(a.attrs.mpUnreach, undefined);
  assert.equal(a.nextHop, nh6('2001:db8::1'));
  assert.equal(a.afi, 2);
  assert.notEqual(a, s.intern(mp('2001:db8::2', ['2001:db8:1::/48'])));
});

test('interned sets are frozen private copies', () => {
  const s = new AttrStore();
  const input = base();
  const a = s.intern(input);
  input.asPath![0]!.asns.push(1);
  input.communities!.push(7);
  assert.deepEqual(a.attrs.asPath, seq(65001, 65002));
  assert.deepEqual(a.attrs.communities, [0x00010002]);
  assert.ok(Object.isFrozen(a));
  assert.ok(Object.isFrozen(a.attrs));
  assert.ok(Object.isFrozen(a.attrs.asPath));
  assert.ok(Object.isFrozen(a.attrs.asPath![0]!.asns));
  assert.throws(() => {
    (a.attrs as PathAttrs).med = 1;
  }, TypeError);
});

test('release drops a set from the table at zero references; re-interning makes a new one', () => {
  const s = new AttrStore();
  const a = s.intern(base());
  s.retain(a);
  s.release(a);
  assert.equal(s.size, 1);
  s.release(a);
  assert.equal(a.refs, 0);
  assert.equal(s.size, 0);
  assert.equal(s.lookup(a.key), undefined);
  const b = s.intern(base());
  assert.notEqual(a, b);
  assert.equal(b.refs, 1);
  assert.throws(() => s.release(a), /below zero/);
});

test('decision values are precomputed: AS_PATH length per RFC 4271 §9.1.2.2 a, neighbor AS, defaults', () => {
  // AS_SET counts 1, confederation segments 0.
  assert.deepEqual(
    asPathMetrics([
      { type: 3, asns: [64512, 64513] },
      { type: 2, asns: [65001, 65002] },
      { type: 1, asns: [1, 2, 3] },
      { type: 4, asns: [64514] },
    ]),
    [3, 65001],
  );
  assert.deepEqual(asPathMetrics([]), [0, 0]);
  assert.deepEqual(asPathMetrics(undefined), [0, 0]);
  assert.deepEqual(asPathMetrics([{ type: 1, asns: [1, 2] }]), [1, -1]);
  const s = new AttrStore();
  const a = s.intern({
    ...base(),
    localPref: 200,
    originatorId: ip('9.9.9.9'),
    clusterList: [1, 2],
    communities: [0xffffff01],
  });
  assert.equal(a.asPathLen, 2);
  assert.equal(a.neighborAs, 65001);
  assert.equal(a.origin, 0);
  assert.equal(a.med, 10);
  assert.equal(a.localPref, 200);
  assert.equal(a.originatorId, ip('9.9.9.9'));
  assert.equal(a.clusterListLen, 2);
  assert.equal(a.nextHop, ip('192.0.2.1'));
  assert.equal(a.wellKnown, WK_NO_EXPORT);
  const b = s.intern({ nextHop: 1 });
  assert.equal(b.origin, 2);
  assert.equal(b.med, undefined);
  assert.equal(b.clusterListLen, 0);
});
