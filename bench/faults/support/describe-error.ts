/**
 * An error with the chain of causes under it: `fetch failed` alone does not
 * say whether the connection was refused, reset or closed by the server.
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    parts.push(`${String(current)}${typeof code === 'string' ? ` (${code})` : ''}`)
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join(' ← ')
}
