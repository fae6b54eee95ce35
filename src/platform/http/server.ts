import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Action } from '../auth/permissions.js';
import { authenticate, type AuthMode, type CredentialResolvers } from './auth.js';
import { errorHandler, rawProblemResponse, sendProblem } from './errors.js';
import { Problem } from './problem.js';
import { responseSerializerCompiler } from './serializer.js';

/** One registered route, as the authorization-matrix test and docs generator see it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly auth: AuthMode;
  readonly action: Action | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on this server (HEAD and static-file routes excluded). */
    routeTable: RouteEntry[];
  }
}

export type HttpServer = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

const MAX_URL_LENGTH = 8192;
const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * The bare HTTP server every capability registers its routes on: security headers,
 * cookies, request ids, problem+json errors, OpenAPI, credential resolution.
 */
export async function createHttpServer(
  config: Config,
  resolvers: CredentialResolvers,
  /** Where logs go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream,
): Promise<HttpServer> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.secret'], censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimit,
    trustProxy: false,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Node rejects oversized request heads before Fastify sees them; answer those in problem+json too.
    clientErrorHandler: (error, socket) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (socket.writable) {
        socket.end(
          code === 'HPE_HEADER_OVERFLOW'
            ? rawProblemResponse(431, 'headers-too-large', 'The request line or headers are too large.')
            : rawProblemResponse(400, 'bad-request', 'The HTTP request is malformed.'),
        );
      } else socket.destroy(error);
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { auth?: AuthMode; action?: Action };
    // Only the versioned API is private by default; the web app's files and the API docs are public.
    if (!config.auth && !route.url.startsWith('/api/v1/')) route.config = { ...config, auth: 'public' };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || route.url.startsWith('/api/docs')) continue;
      routeTable.push({ method, url: route.url, auth: (route.config as { auth?: AuthMode }).auth ?? 'org', action: config.action });
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.setErrorHandler(errorHandler);
  // Only JSON bodies: a text/plain POST (the kind a cross-site form can send) is a 415.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.length > MAX_URL_LENGTH) throw new Problem(414, 'uri-too-long', `URLs are limited to ${MAX_URL_LENGTH} characters.`);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine and swagger-ui set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => new Problem(429, 'rate-limited', `Too many requests; try again in ${context.after}.`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vigil API', version: '1', description: 'Medical device security lifecycle (HSCC JSP 2.0). Errors are RFC 9457 problem+json.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (vgl_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  // Authenticate before the body is read: an unauthenticated or CSRF-less request costs nothing to refuse.
  app.addHook('onRequest', authenticate(resolvers));

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new Problem(404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
  return app;
}
