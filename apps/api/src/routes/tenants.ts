import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { createdTenantView, createTenantBody, listQuery, tenantView } from '../schemas/accounts.ts'
import { pageOf } from '../schemas/common.ts'
import { toTenantView, toUserView } from '../views/account-views.ts'

const tag = 'Tenants'

/** The platform operator creates portals (tenants), each with its own first Administrator. */
export function tenantRoutes({ store, passwords }: RouteDependencies): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/tenants',
      operationId: 'listTenants',
      summary: 'List tenants',
      tag,
      access: access.platformOperator,
      query: listQuery,
      status: 200,
      response: pageOf(tenantView),
      async handle({ query }) {
        const page = await store.tenants.list(query)
        return { items: page.items.map(toTenantView), nextCursor: page.nextCursor }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/tenants',
      operationId: 'createTenant',
      summary: 'Create a tenant with its Administrator',
      tag,
      access: access.platformOperator,
      body: createTenantBody,
      status: 201,
      response: createdTenantView,
      async handle({ body, principal }) {
        const createdBy = actorOf(principal)
        const passwordHash = await passwords.hash(body.admin.password)
        const { tenant, admin } = await store.tenants.createWithAdministrator(
          { name: body.name, url: body.url, createdBy },
          { email: body.admin.email, name: body.admin.name ?? body.admin.email, passwordHash, createdBy },
        )
        return { tenant: toTenantView(tenant), admin: toUserView(admin) }
      },
    }),
  ]
}
