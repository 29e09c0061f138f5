import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Daemon, EXIT, StartupError } from '../../daemon/daemon.js';
import { createLogger } from '../../daemon/log.js';
import { MemoryDataplane } from '../../fib/memory.js';
import { startDaemon } from '../helpers/daemon.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'test-token-0123456789';

test('status reports version, router id and config revision', async () => {
  const { url } = await startDaemon('routerId: 10.9.9.9\n');
  const s = (await (await fetch(`${url}/api/v1/status`)).json()) as Record<string, unknown>;
  assert.equal(s.routerId, '10.9.9.9');
  assert.equal(s.configRevision, 1);
  assert.equal(s.ready, true);
  assert.match(String(s.version), /^\d+\.\d+\.\d+/);
  assert.equal((await fetch(`${url}/healthz`)).status, 200);
  assert.deepEqual(await (await fetch(`${url}/readyz`)).json(), { ready: true, pending: [] });
});

test('reload applies a valid change, rejects an invalid one and keeps the running config', async () => {
  const { d, url, write } = await startDaemon('logLevel: info\n', { env: { NOVERLAY_API_TOKEN: TOKEN } });
  const post = () =>
    fetch(`${url}/api/v1/config/reload`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });

  let r = await post();
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as { result: string }).result, 'unchanged');

  write('logLevel: debug\nrouterId: 10.0.0.1\n');
  r = await post();
  assert.equal(r.status, 422, 'routerId cannot change at runtime');
  assert.match(JSON.stringify(await r.json()), /routerId: cannot change while running/);

  write('logLevel: debug\n');
  r = await post();
  assert.equal(r.status, 200);
  assert.deepEqual(((await r.json()) as { result: string; revision: number }).revision, 2);
  assert.equal(d.config.logLevel, 'debug');

  write('logLevel: loud\n');
  r = await post();
  assert.equal(r.status, 422);
  const body = (await r.json()) as { result: string; revision: number; diagnostics: string[] };
  assert.equal(body.result, 'rejected');
  assert.equal(body.revision, 2);
  assert.match(body.diagnostics[0] ?? '', /noverlay\.yaml:3: logLevel: must be one of/);
  assert.equal(d.config.logLevel, 'debug', 'running config unchanged');

  const hist = (await (await fetch(`${url}/api/v1/config/revisions`)).json()) as {
    result: string;
    error: string | null;
  }[];
  assert.deepEqual(
    hist.map((h) => h.result),
    ['rejected', 'applied', 'rejected', 'applied'],
  );
  assert.match(hist[0]?.error ?? '', /logLevel/);
});

test('mutations need the bearer token: none configured, missing, wrong → 401; right → 200', async () => {
  const open = await startDaemon();
  let r = await fetch(`${open.url}/api/v1/config/reload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(r.status, 401);
  assert.match(((await r.json()) as { message: string }).message, /none configured/);

  const t = tempDir();
  const tokenFile = t.file('token', `${TOKEN}\n`);
  const withFile = await startDaemonWithTokenFile(tokenFile);
  for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }] as Record<string, string>[]) {
    r = await fetch(`${withFile}/api/v1/config/reload`, { method: 'POST', headers });
    assert.equal(r.status, 401, JSON.stringify(headers));
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    const b = (await r.json()) as { error: string; message: string };
    assert.equal(b.error, 'unauthorized');
    assert.ok(!JSON.stringify(b).includes(TOKEN), 'token never echoed');
  }
  r = await fetch(`${withFile}/api/v1/config/reload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(r.status, 200);
  // Reads stay open without a token.
  assert.equal((await fetch(`${withFile}/api/v1/status`)).status, 200);
});

async function startDaemonWithTokenFile(tokenFile: string): Promise<string> {
  const t = tempDir();
  const cfg = t.file(
    'c.yaml',
    `stateDir: ${join(t.dir, 's')}\napi: { listen: "127.0.0.1:0", tokenFile: ${tokenFile} }\n`,
  );
  const d = new Daemon({ configPath: cfg, logger: createLogger('silent'), env: {}, dataplane: memDp() });
  await d.start();
  after(() => d.stop());
  return d.apiUrl()!;
}

test('a non-loopback API address without a token refuses to start, with a clear message', async () => {
  const t = tempDir();
  const cfg = t.file('c.yaml', `stateDir: ${join(t.dir, 's')}\napi: { listen: "0.0.0.0:0" }\n`);
  const d = new Daemon({ configPath: cfg, logger: createLogger('silent'), env: {}, dataplane: memDp() });
  await assert.rejects(d.start(), (e: unknown) => {
    assert.ok(e instanceof StartupError);
    assert.equal(e.exitCode, EXIT.unsafe);
    assert.match(e.message, /refusing to serve the API on non-loopback address 0\.0\.0\.0 without a token/);
    return true;
  });
});

test('one daemon per state directory: the second is refused and the first keeps running', async () => {
  const first = await startDaemon();
  const t = tempDir();
  const cfg = t.file('c.yaml', `stateDir: ${first.stateDir}\napi: { listen: "127.0.0.1:0" }\n`);
  const second = new Daemon({ configPath: cfg, logger: createLogger('silent'), env: {}, dataplane: memDp() });
  await assert.rejects(second.start(), (e: unknown) => {
    assert.ok(e instanceof StartupError);
    assert.equal(e.exitCode, EXIT.locked);
    assert.match(e.message, new RegExp(`locked by another noverlayd \\(pid ${process.pid}\\)`));
    return true;
  });
  assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
});

test('an invalid config at start is a StartupError with diagnostics and exit code 2', async () => {
  const t = tempDir();
  const cfg = t.file('c.yaml', 'bgp:\n  asn: -1\n');
  const d = new Daemon({ configPath: cfg, logger: createLogger('silent'), env: {}, dataplane: memDp() });
  await assert.rejects(d.start(), (e: unknown) => {
    assert.ok(e instanceof StartupError);
    assert.equal(e.exitCode, EXIT.config);
    assert.equal(e.diagnostics[0]?.line, 2);
    return true;
  });
});

test('errors are JSON {error, message}: unknown route 404, bad query 400', async () => {
  const { url } = await startDaemon();
  let r = await fetch(`${url}/api/v1/nope`);
  assert.equal(r.status, 404);
  assert.deepEqual(await r.json(), { error: 'not-found', message: 'no route GET /api/v1/nope' });
  r = await fetch(`${url}/api/v1/config/revisions?limit=0`);
  assert.equal(r.status, 400);
  assert.equal(((await r.json()) as { error: string }).error, 'bad-request');
});

test('metrics expose process and noverlay_* series; OpenAPI lists the routes', async () => {
  const { url } = await startDaemon();
  const text = await (await fetch(`${url}/metrics`)).text();
  assert.match(text, /^process_cpu_user_seconds_total \d/m);
  assert.match(text, /^noverlay_config_reloads_total\{result="applied"\} 1$/m);
  assert.match(text, /^noverlay_ready 1$/m);
  const doc = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
  };
  assert.equal(doc.openapi, '3.0.3');
  for (const p of ['/healthz', '/readyz', '/metrics', '/api/v1/status', '/api/v1/config/reload'])
    assert.ok(p in doc.paths, p);
});

test('orderly stop releases the state-dir lock so a new daemon can start', async () => {
  const t = tempDir();
  const cfg = t.file('c.yaml', `stateDir: ${join(t.dir, 's')}\napi: { listen: "127.0.0.1:0" }\n`);
  const a = new Daemon({ configPath: cfg, logger: createLogger('silent'), env: {}, dataplane: memDp() });
  await a.start();
  await a.stop();
  const b = new Daemon({ configPath: cfg, logger: createLogger('silent'), env: {}, dataplane: memDp() });
  await b.start();
  const s = await b.status();
  assert.equal(s.configRevision, 2, 'revision history persisted across restarts');
  await b.stop();
});

function memDp(): MemoryDataplane {
  return new MemoryDataplane({ checkNexthops: false, record: false });
}
