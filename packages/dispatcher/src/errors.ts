/**
 * Why the dispatcher refused to work. These are problems on Hookline's side —
 * a malformed secret, an invalid request, an edge dispatcher that cannot be
 * reached — never the endpoint's answer, which is always a `DeliveryOutcome`.
 */
export type DispatcherErrorCode =
  | 'invalid-request'
  | 'invalid-secret'
  | 'invalid-allowlist'
  | 'invalid-config'
  | 'address-refused'
  | 'edge-unavailable'
  | 'edge-rejected'

export class DispatcherError extends Error {
  override readonly name = 'DispatcherError'
  readonly code: DispatcherErrorCode

  constructor(code: DispatcherErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[hookline/dispatcher] ${message}`, options)
    this.code = code
  }

  /** Plain JSON for logs and the edge API: never the cause's stack. */
  toJSON(): { name: string; code: DispatcherErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message }
  }
}

/** Duck-typed, so errors from another copy of the package (dist vs source) still match. */
export function isDispatcherError(value: unknown): value is DispatcherError {
  return (
    value instanceof Error &&
    value.name === 'DispatcherError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}
