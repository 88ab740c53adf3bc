/** RFC 9457 problem details, as every Hookline 4xx and 5xx carries them. */
export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  /** One entry per offending field (`events.0.subjectDetail.title`, `query.limit`…). */
  errors?: { path: string; message: string }[]
  [extension: string]: unknown
}

export type HooklineErrorKind = 'api' | 'network' | 'invalid-response'

/** The client's one error type: what failed, the HTTP status and problem document when the API answered. */
export class HooklineError extends Error {
  readonly kind: HooklineErrorKind
  /** The final answer's status (after retries), when the API answered. */
  readonly status: number | undefined
  /** The API's problem document, when it sent one. */
  readonly problem: ProblemDocument | undefined
  /** How many requests were made, retries included. */
  readonly attempts: number

  constructor(
    kind: HooklineErrorKind,
    message: string,
    options: { status?: number; problem?: ProblemDocument; attempts: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause })
    this.name = 'HooklineError'
    this.kind = kind
    this.status = options.status
    this.problem = options.problem
    this.attempts = options.attempts
  }

  /** The problem's `type` slug (`invalid-event`, `idempotency-key-reused`…), when there is one. */
  get problemType(): string | undefined {
    return this.problem?.type.split('/').pop()
  }
}

export function isHooklineError(error: unknown): error is HooklineError {
  return error instanceof HooklineError
}

export function isProblemDocument(value: unknown): value is ProblemDocument {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return typeof candidate.title === 'string' && typeof candidate.status === 'number' && typeof candidate.detail === 'string'
}
