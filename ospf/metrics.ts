/**
 * OSPF metrics (Prometheus). Gauges and counters are read from the instance at scrape time (never stale, no
 * work per packet); only the SPF duration histogram is observed as SPF runs (the instance gets `spfSeconds`
 * through its deps).
 *
 *   noverlay_ospf_neighbors{state}                 neighbors per state (Down..Full)
 *   noverlay_ospf_lsas{type}                       LSAs in the database per LS type (router, network, ...)
 *   noverlay_ospf_spf_runs_total                   SPF calculations
 *   noverlay_ospf_spf_duration_seconds             SPF calculation time (histogram)
 *   noverlay_ospf_packets_dropped_total{reason}    received packets (and LSAs) dropped, by reason
 *   noverlay_ospf_packets_total{direction,type}    packets received (in) and sent (out) by type
 *   noverlay_ospf_exchange_restarts_total          Database Exchanges restarted (SeqNumberMismatch, BadLSReq)
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OspfInstance } from './instance.js';
import { LSA_TYPE_NAMES } from './views.js';

export interface OspfMetrics {
  spfSeconds: Pick<Histogram, 'observe'>;
}

const NBR_STATES = ['Down', 'Init', '2-Way', 'ExStart', 'Exchange', 'Loading', 'Full'] as const;

/** Register the OSPF metrics on `registry`; `src` gives the running instance (undefined: OSPF is off). */
export function createOspfMetrics(registry: Registry, src: () => OspfInstance | undefined): OspfMetrics {
  new Gauge({
    name: 'noverlay_ospf_neighbors',
    help: 'OSPF neighbors per state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      const o = src();
      if (!o) return;
      const c = new Map<string, number>(NBR_STATES.map((s) => [s, 0]));
      for (const ifc of o.interfaces())
        for (const n of ifc.nbrs.values()) c.set(n.st.state, (c.get(n.st.state) ?? 0) + 1);
      for (const [state, v] of c) this.set({ state }, v);
    },
  });
  new Gauge({
    name: 'noverlay_ospf_lsas',
    help: 'LSAs in the OSPF link-state database per LS type',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      this.reset();
      const o = src();
      if (!o) return;
      const c = o.lsdb.countByType();
      for (const [t, v] of Object.entries(c)) this.set({ type: LSA_TYPE_NAMES[Number(t)] ?? t }, v);
    },
  });
  new Counter({
    name: 'noverlay_ospf_spf_runs_total',
    help: 'OSPF SPF calculations',
    registers: [registry],
    collect() {
      this.reset();
      const o = src();
      if (o) this.inc(o.counters.spfRuns);
    },
  });
  new Counter({
    name: 'noverlay_ospf_packets_dropped_total',
    help: 'OSPF packets (and LSAs) dropped, by reason',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      const o = src();
      if (o) for (const [reason, v] of o.counters.drops) this.inc({ reason }, v);
    },
  });
  new Counter({
    name: 'noverlay_ospf_packets_total',
    help: 'OSPF packets received (in) and sent (out) by type',
    labelNames: ['direction', 'type'],
    registers: [registry],
    collect() {
      this.reset();
      const o = src();
      if (!o) return;
      for (const [type, v] of Object.entries(o.counters.packetsIn)) this.inc({ direction: 'in', type }, v);
      for (const [type, v] of Object.entries(o.counters.packetsOut)) this.inc({ direction: 'out', type }, v);
    },
  });
  new Counter({
    name: 'noverlay_ospf_exchange_restarts_total',
    help: 'OSPF Database Exchanges restarted (SeqNumberMismatch, BadLSReq)',
    registers: [registry],
    collect() {
      this.reset();
      const o = src();
      if (o) this.inc(o.counters.exchangeRestarts);
    },
  });
  return {
    spfSeconds: new Histogram({
      name: 'noverlay_ospf_spf_duration_seconds',
      help: 'Time of one OSPF SPF calculation',
      buckets: [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}
