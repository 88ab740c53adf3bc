import type { DeliveryOutcome, DeliveryOutcomeKind } from '@hookline/core'
import { createAddressPolicy } from './address-policy.ts'
import { type AttemptDeadline, startAttemptDeadline } from './attempt-deadline.ts'
import { checkEndpointCached } from './endpoint-check-cache.ts'
import { classifyNetworkError } from './classify-error.ts'
import { classifyStatus, describeResponse } from './classify-response.ts'
import { deliveryErrorCodes } from './error-codes.ts'
import { DispatcherError } from './errors.ts'
import { redactUrlQuery } from './redact-url.ts'
import { buildRequestHeaders, maskRequestHeaders } from './request-headers.ts'
import { fetchTransport } from './fetch-transport.ts'
import { pickResponseHeaders, responseExcerptBytes } from './response-excerpt.ts'
import { parseRetryAfter } from './retry-after.ts'
import { type DeliverOptions, type DeliveryRequest, type PostAnswer, defaultTimeoutMs } from './types.ts'
import { userAgent as defaultUserAgent } from './version.ts'

const strictPolicy = createAddressPolicy()

/**
 * One attempt of one event to one endpoint: a signed JSON POST, classified.
 *
 * Resolves with an outcome for everything the endpoint (or the network)
 * does. Rejects only with a `DispatcherError` when the request itself is
 * unusable — no or malformed signing secret, an invalid message id or timeout — which is
 * Hookline's problem, not the endpoint's.
 */
export async function deliver(
  request: DeliveryRequest,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const startedAt = new Date()
  const started = performance.now()
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new DispatcherError(
      'invalid-request',
      `timeoutMs must be a positive whole number of milliseconds (got ${timeoutMs}).`,
    )
  }
  const headers = await buildRequestHeaders(
    request,
    options.userAgent ?? defaultUserAgent,
    options,
  )
  const elapsed = () => Math.round(performance.now() - started)
  const sent = { url: request.url, headers: maskRequestHeaders(headers, request.sensitiveHeaders) }
  const startedAtText = isoTime(startedAt)
  // Every outcome is written out whole, in one shape, rather than spread from
  // a shared base: an object spread per attempt was the largest item of
  // deliver's own CPU (bench:cpu, BENCHMARKS.md).
  const failure = (kind: DeliveryOutcomeKind, errorCode: string, reason: string): DeliveryOutcome => ({
    request: sent,
    startedAt: startedAtText,
    responseHeaders: {},
    responseBodyExcerpt: '',
    kind,
    errorCode,
    reason,
    durationMs: elapsed(),
  })

  // Cleared when the attempt ends, the body excerpt read included (attempt-deadline.ts).
  const deadline = startAttemptDeadline(timeoutMs, options.signal)
  try {
    const endpoint = await checkEndpointCached(
      request.url,
      options.addressPolicy ?? strictPolicy,
      options.resolveHost,
      // Only a resolver listens: without one the check is a remembered answer.
      options.resolveHost ? deadline.signal : undefined,
    )
    if (!endpoint.ok) {
      const reason =
        endpoint.errorCode === deliveryErrorCodes.timeout
          ? timeoutReason(timeoutMs, request.url)
          : endpoint.reason
      return failure(endpoint.kind, endpoint.errorCode, reason)
    }

    const send = options.transport ?? fetchTransport(options.fetch ?? globalThis.fetch)
    let answer: PostAnswer
    try {
      answer = await send(endpoint.url, new PostInit(headers, request.body, deadline))
    } catch (error) {
      const refused = classifyNetworkError(error)
      const reason =
        refused.errorCode === deliveryErrorCodes.timeout
          ? timeoutReason(timeoutMs, request.url)
          : refused.errorCode === deliveryErrorCodes.addressRefused
            ? refused.reason
            : `${refused.reason}: ${endpoint.url.origin}`
      return failure(refused.kind, refused.errorCode, reason)
    }

    const responseBodyExcerpt = await answer.readExcerpt(responseExcerptBytes)
    const responseHeaders = pickResponseHeaders(answer.headers)
    const status = answer.status
    const kind = classifyStatus(status)
    const retryAfterMs =
      kind === 'transient' ? parseRetryAfter(answer.headers.get('retry-after')) : undefined
    const outcome: DeliveryOutcome = {
      request: sent,
      startedAt: startedAtText,
      responseHeaders,
      responseBodyExcerpt,
      kind,
      status,
      reason: describeResponse(status, answer.statusText, request.url, responseHeaders.location),
      durationMs: elapsed(),
    }
    if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs
    return outcome
  } finally {
    deadline.end()
  }
}

/**
 * What a transport gets: `signal` is a getter on the class, so the signal is
 * made only for a transport that reads it, and the object keeps one shape (an
 * object literal with a getter, made per attempt, was a slow one).
 */
class PostInit {
  constructor(
    readonly headers: Record<string, string>,
    readonly body: string,
    readonly deadline: AttemptDeadline,
  ) {}

  get signal(): AbortSignal {
    return this.deadline.signal
  }
}

// Attempts started in one burst share their millisecond: the last text is kept.
let lastIsoMs = Number.NaN
let lastIsoText = ''

/** `date.toISOString()`, remembered for the last millisecond asked. */
function isoTime(date: Date): string {
  const ms = date.getTime()
  if (ms !== lastIsoMs) {
    lastIsoText = date.toISOString()
    lastIsoMs = ms
  }
  return lastIsoText
}

function timeoutReason(timeoutMs: number, url: string): string {
  return `No response within ${formatSeconds(timeoutMs)} from ${redactUrlQuery(url)}`
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}
