/**
 * One LSA of each type, cut out of the LS Updates of the captures (test/ospf/packet/capture.sh): FRR 8.4.4 router-,
 * network-, summary- (3 and 4), AS-external (E1 with a forwarding address and a tag, E2), Grace (opaque type 9,
 * RFC 3623), router-information (opaque 10 and 11, RFC 7770) LSAs, and a BIRD 2 router- and network-LSA. Their
 * checksums are the ones the originators computed (the FRR ones also appear in `show ip ospf database`).
 */
import type { Lsa } from '../../../ospf/packet/types.js';
import { hex, ip, sq, u8 } from './util.js';

export interface LsaVector {
  name: string;
  bytes: Buffer;
  lsa: Lsa;
}

export const LSA_VECTORS: LsaVector[] = [
  {
    name: 'BIRD router-LSA (transit links)',
    // BIRD 2.0.12: an LS Update from 10.1.1.1, frame 42 of bird.pcap.
    bytes: hex(
      '0008420105050505050505058000000189d20048000000040a010100ffffff000300000a0a010200ffffff000300000a0a010300ffffff000300000a0a010400ffffff000300000a',
    ),
    lsa: {
      header: {
        age: 8,
        options: 0x42,
        type: 1,
        lsid: ip('5.5.5.5'),
        advRouter: ip('5.5.5.5'),
        seq: sq(0x80000001),
        checksum: 0x89d2,
        length: 72,
      },
      body: {
        kind: 'router',
        flags: 0x0,
        links: [
          { linkId: ip('10.1.1.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
          { linkId: ip('10.1.2.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
          { linkId: ip('10.1.3.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
          { linkId: ip('10.1.4.0'), linkData: ip('255.255.255.0'), type: 3, metric: 10, tos: [] },
        ],
      },
    },
  },
  {
    name: 'BIRD network-LSA',
    // BIRD 2.0.12: an LS Update from 10.1.1.2, frame 84 of bird.pcap.
    bytes: hex('000142020a010102060606068000000123a40020ffffff000606060605050505'),
    lsa: {
      header: {
        age: 1,
        options: 0x42,
        type: 2,
        lsid: ip('10.1.1.2'),
        advRouter: ip('6.6.6.6'),
        seq: sq(0x80000001),
        checksum: 0x23a4,
        length: 32,
      },
      body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
    },
  },
  {
    name: 'FRR router-information opaque LSA, area scope (type 10)',
    // FRR 8.4.4: an LS Update from 10.0.2.1, frame 94 of frr.pcap.
    bytes: hex('0001420a0400000001010101800000017f79001c0001000410000000'),
    lsa: {
      header: {
        age: 1,
        options: 0x42,
        type: 10,
        lsid: ip('4.0.0.0'),
        advRouter: ip('1.1.1.1'),
        seq: sq(0x80000001),
        checksum: 0x7f79,
        length: 28,
      },
      body: { kind: 'opaque', data: u8('0001000410000000') },
    },
  },
  {
    name: 'FRR router-information opaque LSA, AS scope (type 11)',
    // FRR 8.4.4: an LS Update from 10.0.2.2, frame 124 of frr.pcap.
    bytes: hex('0001420b04000000030303038000000135ba001c0001000410000000'),
    lsa: {
      header: {
        age: 1,
        options: 0x42,
        type: 11,
        lsid: ip('4.0.0.0'),
        advRouter: ip('3.3.3.3'),
        seq: sq(0x80000001),
        checksum: 0x35ba,
        length: 28,
      },
      body: { kind: 'opaque', data: u8('0001000410000000') },
    },
  },
  {
    name: 'FRR router-LSA',
    // FRR 8.4.4: an LS Update from 10.0.3.2, frame 10 of frr.pcap.
    bytes: hex('000202010404040404040404800000018b910024020000010a000300fffffffc0300000a'),
    lsa: {
      header: {
        age: 2,
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
  },
  {
    name: 'FRR network-LSA',
    // FRR 8.4.4: an LS Update from 10.0.3.1, frame 66 of frr.pcap.
    bytes: hex('000202020a00010202020202800000012a0f0020ffffff000101010102020202'),
    lsa: {
      header: {
        age: 2,
        options: 0x2,
        type: 2,
        lsid: ip('10.0.1.2'),
        advRouter: ip('2.2.2.2'),
        seq: sq(0x80000001),
        checksum: 0x2a0f,
        length: 32,
      },
      body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('1.1.1.1'), ip('2.2.2.2')] },
    },
  },
  {
    name: 'FRR summary-LSA (type 3)',
    // FRR 8.4.4: an LS Update from 10.0.3.1, frame 11 of frr.pcap.
    bytes: hex('000202030a0002000101010180000001192a001cffffff000000000a'),
    lsa: {
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
  },
  {
    name: 'FRR ASBR-summary-LSA (type 4)',
    // FRR 8.4.4: an LS Update from 10.0.3.1, frame 127 of frr.pcap.
    bytes: hex('000102040303030301010101800000011929001c000000000000000a'),
    lsa: {
      header: {
        age: 1,
        options: 0x2,
        type: 4,
        lsid: ip('3.3.3.3'),
        advRouter: ip('1.1.1.1'),
        seq: sq(0x80000001),
        checksum: 0x1929,
        length: 28,
      },
      body: { kind: 'summary', mask: ip('0.0.0.0'), metric: 10, tos: [] },
    },
  },
  {
    name: 'FRR AS-external-LSA, E1, forwarding address and tag',
    // FRR 8.4.4: an LS Update from 10.0.3.1, frame 11 of frr.pcap.
    bytes: hex('00030205c63364000101010180000001c0b50024ffffff000000001e0a0003020000004d'),
    lsa: {
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
  },
  {
    name: 'FRR AS-external-LSA, E2 default route',
    // FRR 8.4.4: an LS Update from 10.0.3.2, frame 10 of frr.pcap.
    bytes: hex('000202050000000004040404800000019c21002400000000800000050000000000000000'),
    lsa: {
      header: {
        age: 2,
        options: 0x2,
        type: 5,
        lsid: ip('0.0.0.0'),
        advRouter: ip('4.4.4.4'),
        seq: sq(0x80000001),
        checksum: 0x9c21,
        length: 36,
      },
      body: { kind: 'external', mask: ip('0.0.0.0'), e2: true, metric: 5, forwarding: ip('0.0.0.0'), tag: 0, tos: [] },
    },
  },
  {
    name: 'FRR Grace-LSA (opaque type 9, RFC 3623)',
    // FRR 8.4.4: an LS Update from 10.0.2.1, frame 238 of frr.pcap.
    bytes: hex('00014209030000000101010180000001fb6e002c00010004000000780002000101000000000300040a000201'),
    lsa: {
      header: {
        age: 1,
        options: 0x42,
        type: 9,
        lsid: ip('3.0.0.0'),
        advRouter: ip('1.1.1.1'),
        seq: sq(0x80000001),
        checksum: 0xfb6e,
        length: 44,
      },
      body: { kind: 'opaque', data: u8('00010004000000780002000101000000000300040a000201') },
    },
  },
];
