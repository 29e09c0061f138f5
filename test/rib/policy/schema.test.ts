import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { applyRouteMap } from '../../../rib/policy/route-map.js';
import { type PolicyCfg, PolicyCfgSchema } from '../../../rib/policy/schema.js';
import { compiled, pfx } from './helpers.js';

const EXAMPLE = `
prefixLists:
  TOR-IN:
    - { seq: 10, action: permit, prefix: 10.0.0.0/8, le: 24 }
    - { seq: 15, action: permit, prefix: "2001:db8::/32", ge: 48, le: 64 }
    - { action: deny, prefix: 0.0.0.0/0, le: 32 }
  NEXT-HOPS:
    - { action: permit, prefix: 192.0.2.0/24, le: 32 }
asPathLists:
  FROM-TOR: [ { action: permit, regex: "^65001_" } ]
communityLists:
  NO-EXPORT: [ { action: permit, communities: ["65000:100", "no-export"] } ]
  CUSTOMER: [ { action: permit, regex: "^65000:1[0-9][0-9]$" } ]
largeCommunityLists:
  REGION: [ { action: permit, communities: ["65000:1:2"] } ]
routeMaps:
  HOST-IN:
    - seq: 10
      action: permit
      description: routes from the ToR
      match:
        prefixList: TOR-IN
        asPathList: FROM-TOR
        community: { list: CUSTOMER }
        nextHop: { prefixList: NEXT-HOPS }
        protocol: bgp
      set:
        localPref: 200
        med: "+10"
        weight: 100
        nextHop: peer-address
        asPathPrepend: [65000, 65000]
        community: { add: ["65000:999"], remove: ["no-export"] }
        largeCommunity: { add: ["65000:3:4"] }
        origin: igp
      onMatch: next
    - seq: 20
      action: permit
      match: { largeCommunity: REGION }
      set: { community: { removeList: CUSTOMER } }
      onMatch: { goto: 40 }
    - seq: 30
      action: deny
    - seq: 40
      action: permit
  EXPORT:
    - { action: permit, match: { protocol: [connected, static] }, set: { community: { none: true } } }
`;

test('the documented YAML example validates (TypeBox and Ajv) and compiles', () => {
  const doc = parse(EXAMPLE) as unknown;
  assert.ok(Value.Check(PolicyCfgSchema, doc), JSON.stringify([...Value.Errors(PolicyCfgSchema, doc)].slice(0, 3)));
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.ok(ajv.validate(PolicyCfgSchema, doc), ajv.errorsText());
  const pol = compiled(doc as PolicyCfg);
  const r = applyRouteMap(pol.routeMaps.get('HOST-IN'), {
    prefix: pfx('10.1.0.0/16'),
    protocol: 'bgp',
    peerAddress: 0xc0000205,
    attrs: {
      asPath: [{ type: 2, asns: [65001] }],
      nextHop: 0xc0000201,
      communities: [65000 * 65536 + 150],
      largeCommunities: [[65000, 1, 2]],
    },
  });
  assert.equal(r.action, 'permit');
  assert.equal(r.seq, 40);
  assert.equal(r.attrs.localPref, 200);
  assert.equal(r.attrs.nextHop, 0xc0000205);
  assert.deepEqual(r.attrs.communities, [65000 * 65536 + 999], 'CUSTOMER values removed by seq 20');
});

const ajvCheck = new Ajv({ strict: false }).compile(PolicyCfgSchema);

function rejects(doc: unknown, why: string) {
  assert.equal(Value.Check(PolicyCfgSchema, doc), false, why);
  assert.equal(ajvCheck(doc), false, why);
}

test('the schema rejects what it should', () => {
  rejects({ prefixList: {} }, 'unknown section key');
  rejects({ prefixLists: { P: [{ action: 'permit', prefix: '10.0.0.0/8', extra: 1 }] } }, 'unknown entry key');
  rejects({ prefixLists: { P: [{ action: 'allow', prefix: '10.0.0.0/8' }] } }, 'bad action');
  rejects({ prefixLists: { P: [{ action: 'permit', prefix: '10.0.0.0' }] } }, 'prefix without length');
  rejects({ prefixLists: { P: [{ action: 'permit', prefix: 'ten/8' }] } }, 'not a prefix');
  rejects({ prefixLists: { P: [{ action: 'permit', prefix: '10.0.0.0/8', le: 129 }] } }, 'le too big');
  rejects({ prefixLists: { 'A B': [] } }, 'name with a space');
  rejects({ communityLists: { C: [{ action: 'permit', communities: ['no-exportt'] }] } }, 'bad community');
  rejects({ communityLists: { C: [{ action: 'permit', communities: [] }] } }, 'empty standard entry');
  rejects({ communityLists: { C: [{ action: 'permit', communities: ['1:1'], regex: 'x' }] } }, 'both kinds');
  rejects({ largeCommunityLists: { L: [{ action: 'permit', communities: ['1:1'] }] } }, 'not a large community');
  rejects({ routeMaps: { M: [{ action: 'permit', onMatch: 'goto' }] } }, 'bad onMatch');
  rejects({ routeMaps: { M: [{ action: 'permit', seq: 70000 }] } }, 'route-map seq range');
  rejects({ routeMaps: { M: [{ action: 'permit', match: { protocol: 'rip' } }] } }, 'unknown protocol');
  rejects({ routeMaps: { M: [{ action: 'permit', set: { nextHop: 'self' } }] } }, 'unknown next-hop keyword');
  rejects({ routeMaps: { M: [{ action: 'permit', set: { med: '10' } }] } }, 'MED string without sign');
  rejects({ routeMaps: { M: [{ action: 'permit', set: { community: {} } }] } }, 'empty community set');
  rejects({ routeMaps: { M: [{ action: 'permit', set: { asPathPrepend: [0] } }] } }, 'AS 0');
});
