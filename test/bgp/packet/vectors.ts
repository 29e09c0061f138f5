/**
 * Valid byte vectors (hand-built from the RFC diagrams) with the message each one decodes to. `both` vectors
 * must also encode back to the same octets. All of them were cross-checked with tshark 4.x (one TCP segment
 * each through `text2pcap -T 40000,179`, then `tshark -V -d tcp.port==179,bgp -z expert`): tshark decodes
 * every capability (FQDN included), every attribute (AS4_PATH / AS4_AGGREGATOR for the 2-octet vector, path
 * identifiers for the ADD-PATH one, the RFC 9003 text "bye"), with no malformed-packet or expert warning.
 * tshark predates RFC 9072 and shows that OPEN's parameters as "Unknown Parameter 255" (no warning either).
 * The packer's output was checked the same way. The fuzz test mutates these vectors.
 */
import type { BgpMsg, CodecCtx } from '../../../bgp/packet/types.js';
import { ctx, ip4, msg, pfx, u8, v6 } from './util.js';

export interface Vector {
  name: string;
  ctx: CodecCtx;
  bytes: Buffer;
  msg: BgpMsg;
  /** 'both': decode(bytes) equals msg and encode(msg) equals bytes; 'decode': only the first. */
  dir: 'both' | 'decode';
}

const ebgp = ctx({ peerAs: 65001 });
const ibgp = ctx({ ibgp: true });
const two = ctx({ fourOctetAs: false });
const ap = ctx({ addPathRx: new Set([257]), addPathTx: new Set([257]) });

const openCaps = `
  04 5ba0 00b4 0a000001   # version 4, AS_TRANS, hold 180, id 10.0.0.1
  1c 02 1a                # opt parm len 28; one Capabilities parameter of 26
  01 04 0001 00 01        # multiprotocol IPv4 unicast
  01 04 0002 00 01        # multiprotocol IPv6 unicast
  02 00                   # route refresh
  80 00                   # route refresh (pre-standard)
  41 04 fa56ea01          # 4-octet AS 4200000001
  46 00                   # enhanced route refresh
  06 00                   # extended message
`;
const openCapsMsg: BgpMsg = {
  type: 'open',
  version: 4,
  myAs: 23456,
  holdTime: 180,
  bgpId: ip4('10.0.0.1'),
  capabilities: [
    { kind: 'multiprotocol', afi: 1, safi: 1 },
    { kind: 'multiprotocol', afi: 2, safi: 1 },
    { kind: 'route-refresh' },
    { kind: 'route-refresh-old' },
    { kind: 'four-octet-as', asn: 4200000001 },
    { kind: 'enhanced-route-refresh' },
    { kind: 'extended-message' },
  ],
  otherParams: [],
};

/** RFC 9072: 30 unknown capabilities of 8 value octets = 300 octets, too many for the 1-octet length. */
function bigOpen(): { bytes: Buffer; msg: BgpMsg } {
  let caps = '';
  const capabilities: BgpMsg & { type: 'open' } = {
    type: 'open',
    version: 4,
    myAs: 65001,
    holdTime: 90,
    bgpId: 1,
    capabilities: [],
    otherParams: [],
  };
  for (let i = 0; i < 30; i++) {
    caps += `${(200 + i).toString(16)} 08 0102030405060708\n`;
    capabilities.capabilities.push({ kind: 'unknown', code: 200 + i, value: u8('0102030405060708') });
  }
  // Non-Ext OP Len 255, Non-Ext OP Type 255, Extended Opt. Parm. Length 303 (one param: 1 + 2 + 300).
  return { bytes: msg(1, `04 fde9 005a 00000001 ff ff 012f 02 012c ${caps}`), msg: capabilities };
}

const big = bigOpen();

const fullAttrs4 = `
  40 01 01 00                           # ORIGIN IGP
  40 02 0e 02 03 0000fde9 fa56ea01 0000fdea  # AS_PATH sequence 65001 4200000001 65002
  40 03 04 0a000001                     # NEXT_HOP 10.0.0.1
  80 04 04 0000000a                     # MED 10
  40 06 00                              # ATOMIC_AGGREGATE
  c0 07 08 fa56ea01 0a000002            # AGGREGATOR 4200000001 10.0.0.2
  c0 08 08 ffffff01 fde90001            # COMMUNITIES NO_EXPORT 65001:1
  c0 10 08 0002fde900000001             # EXTENDED_COMMUNITIES route target 65001:1
  c0 20 0c fa56ea01 00000001 00000002   # LARGE_COMMUNITY 4200000001:1:2
  e0 c8 03 010203                       # unknown optional transitive 200, Partial
`;

export const VECTORS: Vector[] = [
  { name: 'KEEPALIVE', ctx: ctx(), bytes: msg(4, ''), msg: { type: 'keepalive' }, dir: 'both' },
  {
    name: 'OPEN, several capabilities in one parameter',
    ctx: ctx(),
    bytes: msg(1, openCaps),
    msg: openCapsMsg,
    dir: 'both',
  },
  {
    name: 'OPEN, one capability per parameter (decodes to the same message)',
    ctx: ctx(),
    bytes: msg(
      1,
      `04 5ba0 00b4 0a000001 28
       02 06 01 04 0001 00 01   02 06 01 04 0002 00 01   02 02 02 00   02 02 80 00
       02 06 41 04 fa56ea01     02 02 46 00              02 02 06 00`,
    ),
    msg: openCapsMsg,
    dir: 'decode',
  },
  {
    name: 'OPEN, graceful restart + ADD-PATH + extended next hop + FQDN + unknown',
    ctx: ctx(),
    bytes: msg(
      1,
      `04 fde9 005a c0000201 37 02 35
       40 0a c078 0001 01 80 0002 01 00            # GR: R and N bits, 120 s; IPv4 F=1, IPv6 F=0
       45 08 0001 01 03 0002 01 01                 # ADD-PATH: IPv4 both, IPv6 receive
       05 06 0001 0001 0002                        # extended next hop: IPv4 unicast over IPv6
       49 12 05 686f737431 0b 6578616d706c652e6e6574  # FQDN host1 / example.net
       09 01 03                                    # role (not modelled): unknown`,
    ),
    msg: {
      type: 'open',
      version: 4,
      myAs: 65001,
      holdTime: 90,
      bgpId: ip4('192.0.2.1'),
      capabilities: [
        {
          kind: 'graceful-restart',
          restarting: true,
          notification: true,
          restartTime: 120,
          afis: [
            { afi: 1, safi: 1, forwarding: true },
            { afi: 2, safi: 1, forwarding: false },
          ],
        },
        {
          kind: 'add-path',
          entries: [
            { afi: 1, safi: 1, sendReceive: 3 },
            { afi: 2, safi: 1, sendReceive: 1 },
          ],
        },
        { kind: 'extended-nexthop', entries: [{ afi: 1, safi: 1, nhAfi: 2 }] },
        { kind: 'fqdn', hostname: 'host1', domain: 'example.net' },
        { kind: 'unknown', code: 9, value: u8('03') },
      ],
      otherParams: [],
    },
    dir: 'both',
  },
  {
    name: 'OPEN, no optional parameters',
    ctx: ctx(),
    bytes: msg(1, '04 fde9 0000 0a000001 00'),
    msg: {
      type: 'open',
      version: 4,
      myAs: 65001,
      holdTime: 0,
      bgpId: ip4('10.0.0.1'),
      capabilities: [],
      otherParams: [],
    },
    dir: 'both',
  },
  {
    name: 'OPEN, a non-capability parameter is kept for the FSM to reject',
    ctx: ctx(),
    bytes: msg(1, '04 fde9 005a 0a000001 08 02 02 02 00 01 02 abcd'),
    msg: {
      type: 'open',
      version: 4,
      myAs: 65001,
      holdTime: 90,
      bgpId: ip4('10.0.0.1'),
      capabilities: [{ kind: 'route-refresh' }],
      otherParams: [{ type: 1, value: u8('abcd') }],
    },
    dir: 'both',
  },
  { name: 'OPEN, RFC 9072 extended optional parameters', ctx: ctx(), bytes: big.bytes, msg: big.msg, dir: 'both' },
  {
    name: 'UPDATE, IPv4 with every basic attribute (4-octet AS, eBGP)',
    ctx: ebgp,
    bytes: msg(
      2,
      `0003 10 0a09           # withdrawn 10.9.0.0/16
       005c ${fullAttrs4}
       10 0a01  18 0a0203  00  20 0a020304   # NLRI 10.1/16 10.2.3/24 0/0 10.2.3.4/32`,
    ),
    msg: {
      type: 'update',
      withdrawn: [pfx('10.9.0.0/16')],
      attrs: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001, 4200000001, 65002] }],
        nextHop: ip4('10.0.0.1'),
        med: 10,
        atomicAggregate: true,
        aggregator: { asn: 4200000001, address: ip4('10.0.0.2') },
        communities: [0xffffff01, 0xfde90001],
        extCommunities: [u8('0002fde900000001')],
        largeCommunities: [[4200000001, 1, 2]],
        unknown: [{ flags: 0xe0, type: 200, value: u8('010203') }],
      },
      nlri: [pfx('10.1.0.0/16'), pfx('10.2.3.0/24'), pfx('0.0.0.0/0'), pfx('10.2.3.4/32')],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'UPDATE, iBGP: LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST, empty AS_PATH',
    ctx: ibgp,
    bytes: msg(
      2,
      `0000 0027
       40 01 01 02  40 02 00  40 03 04 c0000201  40 05 04 00000064
       80 09 04 01020304  80 0a 08 05060708 0a0b0c0d
       18 c63364`,
    ),
    msg: {
      type: 'update',
      withdrawn: [],
      attrs: {
        origin: 2,
        asPath: [],
        nextHop: ip4('192.0.2.1'),
        localPref: 100,
        originatorId: ip4('1.2.3.4'),
        clusterList: [ip4('5.6.7.8'), ip4('10.11.12.13')],
      },
      nlri: [pfx('198.51.100.0/24')],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'UPDATE, IPv6 MP_REACH (global + link-local next hop) and MP_UNREACH',
    ctx: ctx(),
    bytes: msg(
      2,
      `0000 004c
       80 0e 2d 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00
                30 20010db80001  00                      # 2001:db8:1::/48, ::/0
       80 0f 0c 0002 01 40 20010db800020000              # withdraw 2001:db8:2::/64
       40 01 01 02  40 02 06 02 01 0000fde9`,
    ),
    msg: {
      type: 'update',
      withdrawn: [],
      attrs: {
        mpReach: {
          afi: 2,
          safi: 1,
          nextHop: new Uint8Array([...v6('2001:db8::1'), ...v6('fe80::1')]),
          nlri: [pfx('2001:db8:1::/48'), pfx('::/0')],
        },
        mpUnreach: { afi: 2, safi: 1, withdrawn: [pfx('2001:db8:2::/64')] },
        origin: 2,
        asPath: [{ type: 2, asns: [65001] }],
      },
      nlri: [],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'UPDATE, RFC 8950 IPv4 NLRI with an IPv6 next hop, ADD-PATH',
    ctx: ap,
    bytes: msg(
      2,
      `0006 00000001 08 0a                               # withdraw path 1 of 10/8
       0027
       80 0e 1d 0001 01 10 20010db8000000000000000000000001 00  00000007 18 c00002
       40 01 01 00  40 02 00`,
    ),
    msg: {
      type: 'update',
      withdrawn: [pfx('10.0.0.0/8')],
      withdrawnPathIds: [1],
      attrs: {
        mpReach: { afi: 1, safi: 1, nextHop: v6('2001:db8::1'), nlri: [pfx('192.0.2.0/24')], pathIds: [7] },
        origin: 0,
        asPath: [],
      },
      nlri: [],
      nlriPathIds: [],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'UPDATE to/from a 2-octet peer: AS_TRANS + AS4_PATH + AS4_AGGREGATOR (RFC 6793)',
    ctx: two,
    bytes: msg(
      2,
      `0000 0041
       40 01 01 00
       40 02 0a 02 04 fde9 5ba0 5ba0 fdea                      # 65001 AS_TRANS AS_TRANS 65002
       40 03 04 0a000001
       c0 07 06 5ba0 0a000002                                  # AGGREGATOR AS_TRANS
       c0 11 12 02 04 0000fde9 fa56ea01 fa56ea02 0000fdea      # AS4_PATH, the real path
       c0 12 08 fa56ea01 0a000002                              # AS4_AGGREGATOR
       08 0b`,
    ),
    msg: {
      type: 'update',
      withdrawn: [],
      attrs: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001, 4200000001, 4200000002, 65002] }],
        nextHop: ip4('10.0.0.1'),
        aggregator: { asn: 4200000001, address: ip4('10.0.0.2') },
      },
      nlri: [pfx('11.0.0.0/8')],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'UPDATE from a 2-octet peer: a shorter AS4_PATH is merged after the leading AS_PATH part',
    ctx: two,
    bytes: msg(
      2,
      `0000 0029
       40 01 01 00
       40 02 0a 02 04 fde9 5ba0 5ba0 fdea
       40 03 04 0a000001
       c0 11 0e 02 03 fa56ea01 fa56ea02 0000fdea
       08 0b`,
    ),
    msg: {
      type: 'update',
      withdrawn: [],
      attrs: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001, 4200000001, 4200000002, 65002] }],
        nextHop: ip4('10.0.0.1'),
      },
      nlri: [pfx('11.0.0.0/8')],
      errors: [],
    },
    dir: 'decode',
  },
  {
    name: 'UPDATE, End-of-RIB IPv4 unicast',
    ctx: ctx(),
    bytes: msg(2, '0000 0000'),
    msg: { type: 'update', withdrawn: [], attrs: undefined, nlri: [], errors: [] },
    dir: 'both',
  },
  {
    name: 'UPDATE, End-of-RIB IPv6 unicast',
    ctx: ctx(),
    bytes: msg(2, '0000 0006 80 0f 03 0002 01'),
    msg: {
      type: 'update',
      withdrawn: [],
      attrs: { mpUnreach: { afi: 2, safi: 1, withdrawn: [] } },
      nlri: [],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'UPDATE, attribute longer than 255 octets uses Extended Length',
    ctx: ctx(),
    bytes: msg(2, `0000 0118 d0 08 0114 ${'fde90001'.repeat(69)}`),
    msg: {
      type: 'update',
      withdrawn: [],
      attrs: { communities: new Array(69).fill(0xfde90001) },
      nlri: [],
      errors: [],
    },
    dir: 'both',
  },
  {
    name: 'NOTIFICATION, Cease / Administrative Shutdown with an RFC 9003 communication',
    ctx: ctx(),
    bytes: msg(3, '06 02 03 627965'),
    msg: { type: 'notification', code: 6, subcode: 2, data: u8('03627965') },
    dir: 'both',
  },
  {
    name: 'NOTIFICATION, UPDATE Message Error / Malformed Attribute List, no data',
    ctx: ctx(),
    bytes: msg(3, '03 01'),
    msg: { type: 'notification', code: 3, subcode: 1, data: new Uint8Array(0) },
    dir: 'both',
  },
  {
    name: 'ROUTE-REFRESH, normal request IPv4 unicast',
    ctx: ctx(),
    bytes: msg(5, '0001 00 01'),
    msg: { type: 'route-refresh', afi: 1, subtype: 0, safi: 1 },
    dir: 'both',
  },
  {
    name: 'ROUTE-REFRESH, BoRR IPv6 unicast (RFC 7313)',
    ctx: ctx(),
    bytes: msg(5, '0002 01 01'),
    msg: { type: 'route-refresh', afi: 2, subtype: 1, safi: 1 },
    dir: 'both',
  },
  {
    name: 'ROUTE-REFRESH, EoRR IPv4 unicast (RFC 7313)',
    ctx: ctx(),
    bytes: msg(5, '0001 02 01'),
    msg: { type: 'route-refresh', afi: 1, subtype: 2, safi: 1 },
    dir: 'both',
  },
];
