/**
 * FIB metrics (Prometheus, `noverlay_fib_*`): routes per state and per RIB protocol, kernel errors, batch
 * sizes, install latency, drift repairs, conflicts, sweeps and comparisons. Gauges and counters are read
 * from the manager at scrape time; the two histograms are fed by the manager's batch observer.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { FibCounters, FibManager } from './manager.js';
import { FIB_STATES } from './manager-state.js';

type Source = Pick<FibManager, 'summary' | 'counters' | 'observe'>;

function counterFrom(
  registry: Registry,
  fib: Source,
  name: string,
  help: string,
  read: (c: FibCounters) => number,
): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read(fib.counters()));
    },
  });
}

/** Registers the FIB metrics for `fib` on `registry`; returns a function that detaches them from the manager. */
export function registerFibMetrics(registry: Registry, fib: Source): () => void {
  new Gauge({
    name: 'noverlay_fib_routes',
    help: 'Routes the FIB manager holds, by state (installed, pending, failed, conflict, stale)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = fib.summary();
      for (const st of FIB_STATES) this.set({ state: st }, s.byState[st]);
    },
  });
  new Gauge({
    name: 'noverlay_fib_routes_installed',
    help: 'Routes installed in the kernel, by RIB protocol',
    labelNames: ['protocol'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [p, n] of Object.entries(fib.summary().installedBy)) this.set({ protocol: p }, n ?? 0);
    },
  });
  new Counter({
    name: 'noverlay_fib_netlink_errors_total',
    help: 'Route operations the kernel refused, by errno name',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, n] of Object.entries(fib.counters().netlinkErrors)) this.inc({ code }, n);
    },
  });
  counterFrom(
    registry,
    fib,
    'noverlay_fib_drift_repairs_total',
    'Own routes rewritten after they were changed or removed behind our back',
    (c) => c.driftRepairs,
  );
  counterFrom(
    registry,
    fib,
    'noverlay_fib_restores_total',
    'Routes reinstalled when their next hop came back',
    (c) => c.restores,
  );
  counterFrom(
    registry,
    fib,
    'noverlay_fib_conflicts_total',
    "Times a route found another protocol's route at its key",
    (c) => c.conflicts,
  );
  counterFrom(
    registry,
    fib,
    'noverlay_fib_sweeps_total',
    'Sweeps of stale own routes after convergence or the sweep timer',
    (c) => c.sweeps,
  );
  counterFrom(
    registry,
    fib,
    'noverlay_fib_swept_routes_total',
    'Stale own routes removed by sweeps',
    (c) => c.sweptRoutes,
  );
  counterFrom(registry, fib, 'noverlay_fib_resyncs_total', 'Full comparisons with the kernel table', (c) => c.resyncs);
  counterFrom(registry, fib, 'noverlay_fib_batches_total', 'Dataplane write calls', (c) => c.batches);
  counterFrom(
    registry,
    fib,
    'noverlay_fib_route_writes_total',
    'Routes written or deleted successfully',
    (c) => c.installs + c.deletes,
  );
  new Gauge({
    name: 'noverlay_fib_conflicts',
    help: "Routes currently not installed because another protocol's route holds their key",
    registers: [registry],
    collect() {
      this.set(fib.summary().byState.conflict);
    },
  });
  const batchSize = new Histogram({
    name: 'noverlay_fib_batch_size',
    help: 'Routes per write batch',
    buckets: [1, 10, 100, 1000, 4096, 16384, 65536],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'noverlay_fib_install_latency_seconds',
    help: 'Time from a RIB change to the kernel acknowledgement, for the oldest change of each batch',
    buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  return fib.observe({
    batch(routes, seconds) {
      batchSize.observe(routes);
      if (Number.isFinite(seconds)) latency.observe(seconds);
    },
  });
}
