import type { UntypedPublishEventInput } from '../types/publish-input.ts'
import type { CompiledSchema } from '../validation/schema-validator.ts'
import type { ValidationIssue } from '../validation/validation-issue.ts'

/** The outcome of validating one publish body. */
export type PublishInputValidation<E> =
  | { valid: true; value: UntypedPublishEventInput; event: E }
  | { valid: false; issues: ValidationIssue[] }

export interface PublishInputValidators<E> {
  /** The compiled `publishInputSchema`. */
  input: CompiledSchema
  /** The registered event of a type key, with its compiled payload schema. */
  findEvent(type: string): { event: E; payload: CompiledSchema } | undefined
}

/**
 * Validates a publish body in one pass: the body's own fields, then — when
 * the type is known — `subjectDetail` against the type's payload schema, so
 * the caller sees every failing path at once.
 */
export function validatePublishInput<E>(input: unknown, validators: PublishInputValidators<E>): PublishInputValidation<E> {
  const issues = validators.input(input)
  const body = isRecord(input) ? input : undefined
  const type = body?.type
  const typeIsWellFormed = typeof type === 'string' && !issues.some((issue) => issue.path === '/type')
  const found = typeIsWellFormed ? validators.findEvent(type) : undefined
  if (typeIsWellFormed && !found) {
    issues.push({ path: '/type', message: `is not a known event type ("${type}")`, keyword: 'catalog' })
  }
  if (found && isRecord(body?.subjectDetail)) {
    issues.push(...found.payload(body.subjectDetail, '/subjectDetail'))
  }
  if (issues.length > 0 || !found) return { valid: false, issues }
  return { valid: true, value: input as UntypedPublishEventInput, event: found.event }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
