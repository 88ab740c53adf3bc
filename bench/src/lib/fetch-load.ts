import { preciseNow } from './clock.ts'

export interface LoadResult {
  requests: number
  failures: number
  seconds: number
  perSecond: number
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
  return { requests, failures, seconds: elapsed, perSecond: requests / elapsed }
}
