/** fib/netlink/nlmsg.ts: NLMSG_ERROR with extended ACK, NLMSG_DONE, framing and attribute encoding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  RTM_NEWROUTE,
} from '../../../fib/netlink/constants.js';
import { decodeMessages, type RtnlMessage } from '../../../fib/netlink/message.js';
import {
  attrString,
  beginMessage,
  beginNest,
  encodeErrorMsg,
  endMessage,
  endNest,
  forEachAttr,
  NlView,
} from '../../../fib/netlink/nlmsg.js';
import { Writer } from '../../../lib/bytes.js';
import { decodeOne, hex, neverThrows, truncationsFail } from './util.js';
import * as V from './vectors.js';

function errorOf(m: RtnlMessage) {
  assert.equal(m.kind, 'error');
  return (m as Extract<RtnlMessage, { kind: 'error' }>).error;
}

test('kernel error ACKs decode with errno, the echoed request header and the extended ACK', () => {
  const bad = decodeOne(V.ERR_BAD_ATTR);
  assert.equal(bad.type, NLMSG_ERROR);
  assert.equal(bad.flags, NLM_F_CAPPED | NLM_F_ACK_TLVS);
  const req = hex(V.ROUTE4_BAD_ATTR);
  assert.deepEqual(errorOf(bad), {
    error: -34,
    request: {
      len: req.length,
      type: RTM_NEWROUTE,
      flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
      seq: 105,
      pid: 0,
    },
    message: 'Attribute failed policy validation',
    offset: 36,
  });
  // The offset points at the 2-octet RTA_OIF in the request (type 4).
  assert.equal(req.readUInt16LE(36 + 2), 4);
  assert.equal(req.readUInt16LE(36), 6);

  const oif = errorOf(decodeOne(V.ERR_BAD_OIF));
  assert.equal(oif.error, -101);
  assert.equal(oif.message, 'Nexthop has invalid gateway');
  assert.equal(oif.request.seq, hex(V.ROUTE4_BAD_OIF).readUInt32LE(8));

  const missing = errorOf(decodeOne(V.ERR_DEL_MISSING));
  assert.equal(missing.error, -3);
  assert.equal(missing.message, undefined);

  const ack = errorOf(decodeOne(V.ACK_ROUTE4_ADD));
  assert.equal(ack.error, 0);
  assert.equal(ack.request.seq, hex(V.ROUTE4_ADD).readUInt32LE(8));
});

test('NLMSG_DONE carries the dump status, and the extended ACK when the kernel refused the dump', () => {
  const done = decodeOne(V.DUMP_ROUTE4_DONE);
  assert.equal(done.type, NLMSG_DONE);
  assert.deepEqual(done.kind === 'done' && done.done, { status: 0 });
  const refused = decodeOne(V.DONE_DUMP_EINVAL);
  assert.equal(refused.flags, NLM_F_MULTI | NLM_F_ACK_TLVS);
  assert.deepEqual(refused.kind === 'done' && refused.done, {
    status: -22,
    message: 'Invalid values in header for FIB dump request',
  });
  truncationsFail(V.DONE_DUMP_EINVAL);
  neverThrows(V.DONE_DUMP_EINVAL);
});

test('encodeErrorMsg (a fake kernel for tests) round-trips with TLVs', () => {
  const w = new Writer();
  const e = {
    error: -17,
    request: { len: 60, type: RTM_NEWROUTE, flags: 0x505, seq: 9, pid: 0 },
    message: 'File exists',
    offset: 28,
  };
  encodeErrorMsg(w, 9, 1234, e);
  const m = decodeOne(w.finish().toString('hex'));
  assert.equal(m.seq, 9);
  assert.equal(m.pid, 1234);
  assert.deepEqual(errorOf(m), e);
});

test('framing: several messages in one buffer; bad lengths and trailing octets are errors', () => {
  const all = Buffer.concat([
    hex(V.DUMP_ROUTE4_ECMP),
    hex(V.DUMP_ROUTE4_VIA6),
    hex(V.DUMP_ROUTE4_NHID),
    hex(V.DUMP_ROUTE4_DONE),
  ]);
  const d = decodeMessages(all);
  assert.ok(d.ok);
  assert.deepEqual(
    d.value.map((m) => m.kind),
    ['route', 'route', 'route', 'done'],
  );
  const tooShort = Buffer.from(all);
  tooShort.writeUInt32LE(8, 0); // nlmsg_len below the header size
  assert.equal(decodeMessages(tooShort).ok, false);
  assert.equal(decodeMessages(Buffer.concat([all, Buffer.alloc(4)])).ok, false);
  assert.deepEqual(decodeMessages(Buffer.alloc(0)), { ok: true, value: [] });
  for (const h of [V.ERR_BAD_ATTR, V.ERR_BAD_OIF, V.ACK_ROUTE4_ADD]) {
    truncationsFail(h);
    neverThrows(h, 200);
  }
});

test('an error whose echoed request overruns the message is a decode error', () => {
  const b = hex(V.ERR_BAD_OIF);
  // Clear NLM_F_CAPPED: the decoder must then skip the whole echoed request (52 octets), which is not there.
  b.writeUInt16LE(NLM_F_ACK_TLVS, 6);
  const d = decodeMessages(b);
  assert.equal(d.ok, false);
});

test('attributes: strings are NUL-terminated and padded, nests patch their length, the NLA_F_* bits are masked', () => {
  const w = new Writer();
  const at = beginMessage(w, 16, 1, 7, 0);
  const nest = beginNest(w, 18 | 0x8000);
  attrString(w, 1, 'vxlan');
  endNest(w, nest);
  endMessage(w, at);
  const b = w.finish();
  // nlmsghdr (len 32) | nest IFLA_LINKINFO|NLA_F_NESTED (len 16) | IFLA_INFO_KIND "vxlan\0" (len 10) + 2 pad
  assert.equal(b.toString('hex'), `${'20000000100001000700000000000000'}${'10001280'}${'0a00010076786c616e000000'}`);
  const v = new NlView(b);
  const seen: [number, number][] = [];
  const e = forEachAttr(v, 16, b.length, 'test', (type, _at, len) => {
    seen.push([type, len]);
    return undefined;
  });
  assert.equal(e, undefined);
  assert.deepEqual(seen, [[18, 12]]);
});
