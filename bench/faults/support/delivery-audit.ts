import type { Db } from 'mongodb'
import { collectionNames } from '@hookline/store'
import type { Arrival } from '@hookline/test-receiver/process'

/** A delivery the system acknowledged: this event, to the app behind this receiver path. */
export interface ExpectedDelivery {
  eventId: string
  appId: string
  path: string
}

export interface ArrivalAudit {
  /** Acknowledged deliveries that never reached the receiver. */
  missing: ExpectedDelivery[]
  /** Requests for a delivery nobody acknowledged. */
  unexpected: Arrival[]
  /** Deliveries whose repeats came with more than one webhook-id. */
  inconsistentIds: string[]
  /** webhook-ids that two different deliveries used. */
  sharedIds: string[]
  /** Requests beyond the first per delivery (at-least-once repeats). */
  repeats: number
  /** The webhook-id each delivered (event, path) pair came with. */
  webhookIds: Map<string, string>
  /** Everything the receiver recorded. */
  arrivals: readonly Arrival[]
}

const key = (eventId: string, path: string) => `${eventId} → ${path}`

/** Compares what the receiver saw with what the API acknowledged. */
export function auditArrivals(expected: readonly ExpectedDelivery[], arrivals: readonly Arrival[]): ArrivalAudit {
  const wanted = new Set(expected.map((delivery) => key(delivery.eventId, delivery.path)))
  const idsPerDelivery = new Map<string, Set<string>>()
  const unexpected: Arrival[] = []
  for (const arrival of arrivals) {
    const deliveryKey = key(arrival.eventId, arrival.path)
    if (!wanted.has(deliveryKey)) {
      unexpected.push(arrival)
      continue
    }
    const ids = idsPerDelivery.get(deliveryKey) ?? new Set<string>()
    ids.add(arrival.webhookId)
    idsPerDelivery.set(deliveryKey, ids)
  }
  const owners = new Map<string, Set<string>>()
  for (const [deliveryKey, ids] of idsPerDelivery) {
    for (const id of ids) owners.set(id, (owners.get(id) ?? new Set()).add(deliveryKey))
  }
  const delivered = arrivals.length - unexpected.length
  return {
    missing: expected.filter((delivery) => !idsPerDelivery.has(key(delivery.eventId, delivery.path))),
    unexpected,
    inconsistentIds: [...idsPerDelivery].filter(([, ids]) => ids.size > 1).map(([deliveryKey]) => deliveryKey),
    sharedIds: [...owners].filter(([, deliveries]) => deliveries.size > 1).map(([id]) => id),
    repeats: delivered - idsPerDelivery.size,
    webhookIds: new Map([...idsPerDelivery].map(([deliveryKey, ids]) => [deliveryKey, [...ids][0]!])),
    arrivals,
  }
}

/** One delivery log record, as stored, with its attempts first to last. */
export interface StoredDelivery {
  _id: string
  eventId: string
  appId: string
  messageId: string
  status: string
  attemptCount: number
  retryAttempts: number
  attempts: { attempt: number; outcome: string; responseStatus?: number; error?: string; startedAt: string }[]
}

export interface LogAudit {
  /** Acknowledged deliveries without a log record. */
  unlogged: ExpectedDelivery[]
  /** (event, app) pairs with more than one log record. */
  duplicated: string[]
  /** Records whose status is not `succeeded`. */
  notSucceeded: StoredDelivery[]
  /** Records whose messageId differs from the webhook-id the receiver saw. */
  wrongMessageId: string[]
  /** Records whose attempt list disagrees with their counters. */
  badCounters: string[]
  records: StoredDelivery[]
}

/** Checks the stored delivery log against the acknowledged deliveries and what arrived. */
export async function auditLog(db: Db, expected: readonly ExpectedDelivery[], webhookIds: Map<string, string>): Promise<LogAudit> {
  const records = (await db.collection(collectionNames.deliveries).find({}).toArray()) as unknown as StoredDelivery[]
  // Each attempt is a document of its own (delivery_attempts, keyed deliveryId:n); older records kept theirs inline.
  const attemptsOf = new Map<string, StoredDelivery['attempts']>()
  for (const attempt of await db.collection(collectionNames.deliveryAttempts).find({}).toArray()) {
    const deliveryId = attempt.deliveryId as string
    attemptsOf.set(deliveryId, [...(attemptsOf.get(deliveryId) ?? []), attempt as unknown as StoredDelivery['attempts'][number]])
  }
  for (const record of records) record.attempts = [...(record.attempts ?? []), ...(attemptsOf.get(record._id) ?? [])].sort((a, b) => a.attempt - b.attempt)
  const byPair = new Map<string, StoredDelivery[]>()
  for (const record of records) {
    const pair = `${record.eventId} → ${record.appId}`
    byPair.set(pair, [...(byPair.get(pair) ?? []), record])
  }
  const pathOf = new Map(expected.map((delivery) => [delivery.appId, delivery.path]))
  return {
    unlogged: expected.filter((delivery) => !byPair.has(`${delivery.eventId} → ${delivery.appId}`)),
    duplicated: [...byPair].filter(([, found]) => found.length > 1).map(([pair]) => pair),
    notSucceeded: records.filter((record) => record.status !== 'succeeded'),
    wrongMessageId: records
      .filter((record) => {
        const seen = webhookIds.get(key(record.eventId, pathOf.get(record.appId) ?? '?'))
        return seen !== undefined && seen !== record.messageId
      })
      .map((record) => record._id),
    badCounters: records
      .filter((record) => record.attempts.length !== record.attemptCount || record.retryAttempts !== Math.max(0, record.attemptCount - 1))
      .map((record) => record._id),
    records,
  }
}
