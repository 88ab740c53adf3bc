import { envelopeTenantOf, generateSigningSecret, versionOf, type AppChanges, type AppDocument } from '@hookline/store'
import type { z } from 'zod'
import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { HttpProblem, notFound } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { checkVersion, ifMatchVersion, preconditionFailed, setETag } from '../http/versioning.ts'
import { appParams, appView, createAppBody, listAppsQuery, signingSecretView, updateAppBody } from '../schemas/apps.ts'
import { pageOf } from '../schemas/common.ts'
import { announceReactivation } from '../services/announce-reactivation.ts'
import { checkAuthSettings, checkCustomHeaders, checkSubscription } from '../services/app-rules.ts'
import { requirePasswordForNewOrigin, requireSensitiveHeadersForNewOrigin } from '../services/credential-origin.ts'
import { headerValues, keepsSensitiveValue, resolveCustomHeaders } from '../services/custom-headers.ts'
import type { ConnectionSettings } from '../services/connection-tester.ts'
import { toAppView } from '../views/app-view.ts'
import { freshSigningSecretRoute } from './apps-signing-secret.ts'
import { testConnectionRoute } from './apps-test-connection.ts'

const managers = access.role('Manager')
const tag = 'Applications'

/** Webhook applications of the caller's tenant. Another tenant's app is a 404. */
export function appRoutes(deps: RouteDependencies): RouteDefinition[] {
  const { store, registry, connectionTester } = deps
  const announce = (before: AppDocument, after: AppDocument, by: string) =>
    announceReactivation({ store, queue: deps.deliveryQueue, logger: deps.logger }, before, after, by, new Date())

  async function findApp(tenantId: string, appId: string): Promise<AppDocument> {
    const app = await store.apps.get(tenantId, appId)
    if (!app) throw notFound(`Application ${appId}`)
    return app
  }

  /** After a conditional write found nothing: the app is gone (404) or at another version (412). */
  async function missingOrChanged(tenantId: string, appId: string): Promise<never> {
    const current = await findApp(tenantId, appId)
    throw preconditionFailed(versionOf(current))
  }

  /** The app as answered, with its version as the ETag. */
  function answer(response: Parameters<typeof setETag>[0], app: AppDocument) {
    setETag(response, versionOf(app))
    return toAppView(app, registry)
  }

  /** The gate: a change that could break delivery is stored only after a successful test. */
  async function requireWorkingConnection(tenantId: string, settings: ConnectionSettings): Promise<void> {
    const result = await connectionTester.test({ ...settings, tenant: envelopeTenantOf(tenantId, await store.tenants.get(tenantId)) })
    if (!result.ok) {
      throw new HttpProblem(422, result.message, { type: 'connection-test-failed', title: 'Connection test failed', extensions: { connectionTest: result } })
    }
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/apps',
      operationId: 'listApps',
      summary: 'List webhook applications',
      tag,
      access: managers,
      query: listAppsQuery,
      status: 200,
      response: pageOf(appView),
      async handle({ query, principal }) {
        const page = await store.apps.list(principal.tenantId, query)
        return { items: page.items.map((app) => toAppView(app, registry)), nextCursor: page.nextCursor }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/apps',
      operationId: 'createApp',
      summary: 'Create a webhook application',
      description: 'Runs the connection test first; a failing endpoint is refused with 422 and nothing is stored.',
      tag,
      access: managers,
      body: createAppBody,
      status: 201,
      response: appView,
      responseHeaders: [{ name: 'Location', description: 'The new application, `/api/v1/apps/{appId}`.', schema: { type: 'string' } }],
      problems: [422],
      async handle({ body, principal, response }) {
        const auth = checkAuthSettings(body, body)
        const headers = resolveCustomHeaders(body.headers)
        checkCustomHeaders(headerValues(headers), body.authType)
        const events = checkSubscription(registry, body.events)
        // The secret the test signs with is the one the app keeps, so a receiver configured with it keeps verifying.
        const signingSecret = body.signingSecret ?? generateSigningSecret()
        await requireWorkingConnection(principal.tenantId, { endpoint: body.endpoint, auth, headers: headerValues(headers), signingSecrets: [signingSecret] })
        const app = await store.apps.create({ ...body, headers, signingSecret, events, tenantId: principal.tenantId, createdBy: actorOf(principal) })
        response.location(`/api/v1/apps/${app._id}`)
        return answer(response, app)
      },
    }),

    testConnectionRoute(deps, findApp),
    freshSigningSecretRoute(),

    defineRoute({
      method: 'get',
      path: '/api/v1/apps/:appId',
      operationId: 'getApp',
      summary: 'Get a webhook application',
      tag,
      access: managers,
      params: appParams,
      status: 200,
      response: appView,
      async handle({ params, principal, response }) {
        return answer(response, await findApp(principal.tenantId, params.appId))
      },
    }),

    defineRoute({
      method: 'patch',
      path: '/api/v1/apps/:appId',
      operationId: 'updateApp',
      summary: 'Change a webhook application',
      description:
        'Changing the endpoint, authentication or headers, or turning the app on, runs the connection test first; on failure nothing changes (422). ' +
        'Only the fields sent change, so concurrent changes of different fields all survive. With `If-Match` (the ETag of your last read) the change is made only if nobody changed the app since (else 412).',
      tag,
      access: managers,
      params: appParams,
      body: updateAppBody,
      status: 200,
      response: appView,
      problems: [412, 422],
      async handle({ params, body, principal, request, response }) {
        const ifVersion = ifMatchVersion(request)
        const app = await findApp(principal.tenantId, params.appId)
        checkVersion(ifVersion, versionOf(app))
        const authType = body.authType ?? app.authType
        const basic = authType === 'basic'
        const username = basic ? (body.username ?? app.username) : undefined
        if (basic && body.password === undefined && app.sealedPassword !== undefined && body.endpoint !== undefined) {
          requirePasswordForNewOrigin(app.endpoint, body.endpoint)
        }
        const password = basic ? (body.password ?? store.apps.password(app)) : undefined
        const auth = checkAuthSettings({ authType, username, password }, basic ? {} : body)
        const storedHeaders = store.apps.customHeaders(app)
        const keepsSensitive = body.headers ? keepsSensitiveValue(body.headers, storedHeaders) : storedHeaders.some((header) => header.sensitive)
        if (keepsSensitive && body.endpoint !== undefined) requireSensitiveHeadersForNewOrigin(app.endpoint, body.endpoint)
        const resolvedHeaders = body.headers ? resolveCustomHeaders(body.headers, storedHeaders) : undefined
        const currentHeaders = headerValues(storedHeaders)
        const headers = resolvedHeaders ? headerValues(resolvedHeaders) : currentHeaders
        checkCustomHeaders(headers, authType)
        const events = body.events ? checkSubscription(registry, body.events, app.events) : undefined

        const endpoint = body.endpoint ?? app.endpoint
        const connectionChanged =
          endpoint !== app.endpoint ||
          authType !== app.authType ||
          username !== app.username ||
          (body.password !== undefined && body.password !== store.apps.password(app)) ||
          JSON.stringify(headers) !== JSON.stringify(currentHeaders)
        const turningOn = body.active === true && !app.active
        if (connectionChanged || turningOn) {
          await requireWorkingConnection(principal.tenantId, { endpoint, auth, headers, signingSecrets: store.apps.validSigningSecrets(app) })
        }

        // Only what the request names: a field read above but not sent must not overwrite a concurrent change of it.
        const changes: AppChanges = {
          ...body,
          headers: resolvedHeaders,
          ...(events ? { events } : {}),
          ...(body.authType === 'none' ? { username: null, password: null } : {}),
        }
        const updated = await store.apps.update(principal.tenantId, app._id, changes, actorOf(principal), { ifVersion })
        if (!updated) return missingOrChanged(principal.tenantId, params.appId)
        await announce(app, updated, actorOf(principal))
        return answer(response, updated)
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/v1/apps/:appId',
      operationId: 'deleteApp',
      summary: 'Delete a webhook application',
      description: 'Its delivery logs stay readable. With `If-Match`, only if nobody changed the app since your read (else 412).',
      tag,
      access: managers,
      params: appParams,
      status: 204,
      problems: [412],
      async handle({ params, principal, request }) {
        const ifVersion = ifMatchVersion(request)
        if (!(await store.apps.remove(principal.tenantId, params.appId, { ifVersion }))) {
          if (ifVersion === undefined) throw notFound(`Application ${params.appId}`)
          return missingOrChanged(principal.tenantId, params.appId)
        }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/apps/:appId/activate',
      operationId: 'activateApp',
      summary: 'Turn a webhook application on',
      description: 'Runs the connection test first; on failure the app stays off (422). Clears the reason the engine turned it off.',
      tag,
      access: managers,
      params: appParams,
      status: 200,
      response: appView,
      problems: [422],
      async handle({ params, principal, response }) {
        const app = await findApp(principal.tenantId, params.appId)
        if (app.active) return answer(response, app)
        const auth = checkAuthSettings({ authType: app.authType, username: app.username, password: store.apps.password(app) }, {})
        await requireWorkingConnection(principal.tenantId, { endpoint: app.endpoint, auth, headers: store.apps.headerValues(app), signingSecrets: store.apps.validSigningSecrets(app) })
        const updated = await store.apps.setActive(principal.tenantId, app._id, true, actorOf(principal))
        if (!updated) throw notFound(`Application ${params.appId}`)
        await announce(app, updated, actorOf(principal))
        return answer(response, updated)
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/apps/:appId/deactivate',
      operationId: 'deactivateApp',
      summary: 'Turn a webhook application off',
      tag,
      access: managers,
      params: appParams,
      status: 200,
      response: appView,
      async handle({ params, principal, response }) {
        const updated = await store.apps.setActive(principal.tenantId, params.appId, false, actorOf(principal))
        if (!updated) throw notFound(`Application ${params.appId}`)
        return answer(response, updated)
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/apps/:appId/secret',
      operationId: 'getAppSigningSecret',
      summary: "Reveal the application's current signing secret",
      tag,
      access: managers,
      params: appParams,
      status: 200,
      response: signingSecretView,
      async handle({ params, principal, response }) {
        const app = await findApp(principal.tenantId, params.appId)
        response.set('Cache-Control', 'no-store')
        return { secret: store.apps.currentSigningSecret(app) } satisfies z.infer<typeof signingSecretView>
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/apps/:appId/rotate-secret',
      operationId: 'rotateAppSigningSecret',
      summary: 'Rotate the signing secret',
      description: 'A new secret signs from now on; the previous one keeps signing beside it for 24 hours. Read the new one with GET …/secret.',
      tag,
      access: managers,
      params: appParams,
      status: 200,
      response: appView,
      async handle({ params, principal, response }) {
        const rotated = await store.apps.rotateSigningSecret(principal.tenantId, params.appId, actorOf(principal))
        if (!rotated) throw notFound(`Application ${params.appId}`)
        return answer(response, rotated)
      },
    }),
  ]
}
