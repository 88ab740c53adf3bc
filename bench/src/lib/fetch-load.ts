import { Agent, request } from 'undici'
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
  return inLoop(concurrency, seconds, async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_raw' },
      body,
    }).catch(() => undefined)
    if (response) await response.arrayBuffer()
    return response?.ok === true
  })
}

/**
 * The same load through undici's dispatcher API (`request` on a keep-alive
 * `Agent`), the client the worker's Node dispatcher sends its POSTs with
 * (packages/dispatcher/node/direct-request.ts): the floor under the worker's
 * CPU per delivery, where `postInLoop` is the floor under a `fetch` client.
 */
export async function requestInLoop(url: string, body: string, concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAliveTimeout: 4_000 })
  try {
    return await inLoop(concurrency, seconds, async () => {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': 'msg_raw' },
        body,
        dispatcher: agent,
      }).catch(() => undefined)
      if (response) await response.body.arrayBuffer()
      return response !== undefined && response.statusCode >= 200 && response.statusCode < 300
    })
  } finally {
    await agent.close()
  }
}

async function inLoop(concurrency: number, seconds: number, post: () => Promise<boolean>): Promise<LoadResult> {
  const deadline = preciseNow() + seconds * 1000
  let requests = 0
  let failures = 0
  const started = preciseNow()
  const cpuBefore = process.cpuUsage()
  const lane = async () => {
    while (preciseNow() < deadline) {
      if (await post()) requests++
      else failures++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  const elapsed = (preciseNow() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { requests, failures, seconds: elapsed, perSecond: requests / elapsed, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, requests) }
}
