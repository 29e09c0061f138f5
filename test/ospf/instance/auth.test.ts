/**
 * Authentication per interface (RFC 2328 Appendix D, RFC 5709): matching MD5 keys form an adjacency, a wrong
 * key never does and every packet is counted as an authentication failure; key rollover (every configured
 * key accepted, the send key used); a replayed cryptographic sequence number is dropped (§D.5.1) without
 * disturbing the adjacency; sequence numbers start at the wall clock and increase.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeOspf, type RawOspfCfg } from '../../../daemon/config/ospf.js';
import { Lab, type Node, ospfCfg } from './harness.js';

type Auth = NonNullable<RawOspfCfg['areas'][number]['interfaces'][number]['authentication']>;

function pair(lab: Lab): [Node, Node] {
  const a = lab.node('a', '1.1.1.1', [{ name: 'eth0', cidr: '10.0.0.1/24', segment: 'lan' }]);
  const b = lab.node('b', '2.2.2.2', [{ name: 'eth0', cidr: '10.0.0.2/24', segment: 'lan' }]);
  return [a, b];
}

const md5 = (key: string, id = 1): Auth => ({ type: 'md5', keys: [{ id, key }] });

test('MD5: the right key gives a Full adjacency; packets carry increasing sequence numbers', async () => {
  const lab = new Lab();
  const [a, b] = pair(lab);
  await a.start(ospfCfg([{ name: 'eth0', authentication: md5('s3cret') }]));
  await b.start(ospfCfg([{ name: 'eth0', authentication: md5('s3cret') }]));
  lab.until('Full', () => a.neighbors()['2.2.2.2'] === 'Full');
  const seqs = lab
    .segment('lan')
    .sent('a')
    .map((p) => Buffer.from(p.data).readUInt32BE(20));
  assert.ok(seqs.length > 3);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, 'strictly increasing');
  assert.ok(seqs[0]! >= 1_700_000_000, 'starts at the wall clock, so a restart does not go backwards');
  assert.equal(a.ospf.counters.drops.size, 0);
});

test('MD5: a wrong key never forms an adjacency; failures are counted and logged once per interval', async () => {
  const lab = new Lab();
  const [a, b] = pair(lab);
  await a.start(ospfCfg([{ name: 'eth0', authentication: md5('right') }]));
  await b.start(ospfCfg([{ name: 'eth0', authentication: md5('wrong') }]));
  lab.advance(120_000);
  assert.deepEqual(a.neighbors(), {});
  assert.deepEqual(b.neighbors(), {});
  const fails = a.ospf.counters.drops.get('auth-failed') ?? 0;
  assert.ok(fails >= 10, `auth failures counted (${fails})`);
  const logged = a.warnings().filter((l) => l.msg === 'OSPF packet dropped');
  assert.ok(logged.length >= 1 && logged.length <= 3, `logged ${logged.length} times for ${fails} drops`);
  assert.equal(JSON.stringify(a.logs).includes('right'), false, 'the key is never logged');
  // Null authentication against MD5: AuType mismatch.
  const c = lab.node('c', '3.3.3.3', [{ name: 'eth0', cidr: '10.0.0.3/24', segment: 'lan' }]);
  await c.start(ospfCfg([{ name: 'eth0' }]));
  lab.advance(30_000);
  assert.ok((a.ospf.counters.drops.get('auth-type-mismatch') ?? 0) > 0);
  assert.deepEqual(c.neighbors(), {});
});

test('key rollover: every configured key is accepted, the send key is used', async () => {
  const lab = new Lab();
  const [a, b] = pair(lab);
  const keys = [
    { id: 1, key: 'old' },
    { id: 2, key: 'new' },
  ];
  await a.start(ospfCfg([{ name: 'eth0', authentication: { type: 'hmac-sha-256', keys, sendKeyId: 1 } }]));
  await b.start(ospfCfg([{ name: 'eth0', authentication: { type: 'hmac-sha-256', keys, sendKeyId: 2 } }]));
  lab.until('Full', () => a.neighbors()['2.2.2.2'] === 'Full' && b.neighbors()['1.1.1.1'] === 'Full');
  const keyIds = (h: string) =>
    new Set(
      lab
        .segment('lan')
        .sent(h)
        .map((p) => p.data[18]),
    );
  assert.deepEqual([...keyIds('a')], [1]);
  assert.deepEqual([...keyIds('b')], [2]);
  // b drops the old key: a's packets stop verifying.
  const only = { type: 'hmac-sha-256' as const, keys: [keys[1]!], sendKeyId: 2 };
  b.ospf.reconfigure(normalizeOspf(ospfCfg([{ name: 'eth0', authentication: only }])), b.ospf.policy);
  lab.advance(50_000);
  assert.equal(b.neighbors()['1.1.1.1'], undefined, 'no adjacency once the key is gone');
  assert.ok((b.ospf.counters.drops.get('auth-failed') ?? 0) > 0);
});

test('a replayed cryptographic sequence number is dropped; the adjacency stays Full', async () => {
  const lab = new Lab();
  const [a, b] = pair(lab);
  await a.start(ospfCfg([{ name: 'eth0', authentication: md5('k') }]));
  await b.start(ospfCfg([{ name: 'eth0', authentication: md5('k') }]));
  lab.until('Full', () => a.neighbors()['2.2.2.2'] === 'Full');
  lab.advance(20_000);
  const old = lab.segment('lan').sent('b')[0]!; // b's first Hello, long ago
  const changes = a.iface('eth0').nbrs.get(0x0a000002)!.stateChanges;
  for (let i = 0; i < 5; i++) lab.segment('lan').inject(old.src, old.dst, old.data);
  lab.advance(1000);
  assert.equal(a.ospf.counters.drops.get('auth-replay'), 5);
  assert.equal(a.neighbors()['2.2.2.2'], 'Full');
  assert.equal(a.iface('eth0').nbrs.get(0x0a000002)!.stateChanges, changes);
  lab.advance(60_000);
  assert.equal(a.neighbors()['2.2.2.2'], 'Full', 'the real neighbor is still heard');
});
