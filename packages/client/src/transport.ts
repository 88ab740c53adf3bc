import { HooklineError, isProblemDocument, type ProblemDocument } from './errors.ts'
import { defaultRetry, parseRetryAfter, retryableStatuses, retryDelayMs, type RetryOptions } from './retry-policy.ts'

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export interface TransportOptions {
  /** The Hookline server, e.g. `https://hooks.example.com`. */
  baseUrl: string | URL
  /** A service API key (`hk_…`) or a sign-in token. */
  token: string
  /** Defaults to the global fetch; inject one for proxies or tests. */
  fetch?: FetchFunction
  retry?: RetryOptions
  /** Per request, retries excluded. Default 30 s. */
  timeoutMs?: number
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** Starts with `/api/v1/…`; path parameters already filled in. */
  path: string
  query?: Record<string, string | number | boolean | undefined> | undefined
  body?: unknown
  headers?: Record<string, string>
  /**
   * Safe to send again after a network failure: GET/DELETE, or a request
   * carrying an Idempotency-Key. 429 and 503 are retried either way (the
   * server did nothing).
   */
  idempotent?: boolean
  signal?: AbortSignal | undefined
}

export interface ApiResponse<T> {
  status: number
  headers: Headers
  body: T
}

export interface Transport {
  /** JSON in, parsed JSON out; a HooklineError for anything but 2xx. */
  json<T>(spec: RequestSpec): Promise<ApiResponse<T>>
  /** The raw 2xx response (file downloads); a HooklineError otherwise. */
  raw(spec: RequestSpec): Promise<Response>
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    }, { once: true })
  })

/** Requests with a bearer token, bounded retries and problem documents turned into HooklineError. */
export function createTransport(options: TransportOptions): Transport {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const retry = { ...defaultRetry, ...options.retry }
  const timeoutMs = options.timeoutMs ?? 30_000

  function urlOf(spec: RequestSpec): URL {
    const url = new URL(spec.path, options.baseUrl)
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value))
    }
    return url
  }

  async function send(spec: RequestSpec): Promise<Response> {
    const url = urlOf(spec)
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', authorization: `Bearer ${options.token}`, ...spec.headers }
    if (spec.body !== undefined) headers['content-type'] = 'application/json'
    const idempotent = spec.idempotent ?? (spec.method === 'GET' || spec.method === 'DELETE')
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs)
      let response: Response
      try {
        response = await fetchImpl(url, {
          method: spec.method,
          headers,
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          signal: spec.signal ? AbortSignal.any([timeout, spec.signal]) : timeout,
        })
      } catch (cause) {
        if (spec.signal?.aborted) throw cause
        if (!idempotent || attempt >= retry.maxAttempts) {
          throw new HooklineError('network', `${spec.method} ${url.pathname} failed: no answer from ${url.origin}`, { attempts: attempt, cause })
        }
        await wait(retryDelayMs(attempt, retry, undefined), spec.signal)
        continue
      }
      if (response.ok) return response
      if (retryableStatuses.has(response.status) && attempt < retry.maxAttempts) {
        await response.body?.cancel()
        await wait(retryDelayMs(attempt, retry, parseRetryAfter(response.headers.get('retry-after'))), spec.signal)
        continue
      }
      throw await errorOf(spec, url, response, attempt)
    }
  }

  return {
    async json<T>(spec: RequestSpec) {
      const response = await send(spec)
      const text = await response.text()
      let body: unknown
      try {
        body = text === '' ? undefined : JSON.parse(text)
      } catch (cause) {
        throw new HooklineError('invalid-response', `${spec.method} ${spec.path} answered ${response.status} with a body that is not JSON`, {
          status: response.status,
          attempts: 1,
          cause,
        })
      }
      return { status: response.status, headers: response.headers, body: body as T }
    },
    raw: send,
  }
}

async function errorOf(spec: RequestSpec, url: URL, response: Response, attempts: number): Promise<HooklineError> {
  const text = await response.text().catch(() => '')
  let problem: ProblemDocument | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (isProblemDocument(parsed)) problem = parsed
  } catch {
    // Not JSON (a proxy's error page): the message carries an excerpt instead.
  }
  const detail = problem?.detail ?? (text.slice(0, 200) || response.statusText)
  return new HooklineError('api', `${spec.method} ${url.pathname} answered ${response.status}: ${detail}`, {
    status: response.status,
    ...(problem ? { problem } : {}),
    attempts,
  })
}
