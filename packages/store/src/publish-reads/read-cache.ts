import { LRUCache } from 'lru-cache'

export interface ReadCacheOptions<V, C> {
  /** How long a value read is served again, in ms (from when the read ended). */
  maxAgeMs: number
  /** At most this many values, or this much summed `sizeOf` when it is given. */
  maxSize: number
  /** The weight of one value against `maxSize` (a list weighs its length); default 1. */
  sizeOf?: (value: V) => number
  /** Whether a value is kept once read; default: every value. Values not kept are answered, not remembered. */
  keep?: (value: V) => boolean
  /** The read itself; `context` carries what the key alone does not (a secret behind its hash). */
  read: (key: string, context: C) => Promise<V>
}

/**
 * Remembers reads for a short while, bounded in size and age. Callers
 * asking for a key while it is being read share that one read, so a burst
 * of misses costs one database command. A failed read is not remembered.
 */
export interface ReadCache<V, C> {
  get(key: string, context: C): Promise<V>
  /** Drops the value, and makes a read under way not remember what it finds (it may predate a write). */
  forget(key: string): void
  /** `forget` for every key. */
  forgetAll(): void
}

/** A read under way; `outdated` once a write made its answer unfit to keep. */
interface Flight<V> {
  answer: Promise<V>
  state: { outdated: boolean }
}

export function createReadCache<V, C>(options: ReadCacheOptions<V, C>): ReadCache<V, C> {
  const { read, keep = () => true, sizeOf } = options
  // Boxed: the library keeps no null or undefined values, and a missing tenant is null.
  const kept = new LRUCache<string, { value: V }>({
    ttl: options.maxAgeMs,
    ...(sizeOf ? { maxSize: options.maxSize, sizeCalculation: (box) => Math.max(1, sizeOf(box.value)) } : { max: options.maxSize }),
  })
  const flights = new Map<string, Flight<V>>()

  function startRead(key: string, context: C): Flight<V> {
    const state = { outdated: false }
    // Started on the next tick, so the flight is in the map before the read can end (even by throwing).
    const answer = Promise.resolve()
      .then(() => read(key, context))
      .then((value) => {
        if (!state.outdated && keep(value)) kept.set(key, { value })
        return value
      })
      .finally(() => {
        if (flights.get(key)?.state === state) flights.delete(key)
      })
    const flight = { answer, state }
    flights.set(key, flight)
    return flight
  }

  return {
    get(key, context) {
      const box = kept.get(key)
      if (box) return Promise.resolve(box.value)
      return (flights.get(key) ?? startRead(key, context)).answer
    },
    forget(key) {
      kept.delete(key)
      const flight = flights.get(key)
      if (flight) {
        flight.state.outdated = true
        flights.delete(key)
      }
    },
    forgetAll() {
      kept.clear()
      for (const flight of flights.values()) flight.state.outdated = true
      flights.clear()
    },
  }
}
