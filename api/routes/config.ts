/** Config reload (token required) and the revision history. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { formatDiagnostic } from '../../daemon/config/diagnostic.js';
import type { Daemon } from '../../daemon/daemon.js';

const ReloadBody = Type.Object({
  result: Type.Union([Type.Literal('applied'), Type.Literal('unchanged'), Type.Literal('rejected')]),
  revision: Type.Integer(),
  message: Type.String(),
  diagnostics: Type.Array(Type.String()),
});

const Revision = Type.Object({
  id: Type.Integer(),
  revision: Type.Union([Type.Integer(), Type.Null()]),
  appliedAt: Type.String({ format: 'date-time' }),
  checksum: Type.String(),
  source: Type.String(),
  result: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
});

export function configRoutes(d: Daemon): FastifyPluginAsync {
  return async (app) => {
    app.post(
      '/api/v1/config/reload',
      {
        schema: {
          summary: 'Validate the config file again and apply it; the running config stays if it is invalid',
          security: [{ bearer: [] }],
          response: { 200: ReloadBody, 422: ReloadBody, 401: { $ref: 'ErrorBody#' } },
        },
      },
      async (_req, reply) => {
        const r = await d.reload('api');
        const body = {
          result: r.result,
          revision: r.revision,
          message: r.message,
          diagnostics: r.diagnostics.map(formatDiagnostic),
        };
        return reply.code(r.result === 'rejected' ? 422 : 200).send(body);
      },
    );
    app.get(
      '/api/v1/config/revisions',
      {
        schema: {
          summary: 'History of config revisions (newest first)',
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })) }),
          response: { 200: Type.Array(Revision) },
        },
      },
      async (req) => {
        const { limit } = req.query as { limit?: number };
        const rows = await d.revisions(limit ?? 50);
        return rows.map((r) => ({ ...r, appliedAt: new Date(r.appliedAt).toISOString() }));
      },
    );
  };
}
