// The Deno resolver for the address policy. Deno.resolveDns asks DNS servers
// directly and skips /etc/hosts, so localhost names are answered here (RFC
// 6761: they are always loopback).
import type { HostResolver } from '../src/index.ts'

export const resolveHost: HostResolver = async (hostname, options = {}) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return ['127.0.0.1', '::1']
  const lookups = await Promise.allSettled(
    (['A', 'AAAA'] as const).map((recordType) =>
      Deno.resolveDns(hostname, recordType, { signal: options.signal }),
    ),
  )
  const addresses = lookups.flatMap((lookup) => (lookup.status === 'fulfilled' ? lookup.value : []))
  if (addresses.length > 0) return addresses
  const failures = lookups.flatMap((lookup) =>
    lookup.status === 'rejected' ? [lookup.reason as unknown] : [],
  )
  // NotFound means the name has no such record; anything else (timeout, no
  // server) is worth retrying.
  const missing = failures.every((failure) => failure instanceof Deno.errors.NotFound)
  throw Object.assign(new Error(`Could not resolve ${hostname}`, { cause: failures[0] }), {
    code: missing ? 'ENOTFOUND' : 'EAI_AGAIN',
  })
}
