/**
 * A deep copy of plain data (what JSON can carry, plus `Date`), read through
 * ordinary property access. Unlike `structuredClone`, it accepts proxies of
 * plain data — a Vue `reactive()` object, a MobX observable, an Immer draft —
 * because it reads them as their owners' code would, key by key; the copy
 * holds no proxy and shares nothing with the original.
 *
 * Functions, symbols and cycles cannot be sent as JSON, so they are refused
 * with a `TypeError` naming the path where they were found.
 */
export function copyPlainData<T>(value: T): T {
  const ancestors = new Set<object>()
  try {
    return copyValue(value, ancestors) as T
  } catch (error) {
    if (!(error instanceof Refusal)) throw error
    throw new TypeError(`copyPlainData: ${['$', ...error.path].join('')} ${error.reason}`)
  }
}

/**
 * Thrown on the way down, given its path on the way back up: every publish
 * copies its event's detail, and naming each node's path as it is visited
 * cost more than the copy itself.
 */
class Refusal {
  readonly path: string[] = []
  constructor(readonly reason: string) {}
}

function copyValue(value: unknown, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Refusal(`is a ${typeof value}, which is not plain data`)
    return value
  }
  if (value instanceof Date) return new Date(value.getTime())
  if (ancestors.has(value)) throw new Refusal('refers back to one of its parents (a cycle)')
  ancestors.add(value)
  // Where the walk is, as an index or a key: turned into a path step only when something is refused below it.
  let at: number | string = ''
  try {
    if (Array.isArray(value)) {
      const copy = new Array<unknown>(value.length)
      for (let index = 0; index < value.length; index++) {
        at = index
        copy[index] = copyValue(value[index], ancestors)
      }
      return copy
    }
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      at = key
      copy[key] = copyValue((value as Record<string, unknown>)[key], ancestors)
    }
    return copy
  } catch (error) {
    if (error instanceof Refusal) error.path.unshift(typeof at === 'number' ? `[${at}]` : `.${at}`)
    throw error
  } finally {
    ancestors.delete(value)
  }
}
