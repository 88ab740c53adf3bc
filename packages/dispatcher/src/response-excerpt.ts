/** How much of a response body the log keeps. */
export const responseExcerptBytes = 4096

/** Response headers worth keeping in the log (lower-case). */
export const recordedResponseHeaders: readonly string[] = [
  'content-type',
  'content-length',
  'date',
  'location',
  'retry-after',
  'server',
  'www-authenticate',
  'x-request-id',
]

export function pickResponseHeaders(headers: Pick<Headers, 'get'>): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of recordedResponseHeaders) {
    const value = headers.get(name)
    if (value !== null) picked[name] = value
  }
  return picked
}

/**
 * The first `limit` bytes of the body as UTF-8, without reading the rest: a
 * receiver that streams megabytes back does not slow the worker down. A body
 * that fails mid-way keeps what arrived.
 */
export async function readBodyExcerpt(
  response: Response,
  limit = responseExcerptBytes,
): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let received = 0
  let text = ''
  try {
    while (received < limit) {
      const { done, value } = await reader.read()
      if (done) break
      const chunk = value.subarray(0, limit - received)
      received += chunk.length
      // stream: true holds back a multi-byte character cut at the limit.
      text += decoder.decode(chunk, { stream: true })
    }
  } catch {
    // Keep the partial excerpt: the status already decided the outcome.
  } finally {
    reader.cancel().catch(() => {})
  }
  return text
}
