import type { EnvelopeTenant } from '@hookline/core'
import type { TenantDocument } from '@hookline/store'

/**
 * The envelope's `tenant` for a stored tenant. A field the tenant has no
 * value for is null, never an empty string (the default tenant has no portal
 * address until an Administrator records one).
 */
export function envelopeTenantOf(tenantId: string, tenant: TenantDocument | null): EnvelopeTenant {
  return { id: tenantId, name: tenant?.name ?? tenantId, subDomainUrl: tenant?.url || null }
}
