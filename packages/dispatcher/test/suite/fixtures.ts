import { createAddressPolicy, type DeliverOptions, type DeliveryRequest } from '../../src/index.ts'
import type { LocalServer, RequestHandler, ServeOptions, SuiteHarness } from './harness.ts'

// Fixed test secrets in the Standard Webhooks format (whsec_ + base64 of random bytes).
export const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
export const rotatedSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'

/** Loopback allowed over http: what local development and these tests configure. */
export const loopbackPolicy = createAddressPolicy({
  allow: ['127.0.0.0/8', '::1/128'],
  allowHttp: true,
})

export const deliverOptions: DeliverOptions = { addressPolicy: loopbackPolicy, timeoutMs: 5_000 }

export const envelope = JSON.stringify({
  id: 'evt_01HZX3',
  type: 'media.updated',
  eventDate: '2026-11-26T15:04:53.593+00:00',
  subjectType: 'Video',
  subjectId: 66782,
  subjectTitle: 'Quarterly town hall — ünïcode ✓',
})

export function deliveryRequest(
  url: string,
  overrides: Partial<DeliveryRequest> = {},
): DeliveryRequest {
  return {
    url,
    messageId: 'msg_2f6c1a0b9e',
    body: envelope,
    signingSecrets: [signingSecret],
    auth: { type: 'none' },
    headers: {},
    ...overrides,
  }
}

export interface ReceivedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

/** A server that records what it receives and answers with `respond`. */
export async function startReceiver(
  harness: SuiteHarness,
  respond: RequestHandler = () => new Response('ok'),
  options?: ServeOptions,
): Promise<LocalServer & { received: ReceivedRequest[]; url: string }> {
  const received: ReceivedRequest[] = []
  const server = await harness.serve(async (request) => {
    received.push({
      method: request.method,
      path: new URL(request.url).pathname,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    })
    return respond(request)
  }, options)
  return Object.assign(server, { received, url: `${server.origin}/hooks/hookline` })
}

/** Runs `body` with a receiver and always closes it. */
export async function withReceiver(
  harness: SuiteHarness,
  respond: RequestHandler,
  body: (receiver: Awaited<ReturnType<typeof startReceiver>>) => Promise<void>,
  onClose?: () => void,
): Promise<void> {
  const receiver = await startReceiver(harness, respond)
  try {
    await body(receiver)
  } finally {
    onClose?.()
    await receiver.close()
  }
}

/**
 * A handler that answers only after `ms`. `release()` ends the wait early,
 * so the server can shut down at once (Deno.serve waits for open handlers).
 */
export function slowHandler(ms: number): { handler: RequestHandler; release(): void } {
  const released = new AbortController()
  return {
    handler: async () => {
      await sleep(ms, released.signal)
      return new Response('too late')
    },
    release: () => released.abort(),
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
}
