import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { notFound } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { checkVersion, ifMatchVersion, preconditionFailed, setETag } from '../http/versioning.ts'
import { apiKeyParams, apiKeyView, createApiKeyBody, createdApiKeyView, listQuery, updateApiKeyBody } from '../schemas/accounts.ts'
import { pageOf } from '../schemas/common.ts'
import { versionOf } from '@hookline/store'
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
        setETag(response, versionOf(document))
        return { ...toApiKeyView(document), key }
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/api-keys/:keyId',
      operationId: 'getApiKey',
      summary: 'Get an API key',
      tag,
      access: administrators,
      params: apiKeyParams,
      status: 200,
      response: apiKeyView,
      async handle({ params, principal, response }) {
        const apiKey = await store.apiKeys.get(principal.tenantId, params.keyId)
        if (!apiKey) throw notFound(`API key ${params.keyId}`)
        setETag(response, versionOf(apiKey))
        return toApiKeyView(apiKey)
      },
    }),

    defineRoute({
      method: 'patch',
      path: '/api/v1/api-keys/:keyId',
      operationId: 'renameApiKey',
      summary: 'Rename an API key',
      description: 'With `If-Match` (the ETag of your last read), only if nobody changed the key since (else 412).',
      tag,
      access: administrators,
      params: apiKeyParams,
      body: updateApiKeyBody,
      status: 200,
      response: apiKeyView,
      problems: [412],
      async handle({ params, body, principal, request, response }) {
        const ifVersion = ifMatchVersion(request)
        const before = await store.apiKeys.get(principal.tenantId, params.keyId)
        if (!before) throw notFound(`API key ${params.keyId}`)
        checkVersion(ifVersion, versionOf(before))
        const renamed = await store.apiKeys.rename(principal.tenantId, params.keyId, body.name, { ifVersion })
        if (!renamed) {
          const current = await store.apiKeys.get(principal.tenantId, params.keyId)
          if (!current) throw notFound(`API key ${params.keyId}`)
          throw preconditionFailed(versionOf(current))
        }
        setETag(response, versionOf(renamed))
        return toApiKeyView(renamed)
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/v1/api-keys/:keyId',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      description:
        'The key stops working at once; its record stays listed as revoked. With `If-Match`, only if nobody changed the key since your read (else 412).',
      tag,
      access: administrators,
      params: apiKeyParams,
      status: 204,
      problems: [412],
      async handle({ params, principal, request }) {
        const ifVersion = ifMatchVersion(request)
        const before = await store.apiKeys.get(principal.tenantId, params.keyId)
        if (!before) throw notFound(`API key ${params.keyId}`)
        checkVersion(ifVersion, versionOf(before))
        const revoked = await store.apiKeys.revoke(principal.tenantId, params.keyId, actorOf(principal), { ifVersion })
        if (!revoked) throw notFound(`API key ${params.keyId}`)
        if (ifVersion !== undefined && !revoked.revokedAt) throw preconditionFailed(versionOf(revoked))
      },
    }),
  ]
}
