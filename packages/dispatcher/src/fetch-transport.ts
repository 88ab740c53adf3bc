import { readBodyExcerpt } from './response-excerpt.ts'
import type { FetchFunction, PostTransport } from './types.ts'

/** `deliver`'s POST through a web-standard `fetch`: the transport on every runtime that brings none of its own. */
export function fetchTransport(fetchImpl: FetchFunction): PostTransport {
  return async (url, { headers, body, signal }) => {
    const response = await fetchImpl(url, { method: 'POST', headers, body, redirect: 'manual', signal })
    return {
      // A browser's fetch hides manual redirects behind status 0.
      status: response.type === 'opaqueredirect' ? 302 : response.status,
      statusText: response.statusText,
      headers: response.headers,
      readExcerpt: (limit) => readBodyExcerpt(response, limit),
    }
  }
}
