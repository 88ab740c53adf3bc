import type { AuthType, DeliveryOutcomeKind, DeliveryStatus, EventSubscription, Role } from '@hookline/core'

// The shapes stored in MongoDB. Ids are prefixed random strings kept in
// `_id`; times are BSON dates. Secrets are only ever stored sealed (see
// secret-box.ts): a field named `sealed…` holds ciphertext, never plaintext.

/** A portal: the unit of isolation. Nothing crosses tenants. */
export interface TenantDocument {
  _id: string
  name: string
  /** The portal's own address (its sub-domain URL), used in event envelopes. */
  url?: string
  /**
   * The portal's own integer id of this tenant, once linked: published
   * records must then name this tenant in `subjectDetail.tenant`.
   */
  portalTenantId?: number
  createdAt: Date
  createdBy: string
}

export interface UserDocument {
  _id: string
  tenantId: string
  /** Lower-cased; unique within the tenant. */
  email: string
  name: string
  role: Role
  passwordHash: string
  /** Disabled users cannot sign in, and their tokens stop working. */
  disabled: boolean
  /** The seeded first Administrator, who may create tenants. */
  platformOperator: boolean
  /** One more on every change; the API's ETag. Missing on records from before versions (0). */
  version?: number
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
}

/**
 * One sign-in. The token names it (`sid`), and every request checks that it
 * is still live, so signing out, a password change, a reset or disabling the
 * user ends it at once. A revoked session never comes back.
 */
export interface SessionDocument {
  /** `ses_…` */
  _id: string
  tenantId: string
  userId: string
  createdAt: Date
  expiresAt: Date
  revokedAt?: Date
  /** Why it ended: signed-out, password-changed, password-reset, user-disabled. */
  revokedReason?: string
}

/** A service API key. Only the SHA-256 hash of the key is stored. */
export interface ApiKeyDocument {
  _id: string
  tenantId: string
  name: string
  /** The first characters of the key, shown so people can tell keys apart. */
  prefix: string
  /** SHA-256 of the whole key, hex. */
  hash: string
  scopes: string[]
  /** One more on every change (not on use); the API's ETag. */
  version?: number
  createdAt: Date
  createdBy: string
  lastUsedAt?: Date
  revokedAt?: Date
  revokedBy?: string
}

/** One signing secret. The first entry of an app's list is the current one. */
export interface SealedSigningSecret {
  sealed: string
  createdAt: Date
  /** Set when rotated out: it keeps signing until then. */
  expiresAt?: Date
}

/**
 * Custom headers are kept as a list, not an object: header names may contain
 * dots, which MongoDB (and FerretDB) treat specially in field names.
 */
export interface StoredHeader {
  name: string
  value: string
}

/**
 * An app's custom header. A sensitive one (a credential: X-Api-Key,
 * Authorization…) keeps its value only sealed, in `sealedValue`; the others
 * keep it in `value`. Records from before the flag have `value` only.
 */
export interface StoredAppHeader {
  name: string
  value?: string
  sealedValue?: string
  sensitive?: boolean
}

export interface AppDocument {
  /** The appId, e.g. "app_2f6c…": unique and immutable. */
  _id: string
  tenantId: string
  name: string
  endpoint: string
  active: boolean
  authType: AuthType
  username?: string
  sealedPassword?: string
  events: EventSubscription
  headers: StoredAppHeader[]
  retries: number
  retryDelaySeconds: number
  legacySubjectDetailEncoding: boolean
  signingSecrets: SealedSigningSecret[]
  deactivatedReason?: string
  /** When the app was turned off (by a person or delivery); unset while it is on. */
  deactivatedAt?: Date
  /** One more on every change; the API's ETag. Missing on records from before versions (0). */
  version?: number
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
}

/**
 * A published event, stored before the publisher gets its 202. The envelope
 * is kept as its JSON text: payload keys may contain dots, which FerretDB
 * refuses in stored field names, and the text is what endpoints receive.
 */
export interface EventDocument {
  /** `evt_…`, time-sortable; also the envelope's `id`. */
  _id: string
  tenantId: string
  type: string
  portalEventId: string
  /** `serializeEnvelope(envelope, { legacySubjectDetailEncoding: false })`. */
  envelopeJson: string
  createdAt: Date
}

/** One attempt as stored: request headers as a list, since header names may contain dots. */
export interface DeliveryAttemptDocument {
  attempt: number
  startedAt: string
  durationMs: number
  outcome: DeliveryOutcomeKind
  /** As sent, with secrets masked (`Basic ***`, `v1,***`). */
  requestHeaders: StoredHeader[]
  responseStatus?: number
  /** The first 4 KiB of the response body. */
  responseBodyExcerpt: string
  error?: string
}

/**
 * One attempt in `delivery_attempts`: the detail the log's drawer shows, kept
 * apart from the delivery so that lists and exports, which never show it, do
 * not read it. `_id` is `${deliveryId}:${attempt}` (see attempt-log.ts), so a
 * delivery's attempts are point reads by key on every server.
 */
export interface AttemptLogDocument extends DeliveryAttemptDocument {
  _id: string
  deliveryId: string
  tenantId: string
  /** The delivery's `createdAt`: retention removes the attempts with their delivery (the TTL index's field). */
  deliveryCreatedAt: Date
}

/** One app's counters for one hour: how many of its deliveries created then are in each status now. */
export interface HourlyAppCounters {
  pending?: number
  retrying?: number
  succeeded?: number
  failed?: number
  skipped?: number
  /** The last attempt (or end) of those deliveries. */
  lastAt?: Date
  lastFailureAt?: Date
  lastError?: string
}

/**
 * The overview's counters for one tenant and one UTC day: `hours[h][appId]`
 * for each hour (0–23) of the day. One document per day keeps every read a
 * lookup by `_id` (`tenantId:YYYY-MM-DD`): 30 days of overview are 30 point
 * reads, whatever the number of deliveries or of busy hours.
 */
export interface DeliveryStatsDocument {
  _id: string
  tenantId: string
  /** The start of the UTC day. */
  day: Date
  hours?: Record<string, Record<string, HourlyAppCounters>>
}

/**
 * One delivery chain: one event to one application. This is also the
 * delivery log record; a redelivery is a new chain. Its attempts' detail is
 * in `delivery_attempts` (AttemptLogDocument).
 */
export interface DeliveryDocument {
  /** `dlv_…`, time-sortable. */
  _id: string
  tenantId: string
  appId: string
  /** The app's name when the delivery was created; logs outlive renamed and deleted apps. */
  appName: string
  eventId: string
  eventType: string
  portalEventId: string
  endpoint: string
  /** The `webhook-id`: the same for every attempt and redelivery of this event to this app. */
  messageId: string
  status: DeliveryStatus
  attemptCount: number
  /** Attempts after the first one. */
  retryAttempts: number
  /**
   * Only on deliveries written before attempts moved to `delivery_attempts`
   * (issue #18): their attempts as they were then. New deliveries have none here.
   */
  attempts?: DeliveryAttemptDocument[]
  lastStatusCode?: number
  lastError?: string
  /** Sum of the attempts' durations. */
  durationMs: number
  /** When the next attempt is due; null once the chain has ended. */
  nextAttemptAt: Date | null
  createdAt: Date
  updatedAt: Date
  /** The delivery this one redelivers. */
  redeliveryOf?: string
  /** Why it was not attempted, e.g. the app was turned off. */
  skippedReason?: string
}

/** What `POST /api/v1/events` answered: one event, or a batch. */
export type PublishResult = { id: string; deliveries: number } | { events: { id: string; deliveries: number }[] }

/** A publish seen with an Idempotency-Key, remembered for 24 hours (no TTL index on FerretDB: purged by the worker). */
export interface IdempotencyKeyDocument {
  /** `${tenantId}:${key}`: an exact `_id` lookup, which every backend serves from its primary key. */
  _id: string
  tenantId: string
  key: string
  /** SHA-256 of the request that first used the key, to refuse the key with a different body. */
  fingerprint: string
  result: PublishResult
  createdAt: Date
  expiresAt: Date
}
