import type { EventType, PublishEventInput, TypedPublishEventInput } from '@hookline/core'
import type { Transport } from './transport.ts'

/** Most events one request may carry (the API's limit). */
export const maxBatchSize = 500

/** What the API answers per event. */
export interface PublishedEvent {
  /** The event id (`evt_…`), also the delivered envelope's `id`. */
  id: string
  /** Deliveries created: one per active application subscribed to the event. */
  deliveries: number
}

export interface PublishOptions {
  /**
   * Sent as `Idempotency-Key`. Default: a new random key per call, reused by
   * the call's own retries, so a retry never publishes twice. Pass your own
   * to make retries across calls (or processes) safe too.
   */
  idempotencyKey?: string
  signal?: AbortSignal
}

export interface PublishResult extends PublishedEvent {
  /** True when the server answered an earlier request's result for this key. */
  replayed: boolean
}

export interface PublishManyResult {
  /** One per input event, in order. */
  events: PublishedEvent[]
  /** One per request made. */
  batches: { size: number; idempotencyKey: string; replayed: boolean }[]
}

export interface EventsApi {
  /** Publishes one event; its `subjectDetail` must match the payload type its category declares for `type`. */
  publish<K extends EventType>(event: TypedPublishEventInput<K>, options?: PublishOptions): Promise<PublishResult>
  /**
   * Publishes any number of events in requests of at most 500, one after the
   * other; each request is all or nothing. With `idempotencyKey`, batch `n`
   * uses `<key>:<n>`. A failure stops there and rejects; the batches
   * already published were reported to `onBatch`.
   */
  publishMany(
    events: readonly PublishEventInput[],
    options?: PublishOptions & { batchSize?: number; onBatch?: (published: PublishedEvent[], batchIndex: number) => void },
  ): Promise<PublishManyResult>
}

const newKey = () => crypto.randomUUID()

export function createEventsApi(transport: Transport): EventsApi {
  async function post(body: unknown, idempotencyKey: string, signal: AbortSignal | undefined) {
    return transport.json<PublishedEvent | { events: PublishedEvent[] }>({
      method: 'POST',
      path: '/api/v1/events',
      body,
      headers: { 'idempotency-key': idempotencyKey },
      idempotent: true,
      signal,
    })
  }

  return {
    async publish(event, options = {}) {
      const response = await post(event, options.idempotencyKey ?? newKey(), options.signal)
      const published = response.body as PublishedEvent
      return { id: published.id, deliveries: published.deliveries, replayed: response.headers.get('idempotent-replayed') === 'true' }
    },

    async publishMany(events, options = {}) {
      const batchSize = options.batchSize ?? maxBatchSize
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxBatchSize) {
        throw new RangeError(`batchSize must be a whole number from 1 to ${maxBatchSize}`)
      }
      const base = options.idempotencyKey ?? newKey()
      const result: PublishManyResult = { events: [], batches: [] }
      for (let start = 0, index = 0; start < events.length; start += batchSize, index++) {
        const batch = events.slice(start, start + batchSize)
        const idempotencyKey = `${base}:${index}`
        const response = await post({ events: batch }, idempotencyKey, options.signal)
        const published = (response.body as { events: PublishedEvent[] }).events
        result.events.push(...published)
        result.batches.push({ size: batch.length, idempotencyKey, replayed: response.headers.get('idempotent-replayed') === 'true' })
        options.onBatch?.(published, index)
      }
      return result
    },
  }
}
