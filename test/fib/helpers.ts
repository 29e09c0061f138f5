/** Shared set-up for the FIB tests: a memory dataplane with two uplinks, a fake clock and a manager. */
import assert from 'node:assert/strict';
import type { FibLink, FibRoute } from '../../fib/dataplane.js';
import { FibManager, type FibManagerOptions } from '../../fib/manager.js';
import { MemoryDataplane, type MemoryDataplaneOptions } from '../../fib/memory.js';
import { FakeClock } from '../../lib/clock.js';
import { formatAddr, type PrefixKey, parseAddr, parsePrefix } from '../../lib/prefix.js';
import { DEFAULT_DISTANCE, type RibChange, type RouteProtocol, type SelectedRoute } from '../../rib/rib.js';

export const p = (s: string): PrefixKey => {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
};

export const a = (s: string): Uint8Array => {
  const r = parseAddr(s);
  assert.ok(r, s);
  return r.addr;
};

/** A selected route via gateways (text) or, with `dev:NAME`, out of an interface. */
export function sel(protocol: RouteProtocol, ...hops: string[]): SelectedRoute {
  return {
    protocol,
    distance: DEFAULT_DISTANCE[protocol],
    metric: 0,
    nexthops: hops.map((h) => (h.startsWith('dev:') ? { ifname: h.slice(4) } : { gateway: a(h) })),
  };
}

export const put = (prefix: string, route: SelectedRoute | null): RibChange => ({ prefix: p(prefix), route });

export interface LogLine {
  level: 'info' | 'warn';
  obj: Record<string, unknown>;
  msg: string;
}

export interface Rig {
  clock: FakeClock;
  dp: MemoryDataplane;
  m: FibManager;
  eth0: FibLink;
  eth1: FibLink;
  logs: LogLine[];
}

/** eth0 10.0.0.1/24 + 2001:db8:0::1/64, eth1 10.0.1.1/24 + 2001:db8:1::1/64; the manager is not started. */
export function rig(o: Partial<FibManagerOptions> = {}, mem: MemoryDataplaneOptions = {}): Rig {
  const clock = new FakeClock();
  const dp = new MemoryDataplane(mem);
  const eth0 = dp.addLink('eth0');
  const eth1 = dp.addLink('eth1');
  dp.addAddress(eth0.index, '10.0.0.1/24');
  dp.addAddress(eth0.index, '2001:db8:0::1/64');
  dp.addAddress(eth1.index, '10.0.1.1/24');
  dp.addAddress(eth1.index, '2001:db8:1::1/64');
  const logs: LogLine[] = [];
  const log = {
    info: (obj: object, msg: string) => logs.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj: object, msg: string) => logs.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
  const m = new FibManager({ dataplane: dp, clock, log, ...o });
  return { clock, dp, m, eth0, eth1, logs };
}

/** A rig whose manager has started (its first read of the table is done). */
export async function started(o: Partial<FibManagerOptions> = {}, mem: MemoryDataplaneOptions = {}): Promise<Rig> {
  const r = rig(o, mem);
  const s = await r.m.start();
  assert.ok(s.ok);
  await r.m.idle();
  return r;
}

/** A route of another program (or of ours written by someone else). */
export function kroute(prefix: string, protocol: number, gw: string[], metric = 20, table = 254): FibRoute {
  return { prefix: p(prefix), table, protocol, metric, nexthops: gw.map((g) => ({ gateway: a(g) })) };
}

/** Gateways of the kernel's route at (main, prefix, metric), as text, sorted. */
export function gateways(dp: MemoryDataplane, prefix: string, metric = 20): string[] | undefined {
  const r = dp.route(p(prefix), 254, metric);
  if (!r) return undefined;
  return r.nexthops.map((h) => (h.gateway ? formatAddr(h.gateway) : '-')).sort();
}

/** Advance the fake clock and let the manager finish what that started. */
export async function tick(r: Rig, ms: number): Promise<void> {
  r.clock.advance(ms);
  await r.m.idle();
}
