/**
 * Versions of mutable records (apps, users, API keys). Every write adds one
 * to `version`; the API shows it as the ETag and honours If-Match with it.
 * Records written before versions existed have none and count as version 0.
 */
export interface Versioned {
  version?: number
}

export function versionOf(document: Versioned): number {
  return document.version ?? 0
}

/** Filter part that matches a record only at the expected version (none: any version). */
export function atVersion(expected: number | undefined): Record<string, unknown> {
  if (expected === undefined) return {}
  return expected === 0 ? { version: { $exists: false } } : { version: expected }
}

/** The update part that moves a record to its next version. */
export const nextVersion = { version: 1 } as const

/**
 * Runs writes to the same record one after another within this process.
 * MongoDB applies one `$set` atomically anyway; FerretDB 1.x reads the whole
 * document, applies the update in Go and writes the whole document back, so
 * two concurrent updates of different fields would lose one of them. One
 * API process per FerretDB database (the local set-up) is then safe too.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>()
  return async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve()
    const run = previous.then(work, work)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    try {
      return await run
    } finally {
      if (tails.get(key) === tail) tails.delete(key)
    }
  }
}

export type KeyedLock = ReturnType<typeof createKeyedLock>
