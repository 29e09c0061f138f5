import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, spawnDaemon, waitFor } from '../helpers/proc.js';
import { tempDir } from '../helpers/tmp.js';

test('config check: ok exits 0; a broken file prints file:line: path: reason and exits 2', () => {
  const t = tempDir();
  const good = t.file('good.yaml', 'bgp:\n  asn: 64512\n');
  let r = runCli(['config', 'check', good]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /good\.yaml: ok/);
  const bad = t.file('bad.yaml', 'bgp:\n  asn: 64512\n  neighbors:\n    - { address: 10.0.1.1, remoteAs: x }\n');
  r = runCli(['config', 'check', bad]);
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr.trim(),
    `${bad}:4: bgp.neighbors[0].remoteAs: must be an AS number 1..4294967295, "internal", "external" or {min, max}`,
  );
});

test('show status against no daemon is one line on stderr, exit 1, no stack trace', async () => {
  const port = await closedPort();
  const r = runCli(['show', 'status', '--api', `http://127.0.0.1:${port}`]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(
    r.stderr.trim(),
    `noverlay: cannot reach noverlayd at http://127.0.0.1:${port} (ECONNREFUSED): is it running?`,
  );
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('usage errors exit 2', () => {
  assert.equal(runCli(['frobnicate']).status, 2);
  assert.equal(runCli(['run']).status, 2);
  assert.equal(runCli(['show', 'nothing', '--api', 'http://127.0.0.1:9']).status, 2);
});

test('noverlayd process: serves the API, reloads on SIGHUP (keeping the running config when invalid), stops on SIGTERM', async () => {
  const t = tempDir();
  const state = join(t.dir, 'state');
  const cfg = (extra: string) =>
    t.file('n.yaml', `stateDir: ${state}\napi: { listen: "127.0.0.1:0" }\nfib: { enabled: false }\n${extra}`);
  const path = cfg('logLevel: info\n');
  const p = spawnDaemon(['--config', path]);
  after(() => p.child.kill('SIGKILL'));
  const started = await waitFor('start log', () => p.lines().find((l) => l.msg === 'noverlayd started'));
  const api = String(started.api);

  let r = runCli(['show', 'status', '--api', api]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Config revision: 1 /);
  r = runCli(['show', 'status', '--json', '--api', api]);
  assert.equal((JSON.parse(r.stdout) as { configRevision: number }).configRevision, 1);

  cfg('logLevel: nope\n');
  p.child.kill('SIGHUP');
  const rejected = await waitFor('rejection log', () =>
    p.lines().find((l) => l.msg === 'config rejected; running config unchanged'),
  );
  assert.match(JSON.stringify(rejected.diagnostics), /n\.yaml:4: logLevel: must be one of/);
  assert.equal(rejected.level, 50);

  cfg('logLevel: debug\n');
  p.child.kill('SIGHUP');
  await waitFor('applied log', () => p.lines().find((l) => l.msg === 'config applied'));
  r = runCli(['show', 'status', '--json', '--api', api]);
  assert.equal((JSON.parse(r.stdout) as { configRevision: number }).configRevision, 2);

  p.child.kill('SIGTERM');
  assert.equal(await p.exited, 0);
  assert.ok(p.lines().some((l) => l.msg === 'noverlayd stopped'));
});

test('noverlayd with an invalid config exits 2 with the diagnostic', async () => {
  const t = tempDir();
  const path = t.file('n.yaml', `stateDir: ${join(t.dir, 's')}\nbgp: { asn: 99999999999 }\n`);
  const p = spawnDaemon(['--config', path]);
  assert.equal(await p.exited, 2);
});

test('secrets never reach the logs', async () => {
  const t = tempDir();
  const token = 'super-secret-token-value-42';
  const path = t.file(
    'n.yaml',
    `stateDir: ${join(t.dir, 's')}\napi: { listen: "127.0.0.1:0" }\nfib: { enabled: false }\nlogLevel: trace\n`,
  );
  const p = spawnDaemon(['--config', path], { NOVERLAY_API_TOKEN: token });
  after(() => p.child.kill('SIGKILL'));
  const started = await waitFor('start log', () => p.lines().find((l) => l.msg === 'noverlayd started'));
  const res = await fetch(`${String(started.api)}/api/v1/config/reload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  await fetch(`${String(started.api)}/api/v1/config/reload`, {
    method: 'POST',
    headers: { authorization: 'Bearer wrong-guess' },
  });
  p.child.kill('SIGTERM');
  await p.exited;
  const all = JSON.stringify(p.lines());
  assert.ok(all.length > 100);
  assert.ok(!all.includes(token));
  assert.ok(!all.includes('wrong-guess'));
});
