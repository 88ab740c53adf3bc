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
  return copyValue(value, '$', new Set()) as T
}

function copyValue(value: unknown, path: string, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol')
      throw new TypeError(`copyPlainData: ${path} is a ${typeof value}, which is not plain data`)
    return value
  }
  if (value instanceof Date) return new Date(value.getTime())
  if (ancestors.has(value))
    throw new TypeError(`copyPlainData: ${path} refers back to one of its parents (a cycle)`)
  ancestors.add(value)
  try {
    if (Array.isArray(value))
      return value.map((item, index) => copyValue(item, `${path}[${index}]`, ancestors))
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(value))
      copy[key] = copyValue((value as Record<string, unknown>)[key], `${path}.${key}`, ancestors)
    return copy
  } finally {
    ancestors.delete(value)
  }
}
