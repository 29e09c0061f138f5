import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reader, Writer } from '../../lib/bytes.js';
import { FakeClock } from '../../lib/clock.js';

test('writer patches placeholders and grows', () => {
  const w = new Writer(16);
  const at = w.placeholder16();
  for (let i = 0; i < 100; i++) w.u8(i);
  w.patch16(at, w.length - 2);
  const b = w.finish();
  assert.equal(b.length, 102);
  assert.equal(b.readUInt16BE(0), 100);
  assert.equal(b[101], 99);
});

test('reader never over-reads and reports where', () => {
  const r = new Reader(Uint8Array.from([1, 2, 3]));
  assert.deepEqual(r.u16(), { ok: true, value: 0x0102 });
  const e = r.u16();
  assert.equal(e.ok, false);
  if (!e.ok) assert.deepEqual(e.error, { kind: 'short-read', offset: 2, wanted: 2, left: 1 });
  assert.deepEqual(r.u8(), { ok: true, value: 3 });
  assert.equal(r.done, true);
});

test('sub-reader is confined to its window', () => {
  const r = new Reader(Uint8Array.from([0, 0, 0, 5, 9, 9]));
  const s = r.sub(4);
  assert.ok(s.ok);
  if (!s.ok) return;
  assert.deepEqual(s.value.u32(), { ok: true, value: 5 });
  assert.equal(s.value.u8().ok, false);
  assert.deepEqual(r.u8(), { ok: true, value: 9 });
});

test('fake clock fires timers in order, including ones set while firing', () => {
  const c = new FakeClock();
  const seen: string[] = [];
  c.setTimer(20, () => seen.push('b'));
  c.setTimer(10, () => {
    seen.push('a');
    c.setTimer(5, () => seen.push('a2'));
  });
  const x = c.setTimer(12, () => seen.push('x'));
  x.cancel();
  c.advance(19);
  assert.deepEqual(seen, ['a', 'a2']);
  c.advance(1);
  assert.deepEqual(seen, ['a', 'a2', 'b']);
  assert.equal(c.now(), 20);
});
