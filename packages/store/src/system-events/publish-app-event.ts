import { createEventRegistry, serializeEnvelope, systemCategory, systemCategoryId } from '@hookline/core'
import type { AppDocument, EventDocument } from '../documents.ts'
import { newDelivery } from '../repositories/deliveries.ts'
import { newSortableId } from '../sortable-ids.ts'
import type { Store } from '../store.ts'
import { envelopeTenantOf } from './envelope-tenant.ts'

// Hookline's own events about a tenant's apps (the built-in `system`
// category), published the way POST /api/v1/events publishes: one event,
// one delivery per active app of the tenant subscribed to it. The worker
// publishes a deactivation; the API publishes a reactivation. Both tell it how
// to show the endpoint (the dispatcher's redaction of query values), which
// this package does not depend on.

const registry = createEventRegistry({ categories: [systemCategory] })

export type AppEventFact =
  | { type: 'system.app.deactivated'; reason: string; deliveryId: string }
  | { type: 'system.app.reactivated'; by: string }

export interface PublishedAppEvent {
  eventId: string
  /** The deliveries to hand to the queue. */
  deliveryIds: string[]
}

/**
 * Stores the event and its deliveries. The app the event is about never
 * receives it: a deactivated app is off anyway, and it would tell itself.
 * Returns undefined when no app is subscribed (nothing is stored then).
 */
export async function publishAppEvent(
  store: Store,
  app: AppDocument,
  fact: AppEventFact,
  at: Date,
  redactEndpoint: (url: string) => string,
): Promise<PublishedAppEvent | undefined> {
  const subscribed = (await store.apps.findSubscribed(app.tenantId, fact.type, systemCategoryId)).filter((other) => other._id !== app._id)
  if (subscribed.length === 0) return undefined

  const common = { appId: app._id, name: app.name, endpoint: redactEndpoint(app.endpoint), at: at.toISOString() }
  const subjectDetail =
    fact.type === 'system.app.deactivated' ? { ...common, reason: fact.reason, deliveryId: fact.deliveryId } : { ...common, by: fact.by }
  const validation = registry.validatePublishInput({ type: fact.type, subjectId: 0, subjectTitle: app.name, subjectDetail, isSystem: true })
  if (!validation.valid) {
    throw new Error(`Hookline built an invalid ${fact.type} event: ${validation.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`)
  }
  const tenant = await store.tenants.get(app.tenantId)
  const id = newSortableId('evt', at)
  const envelope = registry.buildEnvelope(validation.value, {
    id,
    tenant: envelopeTenantOf(app.tenantId, tenant),
    now: at,
  })
  const event: EventDocument = {
    _id: id,
    tenantId: app.tenantId,
    type: envelope.type,
    portalEventId: envelope.portalEventId,
    envelopeJson: serializeEnvelope(envelope, { legacySubjectDetailEncoding: false }),
    createdAt: at,
  }
  const deliveries = subscribed.map((target) => newDelivery({ app: target, event, at }))
  await store.events.insertMany([event])
  await store.deliveries.insertMany(deliveries)
  return { eventId: id, deliveryIds: deliveries.map((delivery) => delivery._id) }
}
