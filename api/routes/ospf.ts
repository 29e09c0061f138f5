/** OSPF over HTTP: summary, interfaces, neighbors, the link-state database and the OSPF routes. */
import type { FastifyPluginAsync } from 'fastify';
import type { Daemon } from '../../daemon/daemon.js';
import { databaseView, interfacesView, neighborsView, routesView, summaryView } from '../../ospf/views.js';
import { ApiError } from '../errors.js';

export function ospfRoutes(d: Daemon): FastifyPluginAsync {
  const ospf = () => {
    const o = d.ospf;
    if (!o) throw new ApiError(404, 'ospf-disabled', 'OSPF is not configured (no ospf section)');
    return o;
  };
  return async (app) => {
    app.get('/api/v1/ospf', { schema: { summary: 'OSPF summary: router ID, areas, SPF, packet counters' } }, () =>
      d.queue.post(() => summaryView(ospf())),
    );
    app.get('/api/v1/ospf/interfaces', { schema: { summary: 'OSPF interfaces: state, DR/BDR, cost, timers' } }, () =>
      d.queue.post(() => interfacesView(ospf())),
    );
    app.get('/api/v1/ospf/neighbors', { schema: { summary: 'OSPF neighbors: state, role, dead time' } }, () =>
      d.queue.post(() => neighborsView(ospf())),
    );
    app.get('/api/v1/ospf/database', { schema: { summary: 'The link-state database, per area and AS-wide' } }, () =>
      d.queue.post(() => databaseView(ospf())),
    );
    app.get('/api/v1/ospf/routes', { schema: { summary: 'OSPF routes from the last SPF run' } }, () =>
      d.queue.post(() => routesView(ospf())),
    );
  };
}
