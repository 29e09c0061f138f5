/**
 * Wire check of our own encodings (DESIGN.md §5): every captured vector re-encoded, and random packets of every
 * type under every authentication configuration, framed as Ethernet + IPv4 (protocol 89, to 224.0.0.5) into a
 * pcap that tshark must dissect as OSPF, packet type by packet type, with no malformed packet and no expert
 * warning. Runs where tshark is installed (netnsTest: skipped with the reason elsewhere, a failure in CI).
 * Random content is sanitized first (see `sanitize`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Options } from '../../../ospf/packet/iana.js';
import { encodePacket } from '../../../ospf/packet/packet.js';
import type { OspfPacket } from '../../../ospf/packet/types.js';
import { netnsTest } from '../../helpers/netns.js';
import { tempDir } from '../../helpers/tmp.js';
import { randomPacket, rng } from './random.js';
import { ALL_AUTH } from './util.js';
import { BIRD_VECTORS } from './vectors-bird.js';
import { FRR_VECTORS } from './vectors-frr.js';

function ipv4(payload: Buffer, id: number): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h[1] = 0xc0; // precedence internetwork control, as OSPF routers send
  h.writeUInt16BE(20 + payload.length, 2);
  h.writeUInt16BE(id & 0xffff, 4);
  h[8] = 1;
  h[9] = 89;
  h.writeUInt32BE(0x0a000001, 12);
  h.writeUInt32BE(0xe0000005, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += h.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  h.writeUInt16BE(~sum & 0xffff, 10);
  return Buffer.concat([h, payload]);
}

function pcap(payloads: Buffer[]): Buffer {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262144, 16);
  global.writeUInt32LE(1, 20); // Ethernet
  const eth = Buffer.from('01005e000005020000000001' + '0800', 'hex');
  const records = payloads.map((p, i) => {
    const frame = Buffer.concat([eth, ipv4(p, i)]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(i, 0);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  return Buffer.concat([global, ...records]);
}

/**
 * What random content would make tshark rightly complain about: data in opaque LSAs, and the L bit (RFC 5613:
 * an LLS block follows the packet) in Hello and DD options.
 */
function sanitize(p: OspfPacket): OspfPacket {
  if (p.body.type === 1 || p.body.type === 2)
    return { header: p.header, body: { ...p.body, options: p.body.options & ~Options.L } };
  if (p.body.type !== 4) return p;
  const lsas = p.body.lsas.map((l) =>
    l.body.kind === 'opaque' ? { ...l, body: { kind: 'opaque' as const, data: new Uint8Array(0) } } : l,
  );
  return { header: p.header, body: { type: 4, lsas } };
}

netnsTest(
  'tshark dissects our encodings as OSPF with no malformed packet or expert warning',
  async () => {
    const payloads: Buffer[] = [];
    const types: number[] = [];
    for (const v of [...FRR_VECTORS, ...BIRD_VECTORS]) {
      payloads.push(encodePacket(v.packet, v.auth, v.cryptoSeq));
      types.push(v.packet.body.type);
    }
    const r = rng(0x75);
    for (const cfg of ALL_AUTH) {
      for (let i = 0; i < 40; i++) {
        const pkt = sanitize(randomPacket(r, cfg, i));
        payloads.push(encodePacket(pkt, cfg, i));
        types.push(pkt.body.type);
      }
    }
    const file = join(tempDir().dir, 'ospf.pcap');
    writeFileSync(file, pcap(payloads));
    const fields = spawnSync('tshark', ['-n', '-r', file, '-T', 'fields', '-e', 'ospf.msg'], { encoding: 'utf8' });
    assert.equal(fields.status, 0, fields.stderr);
    assert.deepEqual(fields.stdout.trim().split('\n').map(Number), types);
    const flagged = spawnSync(
      'tshark',
      [
        '-n',
        '-r',
        file,
        '-Y',
        '_ws.malformed || _ws.expert.severity >= "warning"',
        '-T',
        'fields',
        '-e',
        'frame.number',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(flagged.status, 0, flagged.stderr);
    assert.equal(flagged.stdout.trim(), '', 'frames tshark flags as malformed or with expert warnings');
  },
  { needs: ['tshark'], timeout: 60_000 },
);
