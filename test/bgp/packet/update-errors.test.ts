/**
 * Negative UPDATE vectors: each malformed input with the NOTIFICATION code/subcode RFC 4271 §6.3 names and
 * the RFC 7606 action (fatal ones come back as `err`, the others as `UpdateMsg.errors`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage } from '../../../bgp/packet/index.js';
import type { CodecCtx, ErrorAction, PathAttrs, UpdateMsg } from '../../../bgp/packet/types.js';
import { ctx, hex, ip4, msg } from './util.js';

const ORIGIN = '40 01 01 00';
const AS_PATH = '40 02 06 02 01 0000fde9'; // 65001
const NEXT_HOP = '40 03 04 0a000001';
const BASE = `${ORIGIN} ${AS_PATH} ${NEXT_HOP}`;
const NLRI = '18 0a0000'; // 10.0.0.0/24

/** An UPDATE whose two length fields are computed from the parts. */
function upd(attrs: string, nlri = NLRI, withdrawn = ''): Buffer {
  const w = hex(withdrawn);
  const a = hex(attrs);
  const len = (n: number) => n.toString(16).padStart(4, '0');
  return msg(2, `${len(w.length)} ${w.toString('hex')} ${len(a.length)} ${a.toString('hex')} ${nlri}`);
}

const ebgp = ctx({ peerAs: 65001 });
const ibgp = ctx({ ibgp: true });

function decode(bytes: Buffer, c: CodecCtx) {
  return decodeMessage(bytes, c);
}

function fatal(name: string, bytes: Buffer, subcode: number, c: CodecCtx = ebgp, action: ErrorAction = 'reset') {
  test(`fatal 3/${subcode}: ${name}`, () => {
    const r = decode(bytes, c);
    assert.equal(r.ok, false, 'expected an error');
    if (r.ok) return;
    assert.equal(r.error.code, 3);
    assert.equal(r.error.subcode, subcode, r.error.reason);
    assert.equal(r.error.action, action);
  });
}

function finding(
  name: string,
  bytes: Buffer,
  subcode: number,
  action: ErrorAction,
  opts: {
    c?: CodecCtx;
    attrType?: number;
    check?: (a: PathAttrs | undefined, u: UpdateMsg) => void;
    data?: string;
  } = {},
) {
  test(`${action} 3/${subcode}: ${name}`, () => {
    const r = decode(bytes, opts.c ?? ebgp);
    assert.ok(r.ok, r.ok ? '' : r.error.reason);
    const u = r.value as UpdateMsg;
    assert.equal(u.errors.length, 1, JSON.stringify(u.errors.map((e) => e.reason)));
    const e = u.errors[0]!;
    assert.equal(e.code, 3);
    assert.equal(e.subcode, subcode, e.reason);
    assert.equal(e.action, action);
    if (opts.attrType !== undefined) assert.equal(e.attrType, opts.attrType);
    if (opts.data !== undefined) assert.equal(Buffer.from(e.data).toString('hex'), hex(opts.data).toString('hex'));
    opts.check?.(u.attrs, u);
  });
}

test('the base vector is clean', () => {
  const r = decode(upd(BASE), ebgp);
  assert.ok(r.ok);
  assert.deepEqual((r.value as UpdateMsg).errors, []);
});

// ---- RFC 4271 §6.3 / RFC 7606 §5.3: length fields and NLRI syntax: session reset ----
fatal('Withdrawn Routes Length overruns the message', msg(2, '0010 0000'), 1);
fatal('Total Path Attribute Length overruns the message', msg(2, '0000 0010 40010100'), 1);
fatal('Withdrawn Routes leave no room for the Total Path Attribute Length', msg(2, '0001 18 00'), 1);
fatal('withdrawn prefix length 33', upd('', '', '21 0a000000 00'), 10);
fatal('withdrawn prefix overruns its field', upd('', '', '18 0a00'), 10);
fatal('NLRI prefix length 33', upd(BASE, '21 0a00000000'), 10);
fatal('NLRI prefix cut short', upd(BASE, '18 0a01'), 10);
fatal('ADD-PATH NLRI with a path id and no prefix', upd(BASE, '00000001'), 10, ctx({ addPathRx: new Set([257]) }));

// ---- per attribute (RFC 7606 §7) ----
finding('ORIGIN of length 2', upd(`40 01 02 0000 ${AS_PATH} ${NEXT_HOP}`), 5, 'treatAsWithdraw', {
  attrType: 1,
  data: '40 01 02 0000',
});
finding('ORIGIN value 3', upd(`40 01 01 03 ${AS_PATH} ${NEXT_HOP}`), 6, 'treatAsWithdraw', { attrType: 1 });
finding('ORIGIN marked optional (flags conflict)', upd(`c0 01 01 00 ${AS_PATH} ${NEXT_HOP}`), 4, 'treatAsWithdraw', {
  attrType: 1,
  check: (a) => assert.equal(a?.origin, undefined),
});
finding('AS_PATH segment of length 0', upd(`${ORIGIN} 40 02 02 02 00 ${NEXT_HOP}`), 11, 'treatAsWithdraw');
finding('AS_PATH unknown segment type 5', upd(`${ORIGIN} 40 02 06 05 01 0000fde9 ${NEXT_HOP}`), 11, 'treatAsWithdraw');
finding('AS_PATH segment overrun', upd(`${ORIGIN} 40 02 06 02 02 0000fde9 ${NEXT_HOP}`), 11, 'treatAsWithdraw');
finding('AS_PATH lone trailing octet', upd(`${ORIGIN} 40 02 07 02 01 0000fde9 02 ${NEXT_HOP}`), 11, 'treatAsWithdraw');
finding(
  'AS_PATH with AS 0 (RFC 7607)',
  upd(`${ORIGIN} 40 02 0a 02 02 0000fde9 00000000 ${NEXT_HOP}`),
  11,
  'treatAsWithdraw',
);
finding(
  'AS_PATH 2-octet with AS 0 (RFC 7607)',
  upd(`${ORIGIN} 40 02 06 02 02 fde9 0000 ${NEXT_HOP}`),
  11,
  'treatAsWithdraw',
  {
    c: ctx({ fourOctetAs: false }),
  },
);
finding('leftmost AS is not the eBGP peer (RFC 4271 §6.3)', upd(BASE), 11, 'treatAsWithdraw', {
  c: ctx({ peerAs: 65009 }),
  attrType: 2,
});
finding('empty AS_PATH from an eBGP peer', upd(`${ORIGIN} 40 02 00 ${NEXT_HOP}`), 11, 'treatAsWithdraw');
test('no first-AS check for iBGP or without peerAs', () => {
  for (const c of [ctx({ ibgp: true, peerAs: 65009 }), ctx()]) {
    const r = decode(upd(BASE), c);
    assert.ok(r.ok);
    assert.deepEqual((r.value as UpdateMsg).errors, []);
  }
});
finding('NEXT_HOP of length 5', upd(`${ORIGIN} ${AS_PATH} 40 03 05 0a00000100`), 5, 'treatAsWithdraw', { attrType: 3 });
for (const [nh, label] of [
  ['00000000', '0.0.0.0'],
  ['7f000001', '127.0.0.1'],
  ['e0000001', '224.0.0.1 multicast'],
  ['f0000001', '240.0.0.1 class E'],
  ['ffffffff', '255.255.255.255'],
] as const)
  finding(`martian NEXT_HOP ${label}`, upd(`${ORIGIN} ${AS_PATH} 40 03 04 ${nh}`), 8, 'treatAsWithdraw', {
    attrType: 3,
    data: `40 03 04 ${nh}`,
  });
test('a martian NEXT_HOP without NLRI-field routes is not checked (RFC 4760 §3: ignored)', () => {
  const r = decode(upd(`${ORIGIN} ${AS_PATH} 40 03 04 7f000001`, ''), ebgp);
  assert.ok(r.ok);
  assert.deepEqual((r.value as UpdateMsg).errors, []);
});
finding('MED of length 3', upd(`${BASE} 80 04 03 000001`), 5, 'treatAsWithdraw', { attrType: 4 });
finding('MED marked well-known', upd(`${BASE} 40 04 04 00000001`), 4, 'treatAsWithdraw', { attrType: 4 });
finding('LOCAL_PREF from an eBGP peer is discarded', upd(`${BASE} 40 05 04 00000064`), 0, 'attributeDiscard', {
  attrType: 5,
  check: (a) => assert.equal(a?.localPref, undefined),
});
finding('LOCAL_PREF of length 3 from an iBGP peer', upd(`${BASE} 40 05 03 000064`), 5, 'treatAsWithdraw', { c: ibgp });
finding('ATOMIC_AGGREGATE of length 1', upd(`${BASE} 40 06 01 00`), 5, 'attributeDiscard', {
  check: (a) => assert.equal(a?.atomicAggregate, undefined),
});
finding('AGGREGATOR of length 7', upd(`${BASE} c0 07 07 0000fde9 0a0000`), 5, 'attributeDiscard', { attrType: 7 });
finding(
  'AGGREGATOR of length 8 from a 2-octet peer',
  upd(`${ORIGIN} 40 02 04 02 01 fde9 ${NEXT_HOP} c0 07 08 0000fde9 0a000001`),
  5,
  'attributeDiscard',
  {
    c: ctx({ fourOctetAs: false }),
  },
);
finding('AGGREGATOR with AS 0 (RFC 7607)', upd(`${BASE} c0 07 08 00000000 0a000001`), 9, 'attributeDiscard', {
  check: (a) => assert.equal(a?.aggregator, undefined),
});
finding('COMMUNITIES of length 5', upd(`${BASE} c0 08 05 0000000000`), 9, 'treatAsWithdraw', { attrType: 8 });
finding('COMMUNITIES of length 0', upd(`${BASE} c0 08 00`), 9, 'treatAsWithdraw', { attrType: 8 });
finding('EXTENDED_COMMUNITIES of length 9', upd(`${BASE} c0 10 09 000000000000000000`), 9, 'treatAsWithdraw');
finding('LARGE_COMMUNITY of length 13 (RFC 8092 §6)', upd(`${BASE} c0 20 0d ${'00'.repeat(13)}`), 9, 'treatAsWithdraw');
finding('ORIGINATOR_ID from an eBGP peer is discarded', upd(`${BASE} 80 09 04 01020304`), 0, 'attributeDiscard');
finding('ORIGINATOR_ID of length 5 from iBGP', upd(`${BASE} 80 09 05 0102030405`), 5, 'treatAsWithdraw', { c: ibgp });
finding('CLUSTER_LIST from an eBGP peer is discarded', upd(`${BASE} 80 0a 04 01020304`), 0, 'attributeDiscard', {
  attrType: 10,
});
finding('CLUSTER_LIST of length 6 from iBGP', upd(`${BASE} 80 0a 06 010203040506`), 5, 'treatAsWithdraw', { c: ibgp });

// ---- RFC 7606 §3: structure of the attribute section ----
const MP6 = `80 0e 15 0002 01 10 ${'20010db8'.padEnd(32, '0')} 00`;
fatal('duplicate MP_REACH_NLRI', upd(`${MP6} ${MP6} ${BASE}`, ''), 1);
fatal('duplicate MP_UNREACH_NLRI', upd('80 0f 03 0002 01 80 0f 03 0002 01', ''), 1);
finding('duplicate ORIGIN: all but the first discarded', upd(`${BASE} 40 01 01 02`), 1, 'attributeDiscard', {
  check: (a) => assert.equal(a?.origin, 0),
});
finding('an attribute overruns the section (RFC 7606 §4)', upd(`${BASE} c0 08 08 00000001`), 1, 'treatAsWithdraw', {
  check: (a, u) => {
    assert.equal(a?.nextHop, ip4('10.0.0.1'));
    assert.equal(u.nlri.length, 1, 'the NLRI is still located by the Total Path Attribute Length');
  },
});
finding('two octets left: too short for an attribute header', upd(`${BASE} c0 08`), 1, 'treatAsWithdraw');
finding('extended-length header cut short', upd(`${BASE} d0 08 00`), 1, 'treatAsWithdraw');
fatal('MP_REACH_NLRI overruns the section', upd(`${BASE} 80 0e 20 0002 01 10`), 1);
fatal('unrecognized well-known attribute 200', upd(`${BASE} 40 c8 01 00`), 2);
test('unknown optional non-transitive attribute is dropped silently; transitive kept', () => {
  const r = decode(upd(`${BASE} 80 c8 01 00 c0 c9 02 abcd`), ebgp);
  assert.ok(r.ok);
  const u = r.value as UpdateMsg;
  assert.deepEqual(u.errors, []);
  assert.deepEqual(u.attrs?.unknown, [{ flags: 0xc0, type: 0xc9, value: new Uint8Array([0xab, 0xcd]) }]);
});
finding('missing ORIGIN with NLRI present', upd(`${AS_PATH} ${NEXT_HOP}`), 3, 'treatAsWithdraw', {
  data: '01',
  attrType: 1,
});
finding('missing AS_PATH', upd(`${ORIGIN} ${NEXT_HOP}`), 3, 'treatAsWithdraw', { data: '02' });
finding('missing NEXT_HOP with NLRI-field routes', upd(`${ORIGIN} ${AS_PATH}`), 3, 'treatAsWithdraw', { data: '03' });
test('NLRI with no path attributes at all: treat-as-withdraw for each missing mandatory attribute', () => {
  const r = decode(upd(''), ebgp);
  assert.ok(r.ok);
  const u = r.value as UpdateMsg;
  assert.deepEqual(
    u.errors.map((e) => [e.subcode, e.action, e.data[0]]),
    [
      [3, 'treatAsWithdraw', 1],
      [3, 'treatAsWithdraw', 2],
      [3, 'treatAsWithdraw', 3],
    ],
  );
});
test('no mandatory attributes needed without NLRI (a withdrawal-only UPDATE)', () => {
  const r = decode(upd('', '', '18 0a0000'), ebgp);
  assert.ok(r.ok);
  assert.deepEqual((r.value as UpdateMsg).errors, []);
});

// ---- MP_REACH / MP_UNREACH (RFC 7606 §7.11, §7.12; RFC 4760 §7) ----
fatal('MP_REACH IPv6 with a 4-octet next hop', upd(`80 0e 09 0002 01 04 0a000001 00 00 ${ORIGIN} ${AS_PATH}`, ''), 9);
fatal(
  'MP_REACH IPv6 prefix length 129',
  upd(`80 0e 16 0002 01 10 ${'20010db8'.padEnd(32, '0')} 00 81 ${'ff'.repeat(16)}`, ''),
  9,
);
fatal('MP_REACH shorter than 5 octets', upd('80 0e 03 0002 01', ''), 9);
fatal('MP_REACH next hop length overruns the attribute', upd('80 0e 06 0002 01 10 0000', ''), 9);
fatal('MP_REACH marked transitive (flags conflict)', upd(`c0 0e 05 0002 01 00 00 ${BASE}`, ''), 4);
fatal('MP_UNREACH IPv4 prefix cut short', upd('80 0f 05 0001 01 18 0a', ''), 9);
finding(
  'MP_REACH for an AFI/SAFI the codec does not model is discarded',
  upd(`80 0e 09 0001 80 04 0a000001 00 ${BASE}`, ''),
  9,
  'attributeDiscard',
  {
    check: (a) => assert.equal(a?.mpReach, undefined),
  },
);
finding(
  'MP_REACH NLRI without ORIGIN',
  upd(`80 0e 1a 0002 01 10 ${'20010db8'.padEnd(32, '0')} 00 20 20010db8 ${AS_PATH}`, ''),
  3,
  'treatAsWithdraw',
  {
    data: '01',
  },
);

// ---- AS4_PATH / AS4_AGGREGATOR (RFC 6793 §6, RFC 7607) ----
const two = ctx({ fourOctetAs: false });
const BASE2 = `${ORIGIN} 40 02 06 02 02 fde9 5ba0 ${NEXT_HOP}`;
finding(
  'malformed AS4_PATH is discarded and AS_PATH used',
  upd(`${BASE2} c0 11 06 02 02 fa56ea01`),
  11,
  'attributeDiscard',
  {
    c: two,
    check: (a) => assert.deepEqual(a?.asPath, [{ type: 2, asns: [65001, 23456] }]),
  },
);
finding(
  'AS4_PATH with AS 0 is treated as withdraw',
  upd(`${BASE2} c0 11 0a 02 02 0000fde9 00000000`),
  11,
  'treatAsWithdraw',
  {
    c: two,
  },
);
finding(
  'AS4_PATH with a confederation segment is discarded',
  upd(`${BASE2} c0 11 06 03 01 0000fde9`),
  9,
  'attributeDiscard',
  {
    c: two,
  },
);
finding(
  'AS4_AGGREGATOR of length 6 is discarded',
  upd(`${BASE2} c0 07 06 5ba0 0a000001 c0 12 06 fa56ea01 0a00`),
  5,
  'attributeDiscard',
  {
    c: two,
    check: (a) => assert.deepEqual(a?.aggregator, { asn: 23456, address: ip4('10.0.0.1') }),
  },
);
finding('AS4_PATH marked non-transitive is discarded', upd(`${BASE2} 80 11 06 02 01 fa56ea01`), 4, 'attributeDiscard', {
  c: two,
});
test('AGGREGATOR not AS_TRANS: AS4_PATH and AS4_AGGREGATOR are ignored (RFC 6793 §4.2.3)', () => {
  const r = decode(
    upd(`${BASE2} c0 07 06 fdea 0a000001 c0 11 0a 02 02 0000fde9 fa56ea01 c0 12 08 fa56ea01 0a000002`),
    two,
  );
  assert.ok(r.ok);
  const u = r.value as UpdateMsg;
  assert.deepEqual(u.errors, []);
  assert.deepEqual(u.attrs?.asPath, [{ type: 2, asns: [65001, 23456] }]);
  assert.deepEqual(u.attrs?.aggregator, { asn: 65002, address: ip4('10.0.0.1') });
});
test('AS4_PATH longer than AS_PATH is ignored', () => {
  const r = decode(upd(`${BASE2} c0 11 0e 02 03 0000fde9 fa56ea01 fa56ea02`), two);
  assert.ok(r.ok);
  assert.deepEqual((r.value as UpdateMsg).attrs?.asPath, [{ type: 2, asns: [65001, 23456] }]);
});
test('AS_SET and confederation segments in the AS_PATH merge (RFC 6793 §4.2.3 counting)', () => {
  // AS_PATH: confed-seq [1], seq [65001, AS_TRANS], set [AS_TRANS, 7] ; AS4_PATH: seq [4200000001], set [4200000002, 7]
  const asPath = '40 02 10 03 01 0001 02 02 fde9 5ba0 01 02 5ba0 0007';
  const as4 = 'c0 11 10 02 01 fa56ea01 01 02 fa56ea02 00000007';
  const r = decode(upd(`${ORIGIN} ${asPath} ${NEXT_HOP} ${as4}`), two);
  assert.ok(r.ok);
  assert.deepEqual((r.value as UpdateMsg).attrs?.asPath, [
    { type: 3, asns: [1] },
    { type: 2, asns: [65001, 4200000001] },
    { type: 1, asns: [4200000002, 7] },
  ]);
});
test('AS4_PATH from a 4-octet peer is ignored', () => {
  const r = decode(upd(`${BASE} c0 11 06 02 01 fa56ea01`), ebgp);
  assert.ok(r.ok);
  const u = r.value as UpdateMsg;
  assert.deepEqual(u.errors, []);
  assert.deepEqual(u.attrs?.asPath, [{ type: 2, asns: [65001] }]);
});
test('several findings in one UPDATE are all reported', () => {
  const r = decode(upd(`40 01 01 07 ${AS_PATH} ${NEXT_HOP} 40 06 01 00 c0 08 03 000000`), ebgp);
  assert.ok(r.ok);
  assert.deepEqual(
    (r.value as UpdateMsg).errors.map((e) => [e.attrType, e.action]),
    [
      [1, 'treatAsWithdraw'],
      [6, 'attributeDiscard'],
      [8, 'treatAsWithdraw'],
    ],
  );
});
