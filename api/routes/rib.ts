/** GET /api/v1/routes: the protocol-independent RIB — every candidate, the selected one, and why. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Daemon } from '../../daemon/daemon.js';
import { routeViews } from '../../rib/views.js';
import { prefixQuery } from '../errors.js';

export function ribRoutes(d: Daemon): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/v1/routes',
      {
        schema: {
          summary: 'RIB: per prefix every candidate (protocol, distance, metric, next hops), the selected one, and why',
          querystring: Type.Object({
            prefix: Type.Optional(Type.String({ maxLength: 49 })),
            longer: Type.Boolean({ default: false }),
            limit: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
          }),
        },
      },
      (req) =>
        d.queue.post(() => {
          const q = req.query as { prefix?: string; longer: boolean; limit: number };
          return routeViews(d.rib, prefixQuery(q.prefix), q.longer, q.limit);
        }),
    );
  };
}
