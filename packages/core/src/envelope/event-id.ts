// Crockford's base32, as the store's sortable ids: no I, L, O or U.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * An event id in the form every envelope carries, `evt_` + 10 characters of
 * millisecond time + 16 random ones (80 bits), built with Web Crypto so it
 * runs anywhere core runs. The store builds the same form for published events.
 */
export function newEventId(at: Date = new Date()): string {
  let time = ''
  for (let rest = at.getTime(), index = 0; index < 10; index++) {
    time = alphabet[rest % 32] + time
    rest = Math.floor(rest / 32)
  }
  const random = crypto.getRandomValues(new Uint8Array(16))
  let tail = ''
  for (const byte of random) tail += alphabet[byte & 31]
  return `evt_${time}${tail}`
}

/** `evt_` and 26 Crockford base32 characters. */
export const eventIdPattern = '^evt_[0-9A-HJKMNP-TV-Z]{26}$'
