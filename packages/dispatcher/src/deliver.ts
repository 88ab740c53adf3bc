import type { DeliveryOutcome } from '@hookline/core'
import { createAddressPolicy } from './address-policy.ts'
import { startAttemptDeadline } from './attempt-deadline.ts'
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
    options.hmac,
  )
  const elapsed = () => Math.round(performance.now() - started)
  const base = {
    request: { url: request.url, headers: maskRequestHeaders(headers, request.sensitiveHeaders) },
    startedAt: startedAt.toISOString(),
    responseHeaders: {},
    responseBodyExcerpt: '',
  }

  // Cleared when the attempt ends, the body excerpt read included (attempt-deadline.ts).
  const deadline = startAttemptDeadline(timeoutMs, options.signal)
  const signal = deadline.signal
  try {
    const endpoint = await checkEndpointCached(
      request.url,
      options.addressPolicy ?? strictPolicy,
      options.resolveHost,
      signal,
    )
    if (!endpoint.ok) {
      const reason =
        endpoint.errorCode === deliveryErrorCodes.timeout
          ? timeoutReason(timeoutMs, request.url)
          : endpoint.reason
      return {
        ...base,
        kind: endpoint.kind,
        errorCode: endpoint.errorCode,
        reason,
        durationMs: elapsed(),
      }
    }

    const send = options.transport ?? fetchTransport(options.fetch ?? globalThis.fetch)
    let answer: PostAnswer
    try {
      answer = await send(endpoint.url, { headers, body: request.body, signal })
    } catch (error) {
      const failure = classifyNetworkError(error)
      const reason =
        failure.errorCode === deliveryErrorCodes.timeout
          ? timeoutReason(timeoutMs, request.url)
          : failure.errorCode === deliveryErrorCodes.addressRefused
            ? failure.reason
            : `${failure.reason}: ${endpoint.url.origin}`
      return {
        ...base,
        kind: failure.kind,
        errorCode: failure.errorCode,
        reason,
        durationMs: elapsed(),
      }
    }

    const responseBodyExcerpt = await answer.readExcerpt(responseExcerptBytes)
    const responseHeaders = pickResponseHeaders(answer.headers)
    const status = answer.status
    const kind = classifyStatus(status)
    const retryAfterMs =
      kind === 'transient' ? parseRetryAfter(answer.headers.get('retry-after')) : undefined
    return {
      ...base,
      kind,
      status,
      responseHeaders,
      responseBodyExcerpt,
      reason: describeResponse(status, answer.statusText, request.url, responseHeaders.location),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      durationMs: elapsed(),
    }
  } finally {
    deadline.end()
  }
}

function timeoutReason(timeoutMs: number, url: string): string {
  return `No response within ${formatSeconds(timeoutMs)} from ${redactUrlQuery(url)}`
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}
