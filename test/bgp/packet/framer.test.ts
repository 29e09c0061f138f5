import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Framer } from '../../../bgp/packet/framer.js';
import { decodeMessage } from '../../../bgp/packet/index.js';
import type { BgpError } from '../../../bgp/packet/types.js';
import { ctx, hex, MARKER, msg } from './util.js';
import { VECTORS } from './vectors.js';

function drain(f: Framer): { msgs: Uint8Array[]; error?: BgpError } {
  const msgs: Uint8Array[] = [];
  for (;;) {
    const r = f.next();
    if (!r.ok) return { msgs, error: r.error };
    if (!r.value) return { msgs };
    msgs.push(r.value);
  }
}

const stream = Buffer.concat(VECTORS.slice(0, 8).map((v) => v.bytes));
const expected = VECTORS.slice(0, 8).map((v) => v.bytes.toString('hex'));

test('many messages in one chunk come out one by one, as views (no copy)', () => {
  const f = new Framer();
  f.push(stream);
  const { msgs, error } = drain(f);
  assert.equal(error, undefined);
  assert.deepEqual(
    msgs.map((m) => Buffer.from(m).toString('hex')),
    expected,
  );
  for (const m of msgs) assert.equal(m.buffer, stream.buffer, 'a message inside one chunk is a view');
  assert.equal(f.pending, 0);
});

test('a stream split at every byte boundary yields the same messages', () => {
  for (let cut = 1; cut < stream.length; cut++) {
    const f = new Framer();
    const out: Uint8Array[] = [];
    f.push(stream.subarray(0, cut));
    out.push(...drain(f).msgs);
    f.push(stream.subarray(cut));
    out.push(...drain(f).msgs);
    assert.deepEqual(
      out.map((m) => Buffer.from(m).toString('hex')),
      expected,
      `cut at ${cut}`,
    );
  }
});

test('a stream fed one octet at a time yields the same messages', () => {
  const f = new Framer();
  const out: string[] = [];
  for (let i = 0; i < stream.length; i++) {
    f.push(stream.subarray(i, i + 1));
    for (const m of drain(f).msgs) out.push(Buffer.from(m).toString('hex'));
  }
  assert.deepEqual(out, expected);
});

test('a message cut in three chunks is assembled at its exact length', () => {
  const m = VECTORS[1]!.bytes;
  const f = new Framer();
  f.push(m.subarray(0, 5));
  f.push(m.subarray(5, 30));
  assert.deepEqual(f.next(), { ok: true, value: undefined });
  f.push(m.subarray(30));
  const r = f.next();
  assert.ok(r.ok && r.value);
  assert.equal(r.value.length, m.length);
  assert.equal(r.value.byteLength, r.value.buffer.byteLength, 'exactly one copy of exactly the message');
});

function headerErr(bytes: Buffer, code: number, subcode: number, data: string, max?: number) {
  const f = new Framer();
  if (max) f.setMaxSize(max);
  f.push(bytes);
  const r = f.next();
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    [r.error.code, r.error.subcode, Buffer.from(r.error.data).toString('hex'), r.error.action],
    [code, subcode, data, 'reset'],
  );
  // The framer stays failed, and decodeMessage agrees on the same bytes.
  assert.equal(f.next().ok, false);
}

test('bad marker: 1/1 Connection Not Synchronized, reported from the header alone', () => {
  headerErr(hex(`ffffffffffffffffffffffffffff00ff 0013 04`), 1, 1, '');
});
test('bad length: 1/2 with the length field as data', () => {
  headerErr(hex(`${MARKER} 0012 04`), 1, 2, '0012');
  headerErr(hex(`${MARKER} 1001 02`), 1, 2, '1001');
  headerErr(hex(`${MARKER} 0014 04 00`), 1, 2, '0014'); // KEEPALIVE is exactly 19
  headerErr(hex(`${MARKER} 001c 01`), 1, 2, '001c'); // OPEN < 29
  headerErr(hex(`${MARKER} 0016 02`), 1, 2, '0016'); // UPDATE < 23
  headerErr(hex(`${MARKER} 0014 03`), 1, 2, '0014'); // NOTIFICATION < 21
  headerErr(hex(`${MARKER} 0016 05`), 1, 2, '0016'); // ROUTE-REFRESH < 23
  headerErr(hex(`${MARKER} 1001 01`), 1, 2, '1001', 65535); // OPEN stays <= 4096 (RFC 8654 §3)
});
test('unknown type: 1/3 with the type as data', () => {
  headerErr(hex(`${MARKER} 0013 06`), 1, 3, '06');
  headerErr(hex(`${MARKER} 0013 00`), 1, 3, '00');
});

test('setMaxSize(65535) admits extended UPDATEs', () => {
  const big = msg(2, `0000 ${(5000).toString(16).padStart(4, '0')} d0 08 1384 ${'00'.repeat(5000 - 4)}`);
  const f = new Framer();
  f.push(big);
  assert.equal(f.next().ok, false);
  const g = new Framer();
  g.setMaxSize(65535);
  g.push(big);
  const r = g.next();
  assert.ok(r.ok && r.value);
  assert.equal(r.value.length, big.length);
  assert.throws(() => g.setMaxSize(100));
});

test('decodeMessage re-checks the header', () => {
  const c = ctx();
  const bad = (b: Buffer) => {
    const r = decodeMessage(b, c);
    return r.ok ? 'ok' : `${r.error.code}/${r.error.subcode}`;
  };
  assert.equal(bad(hex('ffff')), '1/2');
  assert.equal(bad(hex(`${MARKER} 0014 04`)), '1/2'); // length field disagrees with the buffer
  assert.equal(bad(hex(`${'00'.repeat(16)} 0013 04`)), '1/1');
  assert.equal(bad(msg(2, `0000 ${(5000).toString(16).padStart(4, '0')} d0 08 1384 ${'00'.repeat(4996)}`)), '1/2');
  assert.equal(bad(msg(4, '')), 'ok');
});
