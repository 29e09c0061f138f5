/**
 * Packet vectors captured from FRR 8.4.4 ospfd (test/ospf/packet/capture.sh): one packet of each type on each of
 * the three links, i.e. without authentication, with a simple password and with keyed MD5. Each `bytes` is
 * the IP payload of one frame (the MD5 digest included). The expected values were checked field by field
 * against tshark 4's dissection of the same frames (Router ID, area, Hello fields, DD MTU and sequence, LS
 * Request entries, every LSA header, router links, network and external bodies): all agree. The decoder must
 * accept them (checksums and digests verify) and the encoder must give the same octets back.
 */
import type { AuthCfg, OspfPacket } from '../../../ospf/packet/types.js';
import { AUTH, hex, ip, sq, u8 } from './util.js';

export interface PacketVector {
  name: string;
  auth: AuthCfg;
  bytes: Buffer;
  packet: OspfPacket;
  cryptoSeq?: number;
  keyId?: number;
}

export const FRR_VECTORS: PacketVector[] = [
  {
    name: 'null: Hello from 10.0.3.1',
    // FRR 8.4.4 ospfd, point-to-point link a2-d0, no authentication; frame 2 of frr.pcap.
    auth: AUTH.null,
    bytes: hex('020100300101010100000000f1bc00000000000000000000fffffffc0002020100000008000000000000000004040404'),
    packet: {
      header: { version: 2, type: 1, routerId: ip('1.1.1.1'), areaId: ip('0.0.0.0'), auth: { type: 0 } },
      body: {
        type: 1,
        mask: ip('255.255.255.252'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('0.0.0.0'),
        bdr: ip('0.0.0.0'),
        neighbors: [ip('4.4.4.4')],
      },
    },
  },
  {
    name: 'null: Database Description from 10.0.3.2',
    // FRR 8.4.4 ospfd, point-to-point link a2-d0, no authentication; frame 6 of frr.pcap.
    auth: AUTH.null,
    bytes: hex(
      '02020048040404040000000075ee0000000000000000000005dc02014769ec5a000102010404040404040404800000018b910024000102050000000004040404800000019c210024',
    ),
    packet: {
      header: { version: 2, type: 2, routerId: ip('4.4.4.4'), areaId: ip('0.0.0.0'), auth: { type: 0 } },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x2,
        flags: 0x1,
        seq: 0x4769ec5a,
        headers: [
          {
            age: 1,
            options: 0x2,
            type: 1,
            lsid: ip('4.4.4.4'),
            advRouter: ip('4.4.4.4'),
            seq: sq(0x80000001),
            checksum: 0x8b91,
            length: 36,
          },
          {
            age: 1,
            options: 0x2,
            type: 5,
            lsid: ip('0.0.0.0'),
            advRouter: ip('4.4.4.4'),
            seq: sq(0x80000001),
            checksum: 0x9c21,
            length: 36,
          },
        ],
      },
    },
  },
  {
    name: 'null: LS Request from 10.0.3.1',
    // FRR 8.4.4 ospfd, point-to-point link a2-d0, no authentication; frame 8 of frr.pcap.
    auth: AUTH.null,
    bytes: hex('020300300101010100000000e3ac00000000000000000000000000010404040404040404000000050000000004040404'),
    packet: {
      header: { version: 2, type: 3, routerId: ip('1.1.1.1'), areaId: ip('0.0.0.0'), auth: { type: 0 } },
      body: {
        type: 3,
        requests: [
          { type: 1, lsid: ip('4.4.4.4'), advRouter: ip('4.4.4.4') },
          { type: 5, lsid: ip('0.0.0.0'), advRouter: ip('4.4.4.4') },
        ],
      },
    },
  },
  {
    name: 'null: LS Update from 10.0.3.1',
    // FRR 8.4.4 ospfd, point-to-point link a2-d0, no authentication; frame 11 of frr.pcap.
    auth: AUTH.null,
    bytes: hex(
      '020400bc01010101000000003dec00000000000000000000000000040003020101010101010101018000000468bb003c030000030a000100ffffff000300000a0a000300fffffffc0300000ac0a86400ffffff000300000a000202030a0002000101010180000001192a001cffffff000000000a00030205c63364000101010180000001c0b50024ffffff000000001e0a0003020000004d00030205cb0071000101010180000001a4020024ffffff000000001e000000000000004d',
    ),
    packet: {
      header: { version: 2, type: 4, routerId: ip('1.1.1.1'), areaId: ip('0.0.0.0'), auth: { type: 0 } },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 3,
              options: 0x2,
              type: 1,
              lsid: ip('1.1.1.1'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000004),
              checksum: 0x68bb,
              length: 60,
            },
            body: {
              kind: 'router',
              flags: 0x3,
              links: [
                { linkId: ip('10.0.1.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
                { linkId: ip('10.0.3.0'), linkData: ip('255.255.255.252'), type: 3, metric: 10, tos: [] },
                { linkId: ip('192.168.100.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
              ],
            },
          },
          {
            header: {
              age: 2,
              options: 0x2,
              type: 3,
              lsid: ip('10.0.2.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0x192a,
              length: 28,
            },
            body: { kind: 'summary', mask: ip('255.255.255.0'), metric: 10, tos: [] },
          },
          {
            header: {
              age: 3,
              options: 0x2,
              type: 5,
              lsid: ip('198.51.100.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xc0b5,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('255.255.255.0'),
              e2: false,
              metric: 30,
              forwarding: ip('10.0.3.2'),
              tag: 77,
              tos: [],
            },
          },
          {
            header: {
              age: 3,
              options: 0x2,
              type: 5,
              lsid: ip('203.0.113.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xa402,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('255.255.255.0'),
              e2: false,
              metric: 30,
              forwarding: ip('0.0.0.0'),
              tag: 77,
              tos: [],
            },
          },
        ],
      },
    },
  },
  {
    name: 'null: LS Acknowledgment from 10.0.3.1',
    // FRR 8.4.4 ospfd, point-to-point link a2-d0, no authentication; frame 91 of frr.pcap.
    auth: AUTH.null,
    bytes: hex('0205002c010101010000000014e200000000000000000000000b0201040404040404040480000002549c0030'),
    packet: {
      header: { version: 2, type: 5, routerId: ip('1.1.1.1'), areaId: ip('0.0.0.0'), auth: { type: 0 } },
      body: {
        type: 5,
        headers: [
          {
            age: 11,
            options: 0x2,
            type: 1,
            lsid: ip('4.4.4.4'),
            advRouter: ip('4.4.4.4'),
            seq: sq(0x80000002),
            checksum: 0x549c,
            length: 48,
          },
        ],
      },
    },
  },
  {
    name: 'simple: Hello from 10.0.2.1',
    // FRR 8.4.4 ospfd, broadcast link a1-c1, area 1, simple password "s3cret"; frame 33 of frr.pcap.
    auth: AUTH.simple,
    bytes: hex('020100300101010100000001dcb400017333637265740000ffffff0000020201000000080a0002020a00020203030303'),
    packet: {
      header: {
        version: 2,
        type: 1,
        routerId: ip('1.1.1.1'),
        areaId: ip('0.0.0.1'),
        auth: { type: 1, password: u8('7333637265740000') },
      },
      body: {
        type: 1,
        mask: ip('255.255.255.0'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('10.0.2.2'),
        bdr: ip('10.0.2.2'),
        neighbors: [ip('3.3.3.3')],
      },
    },
  },
  {
    name: 'simple: Database Description from 10.0.2.2',
    // FRR 8.4.4 ospfd, broadcast link a1-c1, area 1, simple password "s3cret"; frame 54 of frr.pcap.
    auth: AUTH.simple,
    bytes: hex(
      '020200480303030300000001d3600001733363726574000005dc420161c73a9100000201030303030303030380000002f62b002400080205c00002000303030380000001717e0024',
    ),
    packet: {
      header: {
        version: 2,
        type: 2,
        routerId: ip('3.3.3.3'),
        areaId: ip('0.0.0.1'),
        auth: { type: 1, password: u8('7333637265740000') },
      },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x42,
        flags: 0x1,
        seq: 0x61c73a91,
        headers: [
          {
            age: 0,
            options: 0x2,
            type: 1,
            lsid: ip('3.3.3.3'),
            advRouter: ip('3.3.3.3'),
            seq: sq(0x80000002),
            checksum: 0xf62b,
            length: 36,
          },
          {
            age: 8,
            options: 0x2,
            type: 5,
            lsid: ip('192.0.2.0'),
            advRouter: ip('3.3.3.3'),
            seq: sq(0x80000001),
            checksum: 0x717e,
            length: 36,
          },
        ],
      },
    },
  },
  {
    name: 'simple: LS Request from 10.0.2.1',
    // FRR 8.4.4 ospfd, broadcast link a1-c1, area 1, simple password "s3cret"; frame 57 of frr.pcap.
    auth: AUTH.simple,
    bytes: hex('02030030010101010000000127b00001733363726574000000000001030303030303030300000005c000020003030303'),
    packet: {
      header: {
        version: 2,
        type: 3,
        routerId: ip('1.1.1.1'),
        areaId: ip('0.0.0.1'),
        auth: { type: 1, password: u8('7333637265740000') },
      },
      body: {
        type: 3,
        requests: [
          { type: 1, lsid: ip('3.3.3.3'), advRouter: ip('3.3.3.3') },
          { type: 5, lsid: ip('192.0.2.0'), advRouter: ip('3.3.3.3') },
        ],
      },
    },
  },
  {
    name: 'simple: LS Update from 10.0.2.1',
    // FRR 8.4.4 ospfd, broadcast link a1-c1, area 1, simple password "s3cret"; frame 58 of frr.pcap.
    auth: AUTH.simple,
    bytes: hex(
      '020401000101010100000001b903000173336372657400000000000700010201010101010101010180000003909f0024030000010a000200ffffff000300000a000102030a00010001010101800000022221001cffffff000000000a000902030a0003000101010180000001fb49001cfffffffc0000000a00090203c0a864000101010180000001afd1001cffffff000000000a000902050000000004040404800000019c2100240000000080000005000000000000000000090205c63364000101010180000001c0b50024ffffff000000001e0a0003020000004d00090205cb0071000101010180000001a4020024ffffff000000001e000000000000004d',
    ),
    packet: {
      header: {
        version: 2,
        type: 4,
        routerId: ip('1.1.1.1'),
        areaId: ip('0.0.0.1'),
        auth: { type: 1, password: u8('7333637265740000') },
      },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 1,
              options: 0x2,
              type: 1,
              lsid: ip('1.1.1.1'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000003),
              checksum: 0x909f,
              length: 36,
            },
            body: {
              kind: 'router',
              flags: 0x3,
              links: [{ linkId: ip('10.0.2.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] }],
            },
          },
          {
            header: {
              age: 1,
              options: 0x2,
              type: 3,
              lsid: ip('10.0.1.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000002),
              checksum: 0x2221,
              length: 28,
            },
            body: { kind: 'summary', mask: ip('255.255.255.0'), metric: 10, tos: [] },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 3,
              lsid: ip('10.0.3.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xfb49,
              length: 28,
            },
            body: { kind: 'summary', mask: ip('255.255.255.252'), metric: 10, tos: [] },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 3,
              lsid: ip('192.168.100.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xafd1,
              length: 28,
            },
            body: { kind: 'summary', mask: ip('255.255.255.0'), metric: 10, tos: [] },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 5,
              lsid: ip('0.0.0.0'),
              advRouter: ip('4.4.4.4'),
              seq: sq(0x80000001),
              checksum: 0x9c21,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('0.0.0.0'),
              e2: true,
              metric: 5,
              forwarding: ip('0.0.0.0'),
              tag: 0,
              tos: [],
            },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 5,
              lsid: ip('198.51.100.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xc0b5,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('255.255.255.0'),
              e2: false,
              metric: 30,
              forwarding: ip('10.0.3.2'),
              tag: 77,
              tos: [],
            },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 5,
              lsid: ip('203.0.113.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xa402,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('255.255.255.0'),
              e2: false,
              metric: 30,
              forwarding: ip('0.0.0.0'),
              tag: 77,
              tos: [],
            },
          },
        ],
      },
    },
  },
  {
    name: 'simple: LS Acknowledgment from 10.0.2.2',
    // FRR 8.4.4 ospfd, broadcast link a1-c1, area 1, simple password "s3cret"; frame 89 of frr.pcap.
    auth: AUTH.simple,
    bytes: hex('0205002c030303030000000181460001733363726574000000010204040404040101010180000001ea53001c'),
    packet: {
      header: {
        version: 2,
        type: 5,
        routerId: ip('3.3.3.3'),
        areaId: ip('0.0.0.1'),
        auth: { type: 1, password: u8('7333637265740000') },
      },
      body: {
        type: 5,
        headers: [
          {
            age: 1,
            options: 0x2,
            type: 4,
            lsid: ip('4.4.4.4'),
            advRouter: ip('1.1.1.1'),
            seq: sq(0x80000001),
            checksum: 0xea53,
            length: 28,
          },
        ],
      },
    },
  },
  {
    name: 'md5: Hello from 10.0.1.1',
    // FRR 8.4.4 ospfd, broadcast link a0-b0, keyed MD5, key 7 "md5-secret"; frame 37 of frr.pcap.
    auth: AUTH.md5,
    bytes: hex(
      '02010030010101010000000000000002000007106b06993fffffff0000020201000000080a0001020a0001020202020225a80ea2d216853fa0d51bf07a7e34fb',
    ),
    packet: {
      header: {
        version: 2,
        type: 1,
        routerId: ip('1.1.1.1'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 7, authDataLen: 16, seq: 0x6b06993f },
      },
      body: {
        type: 1,
        mask: ip('255.255.255.0'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('10.0.1.2'),
        bdr: ip('10.0.1.2'),
        neighbors: [ip('2.2.2.2')],
      },
    },
    cryptoSeq: 1795594559,
    keyId: 7,
  },
  {
    name: 'md5: Database Description from 10.0.1.2',
    // FRR 8.4.4 ospfd, broadcast link a0-b0, keyed MD5, key 7 "md5-secret"; frame 42 of frr.pcap.
    auth: AUTH.md5,
    bytes: hex(
      '02020034020202020000000000000002000007106b06994005dc42014769ec5a0000020102020202020202028000000234f80024b09ef4c340e237b448debafff358c115',
    ),
    packet: {
      header: {
        version: 2,
        type: 2,
        routerId: ip('2.2.2.2'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 7, authDataLen: 16, seq: 0x6b069940 },
      },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x42,
        flags: 0x1,
        seq: 0x4769ec5a,
        headers: [
          {
            age: 0,
            options: 0x2,
            type: 1,
            lsid: ip('2.2.2.2'),
            advRouter: ip('2.2.2.2'),
            seq: sq(0x80000002),
            checksum: 0x34f8,
            length: 36,
          },
        ],
      },
    },
    cryptoSeq: 1795594560,
    keyId: 7,
  },
  {
    name: 'md5: LS Request from 10.0.1.1',
    // FRR 8.4.4 ospfd, broadcast link a0-b0, keyed MD5, key 7 "md5-secret"; frame 45 of frr.pcap.
    auth: AUTH.md5,
    bytes: hex(
      '02030024010101010000000000000002000007106b069943000000010202020202020202fc261e21a4e1c0164375880b9fa599fb',
    ),
    packet: {
      header: {
        version: 2,
        type: 3,
        routerId: ip('1.1.1.1'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 7, authDataLen: 16, seq: 0x6b069943 },
      },
      body: { type: 3, requests: [{ type: 1, lsid: ip('2.2.2.2'), advRouter: ip('2.2.2.2') }] },
    },
    cryptoSeq: 1795594563,
    keyId: 7,
  },
  {
    name: 'md5: LS Update from 10.0.1.1',
    // FRR 8.4.4 ospfd, broadcast link a0-b0, keyed MD5, key 7 "md5-secret"; frame 47 of frr.pcap.
    auth: AUTH.md5,
    bytes: hex(
      '02040110010101010000000000000002000007106b0699440000000600010201010101010101010180000007b5350048030000040a000100ffffff000300000a040404040a0003010100000a0a000300fffffffc0300000ac0a86400ffffff000300000a000902010404040404040404800000018b910024020000010a000300fffffffc0300000a000902030a0002000101010180000001192a001cffffff000000000a000902050000000004040404800000019c2100240000000080000005000000000000000000090205c63364000101010180000001c0b50024ffffff000000001e0a0003020000004d00090205cb0071000101010180000001a4020024ffffff000000001e000000000000004da9fd7476fed39cbcb408dd3331fdcac0',
    ),
    packet: {
      header: {
        version: 2,
        type: 4,
        routerId: ip('1.1.1.1'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 7, authDataLen: 16, seq: 0x6b069944 },
      },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 1,
              options: 0x2,
              type: 1,
              lsid: ip('1.1.1.1'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000007),
              checksum: 0xb535,
              length: 72,
            },
            body: {
              kind: 'router',
              flags: 0x3,
              links: [
                { linkId: ip('10.0.1.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
                { linkId: ip('4.4.4.4'), linkData: ip('10.0.3.1'), type: 1, metric: 10, tos: [] },
                { linkId: ip('10.0.3.0'), linkData: ip('255.255.255.252'), type: 3, metric: 10, tos: [] },
                { linkId: ip('192.168.100.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
              ],
            },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 1,
              lsid: ip('4.4.4.4'),
              advRouter: ip('4.4.4.4'),
              seq: sq(0x80000001),
              checksum: 0x8b91,
              length: 36,
            },
            body: {
              kind: 'router',
              flags: 0x2,
              links: [{ linkId: ip('10.0.3.0'), linkData: ip('255.255.255.252'), type: 3, metric: 10, tos: [] }],
            },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 3,
              lsid: ip('10.0.2.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0x192a,
              length: 28,
            },
            body: { kind: 'summary', mask: ip('255.255.255.0'), metric: 10, tos: [] },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 5,
              lsid: ip('0.0.0.0'),
              advRouter: ip('4.4.4.4'),
              seq: sq(0x80000001),
              checksum: 0x9c21,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('0.0.0.0'),
              e2: true,
              metric: 5,
              forwarding: ip('0.0.0.0'),
              tag: 0,
              tos: [],
            },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 5,
              lsid: ip('198.51.100.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xc0b5,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('255.255.255.0'),
              e2: false,
              metric: 30,
              forwarding: ip('10.0.3.2'),
              tag: 77,
              tos: [],
            },
          },
          {
            header: {
              age: 9,
              options: 0x2,
              type: 5,
              lsid: ip('203.0.113.0'),
              advRouter: ip('1.1.1.1'),
              seq: sq(0x80000001),
              checksum: 0xa402,
              length: 36,
            },
            body: {
              kind: 'external',
              mask: ip('255.255.255.0'),
              e2: false,
              metric: 30,
              forwarding: ip('0.0.0.0'),
              tag: 77,
              tos: [],
            },
          },
        ],
      },
    },
    cryptoSeq: 1795594564,
    keyId: 7,
  },
  {
    name: 'md5: LS Acknowledgment from 10.0.1.2',
    // FRR 8.4.4 ospfd, broadcast link a0-b0, keyed MD5, key 7 "md5-secret"; frame 49 of frr.pcap.
    auth: AUTH.md5,
    bytes: hex(
      '0205002c020202020000000000000002000007106b06994300010201010101010101010180000007b535004884fb806387ce2329d64cdff215bd1df6',
    ),
    packet: {
      header: {
        version: 2,
        type: 5,
        routerId: ip('2.2.2.2'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 7, authDataLen: 16, seq: 0x6b069943 },
      },
      body: {
        type: 5,
        headers: [
          {
            age: 1,
            options: 0x2,
            type: 1,
            lsid: ip('1.1.1.1'),
            advRouter: ip('1.1.1.1'),
            seq: sq(0x80000007),
            checksum: 0xb535,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594563,
    keyId: 7,
  },
];
