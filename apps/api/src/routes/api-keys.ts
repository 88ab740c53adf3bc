import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { notFound } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { apiKeyParams, apiKeyView, createApiKeyBody, createdApiKeyView, listQuery } from '../schemas/accounts.ts'
import { pageOf } from '../schemas/common.ts'
import { toApiKeyView } from '../views/account-views.ts'

const administrators = access.role('Administrator')
const tag = 'API keys'

/** Service API keys of the tenant, for portal services that publish events. */
export function apiKeyRoutes({ store }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/api-keys',
      operationId: 'listApiKeys',
      summary: 'List API keys',
      description: 'Revoked keys stay listed, with `revokedAt`.',
      tag,
      access: administrators,
      query: listQuery,
      status: 200,
      response: pageOf(apiKeyView),
      async handle({ query, principal }) {
        const page = await store.apiKeys.list(principal.tenantId, query)
        return { items: page.items.map(toApiKeyView), nextCursor: page.nextCursor }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/api-keys',
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description: 'The key is in `key`, in this answer only: it is stored hashed and cannot be shown again.',
      tag,
      access: administrators,
      body: createApiKeyBody,
      status: 201,
      response: createdApiKeyView,
      async handle({ body, principal, response }) {
        const { document, key } = await store.apiKeys.create({
          tenantId: principal.tenantId,
          name: body.name,
          scopes: body.scopes,
          createdBy: actorOf(principal),
        })
        response.set('Cache-Control', 'no-store')
        return { ...toApiKeyView(document), key }
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/v1/api-keys/:keyId',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      description: 'The key stops working at once; its record stays listed as revoked.',
      tag,
      access: administrators,
      params: apiKeyParams,
      status: 204,
      async handle({ params, principal }) {
        const revoked = await store.apiKeys.revoke(principal.tenantId, params.keyId, actorOf(principal))
        if (!revoked) throw notFound(`API key ${params.keyId}`)
      },
    }),
  ]
}
