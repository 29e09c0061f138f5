/** fib/netlink/route.ts: rtmsg vectors both ways (our requests, kernel dumps, iproute2 requests) and errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AF_INET,
  AF_INET6,
  NLM_F_ACK,
  NLM_F_CREATE,
  NLM_F_DUMP_FILTERED,
  NLM_F_EXCL,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RTM_DELROUTE,
  RTM_NEWROUTE,
  RTN_BLACKHOLE,
  RTN_UNICAST,
} from '../../../fib/netlink/constants.js';
import { decodeMessages, encodeMessage, type RtnlMessage } from '../../../fib/netlink/message.js';
import { routeAdd, routeDel, routeDump, routeMsg } from '../../../fib/netlink/requests.js';
import type { RouteMsg } from '../../../fib/netlink/route.js';
import { a, bothWays, decodeOne, hex, neverThrows, p, truncationsFail } from './util.js';
import * as V from './vectors.js';

const REQ = NLM_F_REQUEST | NLM_F_ACK;
const DUMPED = NLM_F_MULTI | NLM_F_DUMP_FILTERED;
const base = { tos: 0, table: 254, protocol: 99, scope: 0, type: RTN_UNICAST, flags: 0 };

function route(m: RtnlMessage): RouteMsg {
  assert.equal(m.kind, 'route');
  return (m as Extract<RtnlMessage, { kind: 'route' }>).route;
}

test('our route requests, as the kernel accepted them, both ways', () => {
  const gw = a('10.1.0.2');
  bothWays(
    V.ROUTE4_ADD,
    routeAdd(routeMsg(p('10.20.0.0/24'), { protocol: 99, gateway: gw, oif: 2, priority: 20 })),
    REQ,
  );
  bothWays(
    V.ROUTE4_ECMP_ADD,
    routeAdd(
      routeMsg(p('10.21.0.0/24'), {
        protocol: 99,
        multipath: [
          { ifindex: 2, weight: 2, flags: 0, gateway: gw },
          { ifindex: 2, weight: 1, flags: 0, gateway: a('10.1.0.3') },
        ],
      }),
    ),
    REQ,
  );
  bothWays(
    V.ROUTE4_VIA6_ADD,
    routeAdd(routeMsg(p('10.22.0.0/24'), { protocol: 99, via: { family: AF_INET6, addr: a('2001:db8::2') }, oif: 2 })),
    REQ,
  );
  bothWays(
    V.ROUTE6_TABLE_ADD,
    routeAdd(
      routeMsg(p('2001:db8:100::/48'), {
        protocol: 99,
        gateway: a('2001:db8::2'),
        oif: 2,
        table: 1000,
        priority: 1024,
      }),
    ),
    REQ,
  );
  bothWays(V.ROUTE4_NHID_ADD, routeAdd(routeMsg(p('10.23.0.0/24'), { protocol: 99, nhId: 9 })), REQ);
  bothWays(V.ROUTE4_DEL, routeDel(p('10.20.0.0/24'), 99), REQ);
});

test('route dump parts from the kernel decode (multipath, RTA_VIA, RTA_NH_ID, RTA_TABLE; unknown attributes skipped)', () => {
  const ecmp = decodeOne(V.DUMP_ROUTE4_ECMP);
  assert.equal(ecmp.type, RTM_NEWROUTE);
  assert.equal(ecmp.flags, DUMPED);
  assert.deepEqual(route(ecmp), {
    ...base,
    dst: p('10.21.0.0/24'),
    multipath: [
      { ifindex: 2, weight: 2, flags: 0, gateway: a('10.1.0.2') },
      { ifindex: 2, weight: 1, flags: 0, gateway: a('10.1.0.3') },
    ],
  });
  assert.deepEqual(route(decodeOne(V.DUMP_ROUTE4_VIA6)), {
    ...base,
    dst: p('10.22.0.0/24'),
    via: { family: AF_INET6, addr: a('2001:db8::2') },
    oif: 2,
  });
  assert.deepEqual(route(decodeOne(V.DUMP_ROUTE4_NHID)), {
    ...base,
    dst: p('10.23.0.0/24'),
    nhId: 9,
    multipath: [
      { ifindex: 2, weight: 1, flags: 0, gateway: a('10.1.0.2') },
      { ifindex: 2, weight: 3, flags: 0, gateway: a('10.1.0.3') },
    ],
  });
  // RTA_TABLE 1000 overrides rtm_table (RT_TABLE_COMPAT); RTA_CACHEINFO and RTA_PREF are skipped.
  assert.deepEqual(route(decodeOne(V.DUMP_ROUTE6_TABLE)), {
    ...base,
    table: 1000,
    dst: p('2001:db8:100::/48'),
    priority: 1024,
    gateway: a('2001:db8::2'),
    oif: 2,
  });
});

test('iproute2 requests decode to the same model and re-encode to the same octets', () => {
  const cases: [string, RouteMsg, number][] = [
    [V.IP_ROUTE_ADD, { ...base, dst: p('10.40.0.0/24'), gateway: a('10.1.0.2'), priority: 30, oif: 2 }, RTM_NEWROUTE],
    [
      V.IP_ROUTE_ADD_ECMP,
      {
        ...base,
        dst: p('10.41.0.0/24'),
        multipath: [
          { ifindex: 2, weight: 2, flags: 0, gateway: a('10.1.0.2') },
          { ifindex: 2, weight: 1, flags: 0, gateway: a('10.1.0.3') },
        ],
      },
      RTM_NEWROUTE,
    ],
    [
      V.IP_ROUTE_ADD_VIA6,
      { ...base, dst: p('10.42.0.0/24'), via: { family: AF_INET6, addr: a('2001:db8::2') }, oif: 2 },
      RTM_NEWROUTE,
    ],
    [
      V.IP_ROUTE_ADD_TABLE,
      { ...base, dst: p('2001:db8:200::/48'), table: 1000, gateway: a('2001:db8::2'), oif: 2 },
      RTM_NEWROUTE,
    ],
    [V.IP_ROUTE_DEL, { ...base, dst: p('10.40.0.0/24'), scope: RT_SCOPE_NOWHERE, type: 0 }, RTM_DELROUTE],
  ];
  for (const [h, want, type] of cases) {
    const m = decodeOne(h);
    assert.equal(m.type, type);
    assert.deepEqual(route(m), want);
    const again = encodeMessage({ kind: 'route', type: m.type, flags: m.flags, route: want }, m.seq, m.pid);
    assert.equal(again.toString('hex'), h);
  }
  assert.equal(decodeOne(V.IP_ROUTE_ADD).flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
});

test('routeMsg defaults: connected routes get scope link, routes via a gateway or of other types universe', () => {
  assert.equal(routeMsg(p('10.0.0.0/8'), { oif: 3 }).scope, RT_SCOPE_LINK);
  assert.equal(routeMsg(p('10.0.0.0/8'), { gateway: a('10.1.0.1') }).scope, RT_SCOPE_UNIVERSE);
  assert.equal(routeMsg(p('10.0.0.0/8'), { nhId: 4 }).scope, RT_SCOPE_UNIVERSE);
  assert.equal(routeMsg(p('10.0.0.0/8'), { type: RTN_BLACKHOLE }).scope, RT_SCOPE_UNIVERSE);
  // A default route has no RTA_DST, and decodes back to the zero prefix.
  const dflt = routeAdd(routeMsg(p('0.0.0.0/0'), { gateway: a('10.1.0.1'), protocol: 99 }));
  const bytes = encodeMessage(dflt, 1);
  assert.equal(bytes.length, 16 + 12 + 8);
  assert.deepEqual(decodeOne(bytes.toString('hex')), { ...dflt, seq: 1, pid: 0 });
  // Source-specific IPv6 route: RTA_SRC and rtm_src_len.
  const ss = routeAdd(routeMsg(p('2001:db8::/32'), { src: p('2001:db8:1::/48'), oif: 2, prefsrc: a('2001:db8::1') }));
  assert.deepEqual(decodeOne(encodeMessage(ss, 2).toString('hex')), { ...ss, seq: 2, pid: 0 });
});

test('malformed route messages are errors, never throws', () => {
  for (const h of [V.ROUTE4_ADD, V.DUMP_ROUTE4_ECMP, V.DUMP_ROUTE6_TABLE, V.IP_ROUTE_ADD_VIA6, V.DUMP_ROUTE4_NHID]) {
    truncationsFail(h);
    neverThrows(h);
  }
  const bad = (mutate: (b: Buffer) => void, what: string) => {
    const b = hex(V.ROUTE4_ADD);
    mutate(b);
    const d = decodeMessages(b);
    assert.equal(d.ok, false, what);
    if (!d.ok) assert.match(d.error.what, new RegExp(what));
  };
  // Layout: hdr 0..16, rtmsg 16..28, RTA_DST 28..36, RTA_GATEWAY 36..44, RTA_PRIORITY 44..52, RTA_OIF 52..60.
  bad((b) => b.writeUInt16LE(7, 28), 'RTA_DST'); // 3 address octets
  bad((b) => b.writeUInt8(33, 17), 'rtmsg'); // rtm_dst_len 33
  bad((b) => b.writeUInt16LE(2, 36), 'rtmsg attributes'); // nla_len < 4
  bad((b) => b.writeUInt16LE(200, 52), 'rtmsg attributes'); // past the message
  bad((b) => b.writeUInt16LE(6, 36), 'RTA_GATEWAY'); // 2-octet gateway
  // rtnh_len past the RTA_MULTIPATH attribute (ECMP request: RTA_MULTIPATH at 36, first rtnexthop at 40).
  const m = hex(V.ROUTE4_ECMP_ADD);
  m.writeUInt16LE(100, 40);
  const d = decodeMessages(m);
  assert.equal(d.ok, false);
  if (!d.ok) assert.equal(d.error.what, 'rtnexthop');
});

test('routes of other families (multicast, MPLS) stay raw instead of failing', () => {
  const b = hex(V.ROUTE4_ADD);
  b.writeUInt8(128, 16); // RTNL_FAMILY_IPMR
  const m = decodeOne(b.toString('hex'));
  assert.equal(m.kind, 'raw');
  assert.equal(m.type, RTM_NEWROUTE);
});

test('dump requests: the one strict checking refused encodes as captured; filters ride in rtmsg', () => {
  const dump = routeDump(AF_INET);
  const refused = { ...dump, route: { ...routeMsg(p('10.0.0.0/8')), table: 0, protocol: 0, scope: 0, type: 0 } };
  assert.equal(encodeMessage(refused, 5, 0, NLM_F_REQUEST).toString('hex'), V.ROUTE4_DUMP_BAD);
  const filtered = encodeMessage(routeDump(AF_INET6, { protocol: 99, table: 1000 }), 6, 0, NLM_F_REQUEST);
  // rtmsg: family 10, lengths 0, rtm_table 0 (RTA_TABLE 1000 follows), protocol 99, scope 0, type 0.
  assert.equal(filtered.subarray(16, 28).toString('hex'), '0a0000000063000000000000');
  assert.equal(filtered.subarray(28).toString('hex'), '08000f00e8030000');
});
