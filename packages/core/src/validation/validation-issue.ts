import type { ErrorObject } from 'ajv'

/** One reason a value failed validation. */
export interface ValidationIssue {
  /** JSON Pointer (RFC 6901) to the failing value, e.g. "/subjectDetail/author/id"; "" is the root. */
  path: string
  /** Why, in words, e.g. "must be integer". */
  message: string
  /** The JSON Schema keyword that failed, e.g. "type", "required", "additionalProperties". */
  keyword: string
}

export type ValidationResult<T> = { valid: true; value: T } | { valid: false; issues: ValidationIssue[] }

/** Escapes one JSON Pointer reference token. */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1')
}

/**
 * Turns the validator's errors into issues: the path names the failing field
 * itself (a missing or unknown property included), and the per-branch noise
 * of a failed `anyOf`/`oneOf` is folded into that one keyword's issue.
 */
export function toValidationIssues(errors: readonly ErrorObject[], pathPrefix = ''): ValidationIssue[] {
  const failedBranches = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath}/`)
  const issues: ValidationIssue[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    if (failedBranches.some((branch) => error.schemaPath.startsWith(branch))) continue
    const issue = toIssue(error, pathPrefix)
    const key = `${issue.path}\u0000${issue.message}`
    if (seen.has(key)) continue
    seen.add(key)
    issues.push(issue)
  }
  return issues
}

function toIssue(error: ErrorObject, pathPrefix: string): ValidationIssue {
  const path = pathPrefix + error.instancePath
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path: `${path}/${escapePointerToken(params.missingProperty)}`, message: 'is required', keyword: 'required' }
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      path: `${path}/${escapePointerToken(params.additionalProperty)}`,
      message: 'is not an allowed field',
      keyword: 'additionalProperties',
    }
  }
  if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
    return { path, message: describeAlternatives(error), keyword: error.keyword }
  }
  return { path, message: error.message ?? `fails "${error.keyword}"`, keyword: error.keyword }
}

/** A failed anyOf/oneOf says what was allowed, when the schema describes it. */
function describeAlternatives(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description
  return typeof description === 'string' ? `must be ${description}` : (error.message ?? 'matches no allowed form')
}
