import { isDatabaseUnavailable, StoreError } from '@hookline/store'
import type { ErrorRequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import { HttpProblem } from './problem.ts'

/** Errors from body-parser (express.json) carry a `type` and an HTTP status. */
interface BodyParserError extends Error {
  type: string
  status: number
  limit?: number
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string' && typeof (error as Partial<BodyParserError>).status === 'number'
}

/**
 * Maps anything thrown to a problem. Input can only cause 4xx; a 5xx means
 * the server or the database is at fault, and that is logged.
 */
export function toHttpProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error
  if (isBodyParserError(error)) return fromBodyParser(error)
  const clientStatus = clientErrorStatus(error)
  if (clientStatus !== undefined) {
    // Express's own 4xx errors (e.g. a path that is not valid percent-encoding): keep the status, not the message.
    return new HttpProblem(clientStatus, error instanceof URIError ? 'The path is not valid percent-encoding.' : 'The request cannot be processed.', {
      cause: error,
    })
  }
  if (error instanceof StoreError && error.code === 'invalid-cursor') {
    return new HttpProblem(400, error.message, { type: 'invalid-cursor', errors: [{ path: 'query.cursor', message: error.message }], cause: error })
  }
  if (error instanceof StoreError && error.code === 'duplicate') return new HttpProblem(409, error.message, { cause: error })
  if (isDatabaseUnavailable(error)) {
    return new HttpProblem(503, 'The database cannot be reached right now; try again shortly.', {
      type: 'database-unavailable',
      headers: { 'Retry-After': '5' },
      cause: error,
    })
  }
  return new HttpProblem(500, 'Something went wrong on our side; the error has been logged.', { cause: error })
}

function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined
}

function fromBodyParser(error: BodyParserError): HttpProblem {
  // The parser's own message can quote the body (and so a password): never pass it on.
  switch (error.type) {
    case 'entity.too.large':
      return new HttpProblem(413, `The request body is larger than the limit of ${error.limit ?? 'the server'} bytes.`, { type: 'body-too-large', cause: error })
    case 'entity.parse.failed':
      return new HttpProblem(400, 'The request body is not valid JSON (an object or array is expected).', { type: 'malformed-json', cause: error })
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'The request body must be JSON in UTF-8.', { type: 'unsupported-encoding', cause: error })
    default:
      return error.status >= 400 && error.status < 500
        ? new HttpProblem(error.status, 'The request body could not be read.', { cause: error })
        : new HttpProblem(500, 'Something went wrong on our side; the error has been logged.', { cause: error })
  }
}

export function sendProblem(response: Response, problem: HttpProblem): void {
  response.status(problem.status).set(problem.headers).type('application/problem+json').send(JSON.stringify(problem))
}

/** The one place errors become responses. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error)
      return
    }
    const problem = toHttpProblem(error)
    if (problem.status >= 500) {
      const log = (request as { log?: Logger }).log ?? logger
      log.error({ err: problem.cause ?? error, status: problem.status }, problem.message)
    }
    sendProblem(response, problem)
  }
}
