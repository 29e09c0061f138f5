/** native/index.ts sendmsg/recvmsg: IP_PKTINFO / IPV6_PKTINFO and received TTL / hop limit, on loopback. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindInet, C, close, getsockname, recvmsg, sendmsg, setsockoptInt, socket } from '../../native/index.js';
import { nativeSkip } from './skip.js';

const skip = nativeSkip();

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

test('IPv4: recvmsg reports the arrival ifindex, destination, sender and TTL; sendmsg picks the source', {
  skip,
}, () => {
  const c = C();
  const rx = must(socket(c.AF_INET, c.SOCK_DGRAM, 0));
  const tx = must(socket(c.AF_INET, c.SOCK_DGRAM, 0));
  must(bindInet(rx, '0.0.0.0', 0));
  must(setsockoptInt(rx, c.IPPROTO_IP, c.IP_PKTINFO, 1));
  must(setsockoptInt(rx, c.IPPROTO_IP, c.IP_RECVTTL, 1));
  const port = must(getsockname(rx)).port;
  // Source 127.0.0.2 and interface lo (1) through IP_PKTINFO; TTL 7 per packet.
  must(sendmsg(tx, Uint8Array.of(0xab, 0xcd), { address: '127.0.0.3', port, ifindex: 1, source: '127.0.0.2', ttl: 7 }));
  const buf = new Uint8Array(64);
  const m = must(recvmsg(rx, buf));
  assert.equal(m.bytes, 2);
  assert.deepEqual([...buf.subarray(0, 2)], [0xab, 0xcd]);
  assert.equal(m.ifindex, 1);
  assert.deepEqual(m.dst && [...m.dst], [127, 0, 0, 3]);
  assert.deepEqual(m.from && [...m.from.address], [127, 0, 0, 2]);
  assert.equal(m.from?.port, must(getsockname(tx)).port);
  assert.equal(m.ttl, 7);
  must(close(rx));
  must(close(tx));
});

test('IPv6: recvmsg reports IPV6_PKTINFO and the hop limit', { skip }, () => {
  const c = C();
  const rx = must(socket(c.AF_INET6, c.SOCK_DGRAM, 0));
  const tx = must(socket(c.AF_INET6, c.SOCK_DGRAM, 0));
  must(bindInet(rx, '::1', 0));
  must(setsockoptInt(rx, c.IPPROTO_IPV6, c.IPV6_RECVPKTINFO, 1));
  must(setsockoptInt(rx, c.IPPROTO_IPV6, c.IPV6_RECVHOPLIMIT, 1));
  const port = must(getsockname(rx)).port;
  must(sendmsg(tx, Uint8Array.of(9), { address: '::1', port, ttl: 33, ifindex: 1 }));
  const m = must(recvmsg(rx, new Uint8Array(16)));
  assert.equal(m.bytes, 1);
  assert.equal(m.ifindex, 1);
  assert.equal(m.ttl, 33);
  assert.equal(m.dst?.length, 16);
  assert.equal(m.dst?.[15], 1);
  assert.equal(m.from?.address[15], 1);
  must(close(rx));
  must(close(tx));
});

test('recvmsg on an empty socket is EAGAIN, as a value', { skip }, () => {
  const fd = must(socket(C().AF_INET, C().SOCK_DGRAM, 0));
  const r = recvmsg(fd, new Uint8Array(8));
  assert.equal(!r.ok && r.error.code, 'EAGAIN');
  must(close(fd));
});
