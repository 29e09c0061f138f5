/** native/tcp.ts on loopback: TCP MD5 (RFC 2385) accept/reject and run-time changes, GTSM (RFC 5082). */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type net from 'node:net';
import { test } from 'node:test';
import { C, close, getsockoptInt, setsockoptInt, socket } from '../../native/index.js';
import { connectTcp, listenTcp, setMd5 } from '../../native/tcp.js';
import { nativeSkip } from './skip.js';

const skip = nativeSkip();
/** Long enough for a loopback handshake, short enough to keep the suite fast: a dropped SYN ends in ETIMEDOUT. */
const SHORT = 400;

async function listening(server: net.Server): Promise<number> {
  await once(server, 'listening');
  const a = server.address();
  assert.ok(a && typeof a === 'object');
  return a.port;
}

async function connects(o: Parameters<typeof connectTcp>[0], server: net.Server): Promise<void> {
  const accepted = once(server, 'connection');
  const s = await connectTcp(o);
  const [peer] = (await accepted) as [net.Socket];
  s.write('ping');
  const [data] = (await once(peer, 'data')) as [Buffer];
  assert.equal(data.toString(), 'ping');
  s.destroy();
  peer.destroy();
}

async function refused(o: Parameters<typeof connectTcp>[0], code: string): Promise<void> {
  await assert.rejects(connectTcp(o), (e: NodeJS.ErrnoException) => e.code === code);
}

test('MD5: same key connects; wrong key and no key are dropped; keys change at run time', { skip }, async () => {
  const server = listenTcp({ host: '127.0.0.1', port: 0, md5Peers: [{ address: '127.0.0.1', password: 's3cret' }] });
  try {
    const port = await listening(server);
    const base = { host: '127.0.0.1', port, timeoutMs: SHORT };
    await connects({ ...base, md5Password: 's3cret', timeoutMs: 5000 }, server);
    await refused({ ...base, md5Password: 'wrong' }, 'ETIMEDOUT');
    await refused(base, 'ETIMEDOUT');

    // Dynamic neighbor: drop the key for 127.0.0.1, then unsigned connects are accepted.
    assert.equal(setMd5(server, '127.0.0.1', null).ok, true);
    assert.equal(setMd5(server, '127.0.0.1', null).ok, true, 'removing an absent key is not an error');
    await connects({ ...base, timeoutMs: 5000 }, server);
    // A key for the whole of 127.0.0.0/8, then a signed connect again.
    assert.equal(setMd5(server, '127.0.0.0', 'range-key', 8).ok, true);
    await refused(base, 'ETIMEDOUT');
    await connects({ ...base, md5Password: 'range-key', timeoutMs: 5000 }, server);
  } finally {
    server.close();
  }
});

test('MD5 over IPv6 loopback', { skip }, async () => {
  const server = listenTcp({ host: '::1', port: 0, md5Peers: [{ address: '::1', password: 'v6key' }] });
  try {
    const port = await listening(server);
    await connects({ host: '::1', port, md5Password: 'v6key', timeoutMs: 5000 }, server);
    await refused({ host: '::1', port, md5Password: 'nope', timeoutMs: SHORT }, 'ETIMEDOUT');
  } finally {
    server.close();
  }
});

test('GTSM: IP_MINTTL set/get; a listener with minTtl 255 accepts TTL 255 and drops TTL 254', { skip }, async () => {
  const c = C();
  const fd = socket(c.AF_INET, c.SOCK_STREAM, c.IPPROTO_TCP);
  assert.ok(fd.ok);
  assert.equal(setsockoptInt(fd.value, c.IPPROTO_IP, c.IP_MINTTL, 254).ok, true);
  const got = getsockoptInt(fd.value, c.IPPROTO_IP, c.IP_MINTTL);
  assert.deepEqual(got, { ok: true, value: 254 });
  close(fd.value);

  const server = listenTcp({ host: '127.0.0.1', port: 0, minTtl: 255, ttl: 255 });
  try {
    const port = await listening(server);
    await connects({ host: '127.0.0.1', port, ttl: 255, minTtl: 255, timeoutMs: 5000 }, server);
    await refused({ host: '127.0.0.1', port, ttl: 254, timeoutMs: SHORT }, 'ETIMEDOUT');
  } finally {
    server.close();
  }
});

test('connect errors are typed: refused port, bad address; bind conflicts are emitted as error', { skip }, async () => {
  const probe = listenTcp({ host: '127.0.0.1', port: 0 });
  const port = await listening(probe);
  await new Promise((r) => probe.close(r));
  await refused({ host: '127.0.0.1', port, timeoutMs: 5000 }, 'ECONNREFUSED');
  await refused({ host: 'example.invalid', port, timeoutMs: 5000 }, 'EINVAL');

  const a = listenTcp({ host: '127.0.0.1', port: 0 });
  const busy = await listening(a);
  const b = listenTcp({ host: '127.0.0.1', port: busy });
  const [e] = (await once(b, 'error')) as [NodeJS.ErrnoException];
  assert.equal(e.code, 'EADDRINUSE');
  a.close();
});
