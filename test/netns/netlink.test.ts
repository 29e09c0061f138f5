/**
 * The netlink socket layer against the real kernel, inside a network namespace created for the test: links,
 * addresses, 1000 routes in one batch, dumps, error ACKs mapped to their requests, ECMP round trips, monitor
 * events (including after a receive-queue overrun) and route ownership by protocol number. The work runs in
 * a child started with `ip netns exec` (test/fib/netlink/netns-child.ts) so its sockets live in the namespace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { netnsTest } from '../helpers/netns.js';

const NS = `nlt${process.pid}`;

/** What test/fib/netlink/netns-child.ts reports (addresses as number arrays, prefix keys as in lib/prefix). */
interface ChildReport {
  fatal?: string;
  dummy: string;
  linkKind: string;
  links: string[];
  linkEvent: boolean;
  addresses: string[];
  add1000: unknown;
  dump1000: unknown;
  ignoredOwn: number;
  del1000: unknown;
  bad: string[];
  ecmpAdd: string[];
  ecmp: { sent4: unknown; got4: unknown; sent6: unknown; got6: unknown };
  ecmpDel: string[];
  ipAdd: string;
  addEvent: unknown;
  delEvent: boolean;
  foreignDelete: string;
  foreignKept: boolean;
  resynced: boolean;
  afterOverrun: boolean;
  smallStats: { resyncs: number };
}
const CHILD = fileURLToPath(new URL('../fib/netlink/netns-child.js', import.meta.url));

function ip(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

netnsTest(
  'netlink in a namespace: links, addresses, 1000 routes per batch, dumps, error mapping, ECMP, monitor, ownership',
  async () => {
    ip('netns', 'del', NS);
    assert.equal(ip('netns', 'add', NS).status, 0);
    try {
      const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, CHILD], {
        encoding: 'utf8',
        timeout: 60_000,
        cwd: process.cwd(),
      });
      const line = r.stdout.trim().split('\n').at(-1) ?? '';
      assert.ok(line.startsWith('{'), `child printed no report (exit ${r.status}): ${r.stdout} ${r.stderr}`);
      const rep = JSON.parse(line) as ChildReport;
      assert.equal(rep.fatal, undefined, rep.fatal);
      assert.equal(r.status, 0, r.stderr);

      // The link exists in the namespace only; a kernel without the dummy driver says EOPNOTSUPP.
      assert.ok(['dummy', 'bridge'].includes(rep.linkKind));
      if (rep.linkKind === 'bridge') assert.equal(rep.dummy, 'EOPNOTSUPP');
      assert.deepEqual(rep.links, ['lo', 'nl0']);
      assert.notEqual(ip('link', 'show', 'nl0').status, 0, 'nl0 must not exist outside the namespace');
      assert.equal(rep.linkEvent, true, 'monitor saw RTM_NEWLINK for nl0');
      assert.deepEqual(rep.addresses, ['ok', 'ok', 'ok']);

      // 1000 routes in one request() call, one send(), all found by the dump, all deleted.
      assert.deepEqual(rep.add1000, { failed: 0, sends: 1 });
      assert.deepEqual(rep.dump1000, { size: 1000, missing: 0 });
      assert.ok(rep.ignoredOwn >= 1000, `own RTM_NEWROUTE events skipped: ${rep.ignoredOwn}`);
      assert.deepEqual(rep.del1000, { failed: 0, left: 0 });

      // Each error goes back to the request that caused it, with the kernel's reason.
      const bad = rep.bad;
      assert.equal(bad[0], 'ok');
      assert.match(bad[1] ?? '', /^(ENODEV|ENETUNREACH): /, 'route via a missing interface');
      assert.equal(bad[2], 'ok');
      assert.match(bad[3] ?? '', /^ENETUNREACH: /, 'gateway not on any link');
      assert.match(bad[4] ?? '', /^EEXIST: /, 'NLM_F_EXCL on an existing route');

      // ECMP with RTA_MULTIPATH comes back as sent (IPv4 with weights, IPv6 too).
      assert.deepEqual(rep.ecmpAdd, ['ok', 'ok']);
      assert.deepEqual(rep.ecmp.got4, rep.ecmp.sent4);
      assert.deepEqual(rep.ecmp.got6, rep.ecmp.sent6);
      assert.deepEqual(rep.ecmpDel, ['ok', 'ok']);

      // Monitor: routes added and deleted by `ip route` arrive as decoded events.
      assert.match(rep.ipAdd, /^0 /);
      assert.deepEqual(rep.addEvent, { protocol: 77, gateway: [10, 99, 0, 2] });
      assert.equal(rep.delEvent, true);

      // Deleting with our protocol never removes another protocol's route.
      assert.equal(rep.foreignDelete, 'ESRCH');
      assert.equal(rep.foreignKept, true);

      // A monitor that overruns reports 'resync' and keeps delivering events.
      assert.equal(rep.resynced, true, JSON.stringify(rep.smallStats));
      assert.ok(rep.smallStats.resyncs >= 1);
      assert.equal(rep.afterOverrun, true);
    } finally {
      ip('netns', 'del', NS);
      assert.notEqual(
        ip('netns', 'list')
          .out.split('\n')
          .some((l) => l.startsWith(`${NS} `) || l === NS),
        true,
      );
    }
  },
  { timeout: 90_000 },
);
