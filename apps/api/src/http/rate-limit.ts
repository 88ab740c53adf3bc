import { createHash } from 'node:crypto'
import type { RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import type { RateLimitSetting } from '../config.ts'
import { HttpProblem } from './problem.ts'

/**
 * Requests per minute per credential: the bearer value (hashed, never kept
 * in the clear), else the client address. `off` disables the limiter.
 */
export function createRateLimiter(setting: RateLimitSetting): RequestHandler | undefined {
  if (setting === 'off') return undefined
  return rateLimit({
    windowMs: 60_000,
    limit: setting,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator(request) {
      const authorization = request.get('authorization')
      if (authorization) return `credential:${createHash('sha256').update(authorization).digest('base64url')}`
      return `ip:${ipKeyGenerator(request.ip ?? 'unknown')}`
    },
    handler(_request, _response, next, options) {
      next(
        new HttpProblem(429, `More than ${setting} requests in a minute for this credential; slow down.`, {
          headers: { 'Retry-After': String(Math.ceil(options.windowMs / 1000)) },
        }),
      )
    },
  })
}
