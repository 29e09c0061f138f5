import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareLsaInstances,
  INITIAL_SEQUENCE_NUMBER,
  lsaContentsDiffer,
  MAX_AGE,
  MAX_SEQUENCE_NUMBER,
  withAge,
} from '../../../ospf/lsdb.js';
import { routerLsa } from './helpers.js';

const base = { seq: 5, checksum: 0x1000, age: 100 };

function both(a: typeof base, b: typeof base, newer: 'a' | 'b' | 'same', reason: string) {
  assert.deepEqual({ ...compareLsaInstances(a, b) }, { newer, reason });
  const flip = newer === 'a' ? 'b' : newer === 'b' ? 'a' : 'same';
  assert.deepEqual({ ...compareLsaInstances(b, a) }, { newer: flip, reason });
}

test('§13.1 (1): the greater sequence number is newer, whatever the checksum and age', () => {
  both({ ...base, seq: 6, checksum: 0, age: MAX_AGE - 1 }, base, 'a', 'seq');
});

test('§13.1 (1): sequence numbers are signed (InitialSequenceNumber is the oldest)', () => {
  both({ ...base, seq: INITIAL_SEQUENCE_NUMBER }, { ...base, seq: -1 }, 'b', 'seq');
  both({ ...base, seq: MAX_SEQUENCE_NUMBER }, { ...base, seq: 0 }, 'a', 'seq');
  // A caller holding the number unsigned (0x80000001) gets the same answer.
  both({ ...base, seq: 0x80000001 }, { ...base, seq: 1 }, 'b', 'seq');
});

test('§13.1 (2): same sequence, the greater checksum (unsigned 16-bit) is newer', () => {
  both({ ...base, checksum: 0x8000 }, { ...base, checksum: 0x7fff }, 'a', 'checksum');
  both({ ...base, checksum: 0xffff, age: 3000 }, { ...base, checksum: 0x0001, age: 0 }, 'a', 'checksum');
});

test('§13.1 (3): same sequence and checksum, the MaxAge one is newer', () => {
  both({ ...base, age: MAX_AGE }, { ...base, age: 0 }, 'a', 'max-age');
  both({ ...base, age: MAX_AGE }, { ...base, age: MAX_AGE }, 'same', 'same');
});

test('§13.1 (4): ages differing by more than MaxAgeDiff: the younger is newer', () => {
  both({ ...base, age: 10 }, { ...base, age: 911 }, 'a', 'age');
  // Exactly MaxAgeDiff apart is still the same instance.
  both({ ...base, age: 10 }, { ...base, age: 910 }, 'same', 'same');
});

test('§13.1: otherwise the same instance', () => {
  both(base, { ...base, age: 500 }, 'same', 'same');
});

test('§13.2: contents differ on options, MaxAge, length or body, not on seq/checksum/age', () => {
  const a = routerLsa('1.1.1.1', [[3, '10.0.0.0', '255.255.255.0', 10]], { seq: 1, checksum: 1 });
  const same = routerLsa('1.1.1.1', [[3, '10.0.0.0', '255.255.255.0', 10]], { seq: 2, checksum: 9, age: 7 });
  assert.equal(lsaContentsDiffer(a, undefined, 0, same, undefined, 7), false);
  const opt = routerLsa('1.1.1.1', [[3, '10.0.0.0', '255.255.255.0', 10]], { options: 0x42 });
  assert.equal(lsaContentsDiffer(a, undefined, 0, opt, undefined, 0), true);
  assert.equal(lsaContentsDiffer(a, undefined, 0, same, undefined, MAX_AGE), true);
  const metric = routerLsa('1.1.1.1', [[3, '10.0.0.0', '255.255.255.0', 11]]);
  assert.equal(lsaContentsDiffer(a, undefined, 0, metric, undefined, 0), true);
  const longer = routerLsa('1.1.1.1', [
    [3, '10.0.0.0', '255.255.255.0', 10],
    [3, '10.0.1.0', '255.255.255.0', 10],
  ]);
  assert.equal(lsaContentsDiffer(a, undefined, 0, longer, undefined, 0), true);
});

test('§13.2: with both encodings at hand, bodies are compared byte-wise after the header', () => {
  const a = routerLsa('1.1.1.1', []);
  const r1 = new Uint8Array(24).fill(7);
  const r2 = r1.slice();
  r2[0] = 9; // header bytes (age) do not count
  assert.equal(lsaContentsDiffer(a, r1, 0, a, r2, 0), false);
  r2[22] = 1;
  assert.equal(lsaContentsDiffer(a, r1, 0, a, r2, 0), true);
});

test('withAge patches the two age octets of a copy', () => {
  const raw = Uint8Array.of(0, 1, 2, 3);
  const out = withAge(raw, MAX_AGE);
  assert.deepEqual([...out], [0x0e, 0x10, 2, 3]);
  assert.deepEqual([...raw], [0, 1, 2, 3]);
});
