/** native/index.ts: socket lifecycle, errno values instead of exceptions, the poll watcher (fires, stops, re-arms). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  bindInet,
  bindNetlink,
  C,
  close,
  getsockname,
  getsockoptInt,
  POLL_READABLE,
  Poller,
  recv,
  type SysError,
  send,
  sendmsg,
  setsockoptInt,
  socket,
} from '../../native/index.js';
import { nativeSkip } from './skip.js';

const skip = nativeSkip();

function must<T>(r: { ok: true; value: T } | { ok: false; error: SysError }): T {
  if (!r.ok) throw new Error(`${r.error.syscall}: ${r.error.code}`);
  return r.value;
}

function udp(): number {
  return must(socket(C().AF_INET, C().SOCK_DGRAM, 0));
}

/** Resolves after `n` turns of the event loop (lets pending I/O callbacks run; not a timed sleep). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

test('a UDP socket binds, reports its name, answers EAGAIN when empty, and closes once', { skip }, () => {
  const fd = udp();
  assert.ok(fd >= 0);
  must(bindInet(fd, '127.0.0.1', 0));
  const name = must(getsockname(fd));
  assert.equal(name.family, C().AF_INET);
  assert.deepEqual([...name.address], [127, 0, 0, 1]);
  assert.ok(name.port > 0);
  const r = recv(fd, new Uint8Array(16));
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'EAGAIN');
  must(close(fd));
  const again = close(fd);
  assert.equal(!again.ok && again.error.code, 'EBADF');
});

test('a NETLINK_ROUTE socket binds with a kernel-chosen port id', { skip }, () => {
  const fd = must(socket(C().AF_NETLINK, C().SOCK_RAW, C().NETLINK_ROUTE));
  must(bindNetlink(fd));
  const name = must(getsockname(fd));
  assert.equal(name.family, C().AF_NETLINK);
  assert.ok(name.port > 0);
  must(setsockoptInt(fd, C().SOL_SOCKET, C().SO_RCVBUF, 65536));
  assert.ok(must(getsockoptInt(fd, C().SOL_SOCKET, C().SO_RCVBUF)) >= 65536);
  must(close(fd));
});

test('bad arguments are programmer bugs and throw; bad addresses too', { skip }, () => {
  const fd = udp();
  assert.throws(() => bindInet(fd, 'not-an-address', 0), TypeError);
  assert.throws(() => recv(fd, new Uint8Array(4), 2, 8), RangeError);
  must(close(fd));
});

test('the poll watcher fires when readable, stays quiet when stopped, and fires again when restarted', {
  skip,
}, async () => {
  const rx = udp();
  const tx = udp();
  must(bindInet(rx, '127.0.0.1', 0));
  const port = must(getsockname(rx)).port;
  const events: number[] = [];
  let wake: (() => void) | undefined;
  const poller = new Poller(rx, (error, ev) => {
    assert.equal(error, undefined);
    events.push(ev);
    // Drain so a level-triggered watcher does not fire again for the same datagram.
    while (recv(rx, new Uint8Array(64)).ok);
    wake?.();
  });
  must(poller.start(POLL_READABLE));
  const fired = new Promise<void>((r) => {
    wake = r;
  });
  must(sendmsg(tx, Uint8Array.of(1, 2, 3), { address: '127.0.0.1', port }));
  await fired;
  assert.deepEqual(events, [POLL_READABLE]);

  poller.stop();
  must(sendmsg(tx, Uint8Array.of(4), { address: '127.0.0.1', port }));
  await turns(5);
  assert.equal(events.length, 1, 'no callback while stopped');

  const refired = new Promise<void>((r) => {
    wake = r;
  });
  must(poller.start(POLL_READABLE));
  await refired;
  assert.equal(events.length, 2, 'the pending datagram is reported after restart');
  poller.close();
  assert.throws(() => poller.start(POLL_READABLE));
  must(close(rx));
  must(close(tx));
});

test('after a receive-queue overrun (EPOLLERR) the watcher reports ENOBUFS and keeps watching', { skip }, async () => {
  const c = C();
  const fd = must(socket(c.AF_NETLINK, c.SOCK_RAW, c.NETLINK_ROUTE));
  must(bindNetlink(fd));
  must(setsockoptInt(fd, c.SOL_SOCKET, c.SO_RCVBUF, 4096));
  // 200 RTM_GETLINK requests for ifindex 1 (lo), each answered with a full link message: far over 4 KiB.
  const one = Buffer.alloc(32);
  one.writeUInt32LE(32, 0);
  one.writeUInt16LE(18, 4); // RTM_GETLINK
  one.writeUInt16LE(1, 6); // NLM_F_REQUEST
  one.writeInt32LE(1, 20); // ifi_index = 1
  const reqs = Buffer.concat(Array.from({ length: 200 }, () => one));
  const seen: { code?: string; ev: number }[] = [];
  let done: (() => void) | undefined;
  const finished = new Promise<void>((r) => {
    done = r;
  });
  const poller = new Poller(fd, (error, ev) => {
    seen.push(error ? { code: error.code, ev } : { ev });
    if (!error) {
      while (recv(fd, new Uint8Array(65536)).ok);
      done?.();
    }
  });
  must(poller.start(POLL_READABLE));
  must(send(fd, reqs));
  await finished;
  poller.close();
  must(close(fd));
  assert.equal(seen[0]?.code, 'ENOBUFS', JSON.stringify(seen));
  assert.equal(seen.at(-1)?.code, undefined, 're-armed: a readable event follows the error');
  assert.equal(seen.at(-1)?.ev, POLL_READABLE);
});

test('a closed watcher, or an unref()ed one, does not keep the process alive', { skip }, () => {
  const mod = pathToFileURL(new URL('../../native/index.js', import.meta.url).pathname).href;
  const script = (last: string) => `
    import * as n from ${JSON.stringify(mod)};
    const fd = n.socket(n.C().AF_INET, n.C().SOCK_DGRAM, 0).value;
    n.bindInet(fd, '127.0.0.1', 0);
    const p = new n.Poller(fd, () => {});
    p.start(n.POLL_READABLE);
    ${last}
    console.log('end of script');`;
  for (const last of ['p.close();', 'p.unref();']) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(last)], {
      encoding: 'utf8',
      timeout: 5000,
      cwd: process.cwd(),
    });
    assert.equal(r.status, 0, `${last} ${r.stderr}`);
    assert.match(r.stdout, /end of script/);
  }
});
