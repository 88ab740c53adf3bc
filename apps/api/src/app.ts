import type { EventRegistry } from '@hookline/core'
import { createDeliveryQueue, type DeliveryQueue } from '@hookline/queue'
import { openStore, type Database, type Store } from '@hookline/store'
import express, { type Express } from 'express'
import helmet from 'helmet'
import type { Logger } from 'pino'
import { z } from 'zod'
import { access } from './auth/access.ts'
import { createAuthenticator } from './auth/authenticate.ts'
import { createPasswordHasher, type PasswordHasher } from './auth/passwords.ts'
import { createTokenService } from './auth/tokens.ts'
import type { ApiConfig } from './config.ts'
import type { ApiLifecycle, RouteDependencies } from './dependencies.ts'
import { requireJsonBody } from './http/content-type.ts'
import { createApiMetrics, type ApiMetrics } from './http/api-metrics.ts'
import { dashboardRouter } from './http/dashboard.ts'
import { createErrorHandler } from './http/error-handler.ts'
import { createFallback } from './http/fallback.ts'
import { rejectUnacceptableInput } from './http/hostile-input.ts'
import { mountRoutes } from './http/mount-routes.ts'
import { createRequestLimiter } from './http/rate-limit.ts'
import { createRequestLogger } from './http/request-logger.ts'
import { defineRoute, type RouteDefinition } from './http/route.ts'
import { docsRouter } from './openapi/docs-page.ts'
import { buildOpenApiDocument } from './openapi/document.ts'
import { apiKeyRoutes } from './routes/api-keys.ts'
import { appRoutes } from './routes/apps.ts'
import { authRoutes } from './routes/auth.ts'
import { eventRoutes, publishPath } from './routes/events.ts'
import { maxEventsPerBatch } from './services/publish-body.ts'
import { eventTypeRoutes } from './routes/event-types.ts'
import { healthRoutes } from './routes/health.ts'
import { logExportRoutes } from './routes/log-exports.ts'
import { logRoutes } from './routes/logs.ts'
import { statsRoutes } from './routes/stats.ts'
import { logCountRoutes } from './routes/log-count.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { tenantRoutes } from './routes/tenants.ts'
import { userRoutes } from './routes/users.ts'
import type { ConnectionTester } from './services/connection-tester.ts'
import { createLoginThrottle } from './services/login-throttle.ts'
import { apiVersion } from './version.ts'

export interface CreateApiOptions {
  config: ApiConfig
  db: Database
  /** HOOKLINE_SECRET_KEY as bytes: encrypts secrets at rest and keys sign-in tokens. */
  secretKey: Uint8Array
  /** The event catalog with the plugins loaded. */
  registry: EventRegistry
  connectionTester: ConnectionTester
  logger: Logger
  /** The clock; tests move it. */
  now?: () => Date
  /** Where published deliveries go; default: the Agenda queue on `db` (`@hookline/queue`). */
  deliveryQueue?: DeliveryQueue
  /** Add Node process metrics to `GET /metrics` (once per process: main.ts). */
  processMetrics?: boolean
}

export interface Api {
  app: Express
  store: Store
  passwords: PasswordHasher
  /** Every operation the API serves, as mounted and documented. */
  routes: readonly RouteDefinition[]
  /** Hands deliveries to the worker; close it on shutdown. */
  deliveryQueue: DeliveryQueue
  metrics: ApiMetrics
  /** Set `draining` when the process begins to stop (main.ts). */
  lifecycle: ApiLifecycle
}

export const openApiPath = '/api/v1/openapi.json'

/** Builds the Express app. It does not listen, create indexes or seed: see `prepareDatabase` and main.ts. */
export function createApi(options: CreateApiOptions): Api {
  const { config, logger } = options
  const now = options.now ?? (() => new Date())
  const store = openStore(options.db, { secretKey: options.secretKey, now, publishReadCacheMs: config.publishCacheMs })
  const passwords = createPasswordHasher(config.passwordHashing)
  const tokens = createTokenService(options.secretKey, config.tokenTtlSeconds, now)

  const deliveryQueue =
    options.deliveryQueue ?? createDeliveryQueue({ db: options.db, onError: (error) => logger.warn({ err: error }, 'Job queue error') })
  const lifecycle: ApiLifecycle = { draining: false }
  const deps: RouteDependencies = {
    config,
    lifecycle,
    store,
    registry: options.registry,
    tokens,
    passwords,
    connectionTester: options.connectionTester,
    logger,
    deliveryQueue,
    loginThrottle: config.rateLimit === 'off' ? undefined : createLoginThrottle(() => now().getTime()),
  }
  const metrics = createApiMetrics(store, {
    processMetrics: options.processMetrics ?? false,
    databaseCapabilities: () => store.server.knownCapabilities(),
    // Once per process, like the process metrics: tests build many APIs on one client.
    ...(options.processMetrics ? { databaseClient: options.db.client } : {}),
  })

  const resourceRoutes = [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...eventTypeRoutes(deps),
    ...appRoutes(deps),
    ...userRoutes(deps),
    ...apiKeyRoutes(deps),
    ...tenantRoutes(deps),
    ...eventRoutes(deps, { queue: deliveryQueue, now, onPublished: metrics.recordPublished, onPublishGroup: metrics.recordPublishGroup }),
    // Before the log routes: `/logs/export` must not be taken for `/logs/:deliveryId`.
    ...logExportRoutes(deps),
    ...logCountRoutes(deps),
    ...logRoutes(deps, { queue: deliveryQueue, now }),
    ...statsRoutes(deps, now),
    ...metricsRoutes(metrics),
  ]
  // Filled in below: the document describes the route that serves it.
  const openApiDocument: Record<string, unknown> = {}
  const routes = [
    ...resourceRoutes,
    defineRoute({
      method: 'get',
      path: openApiPath,
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI 3.1 document',
      tag: 'Reference',
      access: access.public,
      status: 200,
      response: z.record(z.string(), z.unknown()),
      async handle() {
        return openApiDocument
      },
    }),
  ]
  Object.assign(openApiDocument, buildOpenApiDocument(routes, { version: apiVersion, registry: options.registry, maxEventsPerBatch }))

  const app = express()
  app.disable('x-powered-by')
  // Plain key=value queries only: no nested objects or arrays from `a[b]=c`.
  app.set('query parser', 'simple')
  app.use(helmet())
  app.use(createRequestLogger(logger))
  app.use(metrics.middleware)
  app.use(requireJsonBody)
  // A batch of up to 500 events needs more room than other bodies; the first parser to run wins.
  app.use(publishPath, express.json({ limit: config.eventsBodyLimitBytes, strict: true, type: ['application/json', 'application/*+json'] }))
  app.use(express.json({ limit: config.bodyLimitBytes, strict: true, type: ['application/json', 'application/*+json'] }))
  app.use(rejectUnacceptableInput)
  app.use(docsRouter(openApiPath))
  mountRoutes(app, routes, createAuthenticator(store, tokens, {
      onTouchFailed: (error, keyId) => logger.warn({ err: error, keyId }, 'Could not record an API key’s last use'),
    }), createRequestLimiter(config.rateLimit))
  // The built dashboard on the same port (production); absent when not built.
  const dashboard = dashboardRouter()
  if (dashboard) app.use(dashboard)
  app.use(createFallback(routes, [{ path: '/api/docs', methods: ['GET'] }]))
  app.use(createErrorHandler(logger))
  return { app, store, passwords, routes, deliveryQueue, metrics, lifecycle }
}
