/**
 * Custom headers whose values are credentials. Their values are sealed at
 * rest, never returned by the API and masked in the delivery log. A name that
 * mentions one of these words is sensitive unless the Manager says otherwise.
 */
const sensitiveNamePattern = /authorization|token|key|secret|cookie|password|session|credential|signature/i

export function isSensitiveHeaderName(name: string): boolean {
  return sensitiveNamePattern.test(name)
}
