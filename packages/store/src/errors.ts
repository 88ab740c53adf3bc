import { MongoServerError } from 'mongodb'

/** Why a store operation failed, for callers that map failures to answers. */
export type StoreErrorCode = 'duplicate' | 'invalid-cursor' | 'invalid-secret-key' | 'undecryptable' | 'conflict'

/** The one error type of the data layer. The driver's error, if any, is the `cause`. */
export class StoreError extends Error {
  readonly code: StoreErrorCode

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}

/** A unique index refused the write (E11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000
}

// Driver errors that mean "the database cannot be reached right now", as
// opposed to a bad query: server selection timed out, the socket failed, or
// the client was closed.
const unavailableErrorNames = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClosedError',
])

/** Whether `error` (or one of its causes) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (unavailableErrorNames.has(current.name)) return true
    current = current.cause
  }
  return false
}
