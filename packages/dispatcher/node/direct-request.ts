import { Readable } from 'node:stream'
import type { Agent } from 'undici'
import { decodeContent } from './content-decoding.ts'

/**
 * The one request shape `deliver` sends — a POST of a string body whose
 * redirects are not followed, to a URL, with a record of headers — and so
 * the only one sent here; anything else goes through fetch.
 */
export interface DirectRequestInit {
  method: 'POST'
  headers?: Record<string, string>
  body?: string
  redirect: 'manual'
  signal?: AbortSignal | null
}

export function isDirectRequest(input: unknown, init: RequestInit | undefined): init is DirectRequestInit {
  return (
    (typeof input === 'string' || input instanceof URL) &&
    init?.method === 'POST' &&
    init.redirect === 'manual' &&
    (init.body === undefined || typeof init.body === 'string') &&
    (init.headers === undefined || (typeof init.headers === 'object' && Object.getPrototypeOf(init.headers) === Object.prototype))
  )
}

// Statuses whose response has no body (fetch's null body statuses).
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])
// Fetch trims these from header values.
const httpWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g

/**
 * Sends `init` with undici's dispatcher API (`agent.request`) and answers
 * with the Response undici's fetch would have given. Fetch builds a Request,
 * turns the string body into a stream, clones both because redirects are
 * manual, and streams the body out chunk by chunk: a fifth of the worker's
 * busy CPU per delivery end to end, against a third of that here. What the
 * receiver gets and what the caller sees stay fetch's: the same headers added
 * (accept, accept-language, sec-fetch-mode, accept-encoding, content-type,
 * user-agent), the body decoded per Content-Encoding, a network failure as
 * `TypeError('fetch failed')` with the cause, an abort as the signal's reason.
 */
export async function sendDirectRequest(agent: Agent, input: string | URL, init: DirectRequestInit): Promise<Response> {
  const url = typeof input === 'string' ? new URL(input) : input
  const signal = init.signal ?? undefined
  signal?.throwIfAborted()
  let answer: Awaited<ReturnType<Agent['request']>>
  try {
    answer = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: init.method,
      headers: fetchHeaders(url, init.headers ?? {}, init.body),
      body: init.body ?? null,
      ...(signal ? { signal } : {}),
    })
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    throw new TypeError('fetch failed', { cause: error })
  }
  const { statusCode, statusText, headers, body } = answer
  const pairs: [string, string][] = []
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const one of value) pairs.push([name, one])
    else if (value !== undefined) pairs.push([name, value])
  }
  let content: ReadableStream<Uint8Array> | null = null
  if (nullBodyStatuses.has(statusCode)) {
    body.dump().catch(() => {})
  } else {
    const contentEncoding = headers['content-encoding']
    let decoded: Readable
    try {
      decoded = decodeContent(body, Array.isArray(contentEncoding) ? contentEncoding.join(', ') : contentEncoding)
    } catch (error) {
      body.destroy()
      throw new TypeError('fetch failed', { cause: error })
    }
    content = Readable.toWeb(decoded) as ReadableStream<Uint8Array>
  }
  return responseOf(content, statusCode, statusText, pairs)
}

/** The request headers fetch would send: names in lower case, its defaults added where the caller set none. */
function fetchHeaders(url: URL, given: Record<string, string>, body: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(given)) {
    const key = name.toLowerCase()
    const trimmed = value.replace(httpWhitespace, '')
    headers[key] = key in headers ? `${headers[key]}, ${trimmed}` : trimmed
  }
  // Fetch never sends a Host of the caller's: the connection's origin names it.
  delete headers.host
  if (body !== undefined) headers['content-type'] ??= 'text/plain;charset=UTF-8'
  headers.accept ??= '*/*'
  headers['accept-language'] ??= '*'
  headers['sec-fetch-mode'] = 'cors'
  headers['user-agent'] ??= 'undici'
  if ('range' in headers) headers['accept-encoding'] = headers['accept-encoding'] ? `${headers['accept-encoding']}, identity` : 'identity'
  headers['accept-encoding'] ??= url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate'
  return headers
}

/**
 * `new Response` refuses statuses outside 200–599, which a server may still
 * send (fetch passes them on): such a status is set on the response after.
 */
function responseOf(content: ReadableStream<Uint8Array> | null, status: number, statusText: string, headers: [string, string][]): Response {
  if (status >= 200 && status <= 599) return new Response(content, { status, statusText, headers })
  const response = new Response(content, { status: 200, statusText, headers })
  Object.defineProperty(response, 'status', { value: status })
  return response
}
