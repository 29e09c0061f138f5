import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDiagnostic } from '../../daemon/config/diagnostic.js';
import { loadConfigFile, parseConfigText } from '../../daemon/config/load.js';
import { tempDir } from '../helpers/tmp.js';

const MINIMAL = `routerId: 10.0.1.11
api: { listen: "127.0.0.1:9179" }
bgp:
  asn: 64512
  neighbors:
    - { address: 10.0.1.1, remoteAs: 65001 }
  advertise: { interfaces: [cbr0], prefixes: [] }
`;

function diags(text: string): string[] {
  const r = parseConfigText(text, 'c.yaml');
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? [] : r.error.map(formatDiagnostic);
}

test('the minimal config from the foundation issue is accepted as written, with defaults filled', () => {
  const r = parseConfigText(MINIMAL, 'c.yaml');
  assert.ok(r.ok, r.ok ? '' : r.error.map(formatDiagnostic).join('\n'));
  const c = r.value.config;
  assert.equal(c.routerId, '10.0.1.11');
  assert.deepEqual(c.api, { host: '127.0.0.1', port: 9179, tokenFile: undefined, tokenEnv: 'NOVERLAY_API_TOKEN' });
  assert.equal(c.logLevel, 'info');
  assert.equal(c.stateDir, '/var/lib/noverlay');
  assert.equal(c.bgp?.neighbors.length, 1);
  assert.equal(c.bgp?.neighbors[0]?.address, '10.0.1.1');
  assert.equal(c.bgp?.neighbors[0]?.remoteAs, 65001);
  assert.equal(c.bgp?.neighbors[0]?.holdTime, 90);
  assert.equal(c.bgp?.neighbors[0]?.keepalive, 30);
  assert.deepEqual(c.bgp?.listen, { address: '::', port: 179 });
  assert.deepEqual(c.bgp?.advertise, { interfaces: ['cbr0'], prefixes: [] });
  assert.match(r.value.checksum, /^[0-9a-f]{64}$/);
});

test('an empty file is a valid config (everything defaulted)', () => {
  const r = parseConfigText('', 'c.yaml');
  assert.ok(r.ok);
  assert.equal(r.value.config.bgp, undefined);
});

test('each bad value is reported as file:line: path: reason', () => {
  const text = `routerId: 10.0.1.300
api:
  listen: "127.0.0.1:99999"
  bogus: 1
bgp:
  asn: 0
  neighbors:
    - { address: 10.0.1.1, remoteAs: foo }
  advertise: { interfaces: [cbr0], prefixes: [x] }
`;
  assert.deepEqual(diags(text), [
    'c.yaml:1: routerId: must be an IPv4 address like 10.0.0.1',
    'c.yaml:3: api.listen: must be "address:port", e.g. "127.0.0.1:9179" or "[::1]:9179"',
    'c.yaml:4: api.bogus: unknown key "bogus"',
    'c.yaml:6: bgp.asn: must be an AS number 1..4294967295',
    'c.yaml:8: bgp.neighbors[0].remoteAs: must be an AS number 1..4294967295, "internal", "external" or {min, max}',
    'c.yaml:9: bgp.advertise.prefixes[0]: must be a prefix like 10.0.0.0/24 or fd00::/64',
  ]);
});

test('missing keys and wrong types point at the parent node', () => {
  assert.deepEqual(diags('bgp:\n  neighbors: []\n'), ['c.yaml:2: bgp: missing required key "asn"']);
  assert.deepEqual(diags('logLevel: loud\n'), [
    'c.yaml:1: logLevel: must be one of fatal, error, warn, info, debug, trace, silent',
  ]);
  assert.deepEqual(diags('bgp: 3\n'), ['c.yaml:1: bgp: must be a mapping']);
  assert.deepEqual(diags('bgp:\n  asn: 1\n  neighbors: {}\n'), ['c.yaml:3: bgp.neighbors: must be a list']);
});

test('semantic checks: host bits, duplicate neighbors, router id 0.0.0.0', () => {
  assert.deepEqual(diags('bgp:\n  asn: 1\n  advertise:\n    prefixes: [10.0.0.1/24]\n'), [
    'c.yaml:4: bgp.advertise.prefixes[0]: 10.0.0.1/24 has host bits set (did you mean 10.0.0.0/24?)',
  ]);
  const dup =
    'bgp:\n  asn: 1\n  neighbors:\n    - { address: 10.0.0.1, remoteAs: 2 }\n    - address: 10.0.0.1\n      remoteAs: 3\n';
  assert.deepEqual(diags(dup), ['c.yaml:5: bgp.neighbors[1].address: duplicate neighbor (also bgp.neighbors[0])']);
  assert.deepEqual(diags('routerId: 0.0.0.0\n'), ['c.yaml:1: routerId: must not be 0.0.0.0']);
});

test('YAML syntax errors and duplicate keys carry their line', () => {
  assert.deepEqual(diags('a: 1\nb: c: d\n'), [
    'c.yaml:2: (root): YAML: Nested mappings are not allowed in compact mappings',
  ]);
  assert.match(
    diags('logLevel: info\nlogLevel: debug\n')[0] ?? '',
    /^c\.yaml:2: \(root\): YAML: Map keys must be unique/,
  );
});

test('a missing file is a diagnostic, not an exception', async () => {
  const r = await loadConfigFile('/nonexistent/noverlay.yaml');
  assert.equal(r.ok, false);
  if (!r.ok)
    assert.equal(formatDiagnostic(r.error[0]!), '/nonexistent/noverlay.yaml:0: (root): cannot read file (ENOENT)');
});

test('example configs shipped in the repository are valid', async () => {
  const { readdirSync } = await import('node:fs');
  const dir = new URL('../../../examples/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const r = await loadConfigFile(new URL(f, dir).pathname);
    assert.ok(r.ok, `${f}: ${r.ok ? '' : r.error.map(formatDiagnostic).join('\n')}`);
  }
});

test('IPv6 listen addresses and neighbor addresses are accepted', () => {
  const t = tempDir();
  const p = t.file(
    'v6.yaml',
    'api: { listen: "[::1]:9179" }\nbgp:\n  asn: 65000\n  neighbors: [{ address: "fd00::1", remoteAs: external }]\n',
  );
  return loadConfigFile(p).then((r) => {
    assert.ok(r.ok);
    assert.equal(r.value.config.api.host, '::1');
    assert.equal(r.value.config.bgp?.neighbors[0]?.remoteAs, 'external');
  });
});

test('rib and fib sections: defaults, static routes, and the checks', () => {
  const ok = parseConfigText(
    'rib:\n  distances: { ospf: 90 }\n  staticRoutes:\n    - { prefix: 10.9.0.0/16, via: 10.0.0.1 }\n    - { prefix: "fd00:9::/64", interface: eth0 }\n',
    'c.yaml',
  );
  assert.ok(ok.ok);
  assert.deepEqual(ok.value.config.fib, {
    enabled: true,
    protocol: 201,
    table: 254,
    metric: 20,
    sweepSeconds: 120,
    reconcileSeconds: 60,
  });
  assert.deepEqual(ok.value.config.rib.staticRoutes[0], {
    prefix: '10.9.0.0/16',
    via: ['10.0.0.1'],
    interface: undefined,
    metric: 0,
  });
  assert.deepEqual(ok.value.config.rib.distances, { ospf: 90 });
  assert.deepEqual(diags('fib: { protocol: 186 }\n'), [
    'c.yaml:1: fib.protocol: protocol 186 belongs to FRR; pick another',
  ]);
  assert.deepEqual(diags('rib:\n  staticRoutes:\n    - { prefix: 10.9.0.0/16 }\n'), [
    'c.yaml:3: rib.staticRoutes[0]: needs "via" (gateways) or "interface"',
  ]);
  assert.deepEqual(diags('rib:\n  staticRoutes:\n    - { prefix: 10.9.0.0/16, via: "fd00::1" }\n'), [
    "c.yaml:3: rib.staticRoutes[0].via: fd00::1 is not of the prefix's address family",
  ]);
  assert.deepEqual(diags('bgp:\n  asn: 1\n  redistribute:\n    - { protocol: static, routeMap: NOPE }\n'), [
    'c.yaml:4: bgp.redistribute[0].routeMap: unknown route map "NOPE" (define it under policy.routeMaps)',
  ]);
});
