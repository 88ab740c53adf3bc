import { z } from 'zod'
import { apiKeyScopes } from '../auth/scopes.ts'
import { displayName, emailAddress, isoDateTime, newPassword, pageQuery, resourceId, roleName } from './common.ts'

export const loginBody = z.strictObject({
  email: emailAddress,
  password: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
  tenantId: resourceId.optional().meta({ description: 'Only needed when the same email belongs to several portals.' }),
})

export const userView = z.object({
  id: z.string(),
  tenantId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleName,
  disabled: z.boolean(),
  platformOperator: z.boolean(),
  version: z.number().int().meta({ description: 'One more on every change; the ETag is `"v<version>"`.' }),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime,
  updatedBy: z.string(),
})

export const administratorsView = z.object({
  items: z.array(z.object({ name: z.string(), email: z.string() })).meta({ description: 'Enabled Administrators, by name.' }),
})

export const loginResponse = z.object({ token: z.string(), expiresAt: isoDateTime, user: userView })

export const createUserBody = z.strictObject({
  email: emailAddress,
  password: newPassword,
  name: displayName,
  role: roleName,
})

export const updateUserBody = z
  .strictObject({ name: displayName.optional(), role: roleName.optional(), disabled: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one of name, role, disabled')

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
  newPassword,
})

export const resetPasswordBody = z.strictObject({ password: newPassword })

export const userParams = z.strictObject({ userId: resourceId })

export const listQuery = z.strictObject(pageQuery)

export const apiKeyScope = z.enum(apiKeyScopes, { error: `must be one of ${apiKeyScopes.join(', ')}` })

export const createApiKeyBody = z.strictObject({
  name: displayName,
  scopes: z.array(apiKeyScope).min(1, 'must name at least one scope').max(apiKeyScopes.length * 2),
})

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the key, to tell keys apart.' }),
  scopes: z.array(apiKeyScope),
  version: z.number().int().meta({ description: 'One more on every change; the ETag is `"v<version>"`.' }),
  createdAt: isoDateTime,
  createdBy: z.string(),
  lastUsedAt: isoDateTime.optional(),
  revokedAt: isoDateTime.optional(),
  revokedBy: z.string().optional(),
})

export const createdApiKeyView = apiKeyView.extend({
  key: z.string().meta({ description: 'The key itself. Shown only in this answer; store it now.' }),
})

export const updateApiKeyBody = z.strictObject({ name: displayName })

export const apiKeyParams = z.strictObject({ keyId: resourceId })

const tenantUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).meta({ description: "The portal's own address (its sub-domain URL)." })
const portalTenantId = z
  .number()
  .int({ error: 'must be the portal’s integer tenant id' })
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .meta({
    description:
      "The portal's own id of this tenant (a media record's `tenant.id`). Once set, every published record's `subjectDetail.tenant` must carry this id and the tenant's name (else 422), and envelopes carry it as `tenant.portalTenantId`.",
  })

export const createTenantBody = z.strictObject({
  name: displayName,
  url: tenantUrl.optional(),
  portalTenantId: portalTenantId.optional(),
  admin: z.strictObject({
    email: emailAddress,
    password: newPassword,
    name: displayName.optional(),
  }),
})

export const updateTenantBody = z
  .strictObject({
    name: displayName.optional(),
    url: tenantUrl.nullable().optional().meta({ description: "The portal's own address; null removes it." }),
    portalTenantId: portalTenantId.nullable().optional().meta({ description: "The portal's own id of this tenant; null unlinks it." }),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'send at least one of name, url or portalTenantId' })

export const tenantParams = z.strictObject({ tenantId: resourceId })

export const tenantView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string().optional(),
  portalTenantId: z.number().int().optional(),
  createdAt: isoDateTime,
  createdBy: z.string(),
})

export const createdTenantView = z.object({ tenant: tenantView, admin: userView })
