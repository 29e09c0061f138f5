/**
 * fib/netlink/socket.ts against the running kernel, read-only (GET and dump requests need no privilege and
 * change nothing): batching, ACK mapping, dumps, strict-check errors. Kernel writes are in test/netns/.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AF_INET, NLM_F_DUMP, RTM_GETLINK } from '../../../fib/netlink/constants.js';
import type { RtnlMessage } from '../../../fib/netlink/message.js';
import { linkDump, linkGet, routeDump, routeMsg } from '../../../fib/netlink/requests.js';
import { NetlinkSocket } from '../../../fib/netlink/socket.js';
import { nativeSkip } from '../../native/skip.js';
import { p } from './util.js';

const skip = nativeSkip();

function open(o: Parameters<typeof NetlinkSocket.open>[0] = {}): NetlinkSocket {
  const s = NetlinkSocket.open(o);
  assert.ok(s.ok, s.ok ? '' : s.error.code);
  return s.value;
}

function ifname(m: RtnlMessage | undefined): string | undefined {
  return m?.kind === 'link' ? m.link.ifname : undefined;
}

test('open: a kernel port id, extended ACKs and strict checking are on', { skip }, () => {
  const nl = open();
  assert.ok(nl.portId > 0);
  assert.equal(nl.extAck, true);
  assert.equal(nl.strictCheck, true);
  nl.close();
  assert.throws(() => nl.dump(linkDump()));
});

test('dump and get links: lo is there; a missing name is ENODEV', { skip }, async () => {
  const nl = open();
  const links = await nl.dump(linkDump());
  assert.ok(links.ok);
  const lo = links.value.find((m) => ifname(m) === 'lo');
  assert.ok(lo && lo.kind === 'link' && lo.link.index > 0);
  const got = await nl.get(linkGet('lo'));
  assert.equal(got.ok && ifname(got.value), 'lo');
  const missing = await nl.get(linkGet('no-such-if0'));
  assert.equal(!missing.ok && missing.error.code, 'ENODEV');
  nl.close();
});

test('a batch of requests: every ACK and error goes back to its own request', { skip }, async () => {
  const nl = open();
  const r = await nl.request([linkGet('lo'), linkGet('no-such-if0'), linkGet('lo'), linkGet(0x7ffffff0)]);
  assert.deepEqual(
    r.map((x) => (x.ok ? 'ok' : x.error.code)),
    ['ok', 'ENODEV', 'ok', 'ENODEV'],
  );
  assert.equal(nl.stats.sends, 1, 'one send() for the batch');
  nl.close();
});

test('small batches: 900 requests go out in several send() calls and still map one to one', { skip }, async () => {
  const nl = open({ batchBytes: 4096 });
  const reqs = Array.from({ length: 900 }, (_, i) => (i % 3 === 1 ? linkGet(`nope${i}`) : linkGet('lo')));
  const r = await nl.request(reqs);
  assert.equal(r.length, 900);
  r.forEach((x, i) => {
    assert.equal(x.ok, i % 3 !== 1, `request ${i}`);
  });
  assert.ok(nl.stats.sends >= 8, `sends ${nl.stats.sends}`);
  assert.equal(nl.stats.messages, 900);
  nl.close();
});

test('operations run in call order; a dump the kernel refuses (strict check) is an error with its text', {
  skip,
}, async () => {
  const nl = open();
  const bad = routeDump(AF_INET);
  // A FIB dump request must not carry a destination length (ip_valid_fib_dump_req).
  const withLen = { ...bad, route: { ...routeMsg(p('10.0.0.0/8')), table: 0, protocol: 0, scope: 0, type: 0 } };
  const [a, b, c] = await Promise.all([nl.dump(linkDump()), nl.dump(withLen), nl.dump(routeDump(AF_INET))]);
  assert.equal(a.ok, true);
  assert.equal(b.ok, false);
  if (!b.ok) {
    assert.equal(b.error.code, 'EINVAL');
    assert.equal(b.error.message, 'Invalid values in header for FIB dump request');
  }
  assert.equal(c.ok, true);
  const raw = await nl.dump({ kind: 'raw', type: RTM_GETLINK, flags: NLM_F_DUMP, body: new Uint8Array(16) });
  assert.ok(raw.ok && raw.value.some((m) => ifname(m) === 'lo'));
  nl.close();
});
