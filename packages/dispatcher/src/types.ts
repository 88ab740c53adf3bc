import type { AttemptDeadline } from './attempt-deadline.ts'
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

/**
 * HMAC-SHA256 of `content` (as UTF-8) under `key`, in standard base64 — the
 * form a signature header carries. For a runtime whose HMAC takes text and
 * answers base64 itself (node:crypto): no encoding of the ~1 KB body into a
 * fresh byte array and no base64 loop in JavaScript per signature, which
 * halved the cost of signing (BENCHMARKS.md). Preferred over `HmacSha256`.
 */
export type HmacSha256Base64 = (key: Uint8Array, content: string) => string

/** What `deliver` reads of an answer to its POST. */
export interface PostAnswer {
  /** The status as the server sent it (a `fetch` that hides a manual redirect gives 302). */
  status: number
  statusText: string
  /** Response headers by lower-case name; several values of one name joined by ", ", as `Headers.get` does. */
  headers: { get(name: string): string | null }
  /**
   * Up to `limit` bytes of the body, content codings undone, as UTF-8; the
   * rest is never read. Resolves with what arrived when the body fails or
   * the attempt's signal aborts mid-way.
   */
  readExcerpt(limit: number): Promise<string>
}

/**
 * Sends `deliver`'s one POST (a string body, redirects not followed) and
 * answers with its status line and headers. Rejects as `fetch` does: with the
 * signal's reason when aborted, with a `TypeError` whose `cause` says why on
 * a network failure, so `classifyNetworkError` reads both the same.
 */
export type PostTransport = (
  url: URL,
  init: {
    headers: Record<string, string>
    body: string
    /** Aborts with the attempt. Made when first read: a transport that can listen through `deadline` need not. */
    signal: AbortSignal
    /** The same deadline as a plain callback (`onAbort`), with `aborted` and `reason`. */
    deadline?: AttemptDeadline
  },
) => Promise<PostAnswer>

export interface DeliverOptions {
  /** Defaults to the global `fetch`. Inject one for tests, proxies or connection pinning (see `@hookline/dispatcher/node`). */
  fetch?: FetchFunction
  /**
   * Sends the POST instead of `fetch`, and wins over it when both are given:
   * a lighter path where the runtime has one. `@hookline/dispatcher/node`
   * passes one on undici's dispatcher API, which skips building a `Response`
   * and a web stream per attempt.
   */
  transport?: PostTransport
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
  /** Signs with this HMAC, taking text and answering base64; used before `hmac` when both are given. */
  hmacBase64?: HmacSha256Base64
}

export const defaultTimeoutMs = 15_000
