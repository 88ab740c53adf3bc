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
  type PublishItem,
  type PublishResult,
  type RequestKey,
  type Store,
  type TenantDocument,
} from '@hookline/store'
import { retryAfterDelays, toDeliveryRef, type DeliveryQueue, type QueuedDelivery } from '@hookline/queue'
import { fingerprint, keyedEventFingerprints, keyReusedProblem } from './idempotency.ts'
import { storeAndQueue, type GroupedPublish, type PublishGroup } from './publish-group.ts'
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
   * that could not be queued at once (tried again in the background, then
   * left to the worker's sweep), or a failed
   * publish whose writes could not be taken back.
   */
  onWarning?(message: string, error: unknown): void
  /** How a failed publish takes back its writes (tests shorten it). */
  withdraw?: WithdrawOptions
  /** The waits between further tries to queue deliveries the queue refused (default outageRetryDelaysMs; tests shorten them). */
  requeueDelaysMs?: readonly number[]
  /**
   * Shares the writes of publishes that name no idempotency key with
   * concurrent requests (one per process, made by createPublishGroup).
   * Without it each such publish is written on its own.
   */
  group?: PublishGroup
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
  /** Set where `key` is. */
  fingerprint: string | undefined
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
  // Hashed only when a key will be compared or stored with it.
  const requestFingerprint = requestKey ? fingerprint(publish.inputs) : ''
  const eventKeys = publish.inputs.map((input) => (publish.batch ? input.idempotencyKey : (headerKey ?? input.idempotencyKey)))
  await settledWithdrawals(tenantId, [requestKey, ...eventKeys])
  if (requestKey) {
    const earlier = (await store.idempotencyKeys.find(tenantId, [requestKey], at)).get(requestKey)
    if (earlier) {
      if (earlier.fingerprint !== requestFingerprint) throw keyReusedProblem([requestKey])
      return { result: earlier.result, replayed: true }
    }
  }

  const fingerprints = keyedEventFingerprints(publish.inputs, eventKeys)
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
    const stored = await storeFreshEvents(deps, {
      tenantId,
      at,
      eventKeys,
      fingerprints,
      fresh,
      results,
      written,
      batch: publish.batch,
      ...(requestKey ? { requestKey: { key: requestKey, fingerprint: requestFingerprint } } : {}),
    })
    if (stored.requestKeyHolder) {
      // A concurrent request with the same key stored its answer first, and nothing of ours was kept.
      if (stored.requestKeyHolder.fingerprint !== requestFingerprint) throw keyReusedProblem([requestKey!])
      return { result: stored.requestKeyHolder.result, replayed: true }
    }
    const eventResults = results as EventResult[]
    const result: PublishResult = publish.batch ? { events: eventResults } : eventResults[0]!
    // Stored for good: from here on a failure does not undo the publish.
    written.eventIds = []
    settleQueued(deps, stored.kept.length, stored.queued ?? (await queueDeliveries(deps, stored.kept)))
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
  /** Set where the event has a key (the only place it is kept). */
  fingerprints: (string | undefined)[]
  fresh: { input: UntypedPublishEventInput; index: number }[]
  batch: boolean
  /** A batch's own key: its record answers with every event's result. */
  requestKey?: { key: string; fingerprint: string }
  /** Filled in with each fresh event's answer. */
  results: (EventResult | undefined)[]
  written: PublishWrites
}

interface StoredEvents {
  kept: PreparedEvent[]
  requestKeyHolder?: IdempotencyKeyDocument
  /** Present where the deliveries were queued with the events (a grouped publish). */
  queued?: QueuedDeliveries
}

/** The queue entries of a publish's deliveries, and the queue's refusal if it refused them. */
interface QueuedDeliveries {
  deliveries: readonly QueuedDelivery[]
  refusal: unknown
}

/**
 * Fans the fresh events out to the tenant's subscribed apps and stores them
 * with their keys. A key another request stored in the meantime wins: that
 * event is answered with theirs, so a key never yields two events.
 */
async function storeFreshEvents(deps: PublishDependencies, events: FreshEvents): Promise<StoredEvents> {
  const { store, registry } = deps
  const { tenantId, at, results, written } = events
  if (events.fresh.length === 0 && !events.requestKey) return { kept: [] }
  const [tenant, apps] =
    events.fresh.length > 0 ? await Promise.all([store.publishReads.tenant(tenantId), store.publishReads.activeApps(tenantId)]) : [null, []]
  checkTenantAgreement(tenant, events.fresh, events.batch)
  const prepared = events.fresh.map(({ input, index }) =>
    prepareEvent(registry, tenantId, tenant, apps, input, at, events.eventKeys[index], events.fingerprints[index], index),
  )
  const answerOf = (item: PreparedEvent, taken: ReadonlyMap<string, IdempotencyKeyDocument>): EventResult =>
    (item.key ? asEventResult(taken.get(item.key)?.result) : undefined) ?? { id: item.event._id, deliveries: item.deliveries.length }
  const requestKey = events.requestKey
  if (!(await store.publishes.allOrNothing())) {
    // Recorded before the writes: a write that fails may still have stored part of its documents.
    written.eventIds.push(...prepared.map((item) => item.event._id))
    written.deliveryIds.push(...prepared.flatMap((item) => item.deliveries.map((delivery) => delivery._id)))
    written.keys.push(...prepared.flatMap((item) => (item.key ? [item.key] : [])), ...(requestKey ? [requestKey.key] : []))
  }
  if (!requestKey && prepared.every((item) => !item.key)) {
    // No key can be held by another request, so these writes can be shared with concurrent publishes.
    const publish: GroupedPublish = { items: prepared, deliveries: deliveryRefsOf(prepared) }
    await (deps.group ?? ((alone) => storeAndQueue(store, deps.queue, [alone])))(publish)
    for (const item of prepared) results[item.index] = answerOf(item, new Map())
    return { kept: prepared, queued: { deliveries: publish.deliveries, refusal: publish.queueError } }
  }
  const items: PublishItem[] = prepared.map((item) => ({
    event: item.event,
    deliveries: item.deliveries,
    ...(item.key ? { key: keyRecord(tenantId, item.key, item.fingerprint!, { id: item.event._id, deliveries: item.deliveries.length }, at) } : {}),
  }))
  const requestRecord: RequestKey | undefined = requestKey && {
    key: requestKey.key,
    record(taken) {
      const answers = results.map((result) => result)
      for (const item of prepared) answers[item.index] = answerOf(item, taken)
      return keyRecord(tenantId, requestKey.key, requestKey.fingerprint, { events: answers as EventResult[] }, at)
    },
  }
  const recorded = await store.publishes.record(tenantId, items, requestRecord)
  if (recorded.requestKeyHolder) {
    written.eventIds = []
    return { kept: [], requestKeyHolder: recorded.requestKeyHolder }
  }
  for (const item of prepared) results[item.index] = answerOf(item, recorded.taken)
  return { kept: prepared.filter((item) => !(item.key && recorded.taken.has(item.key))) }
}

/**
 * Queued last, once no concurrent request can take the events back. The
 * events are durable by now: if the queue cannot take them, they are queued
 * again in the background (retryAfterDelays), and failing that the worker's
 * sweep finds the deliveries that no job holds, so the answer stays 202.
 */
async function queueDeliveries(deps: PublishDependencies, kept: readonly PreparedEvent[]): Promise<QueuedDeliveries> {
  const deliveries = deliveryRefsOf(kept)
  let refusal: unknown
  await deps.queue.enqueue(deliveries).catch((error: unknown) => {
    refusal = error
  })
  return { deliveries, refusal }
}

/** With their events and apps: the worker reads all three in one command. */
function deliveryRefsOf(kept: readonly PreparedEvent[]): QueuedDelivery[] {
  return kept.flatMap((item) => item.deliveries.map(toDeliveryRef))
}

/** Counts a stored publish, and where the queue refused its deliveries, queues them again in the background. */
function settleQueued(deps: PublishDependencies, events: number, { deliveries, refusal }: QueuedDeliveries): void {
  if (refusal !== undefined) requeueInBackground(deps, deliveries, refusal)
  deps.onPublished?.(events, deliveries.length)
}

function requeueInBackground(deps: PublishDependencies, deliveries: readonly QueuedDelivery[], refusal: unknown): void {
  deps.onWarning?.(`${deliveries.length} stored deliveries could not be queued now; trying again in the background, else the worker's sweep will queue them`, refusal)
  // On timers that do not hold the process: an API that stops first leaves the rest to the sweep. A try whose
  // jobs were stored but whose answer was lost queues them twice, and the worker attempts only what is still due.
  const enqueued = async () => {
    await deps.queue.enqueue(deliveries)
    return true
  }
  retryAfterDelays(enqueued, {
    ...(deps.requeueDelaysMs ? { delaysMs: deps.requeueDelaysMs } : {}),
    onGiveUp: (lastError) => deps.onWarning?.(`${deliveries.length} stored deliveries could still not be queued; the worker's sweep will queue them`, lastError),
  })
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

function prepareEvent(
  registry: EventRegistry,
  tenantId: string,
  tenant: Readonly<TenantDocument> | null,
  apps: readonly Readonly<AppDocument>[],
  input: UntypedPublishEventInput,
  at: Date,
  key: string | undefined,
  eventFingerprint: string | undefined,
  index: number,
): PreparedEvent {
  const id = newSortableId('evt', at)
  const envelope = registry.buildEnvelope(input, {
    id,
    tenant: envelopeTenantOf(tenantId, tenant),
    now: at,
    // The body was parsed for this request alone and the envelope is serialized just below: no copy of the detail.
    shareDetail: true,
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
