/**
 * The kernel side of the daemon: the dataplane (netlink, or in memory with `fib.enabled: false`), the FIB
 * manager that alone writes routes, and the interface source the RIB and protocols read (live from the
 * dataplane's netlink monitor; without the native addon, the OS's own view, polled).
 */
import type { Registry } from 'prom-client';
import type { Dataplane } from '../fib/dataplane.js';
import { FibManager } from '../fib/manager.js';
import { MemoryDataplane } from '../fib/memory.js';
import { registerFibMetrics } from '../fib/metrics.js';
import { NetlinkDataplane } from '../fib/netlink-dataplane.js';
import type { Clock } from '../lib/clock.js';
import { nativeAvailable, nativeProblem } from '../native/index.js';
import type { Rib } from '../rib/rib.js';
import { type InterfaceSource, OsInterfaceSource } from '../rib/sources/interfaces.js';
import type { FibCfg } from './config/routing.js';
import type { Logger } from './log.js';

export interface KernelOptions {
  cfg: FibCfg;
  clock: Clock;
  log: Logger;
  registry: Registry;
  rib: Rib;
  /** Tests: a dataplane to use instead of netlink (the FIB runs on it). */
  dataplane?: Dataplane;
  /** Tests: an interface source to use instead of the dataplane's. */
  interfaces?: InterfaceSource;
}

export class KernelSide {
  private constructor(
    readonly dataplane: Dataplane,
    readonly fib: FibManager | undefined,
    readonly interfaces: InterfaceSource,
    /** Resolves when the FIB has compared itself with the kernel (readiness). */
    readonly ready: Promise<void>,
  ) {}

  static async open(o: KernelOptions): Promise<KernelSide> {
    const enabled = o.cfg.enabled || o.dataplane !== undefined;
    let dp: Dataplane;
    if (o.dataplane) dp = o.dataplane;
    else if (enabled) {
      if (!nativeAvailable())
        throw new Error(`the FIB needs the native addon (${nativeProblem()}); or set fib.enabled: false`);
      const r = await NetlinkDataplane.open({ protocol: o.cfg.protocol });
      if (!r.ok)
        throw new Error(`cannot open netlink: ${r.error.code}${r.error.message ? ` (${r.error.message})` : ''}`);
      dp = r.value;
    } else dp = new MemoryDataplane({ protocol: o.cfg.protocol, record: false });
    const interfaces = o.interfaces ?? (o.cfg.enabled ? dp.interfaces() : new OsInterfaceSource());
    if (!enabled) {
      o.log.warn('fib.enabled is false: routes are selected but not installed in the kernel');
      return new KernelSide(dp, undefined, interfaces, Promise.resolve());
    }
    const log = o.log.child({ component: 'fib' });
    const fib = new FibManager({
      dataplane: dp,
      clock: o.clock,
      protocol: o.cfg.protocol,
      table: o.cfg.table,
      metric: o.cfg.metric,
      sweepAfterMs: o.cfg.sweepSeconds * 1000,
      fullDiffEveryMs: o.cfg.reconcileSeconds * 1000,
      log: { info: (obj, msg) => log.info(obj, msg), warn: (obj, msg) => log.warn(obj, msg) },
    });
    registerFibMetrics(o.registry, fib);
    o.rib.onChange((changes) => fib.apply(changes));
    const ready = fib.start().then((r) => {
      if (!r.ok) log.warn({ error: r.error.code }, 'first comparison with the kernel failed; retrying');
    });
    return new KernelSide(dp, fib, interfaces, ready);
  }

  close(): void {
    // Our routes stay in the kernel: a restart keeps forwarding and sweeps what is stale once converged.
    this.fib?.close();
    this.interfaces.close();
    this.dataplane.close();
  }
}
