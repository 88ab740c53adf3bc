// @hookline/dispatcher/node: the only code of the dispatcher that uses Node
// APIs — system DNS resolution and connection pinning.
import type { AddressPolicy, DeliverOptions } from '@hookline/dispatcher'
import { nodeHmacSha256, nodeHmacSha256Base64 } from './hmac.ts'
import { createPinnedFetch } from './pinned-fetch.ts'

export { resolveHost } from './resolve-host.ts'
export { createPinnedFetch } from './pinned-fetch.ts'
export type { PinnedFetch, PinnedFetchOptions } from './pinned-fetch.ts'

export interface NodeDeliverOptions extends DeliverOptions {
  addressPolicy: AddressPolicy
  /** Closes the pinned fetch's keep-alive connections (on shutdown). */
  close(): Promise<void>
}

/**
 * Options for `deliver` and `testConnection` on Node: the policy, enforced at
 * connect time by a pinned fetch (one keep-alive pool — create once, reuse),
 * and `deliver`'s POST sent on that pool without a `Response` (`transport`).
 * No separate `resolveHost`: the pinned lookup already judges every address,
 * so each new connection costs one DNS lookup, not two. Signatures use
 * node:crypto's HMAC (the same bytes as `crypto.subtle`'s, for less CPU),
 * from text to base64 (`hmacBase64`); `hmac` stays for callers that sign bytes.
 */
export function createNodeDeliverOptions(addressPolicy: AddressPolicy): NodeDeliverOptions {
  const pinned = createPinnedFetch({ addressPolicy })
  return { addressPolicy, fetch: pinned.fetch, transport: pinned.transport, hmac: nodeHmacSha256, hmacBase64: nodeHmacSha256Base64, close: pinned.close }
}
