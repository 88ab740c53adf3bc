// The shapes of ids and keys, shared by definition checks and the publish-input schema.

/** Kebab-case, e.g. "live-session". */
export const categoryIdPattern = '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$'

/** Two or more kebab-case segments joined by dots, e.g. "media.processing-failed". */
export const eventTypePattern = '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$'

/** PascalCase, as the portal writes its ids, e.g. "MashupUpdated". */
export const portalEventIdPattern = '^[A-Z][A-Za-z0-9]*$'

/** Semantic version, e.g. "0.1.0" or "1.0.0-beta.1". */
export const versionPattern = '^(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$'

export function matchesPattern(value: unknown, pattern: string): value is string {
  return typeof value === 'string' && new RegExp(pattern).test(value)
}
