import type { AuthType, EventSubscription, Role } from '@hookline/core'

// The shapes stored in MongoDB. Ids are prefixed random strings kept in
// `_id`; times are BSON dates. Secrets are only ever stored sealed (see
// secret-box.ts): a field named `sealed…` holds ciphertext, never plaintext.

/** A portal: the unit of isolation. Nothing crosses tenants. */
export interface TenantDocument {
  _id: string
  name: string
  /** The portal's own address (its sub-domain URL), used in event envelopes. */
  url?: string
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
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
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
  headers: StoredHeader[]
  retries: number
  retryDelaySeconds: number
  legacySubjectDetailEncoding: boolean
  signingSecrets: SealedSigningSecret[]
  deactivatedReason?: string
  deactivatedAt?: Date
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
}
