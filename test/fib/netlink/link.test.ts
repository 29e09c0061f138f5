/** fib/netlink/link.ts: ifinfomsg vectors both ways, kernel link dumps (bridge, vxlan port), errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AF_UNSPEC,
  ARPHRD_ETHER,
  IF_OPER_DOWN,
  IFF_UP,
  NLM_F_ACK,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  RTM_NEWLINK,
} from '../../../fib/netlink/constants.js';
import type { LinkMsg } from '../../../fib/netlink/link.js';
import { encodeMessage, type RtnlMessage } from '../../../fib/netlink/message.js';
import { linkAdd, linkDel, linkDump, linkGet, linkSet } from '../../../fib/netlink/requests.js';
import { a, bothWays, decodeOne, mac, neverThrows, truncationsFail } from './util.js';
import * as V from './vectors.js';

const REQ = NLM_F_REQUEST | NLM_F_ACK;

function link(m: RtnlMessage): LinkMsg {
  assert.equal(m.kind, 'link');
  return (m as Extract<RtnlMessage, { kind: 'link' }>).link;
}

test('our link requests, as the kernel accepted them, both ways', () => {
  bothWays(V.LINK_BRIDGE_ADD, linkAdd({ ifname: 'd0', linkinfo: { kind: 'bridge' } }), REQ);
  bothWays(V.LINK_UP, linkSet({ index: 2, flags: IFF_UP, change: IFF_UP }), REQ);
  bothWays(
    V.LINK_VXLAN_ADD,
    linkAdd({
      ifname: 'vx0',
      mtu: 1450,
      linkinfo: { kind: 'vxlan', vxlan: { vni: 42, local: a('10.1.0.1'), ttl: 64, learning: false, port: 4789 } },
    }),
    REQ,
  );
  bothWays(V.LINK_MASTER, linkSet({ index: 3, master: 2 }), REQ);
});

test('kernel link dump parts decode: bridge data, vxlan data with its bridge master; 40+ other attributes skipped', () => {
  const br = decodeOne(V.DUMP_LINK_BRIDGE);
  assert.equal(br.type, RTM_NEWLINK);
  assert.equal(br.flags, NLM_F_MULTI);
  const mac0 = mac('e2:db:12:ac:e3:54');
  assert.deepEqual(link(br), {
    family: AF_UNSPEC,
    type: ARPHRD_ETHER,
    index: 2,
    flags: 0x1003,
    change: 0,
    ifname: 'd0',
    operstate: IF_OPER_DOWN,
    mtu: 1450,
    address: mac0,
    linkinfo: { kind: 'bridge', bridge: { ageingTime: 30000, stpState: 0, vlanFiltering: false } },
  });
  assert.deepEqual(link(decodeOne(V.DUMP_LINK_VXLAN)), {
    family: AF_UNSPEC,
    type: ARPHRD_ETHER,
    index: 3,
    flags: 0x1002,
    change: 0,
    ifname: 'vx0',
    operstate: IF_OPER_DOWN,
    mtu: 1450,
    master: 2,
    address: mac0,
    linkinfo: {
      kind: 'vxlan',
      slaveKind: 'bridge',
      vxlan: {
        vni: 42,
        local: a('10.1.0.1'),
        ttl: 64,
        tos: 0,
        learning: false,
        collectMetadata: false,
        port: 4789,
      },
    },
  });
});

test('synthetic links round-trip: IPv6 vxlan with group, external vxlan, VLAN-aware bridge, raw kind data', () => {
  const reqs = [
    linkAdd({
      ifname: 'vx6',
      linkinfo: {
        kind: 'vxlan',
        vxlan: { vni: 0xffffff, local: a('2001:db8::1'), group: a('ff05::100'), link: 7, port: 8472, tos: 1 },
      },
    }),
    linkAdd({ ifname: 'vxe', linkinfo: { kind: 'vxlan', vxlan: { collectMetadata: true, learning: true } } }),
    linkAdd({
      ifname: 'br1',
      operstate: 6,
      linkinfo: { kind: 'bridge', bridge: { vlanFiltering: true, stpState: 1 } },
    }),
    linkAdd({
      ifname: 'v0',
      address: mac('02:00:00:00:00:01'),
      link: 4,
      linkinfo: { kind: 'veth', data: Uint8Array.of(8, 0, 1, 0, 1, 2, 3, 4) },
    }),
    linkDel(9),
    linkDump(),
    linkGet('eth0'),
    linkGet(3),
  ];
  for (const [i, r] of reqs.entries()) {
    const h = encodeMessage(r, i + 1).toString('hex');
    assert.deepEqual(decodeOne(h), { ...r, seq: i + 1, pid: 0 }, `request ${i}`);
  }
});

test('malformed link messages are errors, never throws', () => {
  for (const h of [V.LINK_VXLAN_ADD, V.DUMP_LINK_VXLAN]) {
    truncationsFail(h);
    neverThrows(h, 200);
  }
});
