import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type PrefixKey, v4Key, v6Key } from '../../../lib/prefix.js';
import { buildPrefixList, matchPrefixList, type PrefixListEntry } from '../../../rib/policy/prefix-list.js';
import type { PrefixListEntryCfg } from '../../../rib/policy/schema.js';
import { compiled, pfx } from './helpers.js';

function list(entries: PrefixListEntryCfg[]) {
  const pl = compiled({ prefixLists: { L: entries } }).prefixLists.get('L');
  assert.ok(pl);
  return (p: string) => matchPrefixList(pl, pfx(p));
}

test('no ge/le: exact match only', () => {
  const m = list([{ action: 'permit', prefix: '10.0.0.0/8' }]);
  assert.equal(m('10.0.0.0/8'), 'permit');
  assert.equal(m('10.0.0.0/9'), 'deny');
  assert.equal(m('10.1.0.0/16'), 'deny');
  assert.equal(m('11.0.0.0/8'), 'deny');
  assert.equal(m('0.0.0.0/0'), 'deny');
});

test('le alone: len..le inside the prefix', () => {
  const m = list([{ action: 'permit', prefix: '10.0.0.0/8', le: 24 }]);
  assert.equal(m('10.0.0.0/8'), 'permit');
  assert.equal(m('10.20.0.0/16'), 'permit');
  assert.equal(m('10.20.30.0/24'), 'permit');
  assert.equal(m('10.20.30.0/25'), 'deny');
  assert.equal(m('10.0.0.0/7'), 'deny');
  assert.equal(m('11.20.30.0/24'), 'deny');
});

test('ge alone: ge..32', () => {
  const m = list([{ action: 'permit', prefix: '10.0.0.0/8', ge: 24 }]);
  assert.equal(m('10.0.0.0/8'), 'deny');
  assert.equal(m('10.1.2.0/23'), 'deny');
  assert.equal(m('10.1.2.0/24'), 'permit');
  assert.equal(m('10.1.2.3/32'), 'permit');
});

test('ge and le: ge..le', () => {
  const m = list([{ action: 'permit', prefix: '192.168.0.0/16', ge: 20, le: 24 }]);
  assert.equal(m('192.168.0.0/19'), 'deny');
  assert.equal(m('192.168.16.0/20'), 'permit');
  assert.equal(m('192.168.16.0/24'), 'permit');
  assert.equal(m('192.168.16.0/25'), 'deny');
  assert.equal(m('192.169.16.0/22'), 'deny');
});

test('0.0.0.0/0 le 32 matches every IPv4 prefix and no IPv6 one', () => {
  const m = list([{ action: 'permit', prefix: '0.0.0.0/0', le: 32 }]);
  for (const p of ['0.0.0.0/0', '10.0.0.0/8', '255.255.255.255/32', '128.0.0.0/1']) assert.equal(m(p), 'permit', p);
  assert.equal(m('::/0'), 'deny');
  assert.equal(m('2001:db8::/32'), 'deny');
});

test('IPv6 entries, and both families in one list', () => {
  const m = list([
    { action: 'deny', prefix: '2001:db8:bad::/48', le: 128 },
    { action: 'permit', prefix: '2001:db8::/32', le: 64 },
    { action: 'permit', prefix: '10.0.0.0/8', le: 32 },
  ]);
  assert.equal(m('2001:db8::/32'), 'permit');
  assert.equal(m('2001:db8:1::/48'), 'permit');
  assert.equal(m('2001:db8:1:2::/64'), 'permit');
  assert.equal(m('2001:db8:1:2::/65'), 'deny');
  assert.equal(m('2001:db8:bad::/64'), 'deny');
  assert.equal(m('2001:db9::/32'), 'deny');
  assert.equal(m('10.1.2.3/32'), 'permit');
  assert.equal(m('::/0'), 'deny');
});

test('implicit deny at the end; empty list permits; absent list denies (FRR)', () => {
  const m = list([{ action: 'permit', prefix: '10.0.0.0/8' }]);
  assert.equal(m('172.16.0.0/12'), 'deny');
  const empty = compiled({ prefixLists: { E: [] } }).prefixLists.get('E');
  assert.equal(matchPrefixList(empty, pfx('172.16.0.0/12')), 'permit');
  assert.equal(matchPrefixList(empty, pfx('2001:db8::/32')), 'permit');
  assert.equal(matchPrefixList(undefined, pfx('10.0.0.0/8')), 'deny');
});

test('lowest seq decides, not YAML order', () => {
  const m = list([
    { seq: 20, action: 'permit', prefix: '10.0.0.0/8', le: 32 },
    { seq: 10, action: 'deny', prefix: '10.1.0.0/16', le: 32 },
  ]);
  assert.equal(m('10.1.2.0/24'), 'deny');
  assert.equal(m('10.2.2.0/24'), 'permit');
  // A more specific entry with a higher seq loses to a covering entry with a lower one.
  const m2 = list([
    { seq: 5, action: 'deny', prefix: '10.0.0.0/8', le: 32 },
    { seq: 10, action: 'permit', prefix: '10.1.0.0/16', le: 32 },
  ]);
  assert.equal(m2('10.1.2.0/24'), 'deny');
});

test('automatic seq numbers continue from the highest so far, in steps of 5', () => {
  const pl = compiled({
    prefixLists: {
      L: [
        { action: 'permit', prefix: '10.0.0.0/8' },
        { seq: 100, action: 'permit', prefix: '11.0.0.0/8' },
        { action: 'permit', prefix: '12.0.0.0/8' },
        { seq: 50, action: 'permit', prefix: '13.0.0.0/8' },
        { action: 'permit', prefix: '14.0.0.0/8' },
      ],
    },
  }).prefixLists.get('L');
  assert.deepEqual(
    pl?.entries.map((e) => e.seq),
    [5, 50, 100, 105, 110],
  );
});

/** Reference: scan every entry in seq order. */
function linear(entries: readonly PrefixListEntry[], p: PrefixKey): 'permit' | 'deny' {
  for (const e of entries) {
    if (typeof e.prefix !== typeof p) continue;
    const len = typeof p === 'number' ? p % 64 : p.charCodeAt(16);
    if (len < e.minLen || len > e.maxLen) continue;
    const el = typeof e.prefix === 'number' ? e.prefix % 64 : e.prefix.charCodeAt(16);
    const masked =
      typeof p === 'number'
        ? v4Key(Math.floor(p / 64), el)
        : v6Key(
            Uint8Array.from(p.slice(0, 16), (c) => c.charCodeAt(0)),
            el,
          );
    if (masked === e.prefix) return e.action;
  }
  return 'deny';
}

test('trie agrees with a linear scan on random lists and prefixes (both families)', () => {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  // Few distinct high bits so entries overlap and nest.
  const v4addr = () => ((rnd(4) << 30) | (rnd(4) << 28) | (rnd(65536) << 8)) >>> 0;
  const v6addr = () => Uint8Array.from({ length: 16 }, (_, i) => (i < 2 ? 0x20 : i < 4 ? rnd(3) : rnd(256)));
  for (let round = 0; round < 20; round++) {
    const entries: PrefixListEntry[] = [];
    for (let i = 0; i < 60; i++) {
      const v4 = rnd(3) > 0;
      const max = v4 ? 32 : 128;
      const len = rnd(v4 ? 25 : 65);
      const prefix = v4 ? v4Key(v4addr(), len) : v6Key(v6addr(), len);
      const ge = rnd(2) ? len + rnd(max - len + 1) : undefined;
      const le = rnd(2) ? Math.max(ge ?? len, len + rnd(max - len + 1)) : undefined;
      entries.push({
        seq: (i + 1) * 5,
        action: rnd(2) ? 'permit' : 'deny',
        prefix,
        minLen: ge ?? len,
        maxLen: le ?? (ge !== undefined ? max : len),
      });
    }
    const pl = buildPrefixList('R', entries);
    for (let q = 0; q < 500; q++) {
      const v4 = rnd(3) > 0;
      const p = v4 ? v4Key(v4addr(), rnd(33)) : v6Key(v6addr(), rnd(129));
      assert.equal(matchPrefixList(pl, p), linear(entries, p));
    }
  }
});
