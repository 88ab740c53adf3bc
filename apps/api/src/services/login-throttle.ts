import { normalizeEmail } from '@hookline/store'
import { HttpProblem } from '../http/problem.ts'

/**
 * Slows password guessing down, per account and per client address. After
 * `freeFailures` wrong passwords, the next attempt must wait `baseDelay`,
 * then twice as long after each further failure, up to
 * `maxDelay`. While waiting, every attempt is refused with 429 and
 * Retry-After before the password is even checked, so the right password
 * does not get through either. Accounts are counted by the email asked for,
 * whether or not it exists: an unknown email answers exactly like a known one.
 */
export interface LoginThrottle {
  /** 429 if this email or this address must still wait. */
  check(email: string, address: string): void
  recordFailure(email: string, address: string): void
  /** The account's count starts again; the address keeps its count (it may be trying many accounts). */
  recordSuccess(email: string): void
}

export interface LoginThrottlePolicy {
  /** Failures allowed before back-off starts. */
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  /** A count is forgotten after this long without a failure. */
  forgetAfterMs: number
}

export const accountPolicy: LoginThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 }
// An address may sign several people in (an office behind one NAT): more room before it slows down.
export const addressPolicy: LoginThrottlePolicy = { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 }

interface FailureCount {
  failures: number
  lastFailureAt: number
  blockedUntil: number
}

// Bounds memory under a flood of made-up emails; the oldest entries go first.
const maxTracked = 50_000

function createCounter(policy: LoginThrottlePolicy, now: () => number) {
  const counts = new Map<string, FailureCount>()
  return {
    waitMs(key: string): number {
      const count = counts.get(key)
      if (!count) return 0
      if (now() - count.lastFailureAt > policy.forgetAfterMs) {
        counts.delete(key)
        return 0
      }
      return Math.max(0, count.blockedUntil - now())
    },
    fail(key: string): void {
      const at = now()
      const previous = counts.get(key)
      const failures = previous && at - previous.lastFailureAt <= policy.forgetAfterMs ? previous.failures + 1 : 1
      // The failure that reaches the allowance starts the wait: 1×, then 2×, 4×… the base delay.
      const beyond = failures - policy.freeFailures
      const delay = beyond >= 0 ? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(beyond, 30)) : 0
      counts.delete(key)
      if (counts.size >= maxTracked) counts.delete(counts.keys().next().value!)
      counts.set(key, { failures, lastFailureAt: at, blockedUntil: at + delay })
    },
    forget(key: string): void {
      counts.delete(key)
    },
  }
}

export function createLoginThrottle(now: () => number = Date.now, policies = { account: accountPolicy, address: addressPolicy }): LoginThrottle {
  const accounts = createCounter(policies.account, now)
  const addresses = createCounter(policies.address, now)
  return {
    check(email, address) {
      const waitMs = Math.max(accounts.waitMs(normalizeEmail(email)), addresses.waitMs(address))
      if (waitMs === 0) return
      const retryAfter = Math.ceil(waitMs / 1000)
      throw new HttpProblem(429, `Too many failed sign-ins for this account or from this address; try again in ${retryAfter} seconds.`, {
        type: 'sign-in-throttled',
        headers: { 'Retry-After': String(retryAfter) },
        extensions: { retryAfterSeconds: retryAfter },
      })
    },
    recordFailure(email, address) {
      accounts.fail(normalizeEmail(email))
      addresses.fail(address)
    },
    recordSuccess(email) {
      accounts.forget(normalizeEmail(email))
    },
  }
}
