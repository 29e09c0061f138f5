/** Liveness, readiness and Prometheus metrics. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Daemon } from '../../daemon/daemon.js';

const Ready = Type.Object({ ready: Type.Boolean(), pending: Type.Array(Type.String()) });

export function healthRoutes(d: Daemon): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
      async () => {
        // Alive means the event loop runs and the queue still answers.
        await d.queue.post(() => undefined);
        return { status: 'ok' as const };
      },
    );
    app.get(
      '/readyz',
      { schema: { summary: 'Readiness: config applied and initial sync done', response: { 200: Ready, 503: Ready } } },
      async (_req, reply) => {
        const r = await d.queue.post(() => ({ ready: d.readiness.ready, pending: d.readiness.pending() }));
        return reply.code(r.ready ? 200 : 503).send(r);
      },
    );
    app.get(
      '/metrics',
      { schema: { summary: 'Prometheus metrics', produces: ['text/plain'] } },
      async (_req, reply) => {
        const text = await d.metrics.registry.metrics();
        return reply.header('content-type', d.metrics.registry.contentType).send(text);
      },
    );
  };
}
