import type { SubjectType } from '../types/envelope.ts'
import type { EventType } from '../types/event-payload-map.ts'
import type { JsonSchema } from '../types/json-schema.ts'
import type { TypedPublishEventInput, UntypedPublishEventInput } from '../types/publish-input.ts'

/** One event a category declares. */
export interface EventDefinition<K extends string = string> {
  /** Hookline's type key: dot-separated kebab-case segments, e.g. "media.updated". */
  type: K
  /** The portal's id for this event, e.g. "MashupUpdated" (PascalCase). */
  portalEventId: string
  /** Short, for pickers and tables, e.g. "Media updated". */
  label: string
  /** One or two sentences: when the portal publishes it. */
  description: string
  /** The envelope's `subjectType` when the publisher does not give one. */
  subjectType: SubjectType
  /** JSON Schema (draft 2020-12) of `subjectDetail`. */
  schema: JsonSchema
  /** A complete, valid `POST /api/v1/events` body that publishes this event. */
  example: K extends EventType ? TypedPublishEventInput<K> : UntypedPublishEventInput
}

/** A category: a named group of events, published as one package. */
export interface EventCategory {
  /** Kebab-case, e.g. "media", "live-session". Apps subscribe to it by this id. */
  id: string
  label: string
  description: string
  /** The category's own semver version (its package's version). */
  version: string
  /**
   * Where the category comes from, usually its package name; error messages
   * about duplicates name it. Set by the registry when omitted.
   */
  source?: string
  events: readonly EventDefinition[]
}

/** An event definition for any type key declared in `EventPayloadMap`, discriminated by `type`. */
export type KnownEventDefinition = { [K in EventType]: EventDefinition<K> }[EventType]

/** What `defineEventCategory` accepts: every event's example is checked against its declared payload type. */
export interface EventCategoryDefinition extends Omit<EventCategory, 'events'> {
  events: readonly KnownEventDefinition[]
}
