import { createEventRegistry } from '@hookline/core'
import { mediaCategory } from '@hookline/plugin-media'
import type { HooklineClient } from './api-client.ts'
import { preciseNow } from './clock.ts'

const registry = createEventRegistry({ categories: [mediaCategory] })
const example = registry.getEvent('media.updated')!.example as unknown as Record<string, unknown>

/** A valid publish body (the catalog's media.updated example) with a distinct subject id. */
export function publishBody(sequence: number): Record<string, unknown> {
  return { ...example, subjectId: 100_000 + sequence }
}

export interface Published {
  id: string
  deliveries: number
  /** preciseNow() just before the request was sent. */
  sentAt: number
}

/** Publishes `events` bodies in one batch request; returns each event's id and send time. */
export async function publishBatch(publisher: HooklineClient, bodies: Record<string, unknown>[]): Promise<Published[]> {
  const sentAt = preciseNow()
  const result = await publisher.call<{ events: { id: string; deliveries: number }[] }>('POST', '/api/v1/events', { events: bodies })
  return result.events.map((event) => ({ ...event, sentAt }))
}

export async function publishOne(publisher: HooklineClient, body: Record<string, unknown>): Promise<Published> {
  const sentAt = preciseNow()
  const result = await publisher.call<{ id: string; deliveries: number }>('POST', '/api/v1/events', body)
  return { ...result, sentAt }
}
