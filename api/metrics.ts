/**
 * Prometheus metrics: one registry per daemon (not prom-client's global, so tests can run several daemons in
 * one process). Process metrics come from prom-client's default collectors; ours are named `noverlay_*`.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface DaemonMetrics {
  registry: Registry;
  configReloads: Counter<'result'>;
  configRevision: Gauge;
  ready: Gauge;
  apiRequests: Counter<'method' | 'route' | 'status'>;
}

export function createMetrics(version: string): DaemonMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const build = new Gauge({
    name: 'noverlay_build_info',
    help: 'Build information; always 1',
    labelNames: ['version', 'node'],
    registers: [registry],
  });
  build.labels(version, process.version).set(1);
  return {
    registry,
    configReloads: new Counter({
      name: 'noverlay_config_reloads_total',
      help: 'Config loads by result (applied, unchanged, rejected)',
      labelNames: ['result'],
      registers: [registry],
    }),
    configRevision: new Gauge({
      name: 'noverlay_config_revision',
      help: 'Revision number of the running config in the state store',
      registers: [registry],
    }),
    ready: new Gauge({ name: 'noverlay_ready', help: '1 when /readyz reports ready', registers: [registry] }),
    apiRequests: new Counter({
      name: 'noverlay_api_requests_total',
      help: 'HTTP API requests by method, route and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
  };
}
