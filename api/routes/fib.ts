/** GET /api/v1/fib (what noverlay installed, with state) and /api/v1/fib/diff (desired vs kernel). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Daemon } from '../../daemon/daemon.js';
import type { FibRouteState } from '../../fib/manager.js';
import { ApiError } from '../errors.js';

const STATES = ['installed', 'pending', 'failed', 'conflict', 'stale'] as const;

export function fibRoutes(d: Daemon): FastifyPluginAsync {
  const fib = () => {
    const f = d.kernel?.fib;
    if (!f) throw new ApiError(404, 'fib-disabled', 'the FIB is disabled (fib.enabled: false)');
    return f;
  };
  return async (app) => {
    app.get(
      '/api/v1/fib',
      {
        schema: {
          summary:
            'Routes noverlay installs in the kernel, each with its state (installed, pending, failed, conflict, stale)',
          querystring: Type.Object({
            state: Type.Optional(Type.Union(STATES.map((s) => Type.Literal(s)))),
            limit: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
          }),
        },
      },
      (req) =>
        d.queue.post(() => {
          const q = req.query as { state?: FibRouteState; limit: number };
          const f = fib();
          return { summary: f.summary(), routes: f.routes({ ...(q.state ? { state: q.state } : {}), limit: q.limit }) };
        }),
    );
    app.get(
      '/api/v1/fib/diff',
      { schema: { summary: 'Desired routes against the kernel: missing, extra (stale own), different, conflicts' } },
      async () => {
        const f = await d.queue.post(() => fib());
        const r = await f.diff();
        if (!r.ok) throw new ApiError(503, 'netlink', `kernel dump failed: ${r.error.code}`);
        return r.value;
      },
    );
  };
}
