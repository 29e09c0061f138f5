/**
 * BGP over HTTP: neighbors, a neighbor's received/advertised routes, the RIB with reasons, and the
 * administrative actions (token required): shutdown, enable, soft reset.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { neighborRoutes, neighborView, ribView } from '../../bgp/views.js';
import type { Daemon } from '../../daemon/daemon.js';
import { ApiError, prefixQuery } from '../errors.js';

const Address = Type.Object({ address: Type.String({ minLength: 2, maxLength: 45 }) });

/**
 * An optional JSON body with one optional key: absent body, `{}` and `{key: valid}` are fine; anything else is
 * a 400. (A fastify body schema would reject a POST with no body at all.)
 */
function optionalBody(body: unknown, key: string, valid: (v: unknown) => boolean): unknown {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'bad-request', 'body must be a JSON object');
  const extra = Object.keys(body).filter((k) => k !== key);
  if (extra.length > 0) throw new ApiError(400, 'bad-request', `unknown key ${JSON.stringify(extra[0])}`);
  const v = (body as Record<string, unknown>)[key];
  if (v !== undefined && !valid(v)) throw new ApiError(400, 'bad-request', `bad value for ${key}`);
  return v;
}

export function bgpRoutes(d: Daemon): FastifyPluginAsync {
  const bgp = () => {
    const b = d.bgp;
    if (!b) throw new ApiError(404, 'bgp-disabled', 'BGP is not configured (no bgp section)');
    return b;
  };
  const peer = (address: string) => {
    const p = bgp().peer(address);
    if (!p) throw new ApiError(404, 'unknown-neighbor', `no neighbor ${address}`);
    return p;
  };
  return async (app) => {
    app.get('/api/v1/bgp/neighbors', { schema: { summary: 'BGP neighbors' } }, () =>
      d.queue.post(() => {
        const b = bgp();
        return {
          localAs: b.localAs,
          routerId: b.routerIdText,
          neighbors: [...b.peers.values()].map((p) => neighborView(b, p, d.clock.wallNow())),
        };
      }),
    );
    app.get('/api/v1/bgp/neighbors/:address', { schema: { summary: 'One BGP neighbor', params: Address } }, (req) =>
      d.queue.post(() => neighborView(bgp(), peer((req.params as { address: string }).address), d.clock.wallNow())),
    );
    app.get(
      '/api/v1/bgp/neighbors/:address/routes',
      {
        schema: {
          summary: "A neighbor's received (Adj-RIB-In, with rejected paths and why) or advertised (Adj-RIB-Out) routes",
          params: Address,
          querystring: Type.Object({
            direction: Type.Union([Type.Literal('received'), Type.Literal('advertised')], { default: 'received' }),
            limit: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
          }),
        },
      },
      (req) =>
        d.queue.post(() => {
          const q = req.query as { direction: 'received' | 'advertised'; limit: number };
          return neighborRoutes(bgp(), peer((req.params as { address: string }).address), q.direction, q.limit);
        }),
    );
    app.get(
      '/api/v1/bgp/rib',
      {
        schema: {
          summary: 'BGP RIB: every path per prefix, the best marked, and why each other path lost',
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
          return ribView(bgp(), prefixQuery(q.prefix), q.longer, q.limit);
        }),
    );
    app.post(
      '/api/v1/bgp/neighbors/:address/shutdown',
      {
        schema: {
          summary: 'Administratively shut a neighbor down (Cease 6/2 with an RFC 9003 message)',
          security: [{ bearer: [] }],
          params: Address,
          description: 'Optional JSON body: {"message": "…"} (at most 255 octets, sent to the peer).',
        },
      },
      (req) =>
        d.queue.post(() => {
          const { address } = req.params as { address: string };
          const message = optionalBody(
            req.body,
            'message',
            (v) => typeof v === 'string' && Buffer.byteLength(v) <= 255,
          );
          peer(address);
          bgp().shutdownNeighbor(address, message as string | undefined);
          return { address, result: 'shutdown' };
        }),
    );
    app.post(
      '/api/v1/bgp/neighbors/:address/enable',
      { schema: { summary: 'Re-enable a neighbor that was shut down', security: [{ bearer: [] }], params: Address } },
      (req) =>
        d.queue.post(() => {
          const { address } = req.params as { address: string };
          peer(address);
          bgp().enableNeighbor(address);
          return { address, result: 'enabled' };
        }),
    );
    app.post(
      '/api/v1/bgp/neighbors/:address/soft-reset',
      {
        schema: {
          summary: 'Soft reset: in (re-apply import policy; ROUTE-REFRESH when needed), out (resend), or both',
          security: [{ bearer: [] }],
          params: Address,
          description: 'Optional JSON body: {"direction": "in" | "out" | "both"} (default both).',
        },
      },
      (req) =>
        d.queue.post(() => {
          const { address } = req.params as { address: string };
          const dir = optionalBody(req.body, 'direction', (v) => v === 'in' || v === 'out' || v === 'both');
          const direction = (dir ?? 'both') as 'in' | 'out' | 'both';
          const r = bgp().softReset(address, direction);
          if (r === 'unknown') throw new ApiError(404, 'unknown-neighbor', `no neighbor ${address}`);
          if (r === 'not-established')
            throw new ApiError(409, 'not-established', `neighbor ${address} is not Established`);
          return { address, result: 'soft-reset', direction };
        }),
    );
  };
}
