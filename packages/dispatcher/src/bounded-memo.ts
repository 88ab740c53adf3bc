/**
 * The value `cache` holds for `key`, made by `make` on first use and kept;
 * past `limit` entries the oldest goes first. For the few values a worker
 * derives again and again for the same apps and endpoints (signing keys,
 * endpoint checks): a Map keeps insertion order, so the first key is the oldest.
 */
export function rememberBounded<K, V>(cache: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = cache.get(key)
  if (value === undefined) {
    value = make()
    if (cache.size >= limit) {
      const oldest = cache.keys().next()
      if (!oldest.done) cache.delete(oldest.value)
    }
    cache.set(key, value)
  }
  return value
}
