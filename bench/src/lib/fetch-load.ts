import { preciseNow } from './clock.ts'

export interface LoadResult {
  requests: number
  failures: number
  seconds: number
  perSecond: number
  /** This process's CPU per successful request, in ms: what a bare POST costs a Node client (the receiver runs in its own process). */
  cpuMsPerRequest: number
}

/**
 * Keeps `concurrency` POSTs of `body` in flight against `url` for `seconds`:
 * plain `fetch`, keep-alive, no database — the ceiling for our workload.
 */
export async function postInLoop(url: string, body: string, concurrency: number, seconds: number): Promise<LoadResult> {
  const deadline = preciseNow() + seconds * 1000
  let requests = 0
  let failures = 0
  const started = preciseNow()
  const cpuBefore = process.cpuUsage()
  const lane = async () => {
    while (preciseNow() < deadline) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': 'msg_raw' },
        body,
      }).catch(() => undefined)
      if (response) await response.arrayBuffer()
      if (response?.ok) requests++
      else failures++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  const elapsed = (preciseNow() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { requests, failures, seconds: elapsed, perSecond: requests / elapsed, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, requests) }
}
