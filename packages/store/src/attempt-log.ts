import { MongoBulkWriteError, type Collection } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { StoreError } from './errors.ts'
import { findByIds } from './find-by-ids.ts'
import type { AttemptLogDocument, DeliveryAttemptDocument, DeliveryDocument } from './documents.ts'

// The attempts of the delivery log, one document each, apart from the
// deliveries (issue #18): a delivery was ~1.1 KB after one attempt and
// ~3.8 KB after four, nearly all of it request headers and response
// excerpts that only the log's drawer shows, while every list page and
// export read (FerretDB) or carried (MongoDB's working set) all of it.

/** The key of attempt `attempt` of a delivery: its attempts are found by key, without an index or a scan. */
export function attemptLogId(deliveryId: string, attempt: number): string {
  return `${deliveryId}:${attempt}`
}

/** What an attempt's document needs of its delivery. */
export type AttemptOwner = Pick<DeliveryDocument, '_id' | 'tenantId' | 'createdAt'>

export function toAttemptLogDocument(owner: AttemptOwner, attempt: DeliveryAttemptDocument): AttemptLogDocument {
  return { _id: attemptLogId(owner._id, attempt.attempt), deliveryId: owner._id, tenantId: owner.tenantId, deliveryCreatedAt: owner.createdAt, ...attempt }
}

function fromAttemptLogDocument({ _id: _key, deliveryId: _delivery, tenantId: _tenant, deliveryCreatedAt: _created, ...attempt }: AttemptLogDocument): DeliveryAttemptDocument {
  return attempt
}

/**
 * Writes a batch's attempts in one command. An attempt already recorded
 * (the same delivery and number: an earlier run of the batch wrote it but
 * not the statuses, so the delivery was attempted again) keeps its first
 * record; any other failure is a StoreError
 * `attempts-not-recorded` with the driver's error as its cause.
 */
export async function recordAttempts(attempts: Collection<AttemptLogDocument>, documents: readonly AttemptLogDocument[]): Promise<void> {
  if (documents.length === 0) return
  try {
    await attempts.insertMany([...documents], { ordered: false })
  } catch (error) {
    const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : []
    if (writeErrors.length > 0 && writeErrors.every((writeError) => writeError.code === 11000)) return
    throw new StoreError('attempts-not-recorded', `The detail of ${documents.length} attempt(s) could not be written; their deliveries' status was.`, { cause: error })
  }
}

/**
 * A delivery's attempts, first to last. Deliveries written before attempts
 * moved out still hold theirs inline (`attempts`); a chain that was in
 * progress then has its first attempts inline and the later ones in the
 * collection, so both are read and merged by number.
 */
export async function readAttempts(
  attempts: Collection<AttemptLogDocument>,
  capabilities: () => Promise<ServerCapabilities>,
  delivery: Pick<DeliveryDocument, '_id' | 'attemptCount' | 'attempts'>,
): Promise<DeliveryAttemptDocument[]> {
  const inline = delivery.attempts ?? []
  const inlineNumbers = new Set(inline.map((attempt) => attempt.attempt))
  const missing: string[] = []
  for (let attempt = 1; attempt <= delivery.attemptCount; attempt++) {
    if (!inlineNumbers.has(attempt)) missing.push(attemptLogId(delivery._id, attempt))
  }
  const stored = (await findByIds(attempts, capabilities, missing)).map(fromAttemptLogDocument)
  return [...inline, ...stored].sort((a, b) => a.attempt - b.attempt)
}
