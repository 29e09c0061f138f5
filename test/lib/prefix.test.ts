import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  comparePrefix,
  contains,
  formatIPv6,
  formatPrefix,
  isV4,
  keyParts,
  parseIPv6,
  parsePrefix,
  prefixLen,
  v4Key,
} from '../../lib/prefix.js';

function key(s: string) {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
}

test('IPv4 prefixes round-trip through compact numeric keys', () => {
  for (const s of ['0.0.0.0/0', '10.0.0.0/8', '255.255.255.255/32', '192.168.1.0/24', '128.0.0.0/1']) {
    const k = key(s);
    assert.equal(typeof k, 'number');
    assert.equal(formatPrefix(k), s);
  }
  assert.equal(key('10.1.2.3/8'), v4Key(0x0a000000, 8));
  assert.equal(prefixLen(key('10.0.0.0/13')), 13);
});

test('IPv6 prefixes round-trip through 17-character keys', () => {
  for (const s of ['::/0', '2001:db8::/32', 'fd00:1:2:3::/64', '2001:db8::1/128', 'ff02::5/128']) {
    const k = key(s);
    assert.equal(isV4(k), false);
    assert.equal((k as string).length, 17);
    assert.equal(formatPrefix(k), s);
  }
  assert.equal(formatPrefix(key('2001:db8:ffff::/33')), '2001:db8:8000::/33');
});

test('strict parsing rejects host bits and garbage with a reason', () => {
  const r = parsePrefix('10.0.0.1/24', true);
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error, /host bits.*10\.0\.0\.0\/24/);
  for (const bad of ['10.0.0/24', '10.0.0.256/32', '10.0.0.0/33', '::1::/64', 'abc', '01.2.3.4/8', '10.0.0.0/']) {
    assert.equal(parsePrefix(bad).ok, false, bad);
  }
  assert.equal(formatPrefix(key('10.1.1.1')), '10.1.1.1/32');
});

test('RFC 5952 formatting', () => {
  const f = (s: string) => formatIPv6(parseIPv6(s)!);
  assert.equal(f('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
  assert.equal(f('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
  assert.equal(f('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(f('::ffff:10.0.0.1'), '::ffff:a00:1');
  assert.equal(f('1:2:3:4:5:6:7:8'), '1:2:3:4:5:6:7:8');
  assert.equal(f('2001:db8::0:1'), '2001:db8::1');
});

test('containment and ordering', () => {
  assert.ok(contains(key('10.0.0.0/8'), key('10.1.0.0/16')));
  assert.ok(contains(key('10.0.0.0/8'), key('10.0.0.0/8')));
  assert.ok(!contains(key('10.1.0.0/16'), key('10.0.0.0/8')));
  assert.ok(!contains(key('10.0.0.0/8'), key('11.0.0.0/16')));
  assert.ok(contains(key('2001:db8::/32'), key('2001:db8:1::/48')));
  assert.ok(!contains(key('2001:db8::/32'), key('10.0.0.0/8')));
  const sorted = ['2001:db8::/32', '10.0.0.0/16', '10.0.0.0/8', '9.0.0.0/8']
    .map(key)
    .sort(comparePrefix)
    .map(formatPrefix);
  assert.deepEqual(sorted, ['9.0.0.0/8', '10.0.0.0/8', '10.0.0.0/16', '2001:db8::/32']);
  assert.deepEqual(keyParts(key('10.0.0.0/8')).addr, Uint8Array.of(10, 0, 0, 0));
});
