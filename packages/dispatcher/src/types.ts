import type { AddressPolicy } from './address-policy.ts'

/** How the endpoint authenticates Hookline. */
export type DeliveryAuth = { type: 'none' } | { type: 'basic'; username: string; password: string }

/** One attempt of one event to one endpoint. */
export interface DeliveryRequest {
  /** The application's endpoint, `https:` (or `http:` when the address policy allows it). */
  url: string
  /**
   * `webhook-id`: the same on every attempt and redelivery of an event to an
   * application, so receivers can deduplicate.
   */
  messageId: string
  /** `webhook-timestamp`; defaults to now. Leave it unset on retries so receivers' replay windows hold. */
  timestamp?: Date
  /** The serialized envelope, sent and signed byte for byte. */
  body: string
  /**
   * `whsec_…` secrets. One signature per secret, so during a rotation both the
   * old and the new secret verify.
   */
  signingSecrets: readonly string[]
  auth: DeliveryAuth
  /** The application's custom headers. Reserved names are ignored here; reject them at configuration time with `validateCustomHeaders`. */
  headers: Readonly<Record<string, string>>
  /** Custom header names whose values are credentials: the outcome shows them as `***`. */
  sensitiveHeaders?: readonly string[]
}

/** The web-standard `fetch` signature the dispatcher calls. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/**
 * Resolves a host name to its IP addresses (textual IPv4 / IPv6), so the
 * address policy can judge where a request would really go. Throw an error
 * whose `code` is `ENOTFOUND` or `EAI_AGAIN` when the name does not resolve.
 */
export type HostResolver = (
  hostname: string,
  options?: { signal?: AbortSignal },
) => Promise<string[]>

/**
 * HMAC-SHA256 of `message` under `key`. The default is `crypto.subtle`, which
 * every runtime has; on Node, `@hookline/dispatcher/node` passes node:crypto's
 * synchronous HMAC, several times cheaper per signature than a WebCrypto job.
 */
export type HmacSha256 = (key: Uint8Array, message: Uint8Array) => Uint8Array | Promise<Uint8Array>

export interface DeliverOptions {
  /** Defaults to the global `fetch`. Inject one for tests, proxies or connection pinning (see `@hookline/dispatcher/node`). */
  fetch?: FetchFunction
  /** Whole attempt, from address check to the response excerpt. Default 15 000 ms. */
  timeoutMs?: number
  /** Defaults to `createAddressPolicy()`: public addresses over https only. */
  addressPolicy?: AddressPolicy
  /**
   * Without a resolver only IP literals and `localhost` names are checked
   * against the policy. Node: `resolveHost` from `@hookline/dispatcher/node`;
   * Deno: `packages/dispatcher/deno/resolve-host.ts`.
   */
  resolveHost?: HostResolver
  /** Overrides the `user-agent` header (default `Hookline-Webhooks/<version> (+https://github.com/hookline/hookline)`). */
  userAgent?: string
  /** Cancels the attempt (e.g. worker shutdown); the outcome is transient with error code `aborted`. */
  signal?: AbortSignal
  /** Signs with this HMAC instead of `crypto.subtle` (the signatures are the same bytes). */
  hmac?: HmacSha256
}

export const defaultTimeoutMs = 15_000
