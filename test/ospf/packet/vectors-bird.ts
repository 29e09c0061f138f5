/**
 * Packet vectors captured from BIRD 2.0.12 (test/ospf/packet/capture.sh): one packet of each type on each of four
 * links with RFC 5709 HMAC-SHA-1, -256, -384 and -512 authentication (Apad, Auth Data Len = L, no checksum).
 * FRR 8.4 has no HMAC-SHA for OSPFv2, hence BIRD. Checked against tshark 4's dissection as for the FRR vectors.
 */

import { AUTH, hex, ip, sq } from './util.js';
import type { PacketVector } from './vectors-frr.js';

export const BIRD_VECTORS: PacketVector[] = [
  {
    name: 'sha1: Hello from 10.1.1.1',
    // BIRD 2.0.12, broadcast link e1-f1, HMAC-SHA-1, key 1 "sha1-key"; frame 33 of bird.pcap.
    auth: AUTH.sha1,
    bytes: hex(
      '02010030050505050000000000000002000001146b06993cffffff0000020201000000080a0101020a0101020606060611952adcefaa41c602becf82cda4a2f3fc5c925c',
    ),
    packet: {
      header: {
        version: 2,
        type: 1,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 1, authDataLen: 20, seq: 0x6b06993c },
      },
      body: {
        type: 1,
        mask: ip('255.255.255.0'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('10.1.1.2'),
        bdr: ip('10.1.1.2'),
        neighbors: [ip('6.6.6.6')],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 1,
  },
  {
    name: 'sha1: Database Description from 10.1.1.1',
    // BIRD 2.0.12, broadcast link e1-f1, HMAC-SHA-1, key 1 "sha1-key"; frame 37 of bird.pcap.
    auth: AUTH.sha1,
    bytes: hex(
      '02020034050505050000000000000002000001146b06993c05dc4200d9dbd4d10007420105050505050505058000000189d2004874554c3859fffb5b0475f73b554e216b77902dbf',
    ),
    packet: {
      header: {
        version: 2,
        type: 2,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 1, authDataLen: 20, seq: 0x6b06993c },
      },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x42,
        flags: 0x0,
        seq: 0xd9dbd4d1,
        headers: [
          {
            age: 7,
            options: 0x42,
            type: 1,
            lsid: ip('5.5.5.5'),
            advRouter: ip('5.5.5.5'),
            seq: sq(0x80000001),
            checksum: 0x89d2,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 1,
  },
  {
    name: 'sha1: LS Request from 10.1.1.1',
    // BIRD 2.0.12, broadcast link e1-f1, HMAC-SHA-1, key 1 "sha1-key"; frame 40 of bird.pcap.
    auth: AUTH.sha1,
    bytes: hex(
      '02030024050505050000000000000002000001146b06993c00000001060606060606060601598db78833e190c55dd061fe73803d10ebccfe',
    ),
    packet: {
      header: {
        version: 2,
        type: 3,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 1, authDataLen: 20, seq: 0x6b06993c },
      },
      body: { type: 3, requests: [{ type: 1, lsid: ip('6.6.6.6'), advRouter: ip('6.6.6.6') }] },
    },
    cryptoSeq: 1795594556,
    keyId: 1,
  },
  {
    name: 'sha1: LS Update from 10.1.1.1',
    // BIRD 2.0.12, broadcast link e1-f1, HMAC-SHA-1, key 1 "sha1-key"; frame 85 of bird.pcap.
    auth: AUTH.sha1,
    bytes: hex(
      '020400e4050505050000000000000002000001146b06993d000000050002420106060606060606068000000211ff0048000000040a0101020a0101020200000a0a0102020a0102020200000a0a0103020a0103020200000a0a0104020a0104020200000a000242020a010102060606068000000123a40020ffffff000606060605050505000242020a010202060606068000000118ae0020ffffff000606060605050505000242020a01030206060606800000010db80020ffffff000606060605050505000242020a010402060606068000000102c20020ffffff00060606060505050565d6e224cf344938de5088bbd0f7674ee5f46a23',
    ),
    packet: {
      header: {
        version: 2,
        type: 4,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 1, authDataLen: 20, seq: 0x6b06993d },
      },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 2,
              options: 0x42,
              type: 1,
              lsid: ip('6.6.6.6'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000002),
              checksum: 0x11ff,
              length: 72,
            },
            body: {
              kind: 'router',
              flags: 0x0,
              links: [
                { linkId: ip('10.1.1.2'), linkData: ip('10.1.1.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.2.2'), linkData: ip('10.1.2.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.3.2'), linkData: ip('10.1.3.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.4.2'), linkData: ip('10.1.4.2'), type: 2, metric: 10, tos: [] },
              ],
            },
          },
          {
            header: {
              age: 2,
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
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.2.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x18ae,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.3.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0xdb8,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.4.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x2c2,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
        ],
      },
    },
    cryptoSeq: 1795594557,
    keyId: 1,
  },
  {
    name: 'sha1: LS Acknowledgment from 10.1.1.1',
    // BIRD 2.0.12, broadcast link e1-f1, HMAC-SHA-1, key 1 "sha1-key"; frame 44 of bird.pcap.
    auth: AUTH.sha1,
    bytes: hex(
      '0205002c050505050000000000000002000001146b06993c000842010606060606060606800000013d170048605172e2b620a9433f6b52e7fa665d905bda8eb4',
    ),
    packet: {
      header: {
        version: 2,
        type: 5,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 1, authDataLen: 20, seq: 0x6b06993c },
      },
      body: {
        type: 5,
        headers: [
          {
            age: 8,
            options: 0x42,
            type: 1,
            lsid: ip('6.6.6.6'),
            advRouter: ip('6.6.6.6'),
            seq: sq(0x80000001),
            checksum: 0x3d17,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 1,
  },
  {
    name: 'sha256: Hello from 10.1.2.1',
    // BIRD 2.0.12, broadcast link e2-f2, HMAC-SHA-256, key 2 "sha256-key"; frame 96 of bird.pcap.
    auth: AUTH.sha256,
    bytes: hex(
      '02010030050505050000000000000002000002206b06993dffffff0000020201000000080a0102020a010202060606061e80bcc26a2dd79f7372e6283a1b082bc6cc0939fc6a40d4618d243109cc1f49',
    ),
    packet: {
      header: {
        version: 2,
        type: 1,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 2, authDataLen: 32, seq: 0x6b06993d },
      },
      body: {
        type: 1,
        mask: ip('255.255.255.0'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('10.1.2.2'),
        bdr: ip('10.1.2.2'),
        neighbors: [ip('6.6.6.6')],
      },
    },
    cryptoSeq: 1795594557,
    keyId: 2,
  },
  {
    name: 'sha256: Database Description from 10.1.2.1',
    // BIRD 2.0.12, broadcast link e2-f2, HMAC-SHA-256, key 2 "sha256-key"; frame 50 of bird.pcap.
    auth: AUTH.sha256,
    bytes: hex(
      '02020034050505050000000000000002000002206b06993c05dc4200712689ad0007420105050505050505058000000189d2004845051877e020c33c5ecd2506953abd0d3e6f28b28148f04b2cbfe36518d9a259',
    ),
    packet: {
      header: {
        version: 2,
        type: 2,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 2, authDataLen: 32, seq: 0x6b06993c },
      },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x42,
        flags: 0x0,
        seq: 0x712689ad,
        headers: [
          {
            age: 7,
            options: 0x42,
            type: 1,
            lsid: ip('5.5.5.5'),
            advRouter: ip('5.5.5.5'),
            seq: sq(0x80000001),
            checksum: 0x89d2,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 2,
  },
  {
    name: 'sha256: LS Request from 10.1.2.1',
    // BIRD 2.0.12, broadcast link e2-f2, HMAC-SHA-256, key 2 "sha256-key"; frame 53 of bird.pcap.
    auth: AUTH.sha256,
    bytes: hex(
      '02030024050505050000000000000002000002206b06993c0000000106060606060606068229c1474e0a0c69837c6e63a47887cd1b07123b1e8a3de21f04e87da63bc7c7',
    ),
    packet: {
      header: {
        version: 2,
        type: 3,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 2, authDataLen: 32, seq: 0x6b06993c },
      },
      body: { type: 3, requests: [{ type: 1, lsid: ip('6.6.6.6'), advRouter: ip('6.6.6.6') }] },
    },
    cryptoSeq: 1795594556,
    keyId: 2,
  },
  {
    name: 'sha256: LS Update from 10.1.2.1',
    // BIRD 2.0.12, broadcast link e2-f2, HMAC-SHA-256, key 2 "sha256-key"; frame 88 of bird.pcap.
    auth: AUTH.sha256,
    bytes: hex(
      '020400e4050505050000000000000002000002206b06993d000000050002420106060606060606068000000211ff0048000000040a0101020a0101020200000a0a0102020a0102020200000a0a0103020a0103020200000a0a0104020a0104020200000a000242020a010102060606068000000123a40020ffffff000606060605050505000242020a010202060606068000000118ae0020ffffff000606060605050505000242020a01030206060606800000010db80020ffffff000606060605050505000242020a010402060606068000000102c20020ffffff0006060606050505050c87c18dccc534c88fdbb93da80db7f0eaddb393cff59f6b5268709e50edb619',
    ),
    packet: {
      header: {
        version: 2,
        type: 4,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 2, authDataLen: 32, seq: 0x6b06993d },
      },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 2,
              options: 0x42,
              type: 1,
              lsid: ip('6.6.6.6'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000002),
              checksum: 0x11ff,
              length: 72,
            },
            body: {
              kind: 'router',
              flags: 0x0,
              links: [
                { linkId: ip('10.1.1.2'), linkData: ip('10.1.1.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.2.2'), linkData: ip('10.1.2.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.3.2'), linkData: ip('10.1.3.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.4.2'), linkData: ip('10.1.4.2'), type: 2, metric: 10, tos: [] },
              ],
            },
          },
          {
            header: {
              age: 2,
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
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.2.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x18ae,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.3.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0xdb8,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.4.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x2c2,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
        ],
      },
    },
    cryptoSeq: 1795594557,
    keyId: 2,
  },
  {
    name: 'sha256: LS Acknowledgment from 10.1.2.1',
    // BIRD 2.0.12, broadcast link e2-f2, HMAC-SHA-256, key 2 "sha256-key"; frame 57 of bird.pcap.
    auth: AUTH.sha256,
    bytes: hex(
      '0205002c050505050000000000000002000002206b06993c000842010606060606060606800000013d170048042494dbf70a3ccf65b63196dea740bcdc3d26d6aa794f08d8399a3c70c68aac',
    ),
    packet: {
      header: {
        version: 2,
        type: 5,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 2, authDataLen: 32, seq: 0x6b06993c },
      },
      body: {
        type: 5,
        headers: [
          {
            age: 8,
            options: 0x42,
            type: 1,
            lsid: ip('6.6.6.6'),
            advRouter: ip('6.6.6.6'),
            seq: sq(0x80000001),
            checksum: 0x3d17,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 2,
  },
  {
    name: 'sha384: Hello from 10.1.3.1',
    // BIRD 2.0.12, broadcast link e3-f3, HMAC-SHA-384, key 3 "sha384-key"; frame 59 of bird.pcap.
    auth: AUTH.sha384,
    bytes: hex(
      '02010030050505050000000000000002000003306b06993cffffff0000020201000000080a0103020a010302060606060013d3bf86f11606657d3f012a688d390c92a3ce74b32db601ee752652f0e93e46c4a124e4977c9d1ba8f4db4d56fa00',
    ),
    packet: {
      header: {
        version: 2,
        type: 1,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 3, authDataLen: 48, seq: 0x6b06993c },
      },
      body: {
        type: 1,
        mask: ip('255.255.255.0'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('10.1.3.2'),
        bdr: ip('10.1.3.2'),
        neighbors: [ip('6.6.6.6')],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 3,
  },
  {
    name: 'sha384: Database Description from 10.1.3.1',
    // BIRD 2.0.12, broadcast link e3-f3, HMAC-SHA-384, key 3 "sha384-key"; frame 63 of bird.pcap.
    auth: AUTH.sha384,
    bytes: hex(
      '02020034050505050000000000000002000003306b06993c05dc4200b3c345a40007420105050505050505058000000189d2004834803ed5653826a0357a58935dc77a69f521be06c815675d76ff88f87b65548d05d1760366e7286bcd8597de692ea2dd',
    ),
    packet: {
      header: {
        version: 2,
        type: 2,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 3, authDataLen: 48, seq: 0x6b06993c },
      },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x42,
        flags: 0x0,
        seq: 0xb3c345a4,
        headers: [
          {
            age: 7,
            options: 0x42,
            type: 1,
            lsid: ip('5.5.5.5'),
            advRouter: ip('5.5.5.5'),
            seq: sq(0x80000001),
            checksum: 0x89d2,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 3,
  },
  {
    name: 'sha384: LS Request from 10.1.3.1',
    // BIRD 2.0.12, broadcast link e3-f3, HMAC-SHA-384, key 3 "sha384-key"; frame 66 of bird.pcap.
    auth: AUTH.sha384,
    bytes: hex(
      '02030024050505050000000000000002000003306b06993c0000000106060606060606061d9e20e5ea1c392f40ec39ed7ba54eb99cd076de407d0b36f5817cc33c882b3914f341ccf18e0197a414897393a923a9',
    ),
    packet: {
      header: {
        version: 2,
        type: 3,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 3, authDataLen: 48, seq: 0x6b06993c },
      },
      body: { type: 3, requests: [{ type: 1, lsid: ip('6.6.6.6'), advRouter: ip('6.6.6.6') }] },
    },
    cryptoSeq: 1795594556,
    keyId: 3,
  },
  {
    name: 'sha384: LS Update from 10.1.3.1',
    // BIRD 2.0.12, broadcast link e3-f3, HMAC-SHA-384, key 3 "sha384-key"; frame 91 of bird.pcap.
    auth: AUTH.sha384,
    bytes: hex(
      '020400e4050505050000000000000002000003306b06993d000000050002420106060606060606068000000211ff0048000000040a0101020a0101020200000a0a0102020a0102020200000a0a0103020a0103020200000a0a0104020a0104020200000a000242020a010102060606068000000123a40020ffffff000606060605050505000242020a010202060606068000000118ae0020ffffff000606060605050505000242020a01030206060606800000010db80020ffffff000606060605050505000242020a010402060606068000000102c20020ffffff00060606060505050567d9e667d04b7f93feeb21d207839081e5d4b89fbde784a1cf25e11bf090639021718f516b5750aee2fc2d478221dea6',
    ),
    packet: {
      header: {
        version: 2,
        type: 4,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 3, authDataLen: 48, seq: 0x6b06993d },
      },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 2,
              options: 0x42,
              type: 1,
              lsid: ip('6.6.6.6'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000002),
              checksum: 0x11ff,
              length: 72,
            },
            body: {
              kind: 'router',
              flags: 0x0,
              links: [
                { linkId: ip('10.1.1.2'), linkData: ip('10.1.1.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.2.2'), linkData: ip('10.1.2.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.3.2'), linkData: ip('10.1.3.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.4.2'), linkData: ip('10.1.4.2'), type: 2, metric: 10, tos: [] },
              ],
            },
          },
          {
            header: {
              age: 2,
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
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.2.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x18ae,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.3.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0xdb8,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 2,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.4.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x2c2,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
        ],
      },
    },
    cryptoSeq: 1795594557,
    keyId: 3,
  },
  {
    name: 'sha384: LS Acknowledgment from 10.1.3.1',
    // BIRD 2.0.12, broadcast link e3-f3, HMAC-SHA-384, key 3 "sha384-key"; frame 70 of bird.pcap.
    auth: AUTH.sha384,
    bytes: hex(
      '0205002c050505050000000000000002000003306b06993c000842010606060606060606800000013d1700484d044d87f5b9839f7bb3ad541b7e0834bf2a7819eb57100cb2eaf9114b00db652f7d1b2954fb201c709b9f3d5336048c',
    ),
    packet: {
      header: {
        version: 2,
        type: 5,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 3, authDataLen: 48, seq: 0x6b06993c },
      },
      body: {
        type: 5,
        headers: [
          {
            age: 8,
            options: 0x42,
            type: 1,
            lsid: ip('6.6.6.6'),
            advRouter: ip('6.6.6.6'),
            seq: sq(0x80000001),
            checksum: 0x3d17,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 3,
  },
  {
    name: 'sha512: Hello from 10.1.4.1',
    // BIRD 2.0.12, broadcast link e4-f4, HMAC-SHA-512, key 4 "sha512-key"; frame 72 of bird.pcap.
    auth: AUTH.sha512,
    bytes: hex(
      '02010030050505050000000000000002000004406b06993cffffff0000020201000000080a0104020a0104020606060614a8cdd0318dcdda0cc82b959ff2d1cedaf718c57633c78ce8c5c04a5f4e1bc223e9e68c7ab577e83786a35a2d2d2495734f405d8b50eaed1393cf5b392bed99',
    ),
    packet: {
      header: {
        version: 2,
        type: 1,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 4, authDataLen: 64, seq: 0x6b06993c },
      },
      body: {
        type: 1,
        mask: ip('255.255.255.0'),
        helloInterval: 2,
        options: 0x2,
        priority: 1,
        deadInterval: 8,
        dr: ip('10.1.4.2'),
        bdr: ip('10.1.4.2'),
        neighbors: [ip('6.6.6.6')],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 4,
  },
  {
    name: 'sha512: Database Description from 10.1.4.1',
    // BIRD 2.0.12, broadcast link e4-f4, HMAC-SHA-512, key 4 "sha512-key"; frame 76 of bird.pcap.
    auth: AUTH.sha512,
    bytes: hex(
      '02020034050505050000000000000002000004406b06993c05dc4200df7fbe260007420105050505050505058000000189d200481cc877124f99c00a27e52b1edceb3b05926382233eebaed4ac27d361d7719bdb49a08a1f3126a41c7f30fbd60fb28c803ecaa78d1a1a7d3c7b833e66ec61e1a0',
    ),
    packet: {
      header: {
        version: 2,
        type: 2,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 4, authDataLen: 64, seq: 0x6b06993c },
      },
      body: {
        type: 2,
        mtu: 1500,
        options: 0x42,
        flags: 0x0,
        seq: 0xdf7fbe26,
        headers: [
          {
            age: 7,
            options: 0x42,
            type: 1,
            lsid: ip('5.5.5.5'),
            advRouter: ip('5.5.5.5'),
            seq: sq(0x80000001),
            checksum: 0x89d2,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594556,
    keyId: 4,
  },
  {
    name: 'sha512: LS Request from 10.1.4.1',
    // BIRD 2.0.12, broadcast link e4-f4, HMAC-SHA-512, key 4 "sha512-key"; frame 79 of bird.pcap.
    auth: AUTH.sha512,
    bytes: hex(
      '02030024050505050000000000000002000004406b06993c000000010606060606060606805d90aa6de7fcabef45738bde5d4aa3d4820878c283784bcd9ffca0e2850d20a3efb1dc22a2f7a93f65e8d0f1357dfa9c19e40acf2ab3d65499aa27d37b6680',
    ),
    packet: {
      header: {
        version: 2,
        type: 3,
        routerId: ip('5.5.5.5'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 4, authDataLen: 64, seq: 0x6b06993c },
      },
      body: { type: 3, requests: [{ type: 1, lsid: ip('6.6.6.6'), advRouter: ip('6.6.6.6') }] },
    },
    cryptoSeq: 1795594556,
    keyId: 4,
  },
  {
    name: 'sha512: LS Update from 10.1.4.2',
    // BIRD 2.0.12, broadcast link e4-f4, HMAC-SHA-512, key 4 "sha512-key"; frame 93 of bird.pcap.
    auth: AUTH.sha512,
    bytes: hex(
      '020400e4060606060000000000000002000004406b06993d000000050001420106060606060606068000000211ff0048000000040a0101020a0101020200000a0a0102020a0102020200000a0a0103020a0103020200000a0a0104020a0104020200000a000142020a010102060606068000000123a40020ffffff000606060605050505000142020a010202060606068000000118ae0020ffffff000606060605050505000142020a01030206060606800000010db80020ffffff000606060605050505000142020a010402060606068000000102c20020ffffff0006060606050505052ec7ba1aa5235245bc9906e77a85369af12438a60a84aa5f2597088b14a9e4dc1396efce164f76b5123c2ff9d9188eb52649cae8c2c42eb673dc40a69a611f45',
    ),
    packet: {
      header: {
        version: 2,
        type: 4,
        routerId: ip('6.6.6.6'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 4, authDataLen: 64, seq: 0x6b06993d },
      },
      body: {
        type: 4,
        lsas: [
          {
            header: {
              age: 1,
              options: 0x42,
              type: 1,
              lsid: ip('6.6.6.6'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000002),
              checksum: 0x11ff,
              length: 72,
            },
            body: {
              kind: 'router',
              flags: 0x0,
              links: [
                { linkId: ip('10.1.1.2'), linkData: ip('10.1.1.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.2.2'), linkData: ip('10.1.2.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.3.2'), linkData: ip('10.1.3.2'), type: 2, metric: 10, tos: [] },
                { linkId: ip('10.1.4.2'), linkData: ip('10.1.4.2'), type: 2, metric: 10, tos: [] },
              ],
            },
          },
          {
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
          {
            header: {
              age: 1,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.2.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x18ae,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 1,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.3.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0xdb8,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
          {
            header: {
              age: 1,
              options: 0x42,
              type: 2,
              lsid: ip('10.1.4.2'),
              advRouter: ip('6.6.6.6'),
              seq: sq(0x80000001),
              checksum: 0x2c2,
              length: 32,
            },
            body: { kind: 'network', mask: ip('255.255.255.0'), attached: [ip('6.6.6.6'), ip('5.5.5.5')] },
          },
        ],
      },
    },
    cryptoSeq: 1795594557,
    keyId: 4,
  },
  {
    name: 'sha512: LS Acknowledgment from 10.1.4.2',
    // BIRD 2.0.12, broadcast link e4-f4, HMAC-SHA-512, key 4 "sha512-key"; frame 105 of bird.pcap.
    auth: AUTH.sha512,
    bytes: hex(
      '02050040060606060000000000000002000004406b06993d0008420105050505050505058000000189d2004800014201050505050505050580000002dc40004848296b9a478ead4def5409e558cfd5005e229f96701fe59413572c3301805a238c6de9c33efdfe31387266e93281d2f823dd336dcc5551e4aa48c2638bafa64c',
    ),
    packet: {
      header: {
        version: 2,
        type: 5,
        routerId: ip('6.6.6.6'),
        areaId: ip('0.0.0.0'),
        auth: { type: 2, keyId: 4, authDataLen: 64, seq: 0x6b06993d },
      },
      body: {
        type: 5,
        headers: [
          {
            age: 8,
            options: 0x42,
            type: 1,
            lsid: ip('5.5.5.5'),
            advRouter: ip('5.5.5.5'),
            seq: sq(0x80000001),
            checksum: 0x89d2,
            length: 72,
          },
          {
            age: 1,
            options: 0x42,
            type: 1,
            lsid: ip('5.5.5.5'),
            advRouter: ip('5.5.5.5'),
            seq: sq(0x80000002),
            checksum: 0xdc40,
            length: 72,
          },
        ],
      },
    },
    cryptoSeq: 1795594557,
    keyId: 4,
  },
];
