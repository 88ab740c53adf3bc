/** What went wrong, for callers that branch on it (the API maps these to HTTP problems). */
export type CatalogErrorCode =
  /** A category definition is malformed (bad id, duplicate type inside it, …). */
  | 'invalid-category'
  /** Two sources declare the same category id. */
  | 'duplicate-category'
  /** Two sources declare the same event type key. */
  | 'duplicate-event-type'
  /** An event's payload schema does not compile. */
  | 'invalid-schema'
  /** An event's `example` does not validate against its own schema. */
  | 'invalid-example'
  /** A type key no registered category declares. */
  | 'unknown-event-type'
  /** A subscription names categories or types the catalog lacks. */
  | 'unknown-subscription'
  /** An imported package does not export a category. */
  | 'invalid-category-module'

export interface CatalogErrorOptions {
  cause?: unknown
  /** Plain, serialisable facts about the failure (unknown ids, issues…). */
  details?: Record<string, unknown>
}

/** The one error type of `@hookline/core`. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError'
  readonly code: CatalogErrorCode
  readonly details: Record<string, unknown>

  constructor(code: CatalogErrorCode, message: string, options: CatalogErrorOptions = {}) {
    super(`[@hookline/core] ${message}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details ?? {}
  }

  /** Safe to log or return: no stack, no cause object. */
  toJSON(): { name: string; code: CatalogErrorCode; message: string; details: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details }
  }
}

export function isCatalogError(value: unknown): value is CatalogError {
  return value instanceof CatalogError
}
