import type { Agenda } from 'agenda'

export interface DrainOutcome {
  /** Jobs were still running at the bound. */
  timedOut: boolean
  /** How many were still running when the drain ended. */
  running: number
}

// How often the running jobs are counted while draining.
const pollMs = 100

/**
 * `agenda.drain()` within `timeoutMs`. Agenda 6.2's drain counts the running
 * jobs one tick after each job's `complete` event, but a job removed on
 * completion leaves its running list only after that removal's round trip:
 * the last job's end is missed and the drain waits out its whole timeout.
 * So the running jobs are also counted here, and the drain is ended as soon
 * as none is left.
 */
export async function drainWithin(agenda: Agenda, timeoutMs: number): Promise<DrainOutcome> {
  const deadline = Date.now() + timeoutMs
  const controller = new AbortController()
  let settled = false
  const drained = agenda.drain({ timeout: timeoutMs, signal: controller.signal, closeConnection: false }).finally(() => {
    settled = true
  })
  while (!settled && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs))
    if (settled) break
    const stats = await agenda.getRunningStats().catch(() => undefined)
    if (stats && stats.runningJobs === 0) {
      controller.abort()
      break
    }
  }
  const result = await drained
  return { timedOut: result.timedOut || (result.aborted && result.running > 0), running: result.running }
}
