import { isSystemEventType, type EventRegistry, type UntypedPublishEventInput } from '@hookline/core'
import { HttpProblem, type ProblemFieldError } from '../http/problem.ts'

/** Most events one `POST /api/v1/events` may carry. */
export const maxEventsPerBatch = 500

export interface PublishBody {
  /** `{ "events": [ … ] }` rather than one event. */
  batch: boolean
  inputs: UntypedPublishEventInput[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * One event, or `{ events: [ … ] }` with 1–500. Every event is checked
 * against the catalog; a 400 lists every failing path (JSON Pointers,
 * prefixed with `/events/<index>` in a batch) and names the failing
 * indexes, and nothing is stored.
 */
export function validatePublishBody(registry: EventRegistry, body: unknown): PublishBody {
  if (!isRecord(body)) {
    throw new HttpProblem(400, 'Send one event object, or { "events": [ … ] } with 1 to 500 events.', { type: 'invalid-event' })
  }
  const batch = 'events' in body
  if (batch) {
    const extra = Object.keys(body).filter((key) => key !== 'events')
    const events = body.events
    if (extra.length > 0 || !Array.isArray(events) || events.length === 0 || events.length > maxEventsPerBatch) {
      throw new HttpProblem(400, `A batch is { "events": [ … ] } with 1 to ${maxEventsPerBatch} events and nothing else.`, {
        type: 'invalid-batch',
        errors: [
          ...extra.map((key) => ({ path: `/${key}`, message: 'is not an allowed field' })),
          ...(!Array.isArray(events)
            ? [{ path: '/events', message: 'must be an array of events' }]
            : events.length === 0 || events.length > maxEventsPerBatch
              ? [{ path: '/events', message: `must hold 1 to ${maxEventsPerBatch} events (it holds ${events.length})` }]
              : []),
        ],
      })
    }
  }
  const items: unknown[] = batch ? (body.events as unknown[]) : [body]
  const errors: ProblemFieldError[] = []
  const invalid: number[] = []
  const inputs: UntypedPublishEventInput[] = []
  items.forEach((item, index) => {
    const result = registry.validatePublishInput(item)
    if (result.valid && isSystemEventType(result.value.type)) {
      // Only Hookline says an app turned off: a publisher could otherwise forge it.
      invalid.push(index)
      errors.push({ path: `${batch ? `/events/${index}` : ''}/type`, message: `"${result.value.type}" is a system event; only Hookline publishes those` })
      return
    }
    if (result.valid) {
      inputs.push(result.value)
      return
    }
    invalid.push(index)
    for (const issue of result.issues) errors.push({ path: `${batch ? `/events/${index}` : ''}${issue.path}`, message: issue.message })
  })
  // Two events of one batch cannot share a key: one of them would be dropped as a repeat.
  const keys = new Map<string, number>()
  items.forEach((item, index) => {
    const key = isRecord(item) && typeof item.idempotencyKey === 'string' ? item.idempotencyKey : undefined
    if (!batch || key === undefined) return
    const first = keys.get(key)
    if (first === undefined) keys.set(key, index)
    else {
      if (!invalid.includes(index)) invalid.push(index)
      errors.push({ path: `/events/${index}/idempotencyKey`, message: `repeats the key of event ${first}` })
    }
  })
  invalid.sort((a, b) => a - b)
  if (invalid.length > 0) {
    const detail = batch
      ? `${invalid.length === 1 ? `Event ${invalid[0]} of the batch is` : `Events ${invalid.join(', ')} of the batch are`} not valid; nothing was stored.`
      : 'The event is not valid; nothing was stored.'
    throw new HttpProblem(400, detail, { type: 'invalid-event', errors, extensions: { invalidEvents: invalid } })
  }
  return { batch, inputs }
}
