import { randomBytes } from 'node:crypto'

/** Prefixes say what an id names, e.g. `app_3f2a…`, `usr_…`. */
export type IdPrefix = 'app' | 'usr' | 'ten' | 'key' | 'ses'

/** A random, URL-safe id: the prefix, an underscore and 24 hex digits (96 bits). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`
}
