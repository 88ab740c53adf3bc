import { validatePublishInput } from '../envelope/validate-publish-input.ts'
import { CatalogError } from '../errors.ts'
import type { CompiledSchema, SchemaValidator } from '../validation/schema-validator.ts'
import { findDefinitionProblems } from './define-event-category.ts'
import type { EventCategory } from './event-definition.ts'
import type { RegisteredCategory, RegisteredEvent } from './registered.ts'

export interface CompiledEvent {
  event: RegisteredEvent
  payload: CompiledSchema
}

export interface CompiledCategory {
  category: RegisteredCategory
  events: CompiledEvent[]
}

export interface CategoryCompileContext {
  validator: SchemaValidator
  /** The compiled `publishInputSchema`, to check each example as a whole body. */
  publishInput: CompiledSchema
}

/**
 * Checks a category's shape, compiles every payload schema and validates
 * every example as a full publish body, so a broken category fails when it
 * is loaded rather than when an event is published.
 */
export function compileCategory(category: EventCategory, source: string, context: CategoryCompileContext): CompiledCategory {
  const problems = findDefinitionProblems(category)
  if (problems.length > 0) {
    throw new CatalogError('invalid-category', `Category "${String(category.id)}" from ${source} is invalid: ${problems.join('; ')}`, {
      details: { categoryId: category.id, source, problems },
    })
  }
  const events = category.events.map((definition): CompiledEvent => {
    const event: RegisteredEvent = { ...definition, category: category.id, source }
    try {
      return { event, payload: context.validator.compile(definition.schema) }
    } catch (cause) {
      throw new CatalogError('invalid-schema', `The payload schema of "${definition.type}" (${source}) does not compile: ${String((cause as Error)?.message ?? cause)}`, {
        cause,
        details: { type: definition.type, source },
      })
    }
  })
  for (const compiled of events) {
    const result = validatePublishInput(compiled.event.example, {
      input: context.publishInput,
      findEvent: (type) => events.find((candidate) => candidate.event.type === type),
    })
    if (!result.valid) {
      const listed = result.issues.map((issue) => `${issue.path || '/'} ${issue.message}`).join('; ')
      throw new CatalogError('invalid-example', `The example of "${compiled.event.type}" (${source}) is not a valid publish body: ${listed}`, {
        details: { type: compiled.event.type, source, issues: result.issues },
      })
    }
  }
  return { category: { ...category, source, events: events.map((compiled) => compiled.event) }, events }
}
