/**
 * RFC 7606 in a running instance: a malformed UPDATE from one peer is handled as the RFC says (treat-as-
 * withdraw, or a NOTIFICATION and reset of that session only) and never disturbs another peer's session
 * or routes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage, Framer } from '../../bgp/packet/index.js';
import type { BgpMsg, CodecCtx, NotificationMsg } from '../../bgp/packet/types.js';
import { MemoryNetwork } from '../../bgp/transport/memory.js';
import type { BgpConnection } from '../../bgp/transport/types.js';
import { formatPrefix, parseIPv4, parsePrefix } from '../../lib/prefix.js';
import { waitFor } from '../helpers/proc.js';
import { speaker } from './helpers.js';

const CTX: CodecCtx = {
  fourOctetAs: true,
  extendedMessage: false,
  addPathRx: new Set(),
  addPathTx: new Set(),
  ibgp: false,
};

/** A hand-driven BGP speaker: sends exactly the bytes a test gives it. */
class RawPeer {
  readonly received: BgpMsg[] = [];
  closed = false;
  private readonly framer = new Framer();

  constructor(readonly conn: BgpConnection) {
    conn.attach({
      data: (b) => {
        this.framer.push(b);
        for (;;) {
          const m = this.framer.next();
          if (!m.ok || m.value === undefined) break;
          const d = decodeMessage(m.value, CTX);
          if (d.ok) this.received.push(d.value);
        }
      },
      close: () => {
        this.closed = true;
      },
    });
  }

  send(m: BgpMsg | Uint8Array): void {
    this.conn.write(m instanceof Uint8Array ? m : encodeMessage(m, CTX));
  }

  has(type: BgpMsg['type']): boolean {
    return this.received.some((m) => m.type === type);
  }
}

function pfx(s: string) {
  const r = parsePrefix(s);
  assert.ok(r.ok);
  return r.value;
}

const YAML = `routerId: 10.0.1.11
policy:
  routeMaps:
    ALL: [ { action: permit } ]
bgp:
  asn: 64601
  listen: { address: 10.0.1.11, port: 179 }
  neighbors:
    - { address: 10.0.1.12, remoteAs: 64602, importPolicy: ALL, connectRetry: 1 }
    - { address: 10.0.1.99, remoteAs: 65099, importPolicy: ALL, passive: true }
`;

function update(prefix: string, origin: 0 | 1 | 2 = 0): Buffer {
  return encodeMessage(
    {
      type: 'update',
      withdrawn: [],
      attrs: { origin, asPath: [{ type: 2, asns: [65099] }], nextHop: parseIPv4('10.0.1.99')! },
      nlri: [pfx(prefix)],
      errors: [],
    },
    CTX,
  );
}

test('a malformed UPDATE from one peer is contained: treat-as-withdraw, then a reset of that session only', async () => {
  const net = new MemoryNetwork();
  const a = await speaker(net, '10.0.1.11', YAML, { eth0: ['10.0.1.11/24'] });
  const b = await speaker(
    net,
    '10.0.1.12',
    `routerId: 10.0.1.12\nbgp:\n  asn: 64602\n  listen: { address: 10.0.1.12, port: 179 }\n  neighbors: [ { address: 10.0.1.11, remoteAs: 64601, connectRetry: 1 } ]\n  advertise: { prefixes: [10.244.2.0/24] }\n`,
    { eth0: ['10.0.1.12/24'] },
  );
  const rib = () => a.rib.routes().map(([p]) => formatPrefix(p));
  await waitFor('route from the good peer', () => rib().includes('10.244.2.0/24') || undefined);

  const raw = new RawPeer(
    await net.transport('10.0.1.99').connect({ remoteAddress: '10.0.1.11', remotePort: 179, timeoutMs: 1000 }),
  );
  raw.send({
    type: 'open',
    version: 4,
    myAs: 65099,
    holdTime: 90,
    bgpId: parseIPv4('10.0.1.99')!,
    capabilities: [{ kind: 'four-octet-as', asn: 65099 }],
    otherParams: [],
  });
  await waitFor('OPEN from the instance', () => raw.has('open') || undefined);
  raw.send({ type: 'keepalive' });
  await waitFor('raw peer Established', () => a.bgp.peer('10.0.1.99')?.established || undefined);

  raw.send(update('10.99.1.0/24'));
  await waitFor('a valid route is accepted', () => rib().includes('10.99.1.0/24') || undefined);

  // ORIGIN 5 is malformed: RFC 7606 §7.1 treat-as-withdraw. The route goes; the session stays.
  const bad = update('10.99.1.0/24');
  const originAt = bad.indexOf(Buffer.from([0x40, 0x01, 0x01, 0x00]));
  assert.ok(originAt > 0);
  bad[originAt + 3] = 5;
  raw.send(bad);
  await waitFor('treat-as-withdraw removed the route', () => !rib().includes('10.99.1.0/24') || undefined);
  assert.equal(a.bgp.peer('10.0.1.99')?.established, true);
  assert.equal(raw.has('notification'), false);

  // An NLRI whose length is 33 cannot be parsed: the UPDATE is unusable, RFC 4271 §6.3 3/10 and a reset.
  raw.send(update('10.99.2.0/24'));
  await waitFor('second route', () => rib().includes('10.99.2.0/24') || undefined);
  const broken = update('10.99.3.0/24');
  broken[broken.length - 4] = 33;
  raw.send(broken);
  await waitFor('NOTIFICATION to the bad peer', () => raw.has('notification') || undefined);
  const n = raw.received.find((m) => m.type === 'notification') as NotificationMsg;
  assert.deepEqual([n.code, n.subcode], [3, 10]);
  await waitFor(
    'bad session closed and its routes gone',
    () => (raw.closed && !rib().includes('10.99.2.0/24')) || undefined,
  );

  // The other peer never noticed.
  assert.equal(a.bgp.peer('10.0.1.12')?.established, true);
  assert.equal(b.bgp.peer('10.0.1.11')?.established, true);
  assert.ok(rib().includes('10.244.2.0/24'));
  assert.equal(a.bgp.peer('10.0.1.99')?.lastSent?.code, 3);
});

test('garbage instead of a BGP header gets a header-error NOTIFICATION and only that connection closes', async () => {
  const net = new MemoryNetwork();
  const a = await speaker(net, '10.0.1.11', YAML, { eth0: ['10.0.1.11/24'] });
  const raw = new RawPeer(
    await net.transport('10.0.1.99').connect({ remoteAddress: '10.0.1.11', remotePort: 179, timeoutMs: 1000 }),
  );
  raw.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  await waitFor('header error', () => raw.has('notification') || undefined);
  const n = raw.received.find((m) => m.type === 'notification') as NotificationMsg;
  assert.deepEqual([n.code, n.subcode], [1, 1]);
  await waitFor('closed', () => raw.closed || undefined);
  assert.equal(a.bgp.peers.size, 2);
});

test('ROUTE-REFRESH resends the Adj-RIB-Out; with enhanced route refresh it is framed by BoRR and EoRR', async () => {
  const net = new MemoryNetwork();
  await speaker(
    net,
    '10.0.1.11',
    YAML.replace('  neighbors:', '  advertise: { prefixes: [10.244.1.0/24] }\n  neighbors:'),
    { eth0: ['10.0.1.11/24'] },
  );
  const raw = new RawPeer(
    await net.transport('10.0.1.99').connect({ remoteAddress: '10.0.1.11', remotePort: 179, timeoutMs: 1000 }),
  );
  raw.send({
    type: 'open',
    version: 4,
    myAs: 65099,
    holdTime: 90,
    bgpId: parseIPv4('10.0.1.99')!,
    capabilities: [
      { kind: 'four-octet-as', asn: 65099 },
      { kind: 'route-refresh' },
      { kind: 'enhanced-route-refresh' },
    ],
    otherParams: [],
  });
  await waitFor('OPEN', () => raw.has('open') || undefined);
  raw.send({ type: 'keepalive' });
  const updates = () => raw.received.filter((m) => m.type === 'update' && m.nlri.length > 0).length;
  await waitFor('initial table', () => (updates() === 1 ? true : undefined));
  const before = raw.received.length;
  raw.send({ type: 'route-refresh', afi: 1, safi: 1, subtype: 0 });
  await waitFor(
    'EoRR',
    () => raw.received.slice(before).some((m) => m.type === 'route-refresh' && m.subtype === 2) || undefined,
  );
  const seq = raw.received
    .slice(before)
    .filter((m) => m.type !== 'keepalive')
    .map((m) => (m.type === 'route-refresh' ? `rr${m.subtype}` : m.type));
  assert.deepEqual(seq, ['rr1', 'update', 'rr2']);
  assert.equal(updates(), 2);
});
