import type { AnyBulkWriteOperation, Collection, UpdateFilter } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { bulkUpdatePolicy } from './bulk-update-policy.ts'
import { findByIds } from './find-by-ids.ts'
import { StatsChanges } from './delivery-stats-counters.ts'
import type { DeliveryDocument } from './documents.ts'
import type { DeliveryProgress } from './repositories/deliveries.ts'

/** What the overview's counters need of a delivery: its bucket and its status. */
export const countedFields = { tenantId: 1, appId: 1, createdAt: 1, status: 1 } as const
export type CountedState = Pick<DeliveryDocument, '_id' | 'tenantId' | 'appId' | 'createdAt' | 'status'>

/** The update one progress item makes, on the delivery `filter` selects. */
function progressWrite(item: DeliveryProgress, filter: { _id: string; status?: DeliveryDocument['status'] }): AnyBulkWriteOperation<DeliveryDocument> {
  const $set: Partial<DeliveryDocument> = {
    status: item.status,
    attemptCount: item.attemptCount,
    retryAttempts: item.retryAttempts,
    nextAttemptAt: item.nextAttemptAt,
    updatedAt: item.at,
  }
  const $unset: Partial<Record<keyof DeliveryDocument, ''>> = {}
  if (item.lastStatusCode === null) $unset.lastStatusCode = ''
  else if (item.lastStatusCode !== undefined) $set.lastStatusCode = item.lastStatusCode
  if (item.lastError === null) $unset.lastError = ''
  else if (item.lastError !== undefined) $set.lastError = item.lastError
  if (item.skippedReason !== undefined) $set.skippedReason = item.skippedReason
  if (item.endpoint !== undefined) $set.endpoint = item.endpoint
  const update: UpdateFilter<DeliveryDocument> = { $set }
  if (Object.keys($unset).length > 0) update.$unset = $unset
  // The attempt's detail goes to delivery_attempts (attempt-log.ts); the delivery keeps only the totals the log lists.
  if (item.attempt) update.$inc = { durationMs: item.attempt.durationMs }
  return { updateOne: { filter, update } }
}

/** Adds to `changes` what progress items did to deliveries that were in `states` just before. */
function countProgress(changes: StatsChanges, progress: readonly DeliveryProgress[], states: ReadonlyMap<string, CountedState>): StatsChanges {
  for (const item of progress) {
    const state = states.get(item.id)
    if (!state) continue
    changes.move(state, state.status, item.status)
    if (item.attempt || item.status === 'failed') {
      const failed = item.status === 'failed' || (item.attempt !== undefined && item.attempt.outcome !== 'success')
      changes.touch(state, item.at, failed ? (item.lastError ?? item.attempt?.error ?? 'The attempt failed.') : undefined)
    }
  }
  return changes
}

const fromStates = (items: readonly DeliveryProgress[]) => new Map(items.map((item) => [item.id, { _id: item.id, ...item.from! }]))

/**
 * Writes a batch's results and returns the counter changes they make.
 *
 * The counters move each delivery from the status it had just before the
 * write. When every item says which state its writer read (`from`) and the
 * server evaluates filters itself (MongoDB), each update is made conditional
 * on that status: all of them matching (the usual case) proves nothing moved
 * in between, and the read the counters need is saved — one command per batch.
 * A batch where some did not match (the API skipped an app's deliveries
 * meanwhile) reads what each now holds and writes the ones left over as
 * before. Otherwise (FerretDB 1.24 looks deliveries up by primary key only
 * for an exact `_id` filter, so a status in the filter would scan) the states
 * are read first.
 */
export async function writeProgress(
  deliveries: Collection<DeliveryDocument>,
  capabilities: ServerCapabilities,
  progress: readonly DeliveryProgress[],
): Promise<StatsChanges> {
  const policy = bulkUpdatePolicy(capabilities)
  const chunks: DeliveryProgress[][] = []
  for (let start = 0; start < progress.length; start += policy.statementsPerCommand) chunks.push(progress.slice(start, start + policy.statementsPerCommand))
  const write = (operations: AnyBulkWriteOperation<DeliveryDocument>[]) => policy.run(() => deliveries.bulkWrite(operations, { ordered: false }))
  const readStates = async (items: readonly DeliveryProgress[]) =>
    new Map(
      ((await findByIds(deliveries, async () => capabilities, items.map((item) => item.id), { ...countedFields, updatedAt: 1, attemptCount: 1 })) as (CountedState &
        Pick<DeliveryDocument, 'updatedAt' | 'attemptCount'>)[]).map((state) => [state._id, state]),
    )

  if (!capabilities.filterPushdown || progress.some((item) => item.from === undefined)) {
    const before = await readStates(progress)
    for (const chunk of chunks) await write(chunk.map((item) => progressWrite(item, { _id: item.id })))
    return countProgress(new StatsChanges(), progress, before)
  }

  const changes = new StatsChanges()
  for (const chunk of chunks) {
    const result = await write(chunk.map((item) => progressWrite(item, { _id: item.id, status: item.from!.status })))
    if (result.matchedCount === chunk.length) {
      countProgress(changes, chunk, fromStates(chunk))
      continue
    }
    // Someone moved some of these since they were read: which writes landed is told by what each delivery holds now.
    const now = await readStates(chunk)
    const landed = chunk.filter((item) => {
      const state = now.get(item.id)
      return state !== undefined && state.status === item.status && state.attemptCount === item.attemptCount && state.updatedAt.getTime() === item.at.getTime()
    })
    countProgress(changes, landed, fromStates(landed))
    const left = chunk.filter((item) => !landed.includes(item) && now.has(item.id))
    if (left.length === 0) continue
    await write(left.map((item) => progressWrite(item, { _id: item.id })))
    countProgress(changes, left, now)
  }
  return changes
}
