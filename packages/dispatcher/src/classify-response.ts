import { redactUrlQuery } from './redact-url.ts'
import type { DeliveryOutcomeKind } from '@hookline/core'

// The statuses worth retrying; every other non-2xx means the request itself
// is wrong for this endpoint, and retrying cannot help.
const transientStatuses = new Set([408, 425, 429, 500, 502, 503, 504])

/** success for 2xx, transient for 408/425/429/500/502/503/504, non-transient otherwise (redirects are not followed). */
export function classifyStatus(status: number): DeliveryOutcomeKind {
  if (status >= 200 && status < 300) return 'success'
  return transientStatuses.has(status) ? 'transient' : 'non-transient'
}

// HTTP/2 responses carry no reason phrase; these fill it in for the log.
const reasonPhrases: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  425: 'Too Early',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** "410 Gone from https://example.com/hook", "301 Moved Permanently from … (redirect to … not followed)". */
export function describeResponse(
  status: number,
  statusText: string,
  url: string,
  location?: string,
): string {
  const phrase = statusText || reasonPhrases[status] || ''
  // Reasons end up in logs and in why an app was turned off: query values (tokens) stay out.
  const head = `${status}${phrase ? ` ${phrase}` : ''} from ${redactUrlQuery(url)}`
  if (status >= 300 && status < 400)
    return `${head} (redirect${location ? ` to ${redactUrlQuery(location)}` : ''} not followed)`
  return head
}
