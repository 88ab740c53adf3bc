/** Why the local database could not be started; `cause` holds the underlying error. */
export class DevDatabaseError extends Error {
  override name = 'DevDatabaseError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(`[hookline dev-db] ${message}`, options)
  }
}
