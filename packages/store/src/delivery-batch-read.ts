import type { Collection, Document } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import type { AppDocument, DeliveryDocument, EventDocument } from './documents.ts'
import { findByIds } from './find-by-ids.ts'

/** The events and apps a job names beside its deliveries. */
export interface RelatedIds {
  eventIds: readonly string[]
  appIds: readonly string[]
}

/**
 * What the worker reads of a delivery it may attempt: what the request, the
 * verdict, the counters and a retry's job need. The rest (the app's name and
 * the event's type kept for the log, totals, timestamps, the inline attempts
 * of old deliveries) is the log's, and left on the server: about 40 % of a
 * delivery's bytes that the worker decoded and never read.
 */
export const batchDeliveryFields = {
  tenantId: 1,
  appId: 1,
  eventId: 1,
  endpoint: 1,
  messageId: 1,
  status: 1,
  attemptCount: 1,
  retryAttempts: 1,
  nextAttemptAt: 1,
  createdAt: 1,
} as const satisfies Partial<Record<keyof DeliveryDocument, 1>>

export type BatchDelivery = Pick<DeliveryDocument, '_id' | keyof typeof batchDeliveryFields>

/** A job's deliveries with the events and apps of those it attempts. */
export interface DeliveryBatch {
  deliveries: BatchDelivery[]
  events: Map<string, EventDocument>
  apps: Map<string, AppDocument>
}

export interface DeliveryBatchReader {
  /**
   * The deliveries with these ids, and the events and apps of those
   * `wanted` keeps (the ones the worker will attempt). Given the job's
   * `related` ids on a server with union reads, all three come back in one
   * command; otherwise the deliveries are read first and their events and
   * apps after (two round trips, three reads).
   */
  read(deliveryIds: readonly string[], related: RelatedIds | undefined, wanted: (delivery: BatchDelivery) => boolean): Promise<DeliveryBatch>
}

interface BatchCollections {
  deliveries: Collection<DeliveryDocument>
  events: Collection<EventDocument>
  apps: Collection<AppDocument>
}

// Marks which collection a document of the union came from; removed before the documents leave here.
const sourceField = '_hooklineUnionSource'

export function createDeliveryBatchReader(collections: BatchCollections, capabilities: () => Promise<ServerCapabilities>): DeliveryBatchReader {
  return {
    async read(deliveryIds, related, wanted) {
      const ids = [...new Set(deliveryIds)]
      if (ids.length === 0) return { deliveries: [], events: new Map(), apps: new Map() }
      const profile = await capabilities()
      // Without pushdown a union's `$in` would scan each collection: the separate reads go by single `_id`s instead.
      if (related && profile.unionReads && profile.filterPushdown) return readAsUnion(collections, capabilities, ids, related, wanted)
      const deliveries: BatchDelivery[] = await findByIds(collections.deliveries, capabilities, ids, batchDeliveryFields)
      const attempted = deliveries.filter(wanted)
      const known = { events: new Map(), apps: new Map() }
      const eventIds = attempted.map((delivery) => delivery.eventId)
      const appIds = attempted.map((delivery) => delivery.appId)
      return { deliveries, ...(await readRelated(collections, capabilities, eventIds, appIds, known)) }
    },
  }
}

async function readAsUnion(
  collections: BatchCollections,
  capabilities: () => Promise<ServerCapabilities>,
  deliveryIds: string[],
  related: RelatedIds,
  wanted: (delivery: BatchDelivery) => boolean,
): Promise<DeliveryBatch> {
  const eventIds = [...new Set(related.eventIds)]
  const appIds = [...new Set(related.appIds)]
  const unionOf = (collection: Collection<EventDocument> | Collection<AppDocument>, ids: string[], source: string): Document[] =>
    ids.length === 0 ? [] : [{ $unionWith: { coll: collection.collectionName, pipeline: [{ $match: { _id: { $in: ids } } }, { $set: { [sourceField]: source } }] } }]
  const pipeline = [{ $match: { _id: { $in: deliveryIds } } }, { $project: batchDeliveryFields }, ...unionOf(collections.events, eventIds, 'events'), ...unionOf(collections.apps, appIds, 'apps')]
  // One more than the most documents there can be: the server sees the end in the first reply and closes the cursor (no getMore).
  const found = await collections.deliveries.aggregate<Document>(pipeline, { batchSize: deliveryIds.length + eventIds.length + appIds.length + 1 }).toArray()
  const batch: DeliveryBatch = { deliveries: [], events: new Map(), apps: new Map() }
  for (const document of found) {
    const source = document[sourceField] as string | undefined
    delete document[sourceField]
    if (source === 'events') batch.events.set(document._id as string, document as EventDocument)
    else if (source === 'apps') batch.apps.set(document._id as string, document as AppDocument)
    else batch.deliveries.push(document as BatchDelivery)
  }
  // A delivery whose event or app the job did not name (a job stored by hand, or older code) is read the ordinary way;
  // one the job named and the union did not return no longer exists.
  const askedEvents = new Set(eventIds)
  const askedApps = new Set(appIds)
  const attempted = batch.deliveries.filter(wanted)
  const unnamedEvents = attempted.map((delivery) => delivery.eventId).filter((id) => !askedEvents.has(id))
  const unnamedApps = attempted.map((delivery) => delivery.appId).filter((id) => !askedApps.has(id))
  return { deliveries: batch.deliveries, ...(await readRelated(collections, capabilities, unnamedEvents, unnamedApps, batch)) }
}

/** Reads these events and apps in parallel (none: no command) into `known`. */
async function readRelated(
  collections: BatchCollections,
  capabilities: () => Promise<ServerCapabilities>,
  eventIds: readonly string[],
  appIds: readonly string[],
  known: Pick<DeliveryBatch, 'events' | 'apps'>,
): Promise<Pick<DeliveryBatch, 'events' | 'apps'>> {
  const [events, apps] = await Promise.all([findByIds(collections.events, capabilities, eventIds), findByIds(collections.apps, capabilities, appIds)])
  for (const event of events) known.events.set(event._id, event)
  for (const app of apps) known.apps.set(app._id, app)
  return known
}
