import { sleep } from './clock.ts'
import type { Arrival, ReceiverProcess as Receiver } from '@hookline/test-receiver/process'
import type { Published } from './publish.ts'

/** Polls the receiver until `expected` distinct deliveries arrived or `timeoutMs` passed. */
export async function waitForArrivals(receiver: Receiver, expected: number, timeoutMs: number): Promise<Arrival[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const arrivals = await receiver.arrivals()
    const distinct = new Set(arrivals.map((arrival) => arrival.webhookId)).size
    if (distinct >= expected || Date.now() > deadline) return arrivals
    await sleep(250)
  }
}

/** The first arrival of each webhook-id (repeats of a delivery are not new deliveries). */
export function firstArrivals(arrivals: Arrival[]): Map<string, Arrival> {
  const first = new Map<string, Arrival>()
  for (const arrival of arrivals) {
    const seen = first.get(arrival.webhookId)
    if (!seen || arrival.at < seen.at) first.set(arrival.webhookId, arrival)
  }
  return first
}

/** Publish → first arrival at the receiver, for each of these arrivals whose event was published here. */
export function latenciesOf(published: readonly Published[], arrivals: Map<string, Arrival>): number[] {
  const sentAt = new Map(published.map((event) => [event.id, event.sentAt]))
  return [...arrivals.values()].flatMap((arrival) => {
    const sent = sentAt.get(arrival.eventId)
    return sent === undefined ? [] : [arrival.at - sent]
  })
}
