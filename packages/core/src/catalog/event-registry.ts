import { buildEventEnvelope, type EnvelopeContext } from '../envelope/build-envelope.ts'
import { publishInputSchema } from '../envelope/publish-input-schema.ts'
import { validatePublishInput, type PublishInputValidation } from '../envelope/validate-publish-input.ts'
import { CatalogError } from '../errors.ts'
import type { EventEnvelope } from '../types/envelope.ts'
import type { EventType } from '../types/event-payload-map.ts'
import type { TypedPublishEventInput, UntypedPublishEventInput } from '../types/publish-input.ts'
import type { EventSubscription } from '../types/webhook-app.ts'
import { createSchemaValidator } from '../validation/schema-validator.ts'
import type { ValidationResult } from '../validation/validation-issue.ts'
import { compileCategory, type CompiledEvent } from './compile-category.ts'
import type { EventCategory } from './event-definition.ts'
import { toEventCatalog, type EventCatalog } from './event-catalog.ts'
import type { RegisteredCategory, RegisteredEvent } from './registered.ts'
import { resolveSubscription, subscriptionMatches, type ResolvedSubscription } from './subscriptions.ts'

export interface RegisterOptions {
  /** Overrides the category's own `source` (usually its package name) in messages and the catalog. */
  source?: string
  /** The version of the package the category came from (its package.json), shown in the catalog. */
  sourceVersion?: string
}

export interface EventRegistryOptions {
  /** Categories to register right away, in order. */
  categories?: readonly EventCategory[]
}

/** The event catalog of one process: what the API, worker and dashboard read. */
export interface EventRegistry {
  /**
   * Adds a category. Nothing is added when it fails.
   * @throws CatalogError `duplicate-category`, `duplicate-event-type` (naming both sources),
   *   `invalid-category`, `invalid-schema` or `invalid-example`.
   */
  register(category: EventCategory, options?: RegisterOptions): RegisteredCategory
  listCategories(): readonly RegisteredCategory[]
  getCategory(id: string): RegisteredCategory | undefined
  /** The event of a type key, or undefined. */
  getEvent(type: string): RegisteredEvent | undefined
  /** Every registered type key, in registration order. */
  listEventTypes(): string[]
  /**
   * Validates a payload (`subjectDetail`) against its type's schema; paths are relative to the payload.
   * @throws CatalogError `unknown-event-type`.
   */
  validatePayload(type: string, payload: unknown): ValidationResult<object>
  /** Validates one `POST /api/v1/events` body: unknown fields, every failing path, the payload included. */
  validatePublishInput(input: unknown): PublishInputValidation<RegisteredEvent>
  /**
   * Builds the envelope of a validated publish body.
   * @throws CatalogError `unknown-event-type`.
   */
  buildEnvelope<K extends EventType>(input: TypedPublishEventInput<K>, context: EnvelopeContext): EventEnvelope<K>
  buildEnvelope(input: UntypedPublishEventInput, context: EnvelopeContext): EventEnvelope
  /** @throws CatalogError `unknown-subscription`, listing the unknown ids and types. */
  resolveSubscription(subscription: EventSubscription): ResolvedSubscription
  subscriptionMatches(subscription: EventSubscription, type: string): boolean
  /** A plain-JSON copy of the catalog for `GET /api/v1/event-types` and the dashboard. */
  catalog(): EventCatalog
}

export function createEventRegistry(options: EventRegistryOptions = {}): EventRegistry {
  const validator = createSchemaValidator()
  const publishInput = validator.compile(publishInputSchema)
  const categories = new Map<string, RegisteredCategory>()
  const events = new Map<string, CompiledEvent>()

  function requireEvent(type: string): CompiledEvent {
    const found = events.get(type)
    if (!found) throw new CatalogError('unknown-event-type', `No registered category declares the event type "${type}"`, { details: { type } })
    return found
  }

  const registry: EventRegistry = {
    register(category, registerOptions = {}) {
      const source = registerOptions.source ?? category.source ?? `an unnamed source (category "${String(category.id)}")`
      const existing = categories.get(category.id)
      if (existing) {
        throw new CatalogError(
          'duplicate-category',
          `Category "${category.id}" is declared by both ${existing.source} and ${source}`,
          { details: { categoryId: category.id, sources: [existing.source, source] } },
        )
      }
      const compiled = compileCategory(category, source, { validator, publishInput })
      if (registerOptions.sourceVersion !== undefined) compiled.category.sourceVersion = registerOptions.sourceVersion
      for (const { event } of compiled.events) {
        const clash = events.get(event.type)?.event
        if (clash) {
          throw new CatalogError(
            'duplicate-event-type',
            `Event type "${event.type}" is declared by both ${clash.source} (category "${clash.category}") and ${source} (category "${event.category}")`,
            { details: { type: event.type, sources: [clash.source, source], categories: [clash.category, event.category] } },
          )
        }
      }
      categories.set(compiled.category.id, compiled.category)
      for (const entry of compiled.events) events.set(entry.event.type, entry)
      return compiled.category
    },
    listCategories: () => [...categories.values()],
    getCategory: (id) => categories.get(id),
    getEvent: (type) => events.get(type)?.event,
    listEventTypes: () => [...events.keys()],
    validatePayload(type, payload) {
      const issues = requireEvent(type).payload(payload)
      return issues.length === 0 ? { valid: true, value: payload as object } : { valid: false, issues }
    },
    validatePublishInput: (input) => validatePublishInput(input, { input: publishInput, findEvent: (type) => events.get(type) }),
    buildEnvelope(input: UntypedPublishEventInput, context: EnvelopeContext): EventEnvelope {
      return buildEventEnvelope(input, requireEvent(input.type).event, context)
    },
    resolveSubscription: (subscription) => resolveSubscription(subscription, registry),
    subscriptionMatches: (subscription, type) => subscriptionMatches(subscription, type, registry),
    catalog: () => toEventCatalog([...categories.values()]),
  }

  for (const category of options.categories ?? []) registry.register(category)
  return registry
}
