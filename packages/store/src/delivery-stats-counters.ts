import type { DeliveryStatus } from '@hookline/core'
import type { AnyBulkWriteOperation } from 'mongodb'
import type { DeliveryDocument, DeliveryStatsDocument } from './documents.ts'

// The overview's counters: per tenant, application and hour of creation, how
// many deliveries are in each status now, stored one document per tenant and
// UTC day (see DeliveryStatsDocument). Every write that creates, moves or
// deletes deliveries applies the matching change here, so the overview reads
// a few small documents whatever the size of the delivery log.

const hourMs = 3_600_000
const dayMs = 24 * hourMs

/** The start of the (UTC) hour `at` falls in. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / hourMs) * hourMs)
}

/** The start of the (UTC) day `at` falls in. */
export function dayOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / dayMs) * dayMs)
}

// The last day's text: a batch's deliveries nearly all fall on one day, and this runs for each of them.
let lastDay = { at: Number.NaN, text: '' }

export function statsDayId(tenantId: string, day: Date): string {
  if (day.getTime() !== lastDay.at) lastDay = { at: day.getTime(), text: day.toISOString().slice(0, 10) }
  return `${tenantId}:${lastDay.text}`
}

/** What a counter change needs to know about a delivery. */
export type CountedDelivery = Pick<DeliveryDocument, 'tenantId' | 'appId' | 'createdAt'>

interface DayChange {
  tenantId: string
  day: Date
  /** Dotted paths `hours.<h>.<appId>.<field>`. */
  $inc: Record<string, number>
  $max: Record<string, Date>
  $set: Record<string, string>
}

/** Sums counter changes per day document, so a batch costs one statement per tenant and day it touches. */
export class StatsChanges {
  private readonly days = new Map<string, DayChange>()
  private readonly failureTimes = new Map<string, Date>()

  private path(delivery: CountedDelivery): { change: DayChange; prefix: string } {
    const day = dayOf(delivery.createdAt)
    const id = statsDayId(delivery.tenantId, day)
    let change = this.days.get(id)
    if (!change) {
      change = { tenantId: delivery.tenantId, day, $inc: {}, $max: {}, $set: {} }
      this.days.set(id, change)
    }
    const hour = delivery.createdAt.getUTCHours()
    return { change, prefix: `hours.${hour}.${delivery.appId}` }
  }

  add(delivery: CountedDelivery, status: DeliveryStatus, count = 1): this {
    if (count === 0) return this
    const { change, prefix } = this.path(delivery)
    const key = `${prefix}.${status}`
    change.$inc[key] = (change.$inc[key] ?? 0) + count
    return this
  }

  /** Deliveries move from one status to another. */
  move(delivery: CountedDelivery, from: DeliveryStatus, to: DeliveryStatus, count = 1): this {
    if (from === to) return this
    return this.add(delivery, from, -count).add(delivery, to, count)
  }

  /** An attempt was made (or the chain ended) at `at`; `error` when it failed. */
  touch(delivery: CountedDelivery, at: Date, error?: string): this {
    const { change, prefix } = this.path(delivery)
    const lastAt = change.$max[`${prefix}.lastAt`]
    if (!lastAt || lastAt < at) change.$max[`${prefix}.lastAt`] = at
    if (error !== undefined) {
      const known = this.failureTimes.get(prefix)
      if (!known || known < at) {
        this.failureTimes.set(prefix, at)
        change.$max[`${prefix}.lastFailureAt`] = at
        change.$set[`${prefix}.lastError`] = error
      }
    }
    return this
  }

  get size(): number {
    return this.days.size
  }

  operations(): AnyBulkWriteOperation<DeliveryStatsDocument>[] {
    return [...this.days.entries()].map(([id, change]) => {
      const update: Record<string, object> = { $setOnInsert: { tenantId: change.tenantId, day: change.day } }
      const $inc = Object.fromEntries(Object.entries(change.$inc).filter(([, count]) => count !== 0))
      if (Object.keys($inc).length > 0) update.$inc = $inc
      if (Object.keys(change.$max).length > 0) update.$max = change.$max
      if (Object.keys(change.$set).length > 0) update.$set = change.$set
      return { updateOne: { filter: { _id: id }, update, upsert: true } }
    })
  }
}
