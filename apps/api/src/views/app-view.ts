import type { EventRegistry, WebhookApp } from '@hookline/core'
import { versionOf, type AppDocument } from '@hookline/store'
import { headersView } from '../services/custom-headers.ts'

/** The parts of the catalog the view needs to mark subscriptions whose plugin is not loaded. */
export type SubscriptionCatalog = Pick<EventRegistry, 'getCategory' | 'getEvent'>

/**
 * An app as the API returns it: never the password or a signing secret. Like
 * every resource it has an `id`; `appId` (the seed's "Application ID") stays.
 * Subscriptions to categories or types the loaded catalog lacks are listed
 * in `unknownCategories`/`unknownTypes` so clients can say "plugin not loaded".
 */
export function toAppView(app: AppDocument, catalog: SubscriptionCatalog): WebhookApp {
  return {
    id: app._id,
    appId: app._id,
    tenantId: app.tenantId,
    name: app.name,
    endpoint: app.endpoint,
    active: app.active,
    authType: app.authType,
    ...(app.username !== undefined ? { username: app.username } : {}),
    hasPassword: app.sealedPassword !== undefined,
    events: { categories: app.events.categories, types: app.events.types },
    unknownCategories: app.events.categories.filter((id) => !catalog.getCategory(id)),
    unknownTypes: app.events.types.filter((type) => !catalog.getEvent(type)),
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
