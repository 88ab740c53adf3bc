import type { EnvelopeTenant } from '@hookline/core'
import type { TenantDocument } from '../documents.ts'

/**
 * The envelope's `tenant` for a stored tenant, for published and system
 * events alike. A field the tenant has no value for is null, never an empty
 * string (the default tenant has no portal address or portal id until the
 * platform operator records them).
 */
export function envelopeTenantOf(tenantId: string, tenant: TenantDocument | null): EnvelopeTenant {
  return {
    id: tenantId,
    name: tenant?.name ?? tenantId,
    subDomainUrl: tenant?.url || null,
    portalTenantId: tenant?.portalTenantId ?? null,
  }
}
