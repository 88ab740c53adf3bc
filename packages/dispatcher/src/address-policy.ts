import ipaddr from 'ipaddr.js'
import { DispatcherError } from './errors.ts'

type IPAddress = ipaddr.IPv4 | ipaddr.IPv6

/** Where a request may go: public unicast addresses, plus what the allowlist permits. */
export interface AddressPolicy {
  /** Whether plain `http:` endpoints are accepted (local development, tests). */
  readonly allowHttp: boolean
  /** The allowlisted CIDRs, normalised. */
  readonly allow: readonly string[]
  /** Judges one resolved or literal IP address. */
  checkAddress(address: string): AddressVerdict
}

export interface AddressVerdict {
  allowed: boolean
  address: string
  /** ipaddr.js range name: "unicast", "loopback", "private", "linkLocal", "uniqueLocal", "multicast", "unspecified"… or "invalid". */
  range: string
  /** Why the address was allowed despite its range. */
  allowedBy?: string
}

export interface AddressPolicyOptions {
  /** CIDRs (or single addresses) to reach even though they are not public, e.g. `127.0.0.0/8`. */
  allow?: readonly string[]
  /** Accept `http:` endpoints. Default false: https only. */
  allowHttp?: boolean
}

/**
 * The SSRF guard. Only public unicast addresses pass by default: loopback,
 * private, link-local (cloud metadata at 169.254.169.254), unique-local,
 * multicast, unspecified, carrier-grade NAT and reserved ranges are refused
 * unless an allowlisted CIDR covers them. IPv4 embedded in IPv6 (mapped,
 * NAT64, 6to4) is judged as the IPv4 address it carries.
 */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const allow = (options.allow ?? []).map(parseCidr)
  return {
    allowHttp: options.allowHttp ?? false,
    allow: allow.map(([network, bits]) => `${network.toString()}/${bits}`),
    checkAddress(address) {
      let parsed: IPAddress
      try {
        parsed = ipaddr.parse(stripBrackets(address))
      } catch {
        return { allowed: false, address, range: 'invalid' }
      }
      const candidates = [parsed, embeddedIPv4(parsed)].filter(
        (candidate) => candidate !== undefined,
      )
      for (const candidate of candidates) {
        const match = allow.find(
          ([network, bits]) =>
            network.kind() === candidate.kind() && candidate.match(network, bits),
        )
        if (match)
          return {
            allowed: true,
            address,
            range: candidate.range(),
            allowedBy: `${match[0].toString()}/${match[1]}`,
          }
      }
      const judged = candidates.at(-1) ?? parsed
      const range = judged.range()
      return { allowed: range === 'unicast', address, range }
    },
  }
}

/**
 * Reads `HOOKLINE_ENDPOINT_ALLOWLIST`: comma-separated CIDRs or addresses,
 * e.g. `127.0.0.0/8, ::1/128`. Throws a DispatcherError naming a bad entry.
 */
export function parseAllowlist(value: string | undefined): string[] {
  if (!value) return []
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [network, bits] = parseCidr(entry)
      return `${network.toString()}/${bits}`
    })
}

/**
 * The policy from environment variables, for the worker, the API and the
 * edge: `HOOKLINE_ENDPOINT_ALLOWLIST` (CIDRs) and
 * `HOOKLINE_ALLOW_HTTP` (`true` or `1`).
 */
export function addressPolicyFromEnv(readEnv: (name: string) => string | undefined): AddressPolicy {
  const allowHttp = readEnv('HOOKLINE_ALLOW_HTTP')?.trim().toLowerCase()
  return createAddressPolicy({
    allow: parseAllowlist(readEnv('HOOKLINE_ENDPOINT_ALLOWLIST')),
    allowHttp: allowHttp === 'true' || allowHttp === '1',
  })
}

/** "loopback" → "loopback", "linkLocal" → "link-local": for reasons people read. */
export function describeRange(range: string): string {
  if (range === 'carrierGradeNat') return 'carrier-grade NAT'
  return range.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

function parseCidr(entry: string): [IPAddress, number] {
  try {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry)
    const address = ipaddr.parse(stripBrackets(entry))
    return [address, address.kind() === 'ipv4' ? 32 : 128]
  } catch (error) {
    throw new DispatcherError(
      'invalid-allowlist',
      `"${entry}" in the endpoint allowlist is not a CIDR such as 127.0.0.0/8 or ::1/128.`,
      {
        cause: error,
      },
    )
  }
}

/** The IPv4 address an IPv6 address carries, when it is a mapped, NAT64 or 6to4 one. */
function embeddedIPv4(address: IPAddress): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined
  const ipv6 = address as ipaddr.IPv6
  const range = ipv6.range()
  const parts = ipv6.parts
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromWords(parts[6], parts[7])
  if (range === 'rfc6052' && parts[0] === 0x64 && parts[1] === 0xff9b && parts[2] === 0)
    return fromWords(parts[6], parts[7])
  if (range === '6to4') return fromWords(parts[1], parts[2])
  return undefined
}

function fromWords(high = 0, low = 0): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])
}

function stripBrackets(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
}
