/** GET /api/v1/status: version, uptime, router ID, config revision. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Daemon } from '../../daemon/daemon.js';

export const StatusBody = Type.Object({
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  routerId: Type.String(),
  hostname: Type.String(),
  configRevision: Type.Integer(),
  configChecksum: Type.String(),
  configPath: Type.String(),
  ready: Type.Boolean(),
  pending: Type.Array(Type.String()),
});

export function statusRoutes(d: Daemon): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/status', { schema: { summary: 'Daemon status', response: { 200: StatusBody } } }, () =>
      d.status(),
    );
  };
}
