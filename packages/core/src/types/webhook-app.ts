/** Which events an application receives: whole categories and/or single types. */
export interface EventSubscription {
  /** Category ids, e.g. "media"; every event of the category, now and later. */
  categories: string[]
  /** Event type keys, e.g. "media.updated". */
  types: string[]
}

export type AuthType = 'none' | 'basic'

/** Defaults the portal documents for a new application. */
export const appDefaults = {
  retries: 3,
  retryDelaySeconds: 5,
} as const

/**
 * A webhook application as the API returns it. Secrets never appear here:
 * `hasPassword` says whether a Basic-auth password is stored.
 */
/** A sensitive custom header as the API shows it. */
export interface SensitiveHeaderView {
  value: null
  sensitive: true
  hasValue: boolean
}

export interface WebhookApp {
  /** The resource id, as every API resource has one: the same value as `appId`. */
  id: string
  /** System-generated, unique and immutable, e.g. "app_2f6c…" (the seed's "Application ID"). */
  appId: string
  tenantId: string
  name: string
  endpoint: string
  active: boolean
  authType: AuthType
  /** Present when authType is "basic". */
  username?: string
  hasPassword: boolean
  events: EventSubscription
  /**
   * Subscribed category ids no loaded plugin declares (the plugin was
   * removed): kept, never delivered until the plugin is back. Empty when
   * every subscribed category is known.
   */
  unknownCategories: string[]
  /** Subscribed event types no loaded plugin declares; as `unknownCategories`. */
  unknownTypes: string[]
  /**
   * Custom request headers, name → value. A sensitive header (a credential)
   * shows as `{ value: null, sensitive: true, hasValue: true }`: its value is
   * sealed at rest and never returned.
   */
  headers: Record<string, string | SensitiveHeaderView>
  /** Attempts after the first one on transient failures (0–10). */
  retries: number
  /** Seconds between attempts on transient failures (1–3600). */
  retryDelaySeconds: number
  /** Send `subjectDetail` as a JSON string, as the portal's own webhooks did. */
  legacySubjectDetailEncoding: boolean
  /** Why delivery turned the application off, e.g. "410 Gone from https://…". */
  deactivatedReason?: string
  /**
   * While the application is off: when it was turned off, by a person or by
   * delivery (then with `deactivatedReason`). The deliveries skipped since
   * are the ones to send again when it is turned on.
   */
  deactivatedAt?: string
  /** One more on every change; the ETag is `"v<version>"`. */
  version: number
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}
