import type { SubjectType } from '../types/envelope.ts'
import { jsonSchemaDialect, type JsonSchema } from '../types/json-schema.ts'
import type { UntypedPublishEventInput } from '../types/publish-input.ts'
import type { RegisteredCategory } from './registered.ts'

/** One event in the serialisable catalog. */
export interface CatalogEvent {
  type: string
  /** The id of the category the event belongs to. */
  category: string
  portalEventId: string
  label: string
  description: string
  subjectType: SubjectType
  /** JSON Schema of `subjectDetail`. */
  schema: JsonSchema
  /** A complete, valid publish body. */
  example: UntypedPublishEventInput
}

export interface CatalogCategory {
  id: string
  label: string
  description: string
  /** The category's own version, as it declares it. */
  version: string
  /** The package that declares the category. */
  source: string
  /** That package's version (from its package.json), when the app's loader read it. */
  sourceVersion?: string
  events: CatalogEvent[]
}

/**
 * The catalog as plain JSON: what `GET /api/v1/event-types` returns and the
 * dashboard renders. Categories and events keep their registration order.
 */
export interface EventCatalog {
  /** The JSON Schema dialect of every `schema` below. */
  schemaDialect: typeof jsonSchemaDialect
  categories: CatalogCategory[]
}

/** Copies the registered categories into plain, independent JSON data. */
export function toEventCatalog(categories: readonly RegisteredCategory[]): EventCatalog {
  return {
    schemaDialect: jsonSchemaDialect,
    categories: categories.map((category) => ({
      id: category.id,
      label: category.label,
      description: category.description,
      version: category.version,
      source: category.source,
      ...(category.sourceVersion !== undefined ? { sourceVersion: category.sourceVersion } : {}),
      events: category.events.map((event) => ({
        type: event.type,
        category: category.id,
        portalEventId: event.portalEventId,
        label: event.label,
        description: event.description,
        subjectType: event.subjectType,
        schema: structuredClone(event.schema),
        example: structuredClone(event.example),
      })),
    })),
  }
}
