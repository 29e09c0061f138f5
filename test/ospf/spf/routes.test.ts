import assert from 'node:assert/strict';
import { test } from 'node:test';
import { v4Key } from '../../../lib/prefix.js';
import { diffRoutes, ribRelevant, sameRoute, toRibCandidate } from '../../../ospf/routes.js';
import type { OspfRoute } from '../../../ospf/spf.js';
import { runSpf } from '../../../ospf/spf.js';
import { ip, makeLsdb, routerLsa } from '../lsdb/helpers.js';

const nh = (a: string, i: string) => ({ address: a === '' ? 0 : ip(a), ifIndexOrName: i });
const route = (cost: number, hops = [nh('10.0.0.2', 'eth0')], more: Partial<OspfRoute> = {}): OspfRoute => ({
  type: 'intra',
  cost,
  area: 0,
  nexthops: hops,
  ...more,
});
const P1 = v4Key(ip('192.168.1.0'), 24);
const P2 = v4Key(ip('192.168.2.0'), 24);
const P3 = v4Key(ip('192.168.3.0'), 24);

test('diffRoutes: adds, changes and withdrawals (withdrawals first); an equal table gives nothing', () => {
  const a = new Map([
    [P1, route(10)],
    [P2, route(20)],
  ]);
  const b = new Map([
    [P2, route(25)],
    [P3, route(5)],
  ]);
  assert.deepEqual(
    diffRoutes(a, b).map((c) => [c.kind, c.prefix]),
    [
      ['withdraw', P1],
      ['change', P2],
      ['add', P3],
    ],
  );
  assert.deepEqual(diffRoutes(b, new Map(b)), []);
  assert.deepEqual(
    diffRoutes(undefined, b).map((c) => c.kind),
    ['add', 'add'],
  );
});

test('next hops compare as sets; any attribute change is a change, only metric/next hops matter to the RIB', () => {
  const two = [nh('10.0.0.2', 'eth0'), nh('10.0.0.3', 'eth0')];
  assert.equal(sameRoute(route(10, two), route(10, [...two].reverse())), true);
  assert.equal(sameRoute(route(10, two), route(10, [two[0]!])), false);
  assert.equal(sameRoute(route(10), route(10, undefined, { area: 1 })), false);
  const [c] = diffRoutes(new Map([[P1, route(10)]]), new Map([[P1, route(10, undefined, { area: 1 })]]));
  assert.ok(c);
  assert.equal(ribRelevant(c), false);
  const [d] = diffRoutes(new Map([[P1, route(10)]]), new Map([[P1, route(11)]]));
  assert.ok(d);
  assert.equal(ribRelevant(d), true);
});

test('toRibCandidate: gateway bytes (none when directly attached); E2 carries the type 2 metric', () => {
  assert.deepEqual(toRibCandidate(route(10, [nh('10.0.0.2', 'eth0'), nh('', 'eth1')])), {
    metric: 10,
    nexthops: [{ gateway: Uint8Array.of(10, 0, 0, 2), ifname: 'eth0' }, { ifname: 'eth1' }],
  });
  assert.equal(toRibCandidate(route(10, undefined, { type: 'e2', type2Cost: 20 })).metric, 20);
  assert.equal(toRibCandidate(route(10, undefined, { type: 'e1' })).metric, 10);
});

test('diffRoutes over two SPF runs: a metric change shows as one change', () => {
  const mk = (m: number) =>
    makeLsdb('1.1.1.1', [
      routerLsa('1.1.1.1', [[1, '2.2.2.2', '10.0.12.1', 10]]),
      routerLsa('2.2.2.2', [
        [1, '1.1.1.1', '10.0.12.2', 10],
        [3, '192.168.2.0', '255.255.255.0', m],
      ]),
    ]);
  const ifs = [{ name: 'eth0', area: 0, address: ip('10.0.12.1'), mask: ip('255.255.255.252') }];
  const a = runSpf({ lsdb: mk(1), now: 0, interfaces: ifs });
  const b = runSpf({ lsdb: mk(5), now: 0, interfaces: ifs });
  assert.deepEqual(diffRoutes(a, runSpf({ lsdb: mk(1), now: 0, interfaces: ifs })), []);
  const ch = diffRoutes(a, b);
  assert.equal(ch.length, 1);
  assert.equal(ch[0]?.kind === 'change' && ch[0].route.cost, 15);
});
