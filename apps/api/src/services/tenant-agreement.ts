import type { UntypedPublishEventInput } from '@hookline/core'
import type { TenantDocument } from '@hookline/store'
import { HttpProblem, type ProblemFieldError } from '../http/problem.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A tenant linked to its portal tenant (`portalTenantId`) only publishes
 * records of that portal tenant: a record whose `subjectDetail.tenant` names
 * another id or another name is refused with a 422 listing every mismatch,
 * and nothing is stored. Otherwise an endpoint would receive an envelope
 * saying one tenant and a payload saying another, and a publisher holding a
 * key for one portal could push another portal's records through it.
 * An unlinked tenant's records are not compared: there is nothing to compare
 * them with (apps/api/README.md, "Tenants and the envelope").
 */
export function checkTenantAgreement(tenant: TenantDocument | null, inputs: readonly { input: UntypedPublishEventInput; index: number }[], batch: boolean): void {
  if (tenant?.portalTenantId === undefined) return
  const errors: ProblemFieldError[] = []
  const invalid: number[] = []
  for (const { input, index } of inputs) {
    const recordTenant = isRecord(input.subjectDetail) ? input.subjectDetail.tenant : undefined
    if (!isRecord(recordTenant)) continue
    const prefix = `${batch ? `/events/${index}` : ''}/subjectDetail/tenant`
    const before = errors.length
    if (recordTenant.id !== tenant.portalTenantId) {
      errors.push({ path: `${prefix}/id`, message: `is ${JSON.stringify(recordTenant.id)}, but this credential publishes for portal tenant ${tenant.portalTenantId}` })
    }
    if (recordTenant.tenantName !== undefined && recordTenant.tenantName !== tenant.name) {
      errors.push({ path: `${prefix}/tenantName`, message: `is ${JSON.stringify(recordTenant.tenantName)}, but the tenant is named ${JSON.stringify(tenant.name)}` })
    }
    if (errors.length > before) invalid.push(index)
  }
  if (invalid.length === 0) return
  throw new HttpProblem(
    422,
    `${batch ? `Events ${invalid.join(', ')} of the batch carry` : 'The event carries'} a record of another tenant than the credential's; nothing was stored.`,
    { type: 'tenant-mismatch', errors, extensions: { invalidEvents: invalid } },
  )
}
