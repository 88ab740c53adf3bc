import type { DeliveryOutcome } from '@hookline/core'
import { dispatchPath, toDispatchBody } from './edge-protocol.ts'
import { DispatcherError } from './errors.ts'
import {
  type DeliverOptions,
  type DeliveryRequest,
  type FetchFunction,
  defaultTimeoutMs,
} from './types.ts'

export interface EdgeDispatcherOptions {
  /** The edge program's base URL, e.g. `https://hookline-edge.example.dev` (`/dispatch` is appended). */
  url: string | URL
  /** The shared token (`HOOKLINE_EDGE_TOKEN` on both sides). */
  token: string
  fetch?: FetchFunction
}

/** `deliver`'s signature: the worker calls either without knowing which. */
export type Dispatch = (
  request: DeliveryRequest,
  options?: DeliverOptions,
) => Promise<DeliveryOutcome>

// The edge resolves, connects and reads the excerpt inside the attempt's
// timeout; this covers the hop to the edge and back.
const edgeOverheadMs = 10_000

/**
 * A `deliver` that runs the attempt on the edge dispatcher
 * (`packages/dispatcher/deno/serve.ts`). Of the options only `timeoutMs` and
 * `signal` apply; the address policy and resolver are the edge's own.
 * Rejects with a DispatcherError (`edge-unavailable`, `edge-rejected`,
 * `invalid-request`) when the edge does not answer with an outcome, so the
 * worker can retry without counting an attempt against the endpoint.
 */
export function createEdgeDispatcher(options: EdgeDispatcherOptions): Dispatch {
  const endpoint = dispatchUrl(options.url)
  const fetchImpl = options.fetch ?? globalThis.fetch
  return async (request, deliverOptions = {}) => {
    const timeoutMs = deliverOptions.timeoutMs ?? defaultTimeoutMs
    const timeout = AbortSignal.timeout(timeoutMs + edgeOverheadMs)
    let response: Response
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify(toDispatchBody(request, timeoutMs)),
        signal: deliverOptions.signal ? AbortSignal.any([timeout, deliverOptions.signal]) : timeout,
      })
    } catch (error) {
      throw new DispatcherError(
        'edge-unavailable',
        `The edge dispatcher at ${endpoint.origin} did not answer.`,
        { cause: error },
      )
    }
    if (response.ok) return (await response.json()) as DeliveryOutcome
    const detail = await problemDetail(response)
    if (response.status === 401 || response.status === 403) {
      throw new DispatcherError(
        'edge-rejected',
        `The edge dispatcher rejected the token: ${detail}`,
      )
    }
    if (response.status === 400) {
      const code =
        response.headers.get('hookline-error-code') === 'invalid-secret'
          ? 'invalid-secret'
          : 'invalid-request'
      throw new DispatcherError(code, `The edge dispatcher refused the request: ${detail}`)
    }
    throw new DispatcherError(
      'edge-unavailable',
      `The edge dispatcher answered ${response.status}: ${detail}`,
    )
  }
}

function dispatchUrl(base: string | URL): URL {
  const url = new URL(base)
  if (!url.pathname.endsWith(dispatchPath))
    url.pathname = `${url.pathname.replace(/\/$/, '')}${dispatchPath}`
  return url
}

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const parsed = JSON.parse(text) as { detail?: unknown }
    if (typeof parsed.detail === 'string') return parsed.detail
  } catch {
    // Not problem JSON: fall through to the raw text.
  }
  return text.slice(0, 300) || response.statusText
}
