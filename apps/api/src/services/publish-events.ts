import { serializeEnvelope, type EventRegistry, type UntypedPublishEventInput } from '@hookline/core'
import {
  envelopeTenantOf,
  idempotencyKeyId,
  idempotencyWindowMs,
  newDelivery,
  newSortableId,
  type AppDocument,
  type DeliveryDocument,
  type EventDocument,
  type IdempotencyKeyDocument,
  type PublishResult,
  type Store,
  type TenantDocument,
} from '@hookline/store'
import type { DeliveryQueue } from '@hookline/queue'
import { fingerprint, keyReusedProblem } from './idempotency.ts'
import { validatePublishBody } from './publish-body.ts'
import { checkTenantAgreement } from './tenant-agreement.ts'
import { withdrawPublish, type PublishWrites, type WithdrawOptions } from './withdraw-publish.ts'

export interface PublishDependencies {
  store: Store
  registry: EventRegistry
  queue: DeliveryQueue
  now: () => Date
  /** Counts what was published (metrics). */
  onPublished?(events: number, deliveries: number): void
  /**
   * Told of a failure that does not change the answer: stored deliveries
   * that could not be queued (the worker's sweep queues them), or a failed
   * publish whose writes could not be taken back.
   */
  onWarning?(message: string, error: unknown): void
  /** How a failed publish takes back its writes (tests shorten it). */
  withdraw?: WithdrawOptions
}

export interface PublishOutcome {
  result: PublishResult
  /** The whole answer came from an earlier request with the same key. */
  replayed: boolean
}

type EventResult = { id: string; deliveries: number }

interface PreparedEvent {
  index: number
  key: string | undefined
  fingerprint: string
  event: EventDocument
  deliveries: DeliveryDocument[]
}

/**
 * `POST /api/v1/events`: validates every event (nothing is stored if one
 * is invalid), answers repeated idempotency keys from the first request,
 * fans each new event out to the tenant's active apps subscribed to its
 * type or category, stores events and deliveries, and hands the deliveries
 * to the worker — all before the 202.
 */
export async function publishEvents(
  deps: PublishDependencies,
  tenantId: string,
  body: unknown,
  headerKey: string | undefined,
): Promise<PublishOutcome> {
  const { store, registry, now } = deps
  const publish = validatePublishBody(registry, body)
  const at = now()

  // A key in the header names the whole request; per-event fields name single events.
  const requestKey = publish.batch ? headerKey : undefined
  const requestFingerprint = fingerprint(publish.inputs)
  const eventKeys = publish.inputs.map((input) => (publish.batch ? input.idempotencyKey : (headerKey ?? input.idempotencyKey)))
  await settledWithdrawals(tenantId, [requestKey, ...eventKeys])
  if (requestKey) {
    const earlier = (await store.idempotencyKeys.find(tenantId, [requestKey], at)).get(requestKey)
    if (earlier) {
      if (earlier.fingerprint !== requestFingerprint) throw keyReusedProblem([requestKey])
      return { result: earlier.result, replayed: true }
    }
  }

  const fingerprints = publish.inputs.map(({ idempotencyKey: _key, ...input }) => fingerprint(input))
  const keyed = eventKeys.filter((key): key is string => key !== undefined)
  const earlier = keyed.length > 0 ? await store.idempotencyKeys.find(tenantId, keyed, at) : new Map<string, IdempotencyKeyDocument>()
  const reused = eventKeys.flatMap((key, index) => (key && earlier.has(key) && earlier.get(key)!.fingerprint !== fingerprints[index] ? [key] : []))
  if (reused.length > 0) throw keyReusedProblem(reused)

  const results: (EventResult | undefined)[] = eventKeys.map((key) => (key ? asEventResult(earlier.get(key)?.result) : undefined))
  const fresh = publish.inputs.flatMap((input, index) => (results[index] ? [] : [{ input, index }]))
  // Everything this request writes, so a failure can take it back: a 503 must
  // mean "nothing was accepted", never an event delivered after all or a key
  // that answers with an event that is gone.
  const written: PublishWrites = { tenantId, eventIds: [], deliveryIds: [], keys: [] }
  try {
    const kept = fresh.length > 0 ? await storeFreshEvents(deps, { tenantId, at, eventKeys, fingerprints, fresh, results, written, batch: publish.batch }) : []
    const eventResults = results as EventResult[]
    const result: PublishResult = publish.batch ? { events: eventResults } : eventResults[0]!
    if (requestKey) {
      written.keys.push(requestKey)
      const conflicts = await store.idempotencyKeys.insertMany([keyRecord(tenantId, requestKey, requestFingerprint, result, at)])
      const winner = conflicts.size > 0 ? (await store.idempotencyKeys.find(tenantId, [requestKey], at)).get(requestKey) : undefined
      if (winner && winner.fingerprint === requestFingerprint) {
        // A concurrent request with the same key stored its answer first: ours is withdrawn, theirs answered.
        await removeEvents(store, kept)
        return { result: winner.result, replayed: true }
      }
    }
    // Stored for good: from here on a failure does not undo the publish.
    written.eventIds = []
    await queueDeliveries(deps, kept)
    return { result, replayed: fresh.length === 0 }
  } catch (error) {
    if (written.eventIds.length > 0) startWithdrawal(deps, written)
    throw error
  }
}

interface FreshEvents {
  tenantId: string
  at: Date
  eventKeys: (string | undefined)[]
  fingerprints: string[]
  fresh: { input: UntypedPublishEventInput; index: number }[]
  batch: boolean
  /** Filled in with each fresh event's answer. */
  results: (EventResult | undefined)[]
  written: PublishWrites
}

/** Fans the fresh events out to the tenant's subscribed apps and stores them; returns those kept. */
async function storeFreshEvents(deps: PublishDependencies, events: FreshEvents): Promise<PreparedEvent[]> {
  const { store, registry } = deps
  const { tenantId, at } = events
  const [tenant, apps] = await Promise.all([store.tenants.get(tenantId), store.apps.listActive(tenantId)])
  checkTenantAgreement(tenant, events.fresh, events.batch)
  const prepared = events.fresh.map(({ input, index }) =>
    prepareEvent(registry, tenantId, tenant, apps, input, at, events.eventKeys[index], events.fingerprints[index]!, index),
  )
  const stored = await storeEvents(deps, tenantId, prepared, at, events.written)
  for (const item of stored.results) events.results[item.index] = item.result
  return stored.kept
}

/**
 * Queued last, once no concurrent request can take the events back. The
 * events are durable by now: if the queue cannot take them, the worker's
 * sweep finds the deliveries that no job holds, so the answer stays 202.
 */
async function queueDeliveries(deps: PublishDependencies, kept: readonly PreparedEvent[]): Promise<void> {
  const deliveryIds = kept.flatMap((item) => item.deliveries.map((delivery) => delivery._id))
  await deps.queue.enqueue(deliveryIds).catch((error: unknown) => {
    deps.onWarning?.(`${deliveryIds.length} stored deliveries could not be queued now; the worker's sweep will queue them`, error)
  })
  deps.onPublished?.(kept.length, deliveryIds.length)
}

// Keys whose failed publish is still being taken back in this process: a
// retry with the same key waits for it, instead of being answered from a
// record that is about to go.
const withdrawing = new Map<string, Promise<unknown>>()

function startWithdrawal(deps: PublishDependencies, written: PublishWrites): void {
  const withdrawal = withdrawPublish(deps.store, written, {
    ...deps.withdraw,
    onGiveUp: (error, writes) =>
      deps.onWarning?.(
        `A failed publish could not take back ${writes.eventIds.length} events and ${writes.deliveryIds.length} deliveries; the worker may still deliver them`,
        error,
      ),
  })
  for (const key of written.keys) withdrawing.set(idempotencyKeyId(written.tenantId, key), withdrawal)
  void withdrawal.finally(() => {
    for (const key of written.keys) {
      const id = idempotencyKeyId(written.tenantId, key)
      if (withdrawing.get(id) === withdrawal) withdrawing.delete(id)
    }
  })
}

async function settledWithdrawals(tenantId: string, keys: readonly (string | undefined)[]): Promise<void> {
  const pending = keys.flatMap((key) => (key === undefined ? [] : (withdrawing.get(idempotencyKeyId(tenantId, key)) ?? [])))
  if (pending.length > 0) await Promise.all(pending)
}

async function removeEvents(store: Store, prepared: readonly PreparedEvent[]): Promise<void> {
  if (prepared.length === 0) return
  await Promise.all([
    store.deliveries.removeMany(prepared.flatMap((item) => item.deliveries.map((delivery) => delivery._id))),
    store.events.removeMany(prepared.map((item) => item.event._id)),
  ])
}

function prepareEvent(
  registry: EventRegistry,
  tenantId: string,
  tenant: TenantDocument | null,
  apps: AppDocument[],
  input: UntypedPublishEventInput,
  at: Date,
  key: string | undefined,
  eventFingerprint: string,
  index: number,
): PreparedEvent {
  const id = newSortableId('evt', at)
  const envelope = registry.buildEnvelope(input, {
    id,
    tenant: envelopeTenantOf(tenantId, tenant),
    now: at,
  })
  const event: EventDocument = {
    _id: id,
    tenantId,
    type: envelope.type,
    portalEventId: envelope.portalEventId,
    envelopeJson: serializeEnvelope(envelope, { legacySubjectDetailEncoding: false }),
    createdAt: at,
  }
  const subscribed = apps.filter((app) => registry.subscriptionMatches(app.events, envelope.type))
  const deliveries = subscribed.map((app) => newDelivery({ app, event, at }))
  return { index, key, fingerprint: eventFingerprint, event, deliveries }
}

/**
 * Stores events, deliveries and keys. A key another request stored in the
 * meantime wins: our copy of that event is removed and theirs answered, so a
 * key never yields two events. Returns the answers and the events kept.
 */
async function storeEvents(deps: PublishDependencies, tenantId: string, prepared: PreparedEvent[], at: Date, written: PublishWrites) {
  const { store } = deps
  const keyedItems = prepared.filter((item): item is PreparedEvent & { key: string } => item.key !== undefined)
  // Recorded before each write: a write that fails may still have stored part of its documents.
  written.eventIds.push(...prepared.map((item) => item.event._id))
  written.deliveryIds.push(...prepared.flatMap((item) => item.deliveries.map((delivery) => delivery._id)))
  written.keys.push(...keyedItems.map((item) => item.key))
  // Events before their deliveries: a delivery is never stored without its event.
  await store.events.insertMany(prepared.map((item) => item.event))
  await store.deliveries.insertMany(prepared.flatMap((item) => item.deliveries))
  const lost = await store.idempotencyKeys.insertMany(
    keyedItems.map((item) => keyRecord(tenantId, item.key, item.fingerprint, { id: item.event._id, deliveries: item.deliveries.length }, at)),
  )
  const winners = lost.size > 0 ? await store.idempotencyKeys.find(tenantId, [...lost], at) : new Map<string, IdempotencyKeyDocument>()
  const winnerOf = (item: PreparedEvent) => (item.key && lost.has(item.key) ? asEventResult(winners.get(item.key)?.result) : undefined)
  await removeEvents(
    store,
    keyedItems.filter((item) => winnerOf(item) !== undefined),
  )
  return {
    kept: prepared.filter((item) => winnerOf(item) === undefined),
    results: prepared.map((item) => ({ index: item.index, result: winnerOf(item) ?? { id: item.event._id, deliveries: item.deliveries.length } })),
  }
}

function keyRecord(tenantId: string, key: string, requestFingerprint: string, result: PublishResult, at: Date): IdempotencyKeyDocument {
  return {
    _id: idempotencyKeyId(tenantId, key),
    tenantId,
    key,
    fingerprint: requestFingerprint,
    result,
    createdAt: at,
    expiresAt: new Date(at.getTime() + idempotencyWindowMs),
  }
}

function asEventResult(result: PublishResult | undefined): EventResult | undefined {
  return result && 'id' in result ? result : undefined
}
