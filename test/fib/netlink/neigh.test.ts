/** fib/netlink/neigh.ts: ndmsg vectors both ways (ARP entry, VXLAN FDB entry), kernel dumps, errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AF_BRIDGE,
  AF_INET,
  AF_INET6,
  NLM_F_ACK,
  NLM_F_REQUEST,
  NTF_EXT_LEARNED,
  NTF_SELF,
  NUD_PERMANENT,
  NUD_REACHABLE,
} from '../../../fib/netlink/constants.js';
import { decodeMessages, encodeMessage, type RtnlMessage } from '../../../fib/netlink/message.js';
import type { NeighMsg } from '../../../fib/netlink/neigh.js';
import { neighAdd, neighDel, neighDump } from '../../../fib/netlink/requests.js';
import { a, bothWays, decodeOne, mac, neverThrows, truncationsFail } from './util.js';
import * as V from './vectors.js';

const REQ = NLM_F_REQUEST | NLM_F_ACK;

function neigh(m: RtnlMessage): NeighMsg {
  assert.equal(m.kind, 'neigh');
  return (m as Extract<RtnlMessage, { kind: 'neigh' }>).neigh;
}

test('our neighbour and FDB requests, as the kernel accepted them, both ways', () => {
  bothWays(
    V.NEIGH4_ADD,
    neighAdd({
      family: AF_INET,
      ifindex: 2,
      state: NUD_PERMANENT,
      flags: 0,
      type: 0,
      dst: a('10.1.0.2'),
      lladdr: mac('02:00:00:00:00:02'),
    }),
    REQ,
  );
  bothWays(
    V.FDB_ADD,
    neighAdd(
      {
        family: AF_BRIDGE,
        ifindex: 3,
        state: NUD_PERMANENT,
        flags: NTF_SELF,
        type: 0,
        dst: a('10.1.0.9'),
        lladdr: mac('02:00:00:00:00:09'),
      },
      false,
    ),
    REQ,
  );
});

test('kernel neighbour and FDB dump parts decode (NDA_CACHEINFO, NDA_PROBES skipped)', () => {
  assert.deepEqual(neigh(decodeOne(V.DUMP_NEIGH4)), {
    family: AF_INET,
    ifindex: 2,
    state: NUD_PERMANENT,
    flags: 0,
    type: 1,
    dst: a('10.1.0.2'),
    lladdr: mac('02:00:00:00:00:02'),
  });
  assert.deepEqual(neigh(decodeOne(V.DUMP_FDB)), {
    family: AF_BRIDGE,
    ifindex: 3,
    state: NUD_PERMANENT,
    flags: NTF_SELF,
    type: 1,
    lladdr: mac('02:00:00:00:00:09'),
    dst: a('10.1.0.9'),
  });
});

test('VXLAN FDB attributes (VNI, port, remote ifindex, master, vlan) and dumps round-trip', () => {
  const reqs = [
    neighAdd({
      family: AF_BRIDGE,
      ifindex: 4,
      state: NUD_REACHABLE,
      flags: NTF_SELF | NTF_EXT_LEARNED,
      type: 0,
      lladdr: mac('02:00:00:00:00:0a'),
      dst: a('2001:db8::9'),
      vni: 4242,
      port: 4789,
      remoteIfindex: 2,
      master: 1,
      vlan: 10,
      srcVni: 7,
      protocol: 99,
      nhId: 3,
    }),
    neighDel({ family: AF_INET6, ifindex: 2, state: 0, flags: 0, type: 0, dst: a('fe80::1') }),
    neighDump(AF_BRIDGE, { ifindex: 3 }),
    neighDump(AF_INET, { master: 5 }),
  ];
  for (const [i, r] of reqs.entries()) {
    const h = encodeMessage(r, i).toString('hex');
    assert.deepEqual(decodeOne(h), { ...r, seq: i, pid: 0 });
  }
  // NDA_PORT is big-endian on the wire: 4789 = 0x12b5.
  assert.ok(encodeMessage(reqs[0] as (typeof reqs)[0], 0).includes(Buffer.from('0600060012b50000', 'hex')));
});

test('bad NDA_DST length is an error; truncations and mutations never throw', () => {
  const b = Buffer.from(V.NEIGH4_ADD, 'hex');
  b.writeUInt16LE(9, 28); // NDA_DST of 5 octets
  const d = decodeMessages(b);
  assert.equal(d.ok, false);
  for (const h of [V.FDB_ADD, V.DUMP_NEIGH4]) {
    truncationsFail(h);
    neverThrows(h, 200);
  }
});
