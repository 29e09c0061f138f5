/** fib/netlink/nexthop.ts: nhmsg vectors both ways (nexthop, group), kernel dumps, errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  NLM_F_ACK,
  NLM_F_REQUEST,
  RT_SCOPE_LINK,
} from '../../../fib/netlink/constants.js';
import { decodeMessages, encodeMessage, type RtnlMessage } from '../../../fib/netlink/message.js';
import type { NexthopMsg } from '../../../fib/netlink/nexthop.js';
import { nexthopAdd, nexthopDel, nexthopDump } from '../../../fib/netlink/requests.js';
import { a, bothWays, decodeOne, neverThrows, truncationsFail } from './util.js';
import * as V from './vectors.js';

const REQ = NLM_F_REQUEST | NLM_F_ACK;

function nh(m: RtnlMessage): NexthopMsg {
  assert.equal(m.kind, 'nexthop');
  return (m as Extract<RtnlMessage, { kind: 'nexthop' }>).nexthop;
}

test('our nexthop requests, as the kernel accepted them, both ways', () => {
  bothWays(
    V.NEXTHOP_ADD,
    nexthopAdd({ family: AF_INET, scope: 0, protocol: 99, flags: 0, id: 7, gateway: a('10.1.0.2'), oif: 2 }),
    REQ,
  );
  bothWays(
    V.NEXTHOP_GROUP_ADD,
    nexthopAdd({
      family: AF_UNSPEC,
      scope: 0,
      protocol: 99,
      flags: 0,
      id: 9,
      group: [
        { id: 7, weight: 1 },
        { id: 8, weight: 3 },
      ],
    }),
    REQ,
  );
});

test('kernel nexthop dump parts decode', () => {
  assert.deepEqual(nh(decodeOne(V.DUMP_NEXTHOP)), {
    family: AF_INET,
    scope: RT_SCOPE_LINK,
    protocol: 99,
    flags: 0,
    id: 7,
    oif: 2,
    gateway: a('10.1.0.2'),
  });
  assert.deepEqual(nh(decodeOne(V.DUMP_NEXTHOP_GROUP)), {
    family: AF_UNSPEC,
    scope: 0,
    protocol: 99,
    flags: 0,
    id: 9,
    groupType: 0,
    group: [
      { id: 7, weight: 1 },
      { id: 8, weight: 3 },
    ],
  });
});

test('blackhole, FDB, wide weights and dump filters round-trip', () => {
  const reqs = [
    nexthopAdd({ family: AF_INET, scope: 0, protocol: 99, flags: 0, id: 1, blackhole: true }),
    nexthopAdd({ family: AF_INET6, scope: 0, protocol: 99, flags: 0, id: 2, gateway: a('2001:db8::2'), fdb: true }),
    nexthopAdd({
      family: AF_UNSPEC,
      scope: 0,
      protocol: 99,
      flags: 0,
      id: 3,
      group: [{ id: 1, weight: 300 }],
      groupType: 1,
    }),
    nexthopDel(3),
    nexthopDump({ protocol: 99 }),
    {
      kind: 'nexthop' as const,
      type: 106,
      flags: 0x300,
      nexthop: { family: 0, scope: 0, protocol: 0, flags: 0, groupsOnly: true, master: 4 },
    },
  ];
  for (const [i, r] of reqs.entries()) {
    const h = encodeMessage(r, i).toString('hex');
    assert.deepEqual(decodeOne(h), { ...r, seq: i, pid: 0 });
  }
});

test('NHA_GROUP of a length that is not n*8 is an error; truncations and mutations never throw', () => {
  const b = Buffer.from(V.NEXTHOP_GROUP_ADD, 'hex');
  b.writeUInt16LE(16, 32); // NHA_GROUP header claims 12 octets of entries
  const d = decodeMessages(b);
  assert.equal(d.ok, false);
  for (const h of [V.NEXTHOP_GROUP_ADD, V.DUMP_NEXTHOP]) {
    truncationsFail(h);
    neverThrows(h, 200);
  }
});
