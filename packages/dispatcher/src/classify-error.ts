import type { DeliveryOutcomeKind } from '@hookline/core'
import { isDispatcherError } from './errors.ts'
import { type DeliveryErrorCode, deliveryErrorCodes as codes } from './error-codes.ts'

export interface NetworkFailure {
  kind: DeliveryOutcomeKind
  errorCode: DeliveryErrorCode
  /** Short and human: "Connection refused", "TLS certificate rejected (CERT_HAS_EXPIRED)". */
  reason: string
}

// Node (undici) reports system error codes on `cause`; Deno reports text only,
// so each failure is recognised by code first, then by message.
const rules: {
  match: (facts: ErrorFacts) => boolean
  failure: (facts: ErrorFacts) => NetworkFailure
}[] = [
  {
    match: (facts) => facts.addressRefusal !== undefined,
    failure: (facts) => ({
      kind: 'non-transient',
      errorCode: codes.addressRefused,
      reason: facts.addressRefusal ?? '',
    }),
  },
  {
    match: (facts) =>
      facts.names.has('TimeoutError') ||
      hasCode(facts, /^(UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT|ETIMEDOUT)$/),
    failure: () => transient(codes.timeout, 'Timed out'),
  },
  {
    match: (facts) => facts.names.has('AbortError'),
    failure: () => transient(codes.aborted, 'Attempt cancelled'),
  },
  {
    match: (facts) => hasCode(facts, /^ECONNREFUSED$/) || hasText(facts, /connection refused/i),
    failure: () => transient(codes.connectionRefused, 'Connection refused'),
  },
  {
    match: (facts) =>
      hasCode(facts, /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/) ||
      hasText(
        facts,
        /connection (reset|closed)|broken pipe|unexpected eof|incomplete ?message|other side closed/i,
      ),
    failure: () => transient(codes.connectionReset, 'Connection reset by the server'),
  },
  {
    match: (facts) =>
      hasCode(facts, /^EAI_AGAIN$/) || hasText(facts, /temporary failure in name resolution/i),
    failure: () => transient(codes.dnsTemporaryFailure, 'DNS temporarily unavailable'),
  },
  {
    // A missing name may be a DNS outage or a typo: transient, so an app is not switched off by a DNS blip.
    match: (facts) =>
      hasCode(facts, /^(ENOTFOUND|ENODATA)$/) ||
      hasText(
        facts,
        /dns error|failed to lookup address|name or service not known|no record found/i,
      ),
    failure: () => transient(codes.hostNotFound, 'Host not found'),
  },
  {
    match: (facts) =>
      hasCode(facts, /CERT|^UNABLE_TO_|^ERR_TLS_CERT_ALTNAME_INVALID$/) ||
      hasText(facts, /certificate|UnknownIssuer|NotValidForName/i),
    failure: (facts) => ({
      kind: 'non-transient',
      errorCode: codes.tlsCertificate,
      reason: `TLS certificate rejected${facts.codes.length > 0 ? ` (${facts.codes.join(', ')})` : ''}`,
    }),
  },
  {
    match: (facts) => hasCode(facts, /^(ERR_SSL_|EPROTO$)/) || hasText(facts, /\btls\b|handshake/i),
    failure: () => transient(codes.tlsHandshake, 'TLS handshake failed'),
  },
]

/** Sorts a fetch or DNS failure into transient / non-transient, the same way on Node and Deno. */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const facts = collectFacts(error)
  const rule = rules.find((candidate) => candidate.match(facts))
  if (rule) return rule.failure(facts)
  return transient(codes.network, `Network error: ${facts.messages.at(-1) ?? 'unknown'}`)
}

interface ErrorFacts {
  names: Set<string>
  codes: string[]
  messages: string[]
  addressRefusal?: string
}

/** Walks `cause` chains and AggregateErrors (undici's happy-eyeballs attempts). */
function collectFacts(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { names: new Set(), codes: [], messages: [] }
  const pending: unknown[] = [error]
  const seen = new Set<unknown>()
  while (pending.length > 0 && seen.size < 20) {
    const current = pending.shift()
    if (current === null || typeof current !== 'object' || seen.has(current)) continue
    seen.add(current)
    const { name, code, message, cause, errors } = current as Record<string, unknown>
    if (typeof name === 'string') facts.names.add(name)
    if (typeof code === 'string' && !facts.codes.includes(code)) facts.codes.push(code)
    if (typeof message === 'string' && message !== '') facts.messages.push(message)
    if (isDispatcherError(current) && current.code === 'address-refused')
      facts.addressRefusal ??= stripPrefix(current.message)
    if (cause !== undefined) pending.push(cause)
    if (Array.isArray(errors)) pending.push(...(errors as unknown[]))
  }
  return facts
}

function hasCode(facts: ErrorFacts, pattern: RegExp): boolean {
  return facts.codes.some((code) => pattern.test(code))
}

function hasText(facts: ErrorFacts, pattern: RegExp): boolean {
  return facts.messages.some((message) => pattern.test(message))
}

function transient(errorCode: DeliveryErrorCode, reason: string): NetworkFailure {
  return { kind: 'transient', errorCode, reason }
}

function stripPrefix(message: string): string {
  return message.replace(/^\[hookline\/dispatcher\] /, '')
}
