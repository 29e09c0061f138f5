/** Dataplane routes to rtnetlink bodies and back, through the real codec (encode, decode). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRouteMsg, toFdbMsg, toRouteDel, toRouteMsg } from '../../fib/convert.js';
import type { FibRoute } from '../../fib/dataplane.js';
import {
  AF_BRIDGE,
  NTF_SELF,
  NUD_PERMANENT,
  RT_SCOPE_LINK,
  RT_SCOPE_UNIVERSE,
  RTM_DELROUTE,
  RTN_BLACKHOLE,
} from '../../fib/netlink/constants.js';
import { decodeMessages, encodeMessage } from '../../fib/netlink/message.js';
import { routeAdd } from '../../fib/netlink/requests.js';
import { a, p } from './helpers.js';

function roundTrip(r: FibRoute): FibRoute | undefined {
  const d = decodeMessages(encodeMessage(routeAdd(toRouteMsg(r)), 1));
  assert.ok(d.ok);
  const m = d.value[0];
  assert.equal(m?.kind, 'route');
  return m?.kind === 'route' ? fromRouteMsg(m.route) : undefined;
}

test('single path: RTA_GATEWAY, RTA_OIF, RTA_PRIORITY, protocol, table (RTA_TABLE above 255)', () => {
  const r: FibRoute = {
    prefix: p('10.1.0.0/24'),
    table: 1000,
    protocol: 201,
    metric: 20,
    nexthops: [{ gateway: a('10.0.0.2'), ifindex: 3 }],
  };
  const m = toRouteMsg(r);
  assert.equal(m.scope, RT_SCOPE_UNIVERSE);
  assert.equal(m.priority, 20);
  assert.deepEqual(roundTrip(r), r);
});

test('ECMP: RTA_MULTIPATH with weights; an interface-only path; RFC 5549 next hop as RTA_VIA', () => {
  const r: FibRoute = {
    prefix: p('2001:db8::/32'),
    table: 254,
    protocol: 201,
    metric: 20,
    nexthops: [
      { gateway: a('2001:db8:1::2'), ifindex: 2, weight: 3 },
      { gateway: a('2001:db8:2::2'), ifindex: 4, weight: 1 },
    ],
  };
  assert.equal(toRouteMsg(r).multipath?.length, 2);
  assert.deepEqual(roundTrip(r), r);
  const dev: FibRoute = { prefix: p('10.2.0.0/24'), table: 254, protocol: 201, metric: 20, nexthops: [{ ifindex: 5 }] };
  assert.equal(toRouteMsg(dev).scope, RT_SCOPE_LINK, 'a connected-style route has link scope');
  assert.deepEqual(roundTrip(dev), dev);
  const v4via6: FibRoute = {
    prefix: p('10.3.0.0/24'),
    table: 254,
    protocol: 201,
    metric: 20,
    nexthops: [{ gateway: a('fe80::1'), ifindex: 2 }],
  };
  assert.equal(toRouteMsg(v4via6).via?.family, 10);
  assert.deepEqual(roundTrip(v4via6), v4via6);
});

test('blackhole routes and deletes by key and protocol', () => {
  const bh: FibRoute = {
    prefix: p('10.4.0.0/24'),
    table: 254,
    protocol: 201,
    metric: 20,
    nexthops: [],
    type: 'blackhole',
  };
  assert.equal(toRouteMsg(bh).type, RTN_BLACKHOLE);
  assert.deepEqual(roundTrip(bh), bh);
  const del = toRouteDel({ prefix: p('10.4.0.0/24'), table: 254, metric: 20, protocol: 201 });
  assert.equal(del.type, RTM_DELROUTE);
  assert.equal(del.kind === 'route' ? del.route.protocol : 0, 201);
  assert.equal(del.kind === 'route' ? del.route.priority : 0, 20);
});

test('a VXLAN FDB entry is permanent, on the device itself (NTF_SELF), with its remote VTEP', () => {
  const n = toFdbMsg({ ifindex: 7, mac: new Uint8Array(6), dst: a('10.0.0.2'), vni: 42 });
  assert.equal(n.family, AF_BRIDGE);
  assert.equal(n.state, NUD_PERMANENT);
  assert.equal(n.flags, NTF_SELF);
  assert.deepEqual(n.dst, a('10.0.0.2'));
});
