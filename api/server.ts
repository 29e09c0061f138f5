/**
 * The HTTP API (fastify): health, readiness, metrics, status, config, and an OpenAPI document.
 *
 * Security by default: the daemon binds loopback unless told otherwise; every mutating method needs the
 * bearer token (401 otherwise, and always 401 when no token is configured). Handlers never mutate daemon
 * state themselves: they call daemon operations, which run on the daemon's queue.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { Daemon } from '../daemon/daemon.js';
import type { Logger } from '../daemon/log.js';
import { tokenMatches } from '../daemon/token.js';
import { VERSION } from '../daemon/version.js';
import { ApiError, ErrorBody } from './errors.js';
import { bgpRoutes } from './routes/bgp.js';
import { configRoutes } from './routes/config.js';
import { fibRoutes } from './routes/fib.js';
import { healthRoutes } from './routes/health.js';
import { ospfRoutes } from './routes/ospf.js';
import { ribRoutes } from './routes/rib.js';
import { statusRoutes } from './routes/status.js';

export interface ApiOptions {
  daemon: Daemon;
  token: string | undefined;
  logger: Logger;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function createApiServer(o: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.logger.child({ component: 'api' }) as FastifyBaseLogger,
    // Per-request logs would drown the daemon's own; request counts go to noverlay_api_requests_total.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1 << 20,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'noverlay API', version: VERSION, description: 'noverlayd host routing daemon' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.addSchema(ErrorBody);

  app.addHook('onRequest', async (req, reply) => {
    if (SAFE_METHODS.has(req.method)) return;
    const h = req.headers.authorization;
    const presented = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
    if (o.token === undefined) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        error: 'unauthorized',
        message: 'mutations need a token and this daemon has none configured (api.tokenFile or the token env variable)',
      });
    }
    if (presented === undefined || !tokenMatches(o.token, presented)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'missing or wrong bearer token' });
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    o.daemon.metrics.apiRequests.inc({
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
    });
  });

  app.setErrorHandler((e: FastifyError | ApiError, req, reply) => {
    if (e instanceof ApiError) return reply.code(e.statusCode).send({ error: e.code, message: e.message });
    if ((e as FastifyError).validation) {
      return reply.code(400).send({ error: 'bad-request', message: e.message });
    }
    const status = (e as FastifyError).statusCode ?? 500;
    if (status >= 500) req.log.error({ err: e }, 'API handler failed');
    return reply.code(status).send({
      error: status >= 500 ? 'internal' : 'bad-request',
      message: status >= 500 ? 'internal error' : e.message,
    });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  await app.register(healthRoutes(o.daemon));
  await app.register(statusRoutes(o.daemon));
  await app.register(configRoutes(o.daemon));
  await app.register(bgpRoutes(o.daemon));
  await app.register(ribRoutes(o.daemon));
  await app.register(fibRoutes(o.daemon));
  await app.register(ospfRoutes(o.daemon));
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
