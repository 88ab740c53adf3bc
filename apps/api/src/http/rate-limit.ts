import { ipKeyGenerator, MemoryStore, type Options } from 'express-rate-limit'
import type { Request } from 'express'
import type { Principal } from '../auth/principal.ts'
import type { RateLimitSetting } from '../config.ts'
import { HttpProblem } from './problem.ts'

/**
 * HOOKLINE_RATE_LIMIT requests per minute, counted per *resolved* identity:
 * the API key or the user behind a valid credential, and the client address
 * for public routes and for credentials that fail to authenticate. Nothing
 * the caller writes in a header picks the bucket, so `Bearer junk`, another
 * case or extra spaces cannot open a fresh one.
 */
export interface RequestLimiter {
  /** Counts one request of a public route, or one that failed to authenticate. 429 past the limit. */
  takeForAddress(request: Request): Promise<void>
  /** Counts one request of an authenticated caller. 429 past the limit. */
  takeForPrincipal(principal: Principal): Promise<void>
}

const windowMs = 60_000

export function clientAddressKey(request: Request): string {
  // IPv6 clients are grouped by /56, as one household or host usually holds one.
  return `ip:${ipKeyGenerator(request.ip ?? 'unknown')}`
}

export function principalKey(principal: Principal): string {
  return principal.kind === 'api-key' ? `api-key:${principal.apiKey._id}` : `user:${principal.user._id}`
}

/** `off` (benchmarks): no limiter at all. */
export function createRequestLimiter(setting: RateLimitSetting): RequestLimiter | undefined {
  if (setting === 'off') return undefined
  const limit = setting
  // express-rate-limit's own counter, used directly: its middleware would have to pick the key before authentication.
  const counter = new MemoryStore()
  counter.init({ windowMs } as Options)

  async function take(key: string, who: string): Promise<void> {
    const { totalHits, resetTime } = await counter.increment(key)
    if (totalHits <= limit) return
    const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000))
    throw new HttpProblem(429, `More than ${limit} requests in a minute ${who}; try again in ${retryAfter} seconds.`, {
      type: 'rate-limited',
      headers: { 'Retry-After': String(retryAfter) },
      extensions: { retryAfterSeconds: retryAfter },
    })
  }

  return {
    takeForAddress: (request) => take(clientAddressKey(request), 'from this address'),
    takeForPrincipal: (principal) => take(principalKey(principal), principal.kind === 'api-key' ? 'for this API key' : 'for this user'),
  }
}
