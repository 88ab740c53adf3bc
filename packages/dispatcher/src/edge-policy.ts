import type { AddressPolicy } from './address-policy.ts'
import { DispatcherError } from './errors.ts'
import type { FetchFunction } from './types.ts'
import { dispatcherVersion } from './version.ts'

/** The edge dispatcher's policy route (bearer token, like /dispatch). */
export const policyPath = '/policy'

/**
 * What decides where an attempt may go and how it is made. The worker (and
 * the API's connection test) compares its own with the edge's, so a delivery
 * cannot be refused at the edge for a reason the connection test did not apply.
 */
export interface EdgePolicy {
  /** Allowlisted CIDRs, normalised and sorted. */
  allowlist: string[]
  allowHttp: boolean
  /** The dispatcher's version: the same code classifies outcomes on both sides. */
  version: string
}

/** The policy a process applies with this address policy and this dispatcher build. */
export function policyOf(addressPolicy: AddressPolicy): EdgePolicy {
  return { allowlist: [...addressPolicy.allow].sort(), allowHttp: addressPolicy.allowHttp, version: dispatcherVersion }
}

/** Every way `remote` differs from `local`, as sentences; empty when they agree. */
export function policyDifferences(local: EdgePolicy, remote: EdgePolicy): string[] {
  const differences: string[] = []
  const missing = local.allowlist.filter((cidr) => !remote.allowlist.includes(cidr))
  const extra = remote.allowlist.filter((cidr) => !local.allowlist.includes(cidr))
  if (missing.length > 0) differences.push(`the edge does not allow ${missing.join(', ')}`)
  if (extra.length > 0) differences.push(`the edge also allows ${extra.join(', ')}`)
  if (local.allowHttp !== remote.allowHttp) {
    differences.push(`the edge ${remote.allowHttp ? 'accepts' : 'refuses'} http:// endpoints (HOOKLINE_ALLOW_HTTP=${remote.allowHttp}), this process ${local.allowHttp ? 'accepts' : 'refuses'} them`)
  }
  if (local.version !== remote.version) differences.push(`the edge runs dispatcher ${remote.version}, this process ${local.version}`)
  return differences
}

function isEdgePolicy(value: unknown): value is EdgePolicy {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    Array.isArray(candidate.allowlist) &&
    candidate.allowlist.every((entry) => typeof entry === 'string') &&
    typeof candidate.allowHttp === 'boolean' &&
    typeof candidate.version === 'string'
  )
}

export interface FetchEdgePolicyOptions {
  url: string | URL
  token: string
  fetch?: FetchFunction
  timeoutMs?: number
}

/**
 * Reads the edge's policy. Rejects with a DispatcherError: `edge-unavailable`
 * (no answer, or not a policy), `edge-rejected` (the token).
 */
export async function fetchEdgePolicy(options: FetchEdgePolicyOptions): Promise<EdgePolicy> {
  const url = new URL(options.url)
  url.pathname = `${url.pathname.replace(/\/(dispatch)?\/?$/, '')}${policyPath}`
  const fetchImpl = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    })
  } catch (error) {
    throw new DispatcherError('edge-unavailable', `The edge dispatcher at ${url.origin} did not answer.`, { cause: error })
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel()
    throw new DispatcherError('edge-rejected', `The edge dispatcher at ${url.origin} rejected the token (HOOKLINE_EDGE_TOKEN).`)
  }
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : await response.body?.cancel()
  if (!isEdgePolicy(body)) {
    throw new DispatcherError(
      'edge-unavailable',
      `The edge dispatcher at ${url.origin} answered GET ${policyPath} with ${response.status} and no policy: is it an older edge program?`,
    )
  }
  return { allowlist: [...body.allowlist].sort(), allowHttp: body.allowHttp, version: body.version }
}
