import assert from 'node:assert/strict'
import { deliver, retryAfterBoundsMs } from '../../src/index.ts'
import { deliverOptions, deliveryRequest, slowHandler, withReceiver } from './fixtures.ts'
import { type SuiteHarness, defineCases } from './harness.ts'

function statusCase(
  status: number,
  expectedKind: 'success' | 'transient' | 'non-transient',
  headers: Record<string, string> = {},
) {
  return async (harness: SuiteHarness) => {
    await withReceiver(
      harness,
      () => new Response(status === 204 ? null : `answer ${status}`, { status, headers }),
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(outcome.kind, expectedKind)
        assert.equal(outcome.status, status)
        assert.equal(receiver.received.length, 1)
        assert.equal(outcome.retryAfterMs, undefined)
      },
    )
  }
}

export const statusCases = defineCases('response status', {
  '200 is a success with status, headers, excerpt and timing': async (harness) => {
    await withReceiver(
      harness,
      () =>
        Response.json(
          { received: true },
          { headers: { 'x-request-id': 'req-7', 'x-private': 'not recorded' } },
        ),
      async (receiver) => {
        const before = Date.now()
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(outcome.kind, 'success')
        assert.equal(outcome.status, 200)
        assert.equal(outcome.reason, `200 OK from ${receiver.url}`)
        assert.equal(outcome.responseBodyExcerpt, '{"received":true}')
        assert.equal(outcome.responseHeaders['content-type'], 'application/json')
        assert.equal(outcome.responseHeaders['x-request-id'], 'req-7')
        assert.equal(outcome.responseHeaders['x-private'], undefined)
        assert.equal(outcome.errorCode, undefined)
        assert.ok(outcome.durationMs >= 0 && outcome.durationMs < 5_000)
        assert.ok(Date.parse(outcome.startedAt) >= before - 1_000)
        assert.equal(outcome.request.url, receiver.url)
      },
    )
  },
  '204 is a success': statusCase(204, 'success'),
  '301 is non-transient and the redirect is not followed': async (harness) => {
    await withReceiver(
      harness,
      (request) =>
        new URL(request.url).pathname === '/moved'
          ? new Response('followed!')
          : new Response(null, { status: 301, headers: { location: '/moved' } }),
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(outcome.kind, 'non-transient')
        assert.equal(outcome.status, 301)
        assert.equal(outcome.responseHeaders.location, '/moved')
        assert.match(
          outcome.reason,
          /^301 Moved Permanently from .* \(redirect to \/moved not followed\)$/,
        )
        assert.deepEqual(
          receiver.received.map((request) => request.path),
          ['/hooks/hookline'],
        )
      },
    )
  },
  '400 is non-transient': statusCase(400, 'non-transient'),
  '404 is non-transient': statusCase(404, 'non-transient'),
  '410 is non-transient and says Gone': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('app deleted', { status: 410 }),
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(outcome.kind, 'non-transient')
        assert.equal(outcome.reason, `410 Gone from ${receiver.url}`)
        assert.equal(outcome.responseBodyExcerpt, 'app deleted')
      },
    )
  },
  '413 is non-transient': statusCase(413, 'non-transient'),
  '408 is transient': statusCase(408, 'transient'),
  '500 is transient': statusCase(500, 'transient'),
  '502 is transient': statusCase(502, 'transient'),
  '429 honours Retry-After in seconds': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '30' } }),
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(outcome.kind, 'transient')
        assert.equal(outcome.status, 429)
        assert.equal(outcome.retryAfterMs, 30_000)
        assert.equal(outcome.responseHeaders['retry-after'], '30')
      },
    )
  },
  '503 honours Retry-After as an HTTP date, clamped to one hour': async (harness) => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString()
    const tomorrow = new Date(Date.now() + 86_400_000).toUTCString()
    let retryAfter = inTwoMinutes
    await withReceiver(
      harness,
      () => new Response('maintenance', { status: 503, headers: { 'retry-after': retryAfter } }),
      async (receiver) => {
        const soon = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(soon.kind, 'transient')
        assert.ok(
          soon.retryAfterMs !== undefined &&
            soon.retryAfterMs > 110_000 &&
            soon.retryAfterMs <= 120_000,
          `got ${soon.retryAfterMs}`,
        )
        retryAfter = tomorrow
        const late = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(late.retryAfterMs, retryAfterBoundsMs.max)
        retryAfter = '0'
        const now = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(now.retryAfterMs, retryAfterBoundsMs.min)
      },
    )
  },
  'Retry-After is ignored on non-transient answers': async (harness) => {
    await withReceiver(
      harness,
      () => new Response(null, { status: 400, headers: { 'retry-after': '30' } }),
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(outcome.kind, 'non-transient')
        assert.equal(outcome.retryAfterMs, undefined)
      },
    )
  },
  'the excerpt keeps the first 4 KiB of a large body': async (harness) => {
    const body = `${'é'.repeat(2047)}Z${'x'.repeat(20_000)}`
    await withReceiver(
      harness,
      () => new Response(body, { status: 500 }),
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
        // 2047 two-byte characters + "Z" = 4095 bytes; the next byte is "x".
        assert.equal(outcome.responseBodyExcerpt, `${'é'.repeat(2047)}Zx`)
        assert.equal(new TextEncoder().encode(outcome.responseBodyExcerpt).length, 4096)
      },
    )
  },
  'a slow endpoint past the timeout is transient': async (harness) => {
    const slow = slowHandler(3_000)
    await withReceiver(
      harness,
      slow.handler,
      async (receiver) => {
        const outcome = await deliver(deliveryRequest(receiver.url), {
          ...deliverOptions,
          timeoutMs: 300,
        })
        assert.equal(outcome.kind, 'transient')
        assert.equal(outcome.errorCode, 'timeout')
        assert.equal(outcome.status, undefined)
        assert.equal(outcome.reason, `No response within 0.3 s from ${receiver.url}`)
        assert.ok(
          outcome.durationMs >= 250 && outcome.durationMs < 2_500,
          `took ${outcome.durationMs} ms`,
        )
      },
      slow.release,
    )
  },
})
