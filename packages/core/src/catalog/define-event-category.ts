import { CatalogError } from '../errors.ts'
import type { EventCategory, EventCategoryDefinition } from './event-definition.ts'
import {
  categoryIdPattern,
  eventTypePattern,
  matchesPattern,
  portalEventIdPattern,
  versionPattern,
} from './naming-rules.ts'

/**
 * Declares an event category: the one helper a category package calls.
 *
 * The payload types come from `EventPayloadMap`, so declare them (by
 * declaration merging) before defining the events; each event's `example`
 * must then match its type's payload at compile time. At run time the shape
 * of the definition is checked here; schemas and examples are compiled and
 * validated when a registry loads the category.
 *
 * @throws CatalogError `invalid-category`, listing every problem found.
 */
export function defineEventCategory(definition: EventCategoryDefinition): EventCategory {
  const problems = findDefinitionProblems(definition as EventCategory)
  if (problems.length > 0) {
    throw new CatalogError(
      'invalid-category',
      `Category "${String(definition.id)}"${definition.source ? ` from ${definition.source}` : ''} is invalid: ${problems.join('; ')}`,
      { details: { categoryId: definition.id, problems } },
    )
  }
  return definition as EventCategory
}

/** Every problem with the shape of a category (empty when it is well-formed). */
export function findDefinitionProblems(category: EventCategory): string[] {
  const problems: string[] = []
  if (!matchesPattern(category.id, categoryIdPattern)) problems.push(`id must be kebab-case (got ${JSON.stringify(category.id)})`)
  for (const field of ['label', 'description'] as const) {
    if (typeof category[field] !== 'string' || category[field].trim() === '') problems.push(`${field} must be a non-empty string`)
  }
  if (!matchesPattern(category.version, versionPattern)) problems.push(`version must be a semantic version (got ${JSON.stringify(category.version)})`)
  if (!Array.isArray(category.events) || category.events.length === 0) {
    problems.push('events must be a non-empty array')
    return problems
  }
  const seen = new Set<string>()
  category.events.forEach((event, index) => {
    const where = `events[${index}]${typeof event?.type === 'string' ? ` (${event.type})` : ''}`
    if (!matchesPattern(event?.type, eventTypePattern)) {
      problems.push(`${where}: type must be dot-separated kebab-case segments such as "media.updated"`)
    } else if (seen.has(event.type)) {
      problems.push(`${where}: type is declared twice in this category`)
    } else {
      seen.add(event.type)
    }
    if (!matchesPattern(event?.portalEventId, portalEventIdPattern)) problems.push(`${where}: portalEventId must be PascalCase`)
    for (const field of ['label', 'description', 'subjectType'] as const) {
      if (typeof event?.[field] !== 'string' || event[field].trim() === '') problems.push(`${where}: ${field} must be a non-empty string`)
    }
    if (typeof event?.schema !== 'object' || event.schema === null) problems.push(`${where}: schema must be a JSON Schema object`)
    if (typeof event?.example !== 'object' || event.example === null) {
      problems.push(`${where}: example must be a publish request body`)
    } else if (event.example.type !== event.type) {
      problems.push(`${where}: example.type must be "${event.type}"`)
    }
  })
  return problems
}
