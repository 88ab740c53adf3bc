import type { DeliveryStatus } from '@hookline/core'
import { type Collection, type Document, type FindCursor } from 'mongodb'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import { StoreError } from '../errors.ts'
import { findByIds } from '../find-by-ids.ts'
import { createGroupCommit } from '../group-commit.ts'
import { findOwnedById } from '../find-owned-by-id.ts'
import { logIndexFor } from '../delivery-log-index.ts'
import { deliveryLogQuery, type DeliveryLogFilter } from '../delivery-log-query.ts'
import { readLogPage } from '../delivery-log-page.ts'
import type { DeliveryLogHeads } from '../delivery-log-heads.ts'
import { dayOf, hourOf, StatsChanges } from '../delivery-stats-counters.ts'
import { readAttempts, recordAttempts, toAttemptLogDocument } from '../attempt-log.ts'
import { decodeExportedDelivery, deliveryExportProjection, deliveryLogProjection, type ExportedDelivery } from '../delivery-log-projection.ts'
import { readAhead } from '../read-ahead.ts'
import { readExportRanges, type RawRangeFind } from '../delivery-export-ranges.ts'
import type { RawBatchFind } from '../read-raw-batch.ts'
import { createDeliveryInsert, createStatsCounter } from './delivery-writes.ts'
import type { AppDocument, AttemptLogDocument, DeliveryAttemptDocument, DeliveryDocument, DeliveryStatsDocument, EventDocument } from '../documents.ts'
import { newestFirst, type Page, type PageRequest } from '../pagination.ts'
import { deliveryMessageId, newSortableId } from '../sortable-ids.ts'
import { countedFields, writeProgress, type CountedState } from '../record-progress.ts'
import { readFirstBatch } from '../read-first-batch.ts'

/** Statuses of a chain that is still going: its next attempt is due at `nextAttemptAt`. */
export const inProgressStatuses: readonly DeliveryStatus[] = ['pending', 'retrying']

export interface NewDeliveryInput {
  app: Pick<AppDocument, '_id' | 'tenantId' | 'name' | 'endpoint'>
  event: Pick<EventDocument, '_id' | 'type' | 'portalEventId'>
  at: Date
  /** Set for a redelivery: the delivery it repeats. */
  redeliveryOf?: string
}

/** A new delivery chain, due at once. */
export function newDelivery({ app, event, at, redeliveryOf }: NewDeliveryInput): DeliveryDocument {
  return {
    _id: newSortableId('dlv', at),
    tenantId: app.tenantId,
    appId: app._id,
    appName: app.name,
    eventId: event._id,
    eventType: event.type,
    portalEventId: event.portalEventId,
    endpoint: app.endpoint,
    messageId: deliveryMessageId(event._id, app._id),
    status: 'pending',
    attemptCount: 0,
    retryAttempts: 0,
    durationMs: 0,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
    ...(redeliveryOf ? { redeliveryOf } : {}),
  }
}

/** What the worker learned about one delivery in a batch. */
export interface DeliveryProgress {
  id: string
  status: DeliveryStatus
  /** The attempt made, if one was (none for a skipped delivery or an unreachable edge dispatcher). */
  attempt?: DeliveryAttemptDocument
  attemptCount: number
  retryAttempts: number
  /** null clears it. */
  lastStatusCode?: number | null
  lastError?: string | null
  nextAttemptAt: Date | null
  skippedReason?: string
  /** The endpoint attempted, when the app's endpoint changed since the delivery was created. */
  endpoint?: string
  at: Date
  /**
   * The delivery as the writer read it before the attempt: lets the write be
   * conditional on that status instead of reading it again (see record-progress.ts).
   */
  from?: CountedDeliveryState
}

export interface StreamDeliveriesOptions {
  /** At most this many. */
  limit?: number
  /** Documents per round trip (the driver's default fetches up to 16 MiB at a time). */
  batchSize?: number
}

/** A document as the server sent it, read with `raw: true`. */
type RawDocument = Uint8Array & Document

/** Lists and exports read only the fields a log record shows; `GET /logs/:id` reads the attempts. */
const logFieldsOnly = { projection: deliveryLogProjection } as const
/** What the overview's counters need of a delivery as its writer read it. */
export type CountedDeliveryState = Pick<DeliveryDocument, 'tenantId' | 'appId' | 'createdAt' | 'status'>

export interface DeliveryRepository {
  insertMany(deliveries: readonly DeliveryDocument[]): Promise<void>
  get(tenantId: string, deliveryId: string): Promise<DeliveryDocument | null>
  /**
   * The delivery's attempts, first to last, with their request headers and
   * response excerpts (from `delivery_attempts`, and inline on deliveries
   * written before attempts moved there).
   */
  attemptsOf(delivery: Pick<DeliveryDocument, '_id' | 'attemptCount' | 'attempts'>): Promise<DeliveryAttemptDocument[]>
  /** For the worker: the deliveries of a job, whatever their tenant. */
  findByIds(deliveryIds: readonly string[]): Promise<DeliveryDocument[]>
  /** Undoes an insert (a publish that lost an idempotency race). */
  removeMany(deliveryIds: readonly string[]): Promise<void>
  /** One page of the tenant's log, newest first, without attempts. */
  listDeliveries(tenantId: string, filter: DeliveryLogFilter, page: PageRequest): Promise<Page<DeliveryDocument>>
  /**
   * Every matching delivery in list order, as a cursor (an async iterable):
   * for exports and bulk redelivery, with the fields a log record shows (no
   * attempts); close the cursor if you stop early.
   */
  streamDeliveries(tenantId: string, filter: DeliveryLogFilter, options?: StreamDeliveriesOptions): FindCursor<DeliveryDocument>
  /**
   * Every matching delivery in list order with the fields an export shows,
   * a batch at a time, the next batch fetched while the caller writes this
   * one out. The query starts at the first iteration; stopping early (or a
   * failure) closes it.
   */
  exportBatches(tenantId: string, filter: DeliveryLogFilter, options?: Pick<StreamDeliveriesOptions, 'batchSize'>): AsyncGenerator<ExportedDelivery[]>
  /**
   * The same rows as `exportBatches`, each left as the BSON document the
   * database sent (decode one with `decodeExportedDelivery`, or read its
   * fields in place): for writers that copy values straight to their output.
   */
  exportRawBatches(tenantId: string, filter: DeliveryLogFilter, options?: Pick<StreamDeliveriesOptions, 'batchSize'>): AsyncGenerator<Uint8Array[]>
  /** How many deliveries the filter matches, counting no further than `limit` when given. */
  countDeliveries(tenantId: string, filter: DeliveryLogFilter, options?: { limit?: number }): Promise<number>
  /**
   * Writes a batch's results: every attempt's detail in one insert, then the
   * deliveries' status and counters. When only the detail could not be
   * written it rejects with a StoreError `attempts-not-recorded` after the
   * statuses are stored, so the batch's outcome stands.
   */
  recordProgress(progress: readonly DeliveryProgress[]): Promise<void>
  /** Marks the app's pending and retrying deliveries skipped; returns how many. */
  skipInProgress(appId: string, reason: string, at: Date): Promise<number>
  /** Ids of in-progress deliveries whose attempt was due before `dueBefore` (stranded if no job holds them). */
  findOverdue(dueBefore: Date, limit: number): Promise<string[]>
  /** Pending and retrying deliveries, all tenants (the metrics gauge). */
  countInProgress(): Promise<number>
  /**
   * Deletes deliveries created before the UTC day `before` falls in
   * (retention, whole days so the overview's counters go with them); returns how many.
   */
  purge(before: Date): Promise<number>
}

/**
 * Rows per batch of an export's read when the caller names none. Range
 * reads: at 100,000 rows on DocumentDB, batches of 5,000 took 1.2 s against
 * 1.6 s for 2,000 and 1.7–1.9 s for 1,000; two (~2 MB) are held at a time.
 * A cursor's batches: larger ones than 1,000 read no faster (BENCHMARKS.md,
 * "CSV export at 100,000 rows") and the driver would otherwise fetch up to
 * 16 MiB at a time.
 */
const defaultExportBatchSize = { ranges: 5_000, cursor: 1_000 } as const

export function createDeliveryRepository(
  deliveries: Collection<DeliveryDocument>,
  stats: Collection<DeliveryStatsDocument>,
  attempts: Collection<AttemptLogDocument>,
  capabilities: () => Promise<ServerCapabilities>,
  heads: DeliveryLogHeads,
  findRaw: RawBatchFind,
): DeliveryRepository {
  const countChanges = createStatsCounter(stats, capabilities)

  async function* exportRawBatches(tenantId: string, filter: DeliveryLogFilter, options: Pick<StreamDeliveriesOptions, 'batchSize'> = {}): AsyncGenerator<Uint8Array[]> {
    const query = deliveryLogQuery(tenantId, filter)
        // On the index designed for the filter: where the server walks it in order (indexOrderedSort),
    // rows leave as they are read instead of after a sort of every matching row.
    const profile = await capabilities()
    const index = profile.indexHints && profile.indexOrderedSort ? logIndexFor(filter) : undefined
    if (index !== undefined) {
      // Each batch its own query from where the last one ended (delivery-export-ranges.ts).
      const find: RawRangeFind = (range, limit) => findRaw(deliveries.collectionName, { filter: range, sort: newestFirst, projection: deliveryExportProjection, hint: index, limit })
      yield* readExportRanges(find, query.filter, options.batchSize ?? defaultExportBatchSize.ranges)
      return
    }
    // Elsewhere one query, sorted by the server once, read through its cursor.
    const cursor = deliveries.find<RawDocument>(query.filter, { projection: deliveryExportProjection, raw: true }).sort(query.sort).batchSize(options.batchSize ?? defaultExportBatchSize.cursor)
    yield* readAhead(cursor)
  }

  const insertWithCounts = createDeliveryInsert(deliveries, countChanges, heads)
  // Concurrent publishes share one insert: on a single-writer database
  // (FerretDB on SQLite) one insert per request queued on the write lock.
  const insertGrouped = createGroupCommit<DeliveryDocument>((documents) => insertWithCounts(documents))
  return {
    async insertMany(documents) {
      if (documents.length > 0) await insertGrouped(documents)
    },

    get: (tenantId, deliveryId) => findOwnedById(deliveries, tenantId, deliveryId),

    attemptsOf: (delivery) => readAttempts(attempts, capabilities, delivery),

    findByIds: (deliveryIds) => findByIds(deliveries, capabilities, deliveryIds),

    async removeMany(deliveryIds) {
      if (deliveryIds.length === 0) return
      const removed = (await findByIds(deliveries, capabilities, deliveryIds, countedFields)) as CountedState[]
      await deliveries.deleteMany({ _id: { $in: [...deliveryIds] } })
      await heads.forget(removed)
      const changes = new StatsChanges()
      for (const delivery of removed) changes.add(delivery, delivery.status, -1)
      await countChanges(changes)
    },

    listDeliveries: (tenantId, filter, page) =>
      readLogPage({ deliveries, stats, capabilities, heads, projection: deliveryLogProjection }, tenantId, filter, page),

    streamDeliveries(tenantId, filter, options = {}) {
      const query = deliveryLogQuery(tenantId, filter)
      const cursor = deliveries.find(query.filter, logFieldsOnly).sort(query.sort)
      if (options.limit !== undefined) cursor.limit(options.limit)
      if (options.batchSize !== undefined) cursor.batchSize(options.batchSize)
      return cursor
    },

    async *exportBatches(tenantId, filter, options = {}) {
      // Raw bytes, decoded here a document at a time: the driver's own decoding (an on-demand
      // document per row, then the object) cost over half again as much CPU at 100,000 rows.
      for await (const batch of exportRawBatches(tenantId, filter, options)) yield batch.map(decodeExportedDelivery)
    },

    exportRawBatches,

    countDeliveries(tenantId, filter, options = {}) {
      const query = deliveryLogQuery(tenantId, filter)
      return deliveries.countDocuments(query.filter, options.limit !== undefined ? { limit: options.limit } : {})
    },

    async recordProgress(progress) {
      if (progress.length === 0) return
      // The detail first: whoever sees a delivery's new status also finds the attempt that set it.
      // Its failure must not cost the statuses: they are written whatever happened, then it is reported.
      let detailFailure: unknown
      try {
        const attempted = progress.filter((item) => item.attempt !== undefined)
        const owners = new Map(attempted.flatMap((item) => (item.from ? [[item.id, { _id: item.id, ...item.from }] as const] : [])))
        const unknown = attempted.filter((item) => !owners.has(item.id)).map((item) => item.id)
        for (const owner of await findByIds(deliveries, capabilities, unknown, { tenantId: 1, createdAt: 1 })) owners.set(owner._id, owner)
        await recordAttempts(
          attempts,
          attempted.flatMap((item) => {
            const owner = owners.get(item.id)
            return owner ? [toAttemptLogDocument(owner, item.attempt!)] : []
          }),
        )
      } catch (error) {
        detailFailure = error instanceof StoreError ? error : new StoreError('attempts-not-recorded', 'The attempts’ detail could not be written; their deliveries’ status was.', { cause: error })
      }
      await countChanges(await writeProgress(deliveries, await capabilities(), progress))
      if (detailFailure !== undefined) throw detailFailure
    },

    async skipInProgress(appId, reason, at) {
      // Read first, then skip each (status, hour) group with its status in the
      // filter: `modifiedCount` then says exactly how many moved in that
      // bucket, even when the worker changes some of them in between.
      const inProgress = (await deliveries
        .find({ appId, status: { $in: [...inProgressStatuses] } }, { projection: countedFields })
        .toArray()) as CountedState[]
      const groups = new Map<string, CountedState[]>()
      for (const delivery of inProgress) {
        const key = `${delivery.status}:${hourOf(delivery.createdAt).getTime()}`
        groups.set(key, [...(groups.get(key) ?? []), delivery])
      }
      const changes = new StatsChanges()
      let skipped = 0
      for (const group of groups.values()) {
        const [first] = group as [CountedState]
        const result = await deliveries.updateMany(
          { _id: { $in: group.map((delivery) => delivery._id) }, status: first.status },
          { $set: { status: 'skipped', skippedReason: reason, nextAttemptAt: null, updatedAt: at } },
        )
        changes.move(first, first.status, 'skipped', result.modifiedCount)
        skipped += result.modifiedCount
      }
      await countChanges(changes)
      return skipped
    },

    async findOverdue(dueBefore, limit) {
      const overdue = await readFirstBatch(deliveries.find({ status: { $in: [...inProgressStatuses] }, nextAttemptAt: { $lt: dueBefore } }, { projection: { _id: 1 } }), limit)
      return overdue.map((delivery) => delivery._id)
    },

    countInProgress: () => deliveries.countDocuments({ status: { $in: [...inProgressStatuses] } }),

    async purge(before) {
      // Whole days, so the overview's day documents go with their deliveries.
      const cutoff = dayOf(before)
      const result = await deliveries.deleteMany({ createdAt: { $lt: cutoff } })
      await attempts.deleteMany({ deliveryCreatedAt: { $lt: cutoff } })
      await stats.deleteMany({ day: { $lt: cutoff } })
      return result.deletedCount
    },
  }
}
