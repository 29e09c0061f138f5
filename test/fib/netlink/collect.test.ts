/** fib/netlink/collect.ts: error ACKs mapped to their requests by seq; multipart dumps to NLMSG_DONE. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AckCollector, DumpCollector, netlinkError } from '../../../fib/netlink/collect.js';
import { NLM_F_DUMP_INTR, NLM_F_MULTI, NLMSG_DONE, RTM_NEWROUTE } from '../../../fib/netlink/constants.js';
import { beginMessage, encodeErrorMsg, endMessage, forEachMessage, NlView } from '../../../fib/netlink/nlmsg.js';
import { Writer } from '../../../lib/bytes.js';
import { hex, p } from './util.js';
import * as V from './vectors.js';

function feed(c: { onMessage: AckCollector['onMessage'] }, buf: Uint8Array): void {
  const v = new NlView(buf);
  const r = forEachMessage(v, buf.length, (h, s, e) => c.onMessage(v, h, s, e));
  assert.ok(r.ok);
}

function acks(entries: { seq: number; error: number; message?: string }[]): Buffer {
  const w = new Writer();
  for (const e of entries) {
    const m: Parameters<typeof encodeErrorMsg>[3] = {
      error: e.error,
      request: { len: 60, type: RTM_NEWROUTE, flags: 0x505, seq: e.seq, pid: 0 },
    };
    if (e.message !== undefined) m.message = e.message;
    encodeErrorMsg(w, e.seq, 4321, m);
  }
  return w.finish();
}

test('a batch of five: errors map to the requests that caused them, in any order, across datagrams', () => {
  const c = new AckCollector(1000, 5);
  feed(
    c,
    acks([
      { seq: 1000, error: 0 },
      { seq: 1003, error: -17, message: 'File exists' },
      { seq: 1001, error: 0 },
    ]),
  );
  assert.equal(c.pending, 2);
  // A stale ACK (an earlier batch), a duplicate and an unrelated message are ignored.
  feed(
    c,
    acks([
      { seq: 999, error: -1 },
      { seq: 1001, error: -22 },
    ]),
  );
  feed(c, hex(V.DUMP_ROUTE4_VIA6));
  feed(
    c,
    acks([
      { seq: 1004, error: -19, message: 'Device does not exist' },
      { seq: 1002, error: -101 },
    ]),
  );
  assert.equal(c.pending, 0);
  const r = c.finish(netlinkError(71));
  assert.deepEqual(r, [
    { ok: true, value: undefined },
    { ok: true, value: undefined },
    { ok: false, error: { kind: 'netlink', errno: 101, code: 'ENETUNREACH' } },
    { ok: false, error: { kind: 'netlink', errno: 17, code: 'EEXIST', message: 'File exists' } },
    { ok: false, error: { kind: 'netlink', errno: 19, code: 'ENODEV', message: 'Device does not exist' } },
  ]);
});

test('sequence numbers wrap at 2^32; requests without an ACK get the given loss error', () => {
  const c = new AckCollector(0xfffffffe, 4);
  feed(
    c,
    acks([
      { seq: 0xffffffff, error: 0 },
      { seq: 1, error: -3 },
    ]),
  );
  const r = c.finish(netlinkError(105, 'lost'));
  assert.deepEqual(
    r.map((x) => (x.ok ? 'ok' : x.error.code)),
    ['ENOBUFS', 'ok', 'ENOBUFS', 'ESRCH'],
  );
});

test('the real kernel error ACK for a route via a missing device maps to that request', () => {
  const seq = hex(V.ROUTE4_BAD_OIF).readUInt32LE(8);
  const c = new AckCollector(seq - 1, 3);
  feed(c, Buffer.concat([acks([{ seq: seq - 1, error: 0 }]), hex(V.ERR_BAD_OIF), acks([{ seq: seq + 1, error: 0 }])]));
  const r = c.finish(netlinkError(71));
  assert.equal(r[0]?.ok, true);
  assert.deepEqual(r[1], {
    ok: false,
    error: { kind: 'netlink', errno: 101, code: 'ENETUNREACH', message: 'Nexthop has invalid gateway' },
  });
  assert.equal(r[2]?.ok, true);
});

test('a captured multipart route dump collects its parts until NLMSG_DONE', () => {
  const seq = hex(V.DUMP_ROUTE4_ECMP).readUInt32LE(8);
  const d = new DumpCollector(seq);
  feed(d, Buffer.concat([hex(V.DUMP_ROUTE4_ECMP), hex(V.DUMP_ROUTE4_VIA6)]));
  assert.equal(d.done, false);
  feed(d, acks([{ seq: seq + 1, error: -1 }])); // someone else's answer
  feed(d, Buffer.concat([hex(V.DUMP_ROUTE4_NHID), hex(V.DUMP_ROUTE4_DONE)]));
  assert.equal(d.done, true);
  assert.equal(d.interrupted, false);
  const r = d.result();
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.map((m) => (m.kind === 'route' ? m.route.dst : m.kind)),
    [p('10.21.0.0/24'), p('10.22.0.0/24'), p('10.23.0.0/24')],
  );
});

function part(seq: number, type: number, flags: number, body: Uint8Array): Buffer {
  const w = new Writer();
  const at = beginMessage(w, type, flags, seq, 1);
  w.bytes(body);
  endMessage(w, at);
  return w.finish();
}

test('NLM_F_DUMP_INTR marks the dump interrupted; a negative NLMSG_DONE status or an NLMSG_ERROR fails it', () => {
  const rt = hex(V.DUMP_ROUTE4_VIA6).subarray(16);
  const intr = new DumpCollector(5);
  feed(
    intr,
    Buffer.concat([
      part(5, RTM_NEWROUTE, NLM_F_MULTI | NLM_F_DUMP_INTR, rt),
      part(5, NLMSG_DONE, NLM_F_MULTI, new Uint8Array(4)),
    ]),
  );
  assert.equal(intr.done, true);
  assert.equal(intr.interrupted, true);

  const status = new Uint8Array(4);
  new DataView(status.buffer).setInt32(0, -16, true);
  const busy = new DumpCollector(6);
  feed(busy, part(6, NLMSG_DONE, NLM_F_MULTI, status));
  const br = busy.result();
  assert.equal(!br.ok && br.error.code, 'EBUSY');

  const refused = new DumpCollector(7);
  feed(refused, acks([{ seq: 7, error: -22, message: 'Invalid values in header for FIB dump request' }]));
  const rr = refused.result();
  assert.deepEqual(rr, {
    ok: false,
    error: { kind: 'netlink', errno: 22, code: 'EINVAL', message: 'Invalid values in header for FIB dump request' },
  });

  // A malformed part fails the dump but the collector still runs to NLMSG_DONE (draining the socket).
  const broken = new DumpCollector(8);
  feed(
    broken,
    Buffer.concat([
      part(8, RTM_NEWROUTE, NLM_F_MULTI, rt.subarray(0, 6)),
      part(8, NLMSG_DONE, NLM_F_MULTI, new Uint8Array(4)),
    ]),
  );
  assert.equal(broken.done, true);
  const b = broken.result();
  assert.equal(!b.ok && b.error.code, 'EPROTO');
});
