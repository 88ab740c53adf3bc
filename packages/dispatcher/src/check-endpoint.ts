import { withArticle } from './sentence.ts'
import ipaddr from 'ipaddr.js'
import type { DeliveryOutcomeKind } from '@hookline/core'
import { type AddressPolicy, describeRange } from './address-policy.ts'
import { classifyNetworkError } from './classify-error.ts'
import { type DeliveryErrorCode, deliveryErrorCodes } from './error-codes.ts'
import type { HostResolver } from './types.ts'

export type EndpointCheck =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; kind: DeliveryOutcomeKind; errorCode: DeliveryErrorCode; reason: string }

/**
 * Everything decided before a byte is sent: URL syntax, scheme, and — where
 * the runtime can resolve — the addresses the host name leads to.
 */
export async function checkEndpoint(
  rawUrl: string,
  policy: AddressPolicy,
  resolveHost: HostResolver | undefined,
  signal?: AbortSignal,
): Promise<EndpointCheck> {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return refuse(deliveryErrorCodes.invalidUrl, `Invalid endpoint URL "${rawUrl}".`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(
      deliveryErrorCodes.invalidUrl,
      `Endpoint URL must use https: (got ${url.protocol}).`,
    )
  }
  if (url.protocol === 'http:' && !policy.allowHttp) {
    return refuse(
      deliveryErrorCodes.httpNotAllowed,
      `Endpoint ${url.origin} must use https: plain http is not allowed.`,
    )
  }
  if (url.username || url.password) {
    return refuse(
      deliveryErrorCodes.invalidUrl,
      'Endpoint URL must not contain credentials; use HTTP Basic authentication instead.',
    )
  }

  const host = url.hostname
  let addresses: string[]
  let resolvedFrom: string | undefined
  if (isIpLiteral(host)) {
    addresses = [host.replace(/^\[|\]$/g, '')]
  } else if (resolveHost) {
    try {
      addresses = await raceAbort(resolveHost(host, { signal }), signal)
    } catch (error) {
      const failure = classifyNetworkError(error)
      return {
        ok: false,
        kind: failure.kind,
        errorCode: failure.errorCode,
        reason: `${failure.reason} (resolving ${host})`,
      }
    }
    if (addresses.length === 0) {
      return {
        ok: false,
        kind: 'transient',
        errorCode: deliveryErrorCodes.hostNotFound,
        reason: `Host ${host} has no address.`,
      }
    }
    resolvedFrom = host
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    // RFC 6761: localhost names are loopback whatever a resolver would say.
    addresses = ['127.0.0.1', '::1']
    resolvedFrom = host
  } else {
    // No resolver on this runtime: the policy can only judge literals.
    return { ok: true, url, addresses: [] }
  }

  for (const address of addresses) {
    const verdict = policy.checkAddress(address)
    if (!verdict.allowed) {
      const subject = resolvedFrom ? `${resolvedFrom} resolves to ${address}` : address
      return refuse(
        deliveryErrorCodes.addressRefused,
        `Refused by the address policy: ${subject}, ${withArticle(describeRange(verdict.range))} address. Allow it with HOOKLINE_ENDPOINT_ALLOWLIST.`,
      )
    }
  }
  return { ok: true, url, addresses }
}

function isIpLiteral(hostname: string): boolean {
  // WHATWG URL has already normalised IPv4 (e.g. 0x7f.1 → 127.0.0.1) and bracketed IPv6.
  return hostname.startsWith('[') || ipaddr.IPv4.isValidFourPartDecimal(hostname)
}

function refuse(errorCode: DeliveryErrorCode, reason: string): EndpointCheck {
  return { ok: false, kind: 'non-transient', errorCode, reason }
}

/** Resolvers such as Node's dns.lookup take no signal: stop waiting when the attempt is over. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
