import type { AddressPolicy } from './address-policy.ts'
import { rememberBounded } from './bounded-memo.ts'
import { type EndpointCheck, checkEndpoint } from './check-endpoint.ts'
import type { HostResolver } from './types.ts'

// Per policy, the last checks of endpoint URLs; oldest first out past the limit.
const checksByPolicy = new WeakMap<AddressPolicy, Map<string, Promise<EndpointCheck>>>()
const checksPerPolicy = 1_024

/**
 * `checkEndpoint`, remembered where its answer depends on nothing but the
 * URL and the policy: without a resolver (on Node the pinned connection
 * judges resolved addresses itself), parsing the URL and judging an IP
 * literal give the same answer every time, and a worker sends to the same
 * few endpoints thousands of times. With a resolver every attempt checks
 * afresh, since a name may resolve elsewhere by the next attempt. The URL
 * in a remembered answer is shared between attempts: nothing changes it.
 * Without a resolver the check never rejects (a refusal is an answer), so
 * the promise itself is kept, and attempts that start together share it.
 */
export function checkEndpointCached(
  rawUrl: string,
  policy: AddressPolicy,
  resolveHost: HostResolver | undefined,
  signal?: AbortSignal,
): Promise<EndpointCheck> {
  if (resolveHost) return checkEndpoint(rawUrl, policy, resolveHost, signal)
  let checks = checksByPolicy.get(policy)
  if (!checks) {
    checks = new Map()
    checksByPolicy.set(policy, checks)
  }
  const remembered = checks
  return rememberBounded(remembered, rawUrl, checksPerPolicy, () => {
    const check = checkEndpoint(rawUrl, policy, undefined, signal)
    // Should one ever fail, it must not stay remembered.
    check.catch(() => remembered.delete(rawUrl))
    return check
  })
}
