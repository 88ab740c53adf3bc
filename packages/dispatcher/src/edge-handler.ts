import { deliver } from './deliver.ts'
import { createAddressPolicy, type AddressPolicy } from './address-policy.ts'
import { policyOf, policyPath } from './edge-policy.ts'
import { dispatchPath, parseDispatchBody } from './edge-protocol.ts'
import { DispatcherError, isDispatcherError } from './errors.ts'
import type { DeliverOptions } from './types.ts'

export interface DispatchHandlerOptions {
  /** The shared secret callers send as `authorization: Bearer <token>`. */
  token: string
  /** Address policy, resolver, fetch… for every attempt. The timeout comes from each call (default 15 s). */
  deliverOptions?: Omit<DeliverOptions, 'timeoutMs' | 'signal'>
  /** Largest accepted request body. Default 5 MiB. */
  maxBodyBytes?: number
}

/**
 * The edge dispatcher as a web-standard handler: `POST /dispatch` runs one
 * attempt and answers the outcome as JSON; `GET /policy` answers the address
 * policy and version it applies (callers compare it with theirs); `GET
 * /health` answers 200. Errors
 * are RFC 9457 problem JSON. Runs under `Deno.serve`, or any fetch-style server.
 */
export function createDispatchHandler(
  options: DispatchHandlerOptions,
): (request: Request) => Promise<Response> {
  if (options.token.length < 16) {
    throw new DispatcherError(
      'invalid-config',
      'The edge token must be at least 16 characters long.',
    )
  }
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024
  // deliver's own default when none is given: public addresses, https only.
  const addressPolicy: AddressPolicy = options.deliverOptions?.addressPolicy ?? createAddressPolicy()
  return async (request) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/health' && request.method === 'GET') return Response.json({ ok: true })
    if (pathname !== dispatchPath && pathname !== policyPath)
      return problem(404, 'Not Found', `Only POST ${dispatchPath} and GET ${policyPath} are served here.`)
    const method = pathname === policyPath ? 'GET' : 'POST'
    if (request.method !== method)
      return problem(405, 'Method Not Allowed', `Use ${method} ${pathname}.`, { allow: method })
    if (!(await bearerMatches(request.headers.get('authorization'), options.token))) {
      return problem(401, 'Unauthorized', 'A valid bearer token is required.', {
        'www-authenticate': 'Bearer',
      })
    }
    // The policy callers compare with their own before trusting this edge.
    if (pathname === policyPath) return Response.json(policyOf(addressPolicy))
    const text = await readLimited(request, maxBodyBytes)
    if (text === undefined)
      return problem(413, 'Content Too Large', `The body exceeds ${maxBodyBytes} bytes.`)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return problem(400, 'Bad Request', 'The body is not JSON.')
    }
    const parsed = parseDispatchBody(json)
    if (!parsed.ok) return problem(400, 'Bad Request', parsed.problem)
    try {
      // The attempt's own timeout bounds it; request.signal is left alone because
      // Deno.serve aborts it after every response (and warns when it is used).
      const outcome = await deliver(parsed.request, {
        ...options.deliverOptions,
        timeoutMs: parsed.timeoutMs,
      })
      return Response.json(outcome)
    } catch (error) {
      if (isDispatcherError(error))
        return problem(400, 'Bad Request', error.message, { 'hookline-error-code': error.code })
      throw error
    }
  }
}

function problem(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  })
}

async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) return undefined
  const bytes = new Uint8Array(await request.arrayBuffer())
  return bytes.length > limit ? undefined : new TextDecoder().decode(bytes)
}

/** Compares SHA-256 digests so the time taken says nothing about the token. */
async function bearerMatches(header: string | null, token: string): Promise<boolean> {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? ''
  const encoder = new TextEncoder()
  const [left, right] = await Promise.all(
    [presented, token].map(
      async (value) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value))),
    ),
  )
  let difference = 0
  for (let index = 0; index < 32; index++)
    difference |= (left?.[index] ?? 0) ^ (right?.[index] ?? 0)
  return presented !== '' && difference === 0
}
