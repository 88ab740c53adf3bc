import type { HooklineClient } from '../../src/lib/api-client.ts'
import { preciseNow, sleep } from '../../src/lib/clock.ts'
import { describeError } from './describe-error.ts'

/** One request a traffic loop made, and how it ended. */
export interface Exchange {
  label: string
  sentAt: number
  endedAt: number
  /** 0 when no response came (the connection failed). */
  status: number
  contentType: string
  body: unknown
  error?: string
}

/** Repeats `send` every `everyMs` until `stop` is called; records every exchange. */
export function startTraffic(label: string, everyMs: number, send: () => Promise<Response>): { exchanges: Exchange[]; stop(): Promise<void> } {
  const exchanges: Exchange[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const sentAt = preciseNow()
      try {
        const response = await send()
        const text = await response.text()
        let body: unknown = text
        try {
          body = text ? JSON.parse(text) : undefined
        } catch {
          // Not JSON: keep the text, the assertions will show it.
        }
        exchanges.push({ label, sentAt, endedAt: preciseNow(), status: response.status, contentType: response.headers.get('content-type') ?? '', body })
      } catch (error) {
        exchanges.push({ label, sentAt, endedAt: preciseNow(), status: 0, contentType: '', body: undefined, error: describeError(error) })
      }
      await sleep(everyMs)
    }
  })()
  return {
    exchanges,
    async stop() {
      running = false
      await loop
    },
  }
}

/** A publish loop: single events, each body distinct. */
export function publishTraffic(publisher: HooklineClient, everyMs: number, body: (sequence: number) => Record<string, unknown>) {
  let sequence = 0
  return startTraffic('publish', everyMs, () => publisher.request('POST', '/api/v1/events', body(sequence++)))
}
