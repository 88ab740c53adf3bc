import type { DeliveryAttemptDocument } from '@hookline/store'

// What the worker records for one attempt (see the worker's attempt-progress.ts):
// the request headers as sent, secrets masked, and the first bytes of the answer.
const failedBody =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

/** The `count` attempts of bench delivery `index`: the last one answered as the delivery's status says, the others 503. */
export function benchAttempts(index: number, count: number, messageId: string, startedAt: Date, succeeded: boolean): DeliveryAttemptDocument[] {
  return Array.from({ length: count }, (_, offset) => {
    const last = offset === count - 1
    const ok = last && succeeded
    const at = new Date(startedAt.getTime() + offset * 60_000)
    return {
      attempt: offset + 1,
      startedAt: at.toISOString(),
      durationMs: 20 + ((index + offset) % 50),
      outcome: ok ? 'success' : 'transient',
      requestHeaders: [
        { name: 'content-type', value: 'application/json' },
        { name: 'user-agent', value: 'Hookline-Webhooks/0.1.0' },
        { name: 'webhook-id', value: messageId },
        { name: 'webhook-timestamp', value: String(Math.floor(at.getTime() / 1000)) },
        { name: 'webhook-signature', value: 'v1,***' },
        { name: 'authorization', value: 'Basic ***' },
        { name: 'X-Team.Id', value: 'video' },
      ],
      responseStatus: ok ? 200 : 503,
      responseBodyExcerpt: ok ? '{"received":true,"queued":1}' : failedBody,
      ...(ok ? {} : { error: '503 Service Unavailable from https://hooks.example.com' }),
    }
  })
}
