import { versionOf, type ApiKeyDocument, type TenantDocument, type UserDocument } from '@hookline/store'

/** A user without the password hash. */
export function toUserView(user: UserDocument) {
  return {
    id: user._id,
    tenantId: user.tenantId,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    platformOperator: user.platformOperator,
    version: versionOf(user),
    createdAt: user.createdAt.toISOString(),
    createdBy: user.createdBy,
    updatedAt: user.updatedAt.toISOString(),
    updatedBy: user.updatedBy,
  }
}

/** An API key without its hash: the key itself is never stored. */
export function toApiKeyView(apiKey: ApiKeyDocument) {
  return {
    id: apiKey._id,
    name: apiKey.name,
    prefix: apiKey.prefix,
    scopes: apiKey.scopes,
    version: versionOf(apiKey),
    createdAt: apiKey.createdAt.toISOString(),
    createdBy: apiKey.createdBy,
    ...(apiKey.lastUsedAt ? { lastUsedAt: apiKey.lastUsedAt.toISOString() } : {}),
    ...(apiKey.revokedAt ? { revokedAt: apiKey.revokedAt.toISOString() } : {}),
    ...(apiKey.revokedBy ? { revokedBy: apiKey.revokedBy } : {}),
  }
}

export function toTenantView(tenant: TenantDocument) {
  return {
    id: tenant._id,
    name: tenant.name,
    ...(tenant.url ? { url: tenant.url } : {}),
    ...(tenant.portalTenantId !== undefined ? { portalTenantId: tenant.portalTenantId } : {}),
    createdAt: tenant.createdAt.toISOString(),
    createdBy: tenant.createdBy,
  }
}

/** Whom to ask for a role: only what a colleague needs, no ids or audit fields. */
export function toAdministratorView(user: UserDocument) {
  return { name: user.name, email: user.email }
}
