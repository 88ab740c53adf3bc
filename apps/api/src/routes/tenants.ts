import { access } from '../auth/access.ts'
import { actorOf } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { HttpProblem, notFound } from '../http/problem.ts'
import { createdTenantView, createTenantBody, listQuery, tenantParams, tenantView, updateTenantBody } from '../schemas/accounts.ts'
import { pageOf } from '../schemas/common.ts'
import { toTenantView, toUserView } from '../views/account-views.ts'
import type { Store } from '@hookline/store'

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
      problems: [409],
      async handle({ body, principal }) {
        if (body.portalTenantId !== undefined) await checkPortalTenantFree(store, body.portalTenantId, undefined)
        const createdBy = actorOf(principal)
        const passwordHash = await passwords.hash(body.admin.password)
        const { tenant, admin } = await store.tenants.createWithAdministrator(
          { name: body.name, url: body.url, portalTenantId: body.portalTenantId, createdBy },
          { email: body.admin.email, name: body.admin.name ?? body.admin.email, passwordHash, createdBy },
        )
        return { tenant: toTenantView(tenant), admin: toUserView(admin) }
      },
    }),

    defineRoute({
      method: 'patch',
      path: '/api/v1/tenants/:tenantId',
      operationId: 'updateTenant',
      summary: 'Rename a tenant, record its portal address, or link it to its portal tenant',
      description:
        "Linking (`portalTenantId`) makes Hookline refuse published records whose `subjectDetail.tenant` names another portal tenant or another name (422 `tenant-mismatch`), so envelopes and payloads always agree. A portal tenant id links one tenant at most (else 409).",
      tag,
      access: access.platformOperator,
      params: tenantParams,
      body: updateTenantBody,
      status: 200,
      response: tenantView,
      problems: [409],
      async handle({ params, body }) {
        if (typeof body.portalTenantId === 'number') await checkPortalTenantFree(store, body.portalTenantId, params.tenantId)
        const tenant = await store.tenants.update(params.tenantId, body)
        if (!tenant) throw notFound(`Tenant ${params.tenantId}`)
        return toTenantView(tenant)
      },
    }),
  ]
}

/** One portal tenant, one Hookline tenant: otherwise two tenants would both accept its records. */
async function checkPortalTenantFree(store: Store, portalTenantId: number, tenantId: string | undefined): Promise<void> {
  const holder = await store.tenants.findByPortalTenantId(portalTenantId)
  if (holder && holder._id !== tenantId) {
    throw new HttpProblem(409, `Portal tenant ${portalTenantId} is already linked to tenant ${holder._id} (${holder.name}).`, { type: 'portal-tenant-linked' })
  }
}
