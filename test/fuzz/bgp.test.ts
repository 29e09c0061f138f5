/**
 * Fuzz the BGP codec (DESIGN.md §4): seeded random buffers and mutations of the valid vectors go through the
 * framer and every decoder under several negotiated contexts. Invariants: nothing throws; every result is a
 * value or a BgpError with a known RFC 7606 action and a real NOTIFICATION code; UPDATE findings are never
 * reset-class (those must be `err`); whatever decodes can be encoded again (only a size RangeError allowed).
 * Failures are saved under test/fuzz/crashers/bgp/ and every saved crasher is replayed on every run.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeCapabilities } from '../../bgp/packet/capability.js';
import { ERROR_ACTIONS } from '../../bgp/packet/errors.js';
import { Framer } from '../../bgp/packet/framer.js';
import { decodeMessage, decodeShutdownCommunication, encodeMessage, isEndOfRib } from '../../bgp/packet/index.js';
import { decodeOpen } from '../../bgp/packet/open.js';
import type { BgpError, CodecCtx } from '../../bgp/packet/types.js';
import { decodeUpdate } from '../../bgp/packet/update.js';
import { type Rng, randomCtx, randomMessage, rng } from '../bgp/packet/random.js';
import { ctx } from '../bgp/packet/util.js';
import { VECTORS } from '../bgp/packet/vectors.js';

const CTXS: CodecCtx[] = [
  ctx(),
  ctx({ fourOctetAs: false, ibgp: true }),
  ctx({ addPathRx: new Set([257, 513]), addPathTx: new Set([257, 513]), extendedMessage: true, peerAs: 65001 }),
  ctx({ fourOctetAs: false, addPathRx: new Set([257]), addPathTx: new Set([257]) }),
];

function checkError(e: BgpError, where: string): void {
  assert.ok(ERROR_ACTIONS.includes(e.action), `${where}: action ${e.action}`);
  assert.ok(e.code >= 1 && e.code <= 7, `${where}: code ${e.code}`);
  assert.ok(e.subcode >= 0 && e.subcode <= 255, `${where}: subcode ${e.subcode}`);
  assert.ok(e.data instanceof Uint8Array, `${where}: data`);
  assert.equal(typeof e.reason, 'string');
}

/** Everything one input goes through; throws (assertion or crash) on a broken invariant. */
function exercise(input: Uint8Array, split: number): void {
  for (const c of CTXS) {
    const r = decodeMessage(input, c);
    if (!r.ok) checkError(r.error, 'decodeMessage');
    else {
      if (r.value.type === 'update') {
        for (const e of r.value.errors) {
          checkError(e, 'UPDATE finding');
          assert.ok(e.action === 'attributeDiscard' || e.action === 'treatAsWithdraw', `finding ${e.action}`);
        }
        isEndOfRib(r.value);
      }
      if (r.value.type === 'notification') decodeShutdownCommunication(r.value.data);
      try {
        encodeMessage(r.value, c);
      } catch (e) {
        assert.ok(e instanceof RangeError, `re-encode threw ${String(e)}`);
      }
    }
    if (input.length >= 23) {
      const u = decodeUpdate(input, c);
      if (!u.ok) checkError(u.error, 'decodeUpdate');
    }
  }
  if (input.length >= 29) {
    const o = decodeOpen(input);
    if (!o.ok) checkError(o.error, 'decodeOpen');
  }
  const caps = decodeCapabilities(input.subarray(Math.min(input.length, 19)));
  if (!caps.ok) checkError(caps.error, 'decodeCapabilities');
  decodeShutdownCommunication(input);
  const f = new Framer();
  if (split % 3 === 0) f.setMaxSize(65535);
  f.push(input.subarray(0, split));
  f.push(input.subarray(split));
  for (let i = 0; i < 1000; i++) {
    const n = f.next();
    if (!n.ok) {
      checkError(n.error, 'framer');
      break;
    }
    if (!n.value) break;
    for (const c of CTXS) decodeMessage(n.value, c);
  }
}

function crashersDir(): string | undefined {
  const rel = join('test', 'fuzz', 'crashers', 'bgp');
  const candidates = [resolve(process.cwd(), rel)];
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    candidates.push(join(d, rel));
    if (dirname(d) === d) break;
  }
  return candidates.find((p) => existsSync(p));
}

function fnv1a(b: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function fixLength(b: Uint8Array): void {
  if (b.length >= 19 && b.length <= 65535) {
    b[16] = b.length >>> 8;
    b[17] = b.length & 0xff;
  }
}

function mutate(r: Rng, seed: Uint8Array): Uint8Array {
  let b = Uint8Array.from(seed);
  for (let k = 1 + Math.floor(r() * 4); k > 0; k--) {
    const at = Math.floor(r() * Math.max(1, b.length));
    switch (Math.floor(r() * 7)) {
      case 0:
        b[at] = (b[at] ?? 0) ^ (1 << Math.floor(r() * 8));
        break;
      case 1:
        b[at] = Math.floor(r() * 256);
        break;
      case 2:
        b[at] = [0, 1, 0x7f, 0x80, 0xfe, 0xff][Math.floor(r() * 6)] as number;
        break;
      case 3:
        b = b.subarray(0, at);
        break;
      case 4: {
        const extra = Uint8Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256));
        b = Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
        break;
      }
      case 5:
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + Math.floor(r() * 4))]);
        break;
      default:
        b = Uint8Array.from([...b, ...b.subarray(19)]); // a longer body, e.g. repeated attributes
    }
  }
  // Mostly keep the header consistent so the mutation reaches the message decoders.
  if (r() < 0.8) fixLength(b);
  return b;
}

function randomBuffer(r: Rng): Uint8Array {
  const b = Uint8Array.from({ length: Math.floor(r() * 120) }, () => Math.floor(r() * 256));
  if (r() < 0.7 && b.length >= 19) {
    b.fill(0xff, 0, 16);
    b[18] = 1 + Math.floor(r() * 5);
    fixLength(b);
  }
  return b;
}

function run(input: Uint8Array, split: number, dir: string | undefined): void {
  try {
    exercise(input, split);
  } catch (e) {
    if (dir) writeFileSync(join(dir, `${fnv1a(input)}.bin`), input);
    throw e;
  }
}

test('fuzz: random buffers and mutated vectors (seeded)', () => {
  const dir = crashersDir();
  const r = rng(Number(process.env.BGP_FUZZ_SEED ?? 0xb9b));
  const seeds: Uint8Array[] = VECTORS.map((v) => v.bytes);
  const g = rng(7);
  for (let i = 0; i < 60; i++) {
    const c = randomCtx(g);
    const m = randomMessage(g, c);
    try {
      seeds.push(encodeMessage(m, c));
    } catch {
      // Too large for this context: not a seed.
    }
  }
  // A few streams of several messages, for the framer.
  seeds.push(Buffer.concat(VECTORS.slice(0, 6).map((v) => v.bytes)));
  for (let i = 0; i < 40000; i++) {
    const input = r() < 0.15 ? randomBuffer(r) : mutate(r, seeds[Math.floor(r() * seeds.length)] as Uint8Array);
    run(input, Math.floor(r() * (input.length + 1)), dir);
  }
});

test('fuzz: replay saved crashers', (t) => {
  const dir = crashersDir();
  if (!dir) {
    t.skip('crashers directory not found from the working directory or the test file');
    return;
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  for (const f of files) {
    const input = new Uint8Array(readFileSync(join(dir, f)));
    for (let split = 0; split <= Math.min(input.length, 64); split++) exercise(input, split);
  }
  assert.ok(readdirSync(dir).length >= files.length);
});
