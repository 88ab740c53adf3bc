import type { DeliveryStatus } from '@hookline/core'
import type { AnyBulkWriteOperation } from 'mongodb'
import type { DeliveryDocument, DeliveryStatsDocument } from './documents.ts'

// The overview's counters: one document per tenant, application and hour of
// creation, holding how many of that hour's deliveries are in each status
// now. Every write that creates, moves or deletes deliveries applies the
// matching change here, so the overview reads a few hundred small documents
// whatever the size of the delivery log.

const hourMs = 3_600_000

/** The start of the (UTC) hour `at` falls in. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / hourMs) * hourMs)
}

/** What a counter change needs to know about a delivery. */
export type CountedDelivery = Pick<DeliveryDocument, 'tenantId' | 'appId' | 'createdAt'>

interface BucketChange {
  tenantId: string
  appId: string
  hour: Date
  counts: Partial<Record<DeliveryStatus, number>>
  lastAt?: Date
  lastFailure?: { at: Date; error: string }
}

/** Sums counter changes per bucket, so a batch costs one statement per bucket it touches. */
export class StatsChanges {
  private readonly buckets = new Map<string, BucketChange>()

  private bucket(delivery: CountedDelivery): BucketChange {
    const hour = hourOf(delivery.createdAt)
    const key = statsBucketId(delivery.tenantId, delivery.appId, hour)
    let change = this.buckets.get(key)
    if (!change) {
      change = { tenantId: delivery.tenantId, appId: delivery.appId, hour, counts: {} }
      this.buckets.set(key, change)
    }
    return change
  }

  add(delivery: CountedDelivery, status: DeliveryStatus, count = 1): this {
    if (count === 0) return this
    const change = this.bucket(delivery)
    change.counts[status] = (change.counts[status] ?? 0) + count
    return this
  }

  /** One delivery moves from one status to another. */
  move(delivery: CountedDelivery, from: DeliveryStatus, to: DeliveryStatus, count = 1): this {
    if (from === to) return this
    return this.add(delivery, from, -count).add(delivery, to, count)
  }

  /** An attempt was made (or the chain ended) at `at`; `error` when it failed. */
  touch(delivery: CountedDelivery, at: Date, error?: string): this {
    const change = this.bucket(delivery)
    if (!change.lastAt || change.lastAt < at) change.lastAt = at
    if (error !== undefined && (!change.lastFailure || change.lastFailure.at < at)) change.lastFailure = { at, error }
    return this
  }

  get size(): number {
    return this.buckets.size
  }

  operations(): AnyBulkWriteOperation<DeliveryStatsDocument>[] {
    return [...this.buckets.entries()].map(([id, change]) => {
      const $inc: Record<string, number> = {}
      for (const [status, count] of Object.entries(change.counts)) if (count !== 0) $inc[status] = count
      const $max: Record<string, Date> = {}
      const $set: Record<string, unknown> = {}
      if (change.lastAt) $max.lastAt = change.lastAt
      if (change.lastFailure) {
        $max.lastFailureAt = change.lastFailure.at
        $set.lastError = change.lastFailure.error
      }
      const update: Record<string, object> = {
        $setOnInsert: { tenantId: change.tenantId, appId: change.appId, hour: change.hour },
      }
      if (Object.keys($inc).length > 0) update.$inc = $inc
      if (Object.keys($max).length > 0) update.$max = $max
      if (Object.keys($set).length > 0) update.$set = $set
      return { updateOne: { filter: { _id: id }, update, upsert: true } }
    })
  }
}

export function statsBucketId(tenantId: string, appId: string, hour: Date): string {
  return `${tenantId}:${appId}:${hour.toISOString()}`
}
