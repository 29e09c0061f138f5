/**
 * Round-trip property: random valid packets (every type, under every authentication configuration) and random
 * LSAs of every stored type decode back to the values they were encoded from, and re-encode to the same octets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLsa, encodeLsa } from '../../../ospf/packet/lsa.js';
import { decodePacket, encodePacket } from '../../../ospf/packet/packet.js';
import { LSA_TYPES, randomLsa, randomPacket, rng } from './random.js';
import { ALL_AUTH } from './util.js';

test('random packets round-trip under every authentication configuration', () => {
  const r = rng(Number(process.env.OSPF_ROUNDTRIP_SEED ?? 0x05f2));
  for (const cfg of ALL_AUTH) {
    for (let i = 0; i < 150; i++) {
      const seq = Math.floor(r() * 4294967296);
      const pkt = randomPacket(r, cfg, seq);
      const bytes = encodePacket(pkt, cfg, seq);
      const d = decodePacket(bytes, cfg);
      assert.ok(d.ok, d.ok ? '' : `${cfg.type} type ${pkt.body.type}: ${d.error.reason} ${d.error.detail}`);
      assert.deepEqual(d.value.packet, pkt);
      if (cfg.type === 'null' || cfg.type === 'simple') assert.equal(d.value.cryptoSeq, undefined);
      else {
        assert.equal(d.value.cryptoSeq, seq);
        assert.equal(d.value.keyId, cfg.sendKeyId);
      }
      assert.deepEqual(encodePacket(d.value.packet, cfg, d.value.cryptoSeq), bytes);
    }
  }
});

test('random LSAs of every stored type round-trip', () => {
  const r = rng(0x15a);
  for (const type of LSA_TYPES) {
    for (let i = 0; i < 200; i++) {
      const lsa = randomLsa(r, type);
      const bytes = encodeLsa(lsa);
      const d = decodeLsa(bytes);
      assert.ok(d.ok, d.ok ? '' : `type ${type}: ${d.error.reason} ${d.error.detail}`);
      assert.deepEqual(d.value.lsa, lsa);
      assert.deepEqual(encodeLsa(d.value.lsa), bytes);
    }
  }
});
