/**
 * Fuzz the OSPF codec (DESIGN.md §4): seeded random buffers and mutations of the captured vectors and of random
 * valid packets and LSAs go through `decodePacket` under every authentication configuration and through
 * `decodeLsa`. Most mutated packets are sealed again (length, checksum or digest made valid) and most mutated
 * LSAs get a valid Fletcher checksum, so that the mutation reaches the body decoders instead of stopping at
 * the authentication check.
 * Invariants: nothing throws; every error is a known DropReason with a detail; whatever decodes re-encodes
 * and decodes again to the same value; every LSA an LS Update hands out decodes alone from its raw octets.
 * Failures are saved under test/fuzz/crashers/ospf/ and every saved crasher is replayed on every run.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { applyAuth, trailerLen } from '../../ospf/packet/auth.js';
import { setLsaChecksum } from '../../ospf/packet/checksum.js';
import { DROP_REASONS } from '../../ospf/packet/errors.js';
import { decodeLsa, encodeLsa } from '../../ospf/packet/lsa.js';
import { decodePacket, encodePacket } from '../../ospf/packet/packet.js';
import type { AuthCfg, Lsa, OspfDecodeError, OspfPacket } from '../../ospf/packet/types.js';
import { LSA_VECTORS } from '../ospf/packet/lsa-vectors.js';
import { pick, type Rng, randomLsa, randomPacket, rng } from '../ospf/packet/random.js';
import { ALL_AUTH } from '../ospf/packet/util.js';
import { BIRD_VECTORS } from '../ospf/packet/vectors-bird.js';
import { FRR_VECTORS } from '../ospf/packet/vectors-frr.js';

function checkError(e: OspfDecodeError, where: string): void {
  assert.ok(DROP_REASONS.includes(e.reason), `${where}: reason ${e.reason}`);
  assert.equal(typeof e.detail, 'string');
  assert.ok(e.detail.length > 0, `${where}: empty detail`);
}

/**
 * The value without its checksum: an LSA whose sender set reserved bits re-encodes with zeros there, hence
 * another checksum (the received octets are what gets flooded, see lsa.ts).
 */
function sansChecksum(l: Lsa): Lsa {
  return { header: { ...l.header, checksum: 0 }, body: l.body };
}

function sansLsaChecksums(p: OspfPacket): OspfPacket {
  return p.body.type === 4 ? { header: p.header, body: { type: 4, lsas: p.body.lsas.map(sansChecksum) } } : p;
}

function exerciseLsa(input: Uint8Array): void {
  const r = decodeLsa(input);
  if (!r.ok) {
    checkError(r.error, 'decodeLsa');
    return;
  }
  const again = decodeLsa(encodeLsa(r.value.lsa));
  assert.ok(again.ok, 'a decoded LSA re-encodes to something that decodes');
  assert.deepEqual(sansChecksum(again.value.lsa), sansChecksum(r.value.lsa));
}

/** Outcome counts, printed with OSPF_FUZZ_STATS=1 to see how deep the inputs reach. */
const stats = new Map<string, number>();
const count = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);

function exercisePacket(input: Uint8Array, cfg: AuthCfg): void {
  const r = decodePacket(input, cfg);
  count(r.ok ? `ok type ${r.value.packet.body.type}` : r.error.reason);
  if (r.ok) for (const d of r.value.lsaDrops ?? []) count(`LSA ${d.reason}`);
  if (!r.ok) {
    checkError(r.error, `decodePacket ${cfg.type}`);
    return;
  }
  const { packet, lsaRaws, lsaDrops } = r.value;
  for (const d of lsaDrops ?? []) checkError(d, 'LSA drop');
  if (packet.body.type === 4) {
    const lsas = packet.body.lsas;
    assert.equal(lsaRaws?.length, lsas.length);
    for (const [i, raw] of (lsaRaws ?? []).entries()) {
      const one = decodeLsa(raw);
      assert.ok(one.ok, 'an LSA from an LS Update decodes alone');
      assert.deepEqual(one.value.lsa, lsas[i]);
    }
  }
  const re = decodePacket(encodePacket(packet, cfg, r.value.cryptoSeq), cfg);
  assert.ok(re.ok, 'a decoded packet re-encodes to something that decodes');
  assert.deepEqual(sansLsaChecksums(re.value.packet), sansLsaChecksums(packet));
}

/** Everything one input goes through; throws (assertion or crash) on a broken invariant. */
function exercise(input: Uint8Array): void {
  for (const cfg of ALL_AUTH) exercisePacket(input, cfg);
  exerciseLsa(input);
  // The same octets as the only LSA of an LS Update that authenticates.
  exercisePacket(
    seal(Buffer.concat([Uint8Array.of(0, 0, 0, 1), input]), 4, ALL_AUTH[0] as AuthCfg),
    ALL_AUTH[0] as AuthCfg,
  );
}

/** Header, body and a valid checksum or digest under `cfg`: the decoder gets past authentication. */
function seal(body: Uint8Array, type: number, cfg: AuthCfg): Buffer {
  const len = Math.min(0xffff, 24 + body.length);
  const b = Buffer.alloc(len + trailerLen(cfg));
  b[0] = 2;
  b[1] = type;
  b.writeUInt16BE(len, 2);
  b.writeUInt32BE(0x0a0a0a0a, 4);
  b.set(body.subarray(0, len - 24), 24);
  applyAuth(b, len, cfg, 77);
  return b;
}

function crashersDir(): string | undefined {
  const rel = join('test', 'fuzz', 'crashers', 'ospf');
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

const INTERESTING = [0, 1, 2, 3, 4, 5, 7, 0x13, 0x14, 0x7f, 0x80, 0xfe, 0xff];

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
        b[at] = pick(r, INTERESTING);
        break;
      case 3:
        b = b.subarray(0, at);
        break;
      case 4: {
        const extra = Uint8Array.from({ length: 1 + Math.floor(r() * 12) }, () => Math.floor(r() * 256));
        b = Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
        break;
      }
      case 5:
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + Math.floor(r() * 4))]);
        break;
      default:
        b = Uint8Array.from([...b, ...b.subarray(Math.min(b.length, 24))]);
    }
  }
  return b;
}

function run(input: Uint8Array, dir: string | undefined): void {
  try {
    exercise(input);
  } catch (e) {
    if (dir) writeFileSync(join(dir, `${fnv1a(input)}.bin`), input);
    throw e;
  }
}

interface Seeds {
  packets: { bytes: Uint8Array; cfg: AuthCfg }[];
  lsas: Uint8Array[];
}

function seeds(): Seeds {
  const packets = [...FRR_VECTORS, ...BIRD_VECTORS].map((v) => ({ bytes: v.bytes as Uint8Array, cfg: v.auth }));
  const lsas: Uint8Array[] = LSA_VECTORS.map((v) => v.bytes);
  const g = rng(11);
  for (let i = 0; i < 40; i++) {
    const cfg = pick(g, ALL_AUTH);
    packets.push({ bytes: encodePacket(randomPacket(g, cfg, i), cfg, i), cfg });
    lsas.push(encodeLsa(randomLsa(g)));
  }
  return { packets, lsas };
}

/** One fuzz input: a mutated packet (usually sealed again), a mutated LSA, or random octets. */
function nextInput(r: Rng, s: Seeds): Uint8Array {
  const x = r();
  if (x < 0.1) return Uint8Array.from({ length: Math.floor(r() * 100) }, () => Math.floor(r() * 256));
  if (x < 0.55) {
    const seed = pick(r, s.packets);
    const m = mutate(r, seed.bytes);
    if (r() < 0.3 || m.length < 24) return m;
    // Keep the mutated header's type and body, make length and authentication valid again.
    const cfg = r() < 0.8 ? seed.cfg : pick(r, ALL_AUTH);
    return seal(m.subarray(24), m[1] as number, cfg);
  }
  const m = mutate(r, pick(r, s.lsas));
  if (r() < 0.7 && m.length >= 20) {
    if (r() < 0.8) Buffer.from(m.buffer, m.byteOffset, m.length).writeUInt16BE(m.length, 18);
    setLsaChecksum(m);
  }
  return m;
}

test('fuzz: random buffers and mutated packets and LSAs (seeded)', () => {
  const dir = crashersDir();
  const r = rng(Number(process.env.OSPF_FUZZ_SEED ?? 0x0595));
  const s = seeds();
  for (let i = 0; i < 15000; i++) run(nextInput(r, s), dir);
  if (process.env.OSPF_FUZZ_STATS) console.log(Object.fromEntries([...stats].sort()));
});

test('fuzz: replay saved crashers', (t) => {
  const dir = crashersDir();
  if (!dir) {
    t.skip('crashers directory not found from the working directory or the test file');
    return;
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  for (const f of files) exercise(new Uint8Array(readFileSync(join(dir, f))));
  assert.ok(readdirSync(dir).includes('README.md'));
});
