/** BGP metrics (Prometheus): session state, messages, prefixes per neighbor, UPDATE processing latency. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface BgpMetrics {
  messages: Counter<'peer' | 'direction' | 'type'>;
  updateSeconds: Histogram;
}

export const FSM_STATE_NUMBER = {
  Idle: 1,
  Connect: 2,
  Active: 3,
  OpenSent: 4,
  OpenConfirm: 5,
  Established: 6,
} as const;

export interface BgpGaugeSource {
  sessions(): { peer: string; state: keyof typeof FSM_STATE_NUMBER }[];
  prefixes(): { peer: string; kind: 'received' | 'accepted' | 'advertised'; value: number }[];
}

/** Gauges are read from `src` at scrape time, so they are never stale. */
export function createBgpMetrics(registry: Registry, src: () => BgpGaugeSource | undefined): BgpMetrics {
  new Gauge({
    name: 'noverlay_bgp_session_state',
    help: 'BGP FSM state per neighbor: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established',
    labelNames: ['peer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of src()?.sessions() ?? []) this.set({ peer: s.peer }, FSM_STATE_NUMBER[s.state]);
    },
  });
  new Gauge({
    name: 'noverlay_bgp_prefixes',
    help: 'Prefixes per neighbor: received, accepted (post-policy), advertised',
    labelNames: ['peer', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of src()?.prefixes() ?? []) this.set({ peer: p.peer, kind: p.kind }, p.value);
    },
  });
  return {
    messages: new Counter({
      name: 'noverlay_bgp_messages_total',
      help: 'BGP messages by neighbor, direction (in/out) and type',
      labelNames: ['peer', 'direction', 'type'],
      registers: [registry],
    }),
    updateSeconds: new Histogram({
      name: 'noverlay_bgp_update_processing_seconds',
      help: 'Time to apply one received UPDATE to the BGP RIB',
      buckets: [0.00001, 0.0001, 0.001, 0.01, 0.1, 1],
      registers: [registry],
    }),
  };
}
