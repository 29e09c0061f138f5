import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, nlriSizeOf, UpdatePacker } from '../../../bgp/packet/index.js';
import type { CodecCtx, PathAttrs, UpdateMsg } from '../../../bgp/packet/types.js';
import type { PrefixKey } from '../../../lib/prefix.js';
import { ctx, ip4, v6 } from './util.js';

const attrs: PathAttrs = {
  origin: 0,
  asPath: [{ type: 2, asns: [65001, 65002] }],
  nextHop: ip4('10.0.0.1'),
  med: 5,
  communities: [0xfde90001],
};

function v4s(n: number, len = 24): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((((0x0b000000 + i * 256) >>> 0) & (0xffffffff << (32 - len))) * 64 + len);
  return out;
}

function v6s(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = v6('2001:db8::');
    a[4] = i >> 8;
    a[5] = i & 0xff;
    out.push(String.fromCharCode(...a, 48));
  }
  return out;
}

function decodeAll(bufs: Buffer[], c: CodecCtx): UpdateMsg[] {
  return bufs.map((b) => {
    const r = decodeMessage(b, c);
    assert.ok(r.ok, r.ok ? '' : r.error.reason);
    const u = r.value as UpdateMsg;
    assert.deepEqual(u.errors, []);
    return u;
  });
}

/** Greedy packing is minimal when every message but the last could not take the next prefix. */
function assertFull(
  bufs: Buffer[],
  next: (i: number) => PrefixKey | undefined,
  max: number,
  per: (k: PrefixKey) => number,
) {
  let seen = 0;
  bufs.forEach((b, i) => {
    assert.ok(b.length <= max, `message ${i} is ${b.length} octets`);
    if (i < bufs.length - 1) {
      const k = next(seen);
      assert.ok(k !== undefined && b.length + per(k) > max, `message ${i} (${b.length} octets) had room for more`);
    }
    seen += 1;
  });
}

test('IPv4 announcements: every prefix once, in order, attributes intact, messages full', () => {
  const c = ctx();
  const keys = v4s(5000);
  const p = new UpdatePacker(c);
  const set = p.attrSet(attrs);
  const bufs = p.announce(set, keys);
  const us = decodeAll(bufs, c);
  assert.deepEqual(
    us.flatMap((u) => u.nlri),
    keys,
  );
  for (const u of us) assert.deepEqual(u.attrs, attrs);
  let at = 0;
  const starts = us.map((u) => {
    const s = at;
    at += u.nlri.length;
    return s;
  });
  assertFull(
    bufs,
    (i) => keys[starts[i + 1] ?? -1],
    4096,
    (k) => nlriSizeOf(k, false),
  );
  assert.equal(bufs.length, Math.ceil(5000 / Math.floor((4096 - (bufs[0]!.length - us[0]!.nlri.length * 4)) / 4)));
  // The same attribute set reused: the same bytes.
  assert.deepEqual(p.announce(set, keys.slice(0, 10))[0], p.announce(attrs, keys.slice(0, 10))[0]);
});

test('extended messages (RFC 8654) pack up to 65535 octets', () => {
  const c = ctx({ extendedMessage: true });
  const keys = v4s(40000);
  const bufs = new UpdatePacker(c).announce(attrs, keys);
  assert.equal(bufs.length, 3);
  for (const b of bufs) assert.ok(b.length <= 65535);
  assert.deepEqual(
    decodeAll(bufs, c).flatMap((u) => u.nlri),
    keys,
  );
});

test('mixed prefix lengths, including /0 and /32', () => {
  const c = ctx();
  const keys: number[] = [0, ...v4s(700, 32), ...v4s(700, 17), ...v4s(700, 8)];
  const us = decodeAll(new UpdatePacker(c).announce(attrs, keys), c);
  assert.deepEqual(
    us.flatMap((u) => u.nlri),
    keys,
  );
});

test('IPv6 announcements go in MP_REACH_NLRI (first attribute), without NEXT_HOP', () => {
  const c = ctx();
  const nh = v6('2001:db8::1');
  const a6: PathAttrs = { ...attrs, mpReach: { afi: 2, safi: 1, nextHop: nh, nlri: [] } };
  const keys = v6s(1000);
  const bufs = new UpdatePacker(c).announce(a6, keys);
  assert.ok(bufs.length > 1);
  for (const b of bufs) assert.equal(b[24], 14, 'MP_REACH_NLRI first (RFC 7606 §5.1)');
  const us = decodeAll(bufs, c);
  assert.deepEqual(
    us.flatMap((u) => u.attrs?.mpReach?.nlri ?? []),
    keys,
  );
  const { nextHop: _nh, ...rest } = attrs;
  for (const u of us) {
    const { mpReach, ...others } = u.attrs!;
    assert.deepEqual(others, rest);
    assert.deepEqual(mpReach?.nextHop, nh);
  }
});

test('RFC 8950: IPv4 prefixes with an IPv6 next hop go in MP_REACH_NLRI; mixed families are split', () => {
  const c = ctx();
  const a: PathAttrs = { origin: 0, asPath: [], mpReach: { afi: 1, safi: 1, nextHop: v6('2001:db8::1'), nlri: [] } };
  const k4 = v4s(3);
  const bufs = new UpdatePacker(c).announce(a, k4);
  const us = decodeAll(bufs, c);
  assert.deepEqual(us[0]!.attrs?.mpReach?.nlri, k4);
  assert.deepEqual(us[0]!.nlri, []);
  const both = new UpdatePacker(c).announce(
    { ...attrs, mpReach: { afi: 2, safi: 1, nextHop: v6('2001:db8::1'), nlri: [] } },
    [...k4, ...v6s(2)],
  );
  const ub = decodeAll(both, c);
  assert.deepEqual(ub[0]!.nlri, k4);
  assert.deepEqual(ub[1]!.attrs?.mpReach?.nlri, v6s(2));
});

test('withdrawals: IPv4 in Withdrawn Routes, IPv6 in MP_UNREACH_NLRI', () => {
  const c = ctx();
  const k4 = v4s(3000);
  const k6 = v6s(500);
  const bufs = new UpdatePacker(c).withdraw([...k6, ...k4]);
  const us = decodeAll(bufs, c);
  assert.deepEqual(
    us.flatMap((u) => u.withdrawn),
    k4,
  );
  assert.deepEqual(
    us.flatMap((u) => u.attrs?.mpUnreach?.withdrawn ?? []),
    k6,
  );
  for (const b of bufs) assert.ok(b.length <= 4096);
});

test('ADD-PATH: path identifiers travel with their prefixes (RFC 7911)', () => {
  const c = ctx({ addPathRx: new Set([257, 513]), addPathTx: new Set([257, 513]) });
  const k4 = v4s(2000);
  const ids = k4.map((_, i) => i + 1);
  const p = new UpdatePacker(c);
  const us = decodeAll(p.announce(attrs, k4, ids), c);
  assert.deepEqual(
    us.flatMap((u) => u.nlriPathIds ?? []),
    ids,
  );
  const k6 = v6s(300);
  const a6: PathAttrs = { ...attrs, mpReach: { afi: 2, safi: 1, nextHop: v6('2001:db8::1'), nlri: [] } };
  const u6 = decodeAll(
    p.announce(
      a6,
      k6,
      k6.map((_, i) => 7 * i),
    ),
    c,
  );
  assert.deepEqual(
    u6.flatMap((u) => u.attrs?.mpReach?.pathIds ?? []),
    k6.map((_, i) => 7 * i),
  );
  const w = decodeAll(p.withdraw(k4.slice(0, 5)), c);
  assert.deepEqual(w[0]!.withdrawnPathIds, [0, 0, 0, 0, 0], 'missing ids default to 0');
});

test('a 2-octet peer gets AS_TRANS + AS4_PATH from the packer too', () => {
  const c = ctx({ fourOctetAs: false });
  const a: PathAttrs = { origin: 0, asPath: [{ type: 2, asns: [4200000001] }], nextHop: ip4('10.0.0.1') };
  const us = decodeAll(new UpdatePacker(c).announce(a, v4s(2)), c);
  assert.deepEqual(us[0]!.attrs, a);
});

test('programmer errors throw: no next hop for the family; attributes too large', () => {
  const c = ctx();
  const p = new UpdatePacker(c);
  assert.throws(() => p.announce({ origin: 0, asPath: [] }, v4s(1)));
  assert.throws(() => p.announce(attrs, v6s(1)));
  assert.throws(() => p.announce({ ...attrs, communities: new Array(1020).fill(1) }, v4s(1)));
  assert.deepEqual(p.announce(attrs, []), []);
});
