import { MongoServerError } from 'mongodb'

/** Why a store operation failed, for callers that map failures to answers. */
export type StoreErrorCode = 'duplicate' | 'invalid-cursor' | 'invalid-secret-key' | 'undecryptable' | 'conflict' | 'attempts-not-recorded'

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

export { isDatabaseUnavailable } from './database-unavailable.ts'
