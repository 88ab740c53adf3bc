import type { DeliveryStatus } from '../api/types.ts'

export type OverviewRange = '24h' | '7d'

export interface TimeBucket {
  start: Date
  counts: Record<DeliveryStatus, number>
}

export interface AppHealth {
  appId: string
  name: string
  active: boolean
  deactivatedReason?: string | undefined
  total: number
  succeeded: number
  failed: number
  skipped?: number
  /** The last attempt in the range. */
  lastDeliveryAt?: string | undefined
  /** Succeeded over finished (succeeded + failed); undefined with nothing finished. */
  successRate: number | undefined
  lastProblem?: string | undefined
}

const hour = 3_600_000
const day = 24 * hour

/** Where the overview's range starts: the hour 23 hours back (24 hourly buckets), or local midnight 6 days back (7 days). */
export function rangeStart(range: OverviewRange, now: Date): Date {
  if (range === '24h') {
    const start = new Date(now.getTime() - 23 * hour)
    start.setMinutes(0, 0, 0)
    return start
  }
  const start = new Date(now.getTime() - 6 * day)
  start.setHours(0, 0, 0, 0)
  return start
}
