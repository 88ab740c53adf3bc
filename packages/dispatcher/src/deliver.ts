import type { DeliveryOutcome } from '@hookline/core'
import { createAddressPolicy } from './address-policy.ts'
import { checkEndpoint } from './check-endpoint.ts'
import { classifyNetworkError } from './classify-error.ts'
import { classifyStatus, describeResponse } from './classify-response.ts'
import { deliveryErrorCodes } from './error-codes.ts'
import { DispatcherError } from './errors.ts'
import { redactUrlQuery } from './redact-url.ts'
import { buildRequestHeaders, maskRequestHeaders } from './request-headers.ts'
import { pickResponseHeaders, readBodyExcerpt } from './response-excerpt.ts'
import { parseRetryAfter } from './retry-after.ts'
import { type DeliverOptions, type DeliveryRequest, defaultTimeoutMs } from './types.ts'
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
  const headers = await buildRequestHeaders(request, options.userAgent ?? defaultUserAgent, options.hmac)
  const elapsed = () => Math.round(performance.now() - started)
  const base = {
    request: { url: request.url, headers: maskRequestHeaders(headers, request.sensitiveHeaders) },
    startedAt: startedAt.toISOString(),
    responseHeaders: {},
    responseBodyExcerpt: '',
  }

  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout

  const endpoint = await checkEndpoint(
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

  const fetchImpl = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await fetchImpl(endpoint.url, {
      method: 'POST',
      headers,
      body: request.body,
      redirect: 'manual',
      signal,
    })
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

  const responseBodyExcerpt = await readBodyExcerpt(response)
  const responseHeaders = pickResponseHeaders(response.headers)
  // A browser's fetch hides manual redirects behind status 0.
  const status = response.type === 'opaqueredirect' ? 302 : response.status
  const kind = classifyStatus(status)
  const retryAfterMs =
    kind === 'transient' ? parseRetryAfter(response.headers.get('retry-after')) : undefined
  return {
    ...base,
    kind,
    status,
    responseHeaders,
    responseBodyExcerpt,
    reason: describeResponse(status, response.statusText, request.url, responseHeaders.location),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    durationMs: elapsed(),
  }
}

function timeoutReason(timeoutMs: number, url: string): string {
  return `No response within ${formatSeconds(timeoutMs)} from ${redactUrlQuery(url)}`
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}
