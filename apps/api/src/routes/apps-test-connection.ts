import { envelopeTenantOf, generateSigningSecret, type AppDocument } from '@hookline/store'
import { access } from '../auth/access.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { connectionTestView, testConnectionBody } from '../schemas/apps.ts'
import { checkAuthSettings, checkCustomHeaders } from '../services/app-rules.ts'
import { requirePasswordForNewOrigin, requireSensitiveHeadersForNewOrigin } from '../services/credential-origin.ts'
import { headerValues, keepsSensitiveValue, resolveCustomHeaders } from '../services/custom-headers.ts'

/** `POST /api/v1/apps/test-connection`: the check the form runs before Save. */
export function testConnectionRoute(
  deps: RouteDependencies,
  findApp: (tenantId: string, appId: string) => Promise<AppDocument>,
): RouteDefinition {
  return defineRoute({
    method: 'post',
    path: '/api/v1/apps/test-connection',
    operationId: 'testAppConnection',
    // 404: the optional appId (reuse its stored password and secret) is not in your tenant.
    // 422: the stored password would go to another origin than the app's; send it again.
    problems: [404, 422],
    summary: 'Test a connection without saving',
    description:
      'Sends one signed `webhook.test` event with the given settings and reports whether the endpoint is reachable, allowed by the address policy and accepts the credentials. Always 200: `ok` says whether the test passed.',
    tag: 'Applications',
    access: access.role('Manager'),
    body: testConnectionBody,
    status: 200,
    response: connectionTestView,
    async handle({ body, principal }) {
      const app = body.appId ? await findApp(principal.tenantId, body.appId) : undefined
      const reusesPassword = app !== undefined && body.authType === 'basic' && body.password === undefined && app.sealedPassword !== undefined
      if (reusesPassword) requirePasswordForNewOrigin(app.endpoint, body.endpoint)
      const storedPassword = reusesPassword ? deps.store.apps.password(app) : undefined
      const auth = checkAuthSettings(
        { authType: body.authType, username: body.username, password: body.password ?? storedPassword },
        body,
      )
      const storedHeaders = app ? deps.store.apps.customHeaders(app) : []
      if (app && keepsSensitiveValue(body.headers, storedHeaders)) requireSensitiveHeadersForNewOrigin(app.endpoint, body.endpoint)
      const headers = headerValues(resolveCustomHeaders(body.headers, storedHeaders))
      checkCustomHeaders(headers, body.authType)
      return deps.connectionTester.test({
        tenant: envelopeTenantOf(principal.tenantId, await deps.store.tenants.get(principal.tenantId)),
        endpoint: body.endpoint,
        auth,
        headers,
        signingSecrets: body.signingSecret ? [body.signingSecret] : app ? deps.store.apps.validSigningSecrets(app) : [generateSigningSecret()],
      })
    },
  })
}
