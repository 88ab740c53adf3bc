/** One field-level complaint in a problem: where (a JSON path) and what. */
export interface ProblemFieldError {
  path: string
  message: string
}

/** RFC 9457 problem details, as every 4xx and 5xx answer carries them. */
export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  errors?: ProblemFieldError[]
  [extension: string]: unknown
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export interface HttpProblemOptions {
  /** A short slug naming the kind of problem; becomes the `type` URI. */
  type?: string
  title?: string
  errors?: ProblemFieldError[]
  /** Extra members of the problem document, e.g. a connection test result. */
  extensions?: Record<string, unknown>
  /** Extra response headers, e.g. Allow or WWW-Authenticate. */
  headers?: Record<string, string>
  cause?: unknown
}

/** The API layer's one error type: thrown anywhere, rendered in one place (error-handler.ts). */
export class HttpProblem extends Error {
  readonly status: number
  readonly type: string
  readonly title: string
  readonly errors: ProblemFieldError[] | undefined
  readonly extensions: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(status: number, detail: string, options: HttpProblemOptions = {}) {
    super(detail, { cause: options.cause })
    this.name = 'HttpProblem'
    this.status = status
    this.title = options.title ?? titles[status] ?? 'Error'
    this.type = problemType(options.type ?? this.title)
    this.errors = options.errors
    this.extensions = options.extensions ?? {}
    this.headers = options.headers ?? {}
  }

  toJSON(): ProblemDocument {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
    }
  }
}

/** Problem types are stable, dereferenceable-looking URIs under the project's name. */
export function problemType(slug: string): string {
  return `https://hookline.dev/problems/${slug.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
}

export const notFound = (what: string) => new HttpProblem(404, `${what} does not exist.`)
