/** fib/netlink/ifaddr.ts: ifaddrmsg vectors both ways, kernel address dumps, errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AF_INET,
  AF_INET6,
  IFA_F_NODAD,
  IFA_F_NOPREFIXROUTE,
  IFA_F_PERMANENT,
  NLM_F_ACK,
  NLM_F_REQUEST,
} from '../../../fib/netlink/constants.js';
import type { AddrMsg } from '../../../fib/netlink/ifaddr.js';
import { decodeMessages, encodeMessage, type RtnlMessage } from '../../../fib/netlink/message.js';
import { addrAdd, addrDel, addrDump } from '../../../fib/netlink/requests.js';
import { a, bothWays, decodeOne, neverThrows, truncationsFail } from './util.js';
import * as V from './vectors.js';

const REQ = NLM_F_REQUEST | NLM_F_ACK;

function addr(m: RtnlMessage): AddrMsg {
  assert.equal(m.kind, 'addr');
  return (m as Extract<RtnlMessage, { kind: 'addr' }>).addr;
}

test('our address requests, as the kernel accepted them, both ways', () => {
  const v4 = a('10.1.0.1');
  bothWays(
    V.ADDR4_ADD,
    addrAdd({ family: AF_INET, prefixLen: 24, flags: 0, scope: 0, index: 2, local: v4, address: v4 }),
    REQ,
  );
  const v6 = a('2001:db8::1');
  bothWays(
    V.ADDR6_ADD,
    addrAdd({ family: AF_INET6, prefixLen: 64, flags: IFA_F_NODAD, scope: 0, index: 2, local: v6, address: v6 }),
    REQ,
  );
});

test('kernel address dump parts decode (IFA_FLAGS wins over ifa_flags; IFA_CACHEINFO skipped)', () => {
  assert.deepEqual(addr(decodeOne(V.DUMP_ADDR4)), {
    family: AF_INET,
    prefixLen: 24,
    flags: IFA_F_PERMANENT,
    scope: 0,
    index: 2,
    address: a('10.1.0.1'),
    local: a('10.1.0.1'),
    label: 'd0',
  });
  assert.deepEqual(addr(decodeOne(V.DUMP_ADDR6)), {
    family: AF_INET6,
    prefixLen: 64,
    flags: IFA_F_PERMANENT | IFA_F_NODAD,
    scope: 0,
    index: 2,
    address: a('2001:db8::1'),
  });
});

test('flags above 0xff travel in IFA_FLAGS; dump and delete requests round-trip', () => {
  const reqs = [
    addrAdd({
      family: AF_INET6,
      prefixLen: 128,
      flags: IFA_F_NOPREFIXROUTE | IFA_F_NODAD,
      scope: 0,
      index: 5,
      local: a('2001:db8::5'),
      priority: 100,
      proto: 4,
    }),
    addrAdd({
      family: AF_INET,
      prefixLen: 24,
      flags: 0,
      scope: 0,
      index: 3,
      local: a('10.0.0.1'),
      broadcast: a('10.0.0.255'),
      label: 'eth0:1',
    }),
    addrDel({ family: AF_INET, prefixLen: 24, flags: 0, scope: 0, index: 3, local: a('10.0.0.1') }),
    addrDump(),
  ];
  for (const [i, r] of reqs.entries()) {
    const h = encodeMessage(r, i).toString('hex');
    assert.deepEqual(decodeOne(h), { ...r, seq: i, pid: 0 });
  }
  // The u8 field carries only the low bits; the full value is in IFA_FLAGS.
  const b = encodeMessage(reqs[0] as (typeof reqs)[0], 0);
  assert.equal(b[18], IFA_F_NODAD);
});

test('an IPv4 address attribute of the wrong length is an error; truncations and mutations never throw', () => {
  const b = Buffer.from(V.ADDR4_ADD, 'hex');
  b.writeUInt16LE(7, 24); // IFA_LOCAL of 3 octets
  const d = decodeMessages(b);
  assert.equal(d.ok, false);
  if (!d.ok) assert.match(d.error.what, /IFA/);
  for (const h of [V.ADDR6_ADD, V.DUMP_ADDR4]) {
    truncationsFail(h);
    neverThrows(h, 200);
  }
});
