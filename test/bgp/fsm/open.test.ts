import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOpen, checkOpen, type LocalSessionCfg, type Negotiated } from '../../../bgp/fsm/open.js';
import { afiSafiKey, type Capability, type OpenMsg } from '../../../bgp/packet/types.js';
import { ip, LOCAL, peerOpen } from './helpers.js';

const V4U = afiSafiKey(1, 1);
const V6U = afiSafiKey(2, 1);
const EVPN = afiSafiKey(25, 70);

function expectErr(open: OpenMsg, local: LocalSessionCfg, subcode: number, data?: number[]): void {
  const r = checkOpen(open, local);
  assert.equal(r.ok, false, 'expected an OPEN error');
  if (r.ok) return;
  assert.equal(r.error.code, 2);
  assert.equal(r.error.subcode, subcode, r.error.reason);
  if (data) assert.deepEqual([...r.error.data], data);
}

function expectOk(open: OpenMsg, local: LocalSessionCfg = LOCAL): Negotiated {
  const r = checkOpen(open, local);
  if (!r.ok) assert.fail(`unexpected OPEN error ${r.error.subcode}: ${r.error.reason}`);
  return r.value;
}

function withCaps(caps: Capability[], over: Partial<OpenMsg> = {}): OpenMsg {
  return peerOpen({ capabilities: [{ kind: 'four-octet-as', asn: 65002 }, ...caps], ...over });
}

test('buildOpen: version, AS, hold, id and default capabilities', () => {
  const o = buildOpen(LOCAL);
  assert.equal(o.version, 4);
  assert.equal(o.myAs, 65001);
  assert.equal(o.holdTime, 90);
  assert.equal(o.bgpId, ip(10, 0, 0, 1));
  assert.deepEqual(o.otherParams, []);
  assert.deepEqual(o.capabilities, [
    { kind: 'multiprotocol', afi: 1, safi: 1 },
    { kind: 'route-refresh' },
    { kind: 'route-refresh-old' },
    { kind: 'enhanced-route-refresh' },
    { kind: 'four-octet-as', asn: 65001 },
    { kind: 'extended-message' },
  ]);
});

test('buildOpen: AS_TRANS for a 4-octet AS, default hold 180, optional capabilities when configured', () => {
  const o = buildOpen({
    localAs: 4_200_000_001,
    bgpId: ip(192, 0, 2, 1),
    remoteAs: 'external',
    afiSafis: [
      { afi: 1, safi: 1 },
      { afi: 2, safi: 1 },
    ],
    extendedNexthop: [{ afi: 1, safi: 1, nhAfi: 2 }],
    addPath: [{ afi: 1, safi: 1, sendReceive: 3 }],
    gracefulRestart: { restartTime: 120, afis: [{ afi: 1, safi: 1, forwarding: true }] },
    hostname: 'node-1',
    domain: 'example.net',
    routeRefresh: false,
    enhancedRouteRefresh: false,
    extendedMessage: false,
  });
  assert.equal(o.myAs, 23456);
  assert.equal(o.holdTime, 180);
  assert.deepEqual(o.capabilities, [
    { kind: 'multiprotocol', afi: 1, safi: 1 },
    { kind: 'multiprotocol', afi: 2, safi: 1 },
    { kind: 'four-octet-as', asn: 4_200_000_001 },
    { kind: 'extended-nexthop', entries: [{ afi: 1, safi: 1, nhAfi: 2 }] },
    { kind: 'add-path', entries: [{ afi: 1, safi: 1, sendReceive: 3 }] },
    {
      kind: 'graceful-restart',
      restarting: false,
      notification: false,
      restartTime: 120,
      afis: [{ afi: 1, safi: 1, forwarding: true }],
    },
    { kind: 'fqdn', hostname: 'node-1', domain: 'example.net' },
  ]);
});

test('checkOpen accepts a plain peer and negotiates', () => {
  const n = expectOk(peerOpen());
  assert.equal(n.peerAs, 65002);
  assert.equal(n.peerBgpId, ip(10, 0, 0, 2));
  assert.equal(n.ibgp, false);
  assert.equal(n.holdTime, 90);
  assert.equal(n.keepaliveTime, 30);
  assert.equal(n.fourOctetAs, true);
  assert.deepEqual([...n.afiSafis], [V4U]);
  assert.equal(n.routeRefresh, true);
  assert.equal(n.enhancedRouteRefresh, false);
  assert.equal(n.extendedMessage, false);
  assert.deepEqual(n.codecCtx, {
    fourOctetAs: true,
    extendedMessage: false,
    addPathRx: new Set(),
    addPathTx: new Set(),
    ibgp: false,
    peerAs: 65002,
  });
});

test('2/1 unsupported version, data = the version we support', () => {
  expectErr(peerOpen({ version: 3 }), LOCAL, 1, [0, 4]);
  expectErr(peerOpen({ version: 5 }), LOCAL, 1, [0, 4]);
});

test('2/2 bad peer AS: mismatch, AS 0 (RFC 7607), AS_TRANS in the capability, disagreeing fields', () => {
  expectErr(peerOpen({ myAs: 65003, capabilities: [] }), LOCAL, 2);
  expectErr(withCaps([], { myAs: 65003 }), LOCAL, 2);
  expectErr(peerOpen({ myAs: 0, capabilities: [] }), { ...LOCAL, remoteAs: 'external' }, 2);
  expectErr(peerOpen({ capabilities: [{ kind: 'four-octet-as', asn: 0 }] }), { ...LOCAL, remoteAs: 'external' }, 2);
  expectErr(peerOpen({ myAs: 23456, capabilities: [{ kind: 'four-octet-as', asn: 23456 }] }), LOCAL, 2);
  expectErr(peerOpen({ myAs: 65002, capabilities: [{ kind: 'four-octet-as', asn: 65005 }] }), LOCAL, 2);
});

test('4-octet AS: the capability is the real AS; My AS must be AS_TRANS (or equal when it fits)', () => {
  const local = { ...LOCAL, remoteAs: 4_200_000_002 };
  const n = expectOk(peerOpen({ myAs: 23456, capabilities: [{ kind: 'four-octet-as', asn: 4_200_000_002 }] }), local);
  assert.equal(n.peerAs, 4_200_000_002);
  assert.equal(n.codecCtx.peerAs, 4_200_000_002);
  expectErr(peerOpen({ myAs: 1000, capabilities: [{ kind: 'four-octet-as', asn: 4_200_000_002 }] }), local, 2);
  // A 2-octet AS carried in both places, or AS_TRANS in My AS: both fine.
  expectOk(peerOpen({ myAs: 65002, capabilities: [{ kind: 'four-octet-as', asn: 65002 }] }));
  expectOk(peerOpen({ myAs: 23456, capabilities: [{ kind: 'four-octet-as', asn: 65002 }] }));
  // An old speaker (no capability) is taken at its 2-octet word.
  const old = expectOk(peerOpen({ capabilities: [] }));
  assert.equal(old.fourOctetAs, false);
  assert.equal(old.codecCtx.fourOctetAs, false);
});

test('remote AS forms: internal, external, range', () => {
  const internal = { ...LOCAL, remoteAs: 'internal' as const };
  const ibgp = expectOk(withCaps([], { myAs: 65001, capabilities: [{ kind: 'four-octet-as', asn: 65001 }] }), internal);
  assert.equal(ibgp.ibgp, true);
  assert.equal(ibgp.codecCtx.ibgp, true);
  expectErr(peerOpen(), internal, 2);

  const external = { ...LOCAL, remoteAs: 'external' as const };
  assert.equal(expectOk(peerOpen(), external).ibgp, false);
  expectErr(peerOpen({ myAs: 65001, capabilities: [{ kind: 'four-octet-as', asn: 65001 }] }), external, 2);

  const range = { ...LOCAL, remoteAs: [65000, 65010] as const };
  expectOk(peerOpen(), range);
  expectOk(peerOpen({ myAs: 65010, capabilities: [{ kind: 'four-octet-as', asn: 65010 }] }), range);
  expectOk(peerOpen({ myAs: 65000, capabilities: [{ kind: 'four-octet-as', asn: 65000 }] }), range);
  expectErr(peerOpen({ myAs: 65011, capabilities: [{ kind: 'four-octet-as', asn: 65011 }] }), range, 2);
  expectErr(peerOpen({ myAs: 64999, capabilities: [{ kind: 'four-octet-as', asn: 64999 }] }), range, 2);
});

test('2/3 bad BGP Identifier: 0 always; ours only for iBGP (RFC 6286)', () => {
  expectErr(peerOpen({ bgpId: 0 }), LOCAL, 3);
  const internal = { ...LOCAL, remoteAs: 'internal' as const };
  const ibgpOpen = peerOpen({
    myAs: 65001,
    bgpId: LOCAL.bgpId,
    capabilities: [{ kind: 'four-octet-as', asn: 65001 }],
  });
  expectErr(ibgpOpen, internal, 3);
  expectOk(peerOpen({ bgpId: LOCAL.bgpId }));
  // Any non-zero u32 is fine, including values that are not unicast addresses.
  expectOk(peerOpen({ bgpId: 0xffffffff }));
});

test('2/4 unsupported optional parameter', () => {
  expectErr(peerOpen({ otherParams: [{ type: 1, value: new Uint8Array(2) }] }), LOCAL, 4);
});

test('hold time 0, 1, 2, 3 and the configured minimum (2/6)', () => {
  const h0 = expectOk(peerOpen({ holdTime: 0 }));
  assert.equal(h0.holdTime, 0);
  assert.equal(h0.keepaliveTime, 0);
  expectErr(peerOpen({ holdTime: 1 }), LOCAL, 6);
  expectErr(peerOpen({ holdTime: 2 }), LOCAL, 6);
  const h3 = expectOk(peerOpen({ holdTime: 3 }));
  assert.equal(h3.holdTime, 3);
  assert.equal(h3.keepaliveTime, 1);
  expectErr(peerOpen({ holdTime: 5 }), { ...LOCAL, minHoldTime: 10 }, 6);
  // Ours smaller wins; ours 0 means no keepalives even if the peer wants some.
  assert.equal(expectOk(peerOpen({ holdTime: 240 })).holdTime, 90);
  assert.equal(expectOk(peerOpen(), { ...LOCAL, holdTime: 0 }).holdTime, 0);
  assert.equal(expectOk(peerOpen({ holdTime: 180 }), { ...LOCAL, holdTime: 180, keepaliveTime: 10 }).keepaliveTime, 10);
});

test('2/7 required capability missing, with the capabilities in the data', () => {
  const local: LocalSessionCfg = {
    ...LOCAL,
    requiredCapabilities: [{ kind: 'extended-message' }, { kind: 'multiprotocol', afi: 2, safi: 1 }],
  };
  expectErr(peerOpen(), local, 7, [6, 0, 1, 4, 0, 2, 0, 1]);
  expectOk(
    withCaps([
      { kind: 'multiprotocol', afi: 1, safi: 1 },
      { kind: 'extended-message' },
      { kind: 'multiprotocol', afi: 2, safi: 1 },
    ]),
    local,
  );
  // route-refresh is satisfied by either code.
  const rr: LocalSessionCfg = { ...LOCAL, requiredCapabilities: [{ kind: 'route-refresh' }] };
  expectOk(withCaps([{ kind: 'multiprotocol', afi: 1, safi: 1 }, { kind: 'route-refresh-old' }]), rr);
  expectErr(withCaps([{ kind: 'multiprotocol', afi: 1, safi: 1 }]), rr, 7, [2, 0]);
});

test('AFI/SAFI intersection; IPv4 unicast implied without multiprotocol (RFC 4760); none in common is 2/7', () => {
  const local: LocalSessionCfg = {
    ...LOCAL,
    afiSafis: [
      { afi: 1, safi: 1 },
      { afi: 2, safi: 1 },
      { afi: 25, safi: 70 },
    ],
  };
  const n = expectOk(
    withCaps([
      { kind: 'multiprotocol', afi: 25, safi: 70 },
      { kind: 'multiprotocol', afi: 2, safi: 1 },
      { kind: 'multiprotocol', afi: 1, safi: 2 },
    ]),
    local,
  );
  assert.deepEqual([...n.afiSafis], [V6U, EVPN]);
  assert.deepEqual([...expectOk(withCaps([]), local).afiSafis], [V4U]);
  // We configured nothing: IPv4 unicast on our side too.
  assert.deepEqual([...expectOk(withCaps([]), { ...LOCAL, afiSafis: [] }).afiSafis], [V4U]);
  const v6only: LocalSessionCfg = { ...LOCAL, afiSafis: [{ afi: 2, safi: 1 }] };
  expectErr(withCaps([]), v6only, 7, [1, 4, 0, 2, 0, 1]);
});

test('ADD-PATH directions from both sides, only for negotiated AFI/SAFIs (RFC 7911)', () => {
  const local: LocalSessionCfg = {
    ...LOCAL,
    afiSafis: [
      { afi: 1, safi: 1 },
      { afi: 2, safi: 1 },
    ],
    addPath: [
      { afi: 1, safi: 1, sendReceive: 3 },
      { afi: 2, safi: 1, sendReceive: 1 },
      { afi: 25, safi: 70, sendReceive: 3 },
    ],
  };
  const peer = (entries: { afi: number; safi: number; sendReceive: 1 | 2 | 3 }[]) =>
    withCaps([
      { kind: 'multiprotocol', afi: 1, safi: 1 },
      { kind: 'multiprotocol', afi: 2, safi: 1 },
      { kind: 'add-path', entries },
    ]);
  let n = expectOk(
    peer([
      { afi: 1, safi: 1, sendReceive: 1 },
      { afi: 2, safi: 1, sendReceive: 3 },
      { afi: 25, safi: 70, sendReceive: 3 },
    ]),
    local,
  );
  // v4: we send+receive, they receive only -> we send. v6: we receive, they do both -> we receive.
  assert.deepEqual([...n.addPathTx], [V4U]);
  assert.deepEqual([...n.addPathRx], [V6U]);
  assert.equal(n.codecCtx.addPathTx, n.addPathTx);
  n = expectOk(peer([{ afi: 1, safi: 1, sendReceive: 2 }]), local);
  assert.deepEqual([...n.addPathTx], []);
  assert.deepEqual([...n.addPathRx], [V4U]);
  n = expectOk(peer([{ afi: 1, safi: 1, sendReceive: 3 }]), local);
  assert.deepEqual([...n.addPathTx], [V4U]);
  assert.deepEqual([...n.addPathRx], [V4U]);
  n = expectOk(peer([]), local);
  assert.equal(n.addPathRx.size + n.addPathTx.size, 0);
});

test('extended message, route refresh, enhanced route refresh, extended next hop, GR, FQDN', () => {
  const local: LocalSessionCfg = { ...LOCAL, extendedNexthop: [{ afi: 1, safi: 1, nhAfi: 2 }] };
  const gr: Capability = {
    kind: 'graceful-restart',
    restarting: true,
    notification: true,
    restartTime: 90,
    afis: [{ afi: 1, safi: 1, forwarding: true }],
  };
  const n = expectOk(
    withCaps([
      { kind: 'multiprotocol', afi: 1, safi: 1 },
      { kind: 'extended-message' },
      { kind: 'route-refresh-old' },
      { kind: 'enhanced-route-refresh' },
      {
        kind: 'extended-nexthop',
        entries: [
          { afi: 1, safi: 1, nhAfi: 2 },
          { afi: 1, safi: 128, nhAfi: 2 },
        ],
      },
      gr,
      { kind: 'fqdn', hostname: 'tor-1', domain: 'dc1' },
    ]),
    local,
  );
  assert.equal(n.extendedMessage, true);
  assert.equal(n.codecCtx.extendedMessage, true);
  assert.equal(n.routeRefresh, true);
  assert.equal(n.enhancedRouteRefresh, true);
  assert.deepEqual(n.extendedNexthop, [{ afi: 1, safi: 1, nhAfi: 2 }]);
  assert.deepEqual(n.peerGracefulRestart, gr);
  assert.deepEqual(n.peerFqdn, { hostname: 'tor-1', domain: 'dc1' });
  // Extended message needs both sides.
  const off = expectOk(withCaps([{ kind: 'extended-message' }]), { ...LOCAL, extendedMessage: false });
  assert.equal(off.extendedMessage, false);
  const bare = expectOk(withCaps([]));
  assert.equal(bare.routeRefresh, false);
  assert.deepEqual(bare.extendedNexthop, []);
  assert.equal(bare.peerGracefulRestart, undefined);
  assert.equal(bare.peerFqdn, undefined);
});
