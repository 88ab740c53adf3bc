import type { EnvelopeUser, SubjectType } from './envelope.ts'
import type { EventPayloadMap, EventType } from './event-payload-map.ts'

/**
 * The fields of one event published with `POST /api/v1/events`, besides its
 * type and payload. The tenant is not among them: it comes from the
 * publisher's credential.
 */
export interface PublishEventFields {
  /** The portal's integer id of the subject. */
  subjectId: number
  subjectTitle: string
  /** Defaults to the catalog's portal id for the type. */
  portalEventId?: string
  /** ISO 8601 with an offset; defaults to the time the event is accepted. */
  eventDate?: string
  /** IPv4 or IPv6 address, or null. Defaults to null. */
  ip?: string | null
  /** Defaults to "Success". */
  status?: string
  /** Defaults to the catalog's subject type for the type. */
  subjectType?: SubjectType
  /** Defaults to null. */
  user?: EnvelopeUser | null
  /** Defaults to false. */
  isSystem?: boolean
  /** A retried publish with the same key yields the same event. */
  idempotencyKey?: string
}

/** A publish request body for the known type `K`, its payload typed. */
export interface TypedPublishEventInput<K extends EventType> extends PublishEventFields {
  type: K
  subjectDetail: EventPayloadMap[K]
}

/**
 * A publish request body for a known type; with no argument, the union of
 * every known type (discriminated by `type`).
 */
export type PublishEventInput<K extends EventType = EventType> = K extends EventType
  ? TypedPublishEventInput<K>
  : never

/** A publish request body whose type is not known at compile time (e.g. parsed JSON). */
export interface UntypedPublishEventInput extends PublishEventFields {
  type: string
  subjectDetail: object
}

/**
 * Builds a publish body for a known type; a payload that does not match the
 * type's declared payload fails to compile.
 */
export function definePublishInput<K extends EventType>(
  input: TypedPublishEventInput<K>,
): TypedPublishEventInput<K> {
  return input
}
