import type { HooklineClient } from './api-client.ts'
import { preciseNow, sleep } from './clock.ts'
import { publishBody, publishOne, type Published } from './publish.ts'

export interface OpenLoopRun {
  /** The events the API accepted (a failed request is left out). */
  published: Published[]
  /** Accepted events per second over the run. */
  achievedRate: number
}

/**
 * Publishes `count` single events at `rate` per second, open-loop: each
 * leaves at its slot whether or not earlier ones were answered, as a
 * portal's events do. Bodies are numbered from `firstSequence`.
 */
export async function publishOpenLoop(publisher: HooklineClient, rate: number, count: number, firstSequence = 0): Promise<OpenLoopRun> {
  const started = preciseNow()
  const sends: Promise<Published | undefined>[] = []
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - preciseNow()
    if (wait > 1) await sleep(wait)
    sends.push(publishOne(publisher, publishBody(firstSequence + i)).catch(() => undefined))
  }
  const published = (await Promise.all(sends)).filter((event): event is Published => event !== undefined)
  return { published, achievedRate: published.length / ((preciseNow() - started) / 1000) }
}
