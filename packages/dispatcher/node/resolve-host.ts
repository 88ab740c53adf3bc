import { lookup } from 'node:dns/promises'
import type { HostResolver } from '@hookline/dispatcher'

/**
 * Every address the system resolver (getaddrinfo: /etc/hosts, DNS) gives for
 * a name, as Node's own connections would see them. Errors keep Node's codes
 * (ENOTFOUND, EAI_AGAIN), which the dispatcher classifies.
 */
export const resolveHost: HostResolver = async (hostname) => {
  const addresses = await lookup(hostname, { all: true, order: 'verbatim' })
  return addresses.map((entry) => entry.address)
}
