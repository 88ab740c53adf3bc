import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns'
import type { LookupFunction } from 'node:net'
import {
  type AddressPolicy,
  DispatcherError,
  type FetchFunction,
  type PostTransport,
  describeRange,
} from '@hookline/dispatcher'
import { Agent, fetch as undiciFetch } from 'undici'
import { createDirectTransport, isDirectRequest, sendDirectRequest } from './direct-request.ts'

export interface PinnedFetch {
  /** A `fetch` whose connections only reach addresses the policy allows. */
  fetch: FetchFunction
  /** `deliver`'s POST over the same pinned connections, without a `Response` per attempt. */
  transport: PostTransport
  /** Closes the pooled keep-alive connections. */
  close(): Promise<void>
}

export interface PinnedFetchOptions {
  addressPolicy: AddressPolicy
  /** Idle keep-alive sockets are closed after this long. Default 4 s, as undici. */
  keepAliveTimeoutMs?: number
}

/**
 * DNS-rebinding protection: the policy judges the very addresses the socket
 * connects to, inside the connection's own lookup, so a name cannot resolve
 * to a public address for the check and to a private one for the request.
 * IP-literal URLs skip the lookup; `deliver` checks those before fetching.
 */
export function createPinnedFetch(options: PinnedFetchOptions): PinnedFetch {
  const agent = new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    connect: { lookup: guardedLookup(options.addressPolicy) },
  })
  // deliver's POSTs skip fetch's machinery (direct-request.ts); anything else is fetch's.
  const pinnedFetch = ((input: string | URL | Request, init?: RequestInit) =>
    isDirectRequest(input, init)
      ? sendDirectRequest(agent, input as string | URL, init)
      : undiciFetch(input as Parameters<typeof undiciFetch>[0], {
          ...(init as Parameters<typeof undiciFetch>[1]),
          dispatcher: agent,
        })) as unknown as FetchFunction
  return { fetch: pinnedFetch, transport: createDirectTransport(agent), close: () => agent.close() }
}

function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const allOptions: LookupAllOptions = { ...lookupOptions, all: true }
    lookup(hostname, allOptions, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0)
      for (const entry of addresses) {
        const verdict = policy.checkAddress(entry.address)
        if (!verdict.allowed) {
          const refusal = new DispatcherError(
            'address-refused',
            `Refused by the address policy: ${hostname} resolves to ${entry.address}, a ${describeRange(verdict.range)} address. Allow it with HOOKLINE_ENDPOINT_ALLOWLIST.`,
          )
          return callback(refusal as NodeJS.ErrnoException, '', 0)
        }
      }
      const first = addresses[0]
      if (!first)
        return callback(
          Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }),
          '',
          0,
        )
      // net asks for every address when it races IPv4 and IPv6 (autoSelectFamily).
      if (lookupOptions.all)
        return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, addresses)
      callback(null, first.address, first.family)
    })
  }
}
