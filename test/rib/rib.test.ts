/** The protocol-independent RIB: distance, ECMP, recursive resolution, next-hop tracking. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAddr, type PrefixKey, parseAddr, parsePrefix } from '../../lib/prefix.js';
import { type Nexthop, Rib, type RibChange } from '../../rib/rib.js';

const p = (s: string): PrefixKey => {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
};
const a = (s: string) => parseAddr(s)!.addr;
const gw = (...xs: string[]): Nexthop[] => xs.map((x) => ({ gateway: a(x) }));
const show = (r: { nexthops: readonly Nexthop[] } | undefined | null) =>
  r
    ? r.nexthops
        .map((n) => `${n.gateway ? formatAddr(n.gateway) : '-'}${n.ifname ? `%${n.ifname}` : ''}`)
        .sort()
        .join(',')
    : 'none';

function rib(): Rib {
  const r = new Rib({ schedule: null });
  r.set('connected', p('10.0.1.0/24'), { metric: 0, nexthops: [{ ifname: 'eth0' }] });
  r.set('connected', p('10.0.2.0/24'), { metric: 0, nexthops: [{ ifname: 'eth1' }] });
  r.flush();
  return r;
}

function selected(r: Rib, s: string) {
  return r.candidates(p(s)).selected;
}

test('the lowest administrative distance wins; equal distance: the lower metric', () => {
  const r = rib();
  r.set('ibgp', p('10.9.0.0/16'), { metric: 0, nexthops: gw('10.0.1.1') });
  r.set('ospf', p('10.9.0.0/16'), { metric: 30, nexthops: gw('10.0.2.1') });
  r.flush();
  assert.equal(selected(r, '10.9.0.0/16')?.protocol, 'ospf', 'OSPF 110 beats iBGP 200');
  r.set('ebgp', p('10.9.0.0/16'), { metric: 0, nexthops: gw('10.0.1.1') });
  r.flush();
  assert.equal(selected(r, '10.9.0.0/16')?.protocol, 'ebgp', 'eBGP 20 beats OSPF 110');
  r.set('static', p('10.9.0.0/16'), { metric: 0, nexthops: gw('10.0.2.9') });
  const changes = r.flush();
  assert.deepEqual(
    changes.map((c) => [c.route?.protocol, show(c.route)]),
    [['static', '10.0.2.9']],
  );
  const custom = new Rib({ schedule: null, distance: { static: 150 } });
  custom.set('static', p('10.9.0.0/16'), { metric: 0, nexthops: [{ ifname: 'x' }] });
  custom.set('ospf', p('10.9.0.0/16'), { metric: 0, nexthops: [{ ifname: 'y' }] });
  custom.flush();
  assert.equal(custom.candidates(p('10.9.0.0/16')).selected?.protocol, 'ospf', 'configured distances apply');
});

test('ECMP: all next hops of the winning candidate are installed together', () => {
  const r = rib();
  r.set('ebgp', p('10.50.0.0/16'), { metric: 0, nexthops: gw('10.0.1.1', '10.0.2.1'), recursive: true });
  const [c] = r.flush();
  assert.equal(show(c?.route), '10.0.1.1%eth0,10.0.2.1%eth1');
});

test('recursive next hops resolve through other routes, flattened to connected gateways', () => {
  const r = rib();
  // A BGP route whose next hop (10.7.0.5) is reachable through an OSPF route, itself via 10.0.2.1.
  r.set('ospf', p('10.7.0.0/24'), { metric: 20, nexthops: [{ gateway: a('10.0.2.1'), ifname: 'eth1' }] });
  r.set('ibgp', p('10.60.0.0/16'), { metric: 0, nexthops: gw('10.7.0.5'), recursive: true });
  r.flush();
  const s = selected(r, '10.60.0.0/16');
  assert.equal(show(s), '10.0.2.1%eth1');
  assert.deepEqual(s?.via?.map(formatAddr), ['10.7.0.5']);
  assert.equal(r.resolveNexthop(a('10.7.0.5'))?.metric, 20, 'IGP cost for BGP comes from the resolving route');
});

test('a route never resolves through itself, nor through the default route', () => {
  const r = rib();
  r.set('ibgp', p('10.8.0.0/16'), { metric: 0, nexthops: gw('10.8.0.1'), recursive: true });
  r.set('static', p('0.0.0.0/0'), { metric: 0, nexthops: gw('10.0.1.1') });
  r.flush();
  assert.equal(
    selected(r, '10.8.0.0/16'),
    undefined,
    'next hop inside its own prefix only, or via default: unresolvable',
  );
  assert.equal(r.resolveNexthop(a('192.0.2.1')), undefined);
});

test('next-hop loss: the route leaves, the next candidate takes over, and trackers are told', () => {
  const r = rib();
  r.set('ospf', p('10.7.0.0/24'), { metric: 20, nexthops: [{ gateway: a('10.0.2.1'), ifname: 'eth1' }] });
  r.set('ibgp', p('10.60.0.0/16'), { metric: 0, nexthops: gw('10.7.0.5'), recursive: true });
  r.set('announcer', p('10.60.0.0/16'), { metric: 0, nexthops: gw('10.0.1.99'), recursive: true });
  r.flush();
  const told: string[] = [];
  const untrack = r.trackNexthop(a('10.7.0.5'), (g) => told.push(formatAddr(g)));
  assert.equal(selected(r, '10.60.0.0/16')?.protocol, 'ibgp');

  r.set('ospf', p('10.7.0.0/24'), null);
  const changes: RibChange[] = r.flush();
  assert.deepEqual(told, ['10.7.0.5']);
  assert.equal(r.resolveNexthop(a('10.7.0.5')), undefined);
  const c = changes.find((x) => x.prefix === p('10.60.0.0/16'));
  assert.equal(c?.route?.protocol, 'announcer', 'the iBGP route became ineligible; the next candidate won');

  r.set('ospf', p('10.7.0.0/24'), { metric: 10, nexthops: [{ gateway: a('10.0.1.7'), ifname: 'eth0' }] });
  r.flush();
  assert.deepEqual(told, ['10.7.0.5', '10.7.0.5']);
  assert.equal(show(selected(r, '10.60.0.0/16')), '10.0.1.7%eth0', 'back, through the new path');
  untrack();
  r.set('ospf', p('10.7.0.0/24'), null);
  r.flush();
  assert.equal(told.length, 2, 'untracked: no more callbacks');
});

test('a more specific route appearing takes over resolution; withdrawing it falls back', () => {
  const r = rib();
  r.set('ospf', p('10.7.0.0/16'), { metric: 50, nexthops: [{ gateway: a('10.0.1.1'), ifname: 'eth0' }] });
  r.set('ibgp', p('10.60.0.0/16'), { metric: 0, nexthops: gw('10.7.1.5'), recursive: true });
  r.flush();
  assert.equal(show(selected(r, '10.60.0.0/16')), '10.0.1.1%eth0');
  r.set('ospf', p('10.7.1.0/24'), { metric: 10, nexthops: [{ gateway: a('10.0.2.1'), ifname: 'eth1' }] });
  r.flush();
  assert.equal(show(selected(r, '10.60.0.0/16')), '10.0.2.1%eth1');
  r.set('ospf', p('10.7.1.0/24'), null);
  r.flush();
  assert.equal(show(selected(r, '10.60.0.0/16')), '10.0.1.1%eth0');
});

test('changes coalesce: many updates of one turn are one batch, unchanged selections are not repeated', () => {
  const r = new Rib({ schedule: null });
  for (let i = 0; i < 1000; i++)
    r.set('static', p(`10.1.${i % 250}.0/24`), { metric: i, nexthops: [{ ifname: 'eth0' }] });
  assert.equal(r.pending, 250);
  const batch = r.flush();
  assert.equal(batch.length, 250);
  r.set('static', p('10.1.1.0/24'), { metric: 1000 - 4 + 1, nexthops: [{ ifname: 'eth0' }] });
  r.set('static', p('10.1.1.0/24'), { metric: 751, nexthops: [{ ifname: 'eth0' }] });
  assert.deepEqual(r.flush(), [], 'same as before: no change emitted');
});

test('a flush is scheduled automatically after changes', async () => {
  const r = new Rib();
  const seen: number[] = [];
  r.onChange((c) => seen.push(c.length));
  r.set('static', p('10.2.0.0/16'), { metric: 0, nexthops: [{ ifname: 'eth0' }] });
  r.set('static', p('10.3.0.0/16'), { metric: 0, nexthops: [{ ifname: 'eth0' }] });
  await new Promise((res) => setImmediate(res));
  assert.deepEqual(seen, [2]);
});

test('an exclusive protocol is replaced in the same call: a BGP route is eBGP or iBGP, never both', () => {
  const r = rib();
  const P = p('10.60.0.0/16');
  r.set('ebgp', P, { metric: 0, nexthops: gw('10.0.1.1'), recursive: true }, 'ibgp');
  r.set('static', P, { metric: 0, nexthops: gw('10.0.2.9') });
  r.flush();
  r.set('ibgp', P, { metric: 0, nexthops: gw('10.0.2.1'), recursive: true }, 'ebgp');
  r.flush();
  assert.deepEqual(
    r.candidates(P).candidates.map((c) => c.protocol),
    ['static', 'ibgp'],
  );
  r.set('ebgp', P, null, 'ibgp');
  r.flush();
  assert.deepEqual(
    r.candidates(P).candidates.map((c) => c.protocol),
    ['static'],
  );
  r.set('static', P, null);
  const [gone] = r.flush();
  assert.deepEqual([gone?.route, r.prefixes().includes(P)], [null, false]);
});
