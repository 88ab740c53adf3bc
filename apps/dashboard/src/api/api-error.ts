import { isAxiosError } from 'axios'

/** One offending field, as the API's problem documents list them. */
export interface FieldProblem {
  path: string
  message: string
}

/** An RFC 9457 problem document as the API sends it. */
export interface ProblemDocument {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: FieldProblem[]
  [extension: string]: unknown
}

/**
 * Every failed API call becomes one of these: the HTTP status (0 when the
 * API could not be reached), a sentence for people, and the problem's
 * field errors, with the transport error as `cause`.
 */
export class ApiError extends Error {
  readonly status: number
  readonly problem: ProblemDocument | undefined

  constructor(
    message: string,
    options: { status: number; problem?: ProblemDocument; cause?: unknown },
  ) {
    super(message, { cause: options.cause })
    this.name = 'ApiError'
    this.status = options.status
    this.problem = options.problem
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem?.errors ?? []
  }

  /** The problem's `type`, e.g. "connection-test-failed". */
  get kind(): string | undefined {
    return this.problem?.type?.split('/').at(-1)
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

function isProblem(value: unknown): value is ProblemDocument {
  return typeof value === 'object' && value !== null && ('detail' in value || 'title' in value)
}

/** A problem body that arrived as a Blob (downloads ask for blobs). */
async function readBlobProblem(data: Blob): Promise<ProblemDocument | undefined> {
  try {
    const parsed: unknown = JSON.parse(await data.text())
    return isProblem(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Turns whatever axios threw into an ApiError. */
export async function toApiError(error: unknown): Promise<ApiError> {
  if (error instanceof ApiError) return error
  if (!isAxiosError(error)) {
    return new ApiError(error instanceof Error ? error.message : 'Unexpected error', {
      status: 0,
      cause: error,
    })
  }
  const response = error.response
  if (!response) {
    return new ApiError('Cannot reach the Hookline API. Check your connection and try again.', {
      status: 0,
      cause: error,
    })
  }
  const data: unknown = response.data
  const problem = isProblem(data)
    ? data
    : data instanceof Blob
      ? await readBlobProblem(data)
      : undefined
  const message =
    response.status === 412
      ? 'This was changed by someone else since you opened it — reload to see their change, then make yours again.'
      : problem?.detail ??
    problem?.title ??
    `The API answered ${response.status} ${response.statusText}`.trim()
  return new ApiError(message, {
    status: response.status,
    ...(problem ? { problem } : {}),
    cause: error,
  })
}

/** A message for any error, for notifications. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * What a form shows when its submit fails: one sentence per field the API
 * refused, named as the form labels it (`fieldNames`, by the field's path;
 * the path itself when unnamed), else the error's own message.
 */
export function formErrorMessage(error: unknown, fieldNames: Readonly<Record<string, string>> = {}): string {
  if (isApiError(error) && error.fieldErrors.length > 0)
    return error.fieldErrors.map((field) => `${fieldNames[field.path] ?? field.path} ${field.message}.`).join(' ')
  return errorMessage(error)
}
