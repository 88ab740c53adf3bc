import type { EventPayload, EventType } from './event-payload-map.ts'

/**
 * What an event is about, as the portal names it. The portal uses "Video",
 * "Live" and "Chat"; categories may add their own (e.g. "Category").
 */
export type SubjectType = 'Video' | 'Live' | 'Chat' | (string & {})

/** The tenant (portal) an event belongs to; it comes from the publisher's credential. */
export interface EnvelopeTenant {
  id: string
  name: string
  /**
   * The tenant's portal address, e.g. "https://acme.example.com"; null when
   * the tenant has none recorded (never an empty string).
   */
  subDomainUrl: string | null
  /**
   * The portal's own integer id of this tenant (a media record's
   * `tenant.id`), once the tenant is linked to it; null until then. When it
   * is set, every published record's `subjectDetail.tenant` must carry this
   * id and the tenant's name, so the envelope and its payload never disagree.
   */
  portalTenantId: number | null
}

/** The portal user who caused the event. */
export interface EnvelopeUser {
  id: string
  name: string
  email: string
}

/**
 * One event as endpoints receive it. Field names follow the portal's own
 * webhook payloads so existing receivers keep working; unlike the portal,
 * `eventDate` always carries an offset and `subjectDetail` is an object
 * (see `encodeEnvelope` for the portal's string encoding).
 */
export interface EventEnvelope<K extends string = string> {
  /** Unique event id; the same on every retry and redelivery. */
  id: string
  /** Hookline's type key, e.g. "media.updated". */
  type: K
  /** The portal's id for the event, e.g. "MashupUpdated". */
  portalEventId: string
  /** ISO 8601 with an offset, e.g. "2024-05-02T09:14:03.120Z". */
  eventDate: string
  /** The address the action came from, when known. */
  ip: string | null
  /** "Success" unless the publisher says otherwise. */
  status: string
  subjectType: SubjectType
  /** The portal's integer id of the subject (media, session, category…). */
  subjectId: number
  subjectTitle: string
  tenant: EnvelopeTenant
  user: EnvelopeUser | null
  /** True when the portal itself, not a person, caused the event. */
  isSystem: boolean
  /** The event's payload, shaped by its category's schema. */
  subjectDetail: EventPayload<K>
}

/** An envelope of any known type, discriminated by `type`. */
export type KnownEventEnvelope = { [K in EventType]: EventEnvelope<K> }[EventType]

/**
 * The envelope as sent on the wire: `subjectDetail` is a JSON string when the
 * application asked for the portal's legacy encoding.
 */
export type WireEventEnvelope = Omit<EventEnvelope, 'subjectDetail'> & {
  subjectDetail: object | string
}
