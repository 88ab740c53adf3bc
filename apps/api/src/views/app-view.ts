import type { WebhookApp } from '@hookline/core'
import { versionOf, type AppDocument } from '@hookline/store'
import { headersView } from '../services/custom-headers.ts'

/** An app as the API returns it: never the password or a signing secret. */
export function toAppView(app: AppDocument): WebhookApp {
  return {
    appId: app._id,
    tenantId: app.tenantId,
    name: app.name,
    endpoint: app.endpoint,
    active: app.active,
    authType: app.authType,
    ...(app.username !== undefined ? { username: app.username } : {}),
    hasPassword: app.sealedPassword !== undefined,
    events: { categories: app.events.categories, types: app.events.types },
    headers: headersView(app),
    retries: app.retries,
    retryDelaySeconds: app.retryDelaySeconds,
    legacySubjectDetailEncoding: app.legacySubjectDetailEncoding,
    ...(app.deactivatedReason !== undefined ? { deactivatedReason: app.deactivatedReason } : {}),
    ...(app.deactivatedAt !== undefined ? { deactivatedAt: app.deactivatedAt.toISOString() } : {}),
    version: versionOf(app),
    createdAt: app.createdAt.toISOString(),
    createdBy: app.createdBy,
    updatedAt: app.updatedAt.toISOString(),
    updatedBy: app.updatedBy,
  }
}
