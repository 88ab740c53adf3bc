import type { AuthType, EventSubscription } from '@hookline/core'
import type { Collection, Filter, UpdateFilter } from 'mongodb'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import type { AppDocument, StoredAppHeader } from '../documents.ts'
import { findByIds } from '../find-by-ids.ts'
import { newId } from '../ids.ts'
import { afterCursor, escapeRegExp, newestFirst, toPage, type Page, type PageRequest } from '../pagination.ts'
import type { SecretBox } from '../secret-box.ts'
import { generateSigningSecret, signingSecretOverlapMs } from '../signing-secrets.ts'
import { atVersion, createKeyedLock, nextVersion } from '../versioning.ts'
import { readFirstBatch } from '../read-first-batch.ts'

/** A custom header in plain text; a sensitive one is sealed before it is stored. */
export interface CustomHeader {
  name: string
  value: string
  sensitive: boolean
}

/** What a Manager configures. Plain text here; sealed before it is stored. */
export interface AppSettings {
  name: string
  endpoint: string
  active: boolean
  authType: AuthType
  username?: string | undefined
  password?: string | undefined
  events: EventSubscription
  headers: CustomHeader[]
  retries: number
  retryDelaySeconds: number
  legacySubjectDetailEncoding: boolean
}

export interface NewApp extends AppSettings {
  tenantId: string
  createdBy: string
  /** The `whsec_…` secret the connection test signed with; a fresh one when absent. */
  signingSecret?: string | undefined
}

/** Fields to change; `null` for username or password removes it. */
export type AppChanges = Partial<Omit<AppSettings, 'username' | 'password'>> & {
  username?: string | null | undefined
  password?: string | null | undefined
}

export interface AppListQuery extends PageRequest {
  /** Case-insensitive substring of the name, endpoint or appId. */
  search?: string | undefined
}

/** `ifVersion`: change the app only if it is still at this version (If-Match); else the call answers null. */
export interface VersionCondition {
  ifVersion?: number | undefined
}

export interface AppRepository {
  create(input: NewApp): Promise<AppDocument>
  get(tenantId: string, appId: string): Promise<AppDocument | null>
  /** Without a tenant: for the worker, which already knows the app belongs to the event's tenant. */
  getById(appId: string): Promise<AppDocument | null>
  list(tenantId: string, query: AppListQuery): Promise<Page<AppDocument>>
  /** Sets only the fields named in `changes`, so concurrent changes of different fields all survive. */
  update(tenantId: string, appId: string, changes: AppChanges, by: string, condition?: VersionCondition): Promise<AppDocument | null>
  /**
   * Turned on or off by a person. Turning off records `deactivatedAt` (call it
   * only for an app that is on, or the time moves); turning on clears it and
   * the engine's deactivation reason.
   */
  setActive(tenantId: string, appId: string, active: boolean, by: string, condition?: VersionCondition): Promise<AppDocument | null>
  /**
   * Turned off by the delivery engine after a non-transient failure. Returns
   * the app only if this call turned it off (it was active before).
   */
  deactivate(appId: string, reason: string, at?: Date): Promise<AppDocument | null>
  /** Deletes the app only; its delivery logs stay. */
  remove(tenantId: string, appId: string, condition?: VersionCondition): Promise<boolean>
  /** A new current secret; the previous one keeps signing for 24 h. */
  rotateSigningSecret(tenantId: string, appId: string, by: string, condition?: VersionCondition): Promise<AppDocument | null>
  /** Every active app of the tenant (a publish fans out to those subscribed). */
  listActive(tenantId: string): Promise<AppDocument[]>
  /** The tenant's active apps among these ids (bulk redelivery). */
  findActiveByIds(tenantId: string, appIds: readonly string[]): Promise<AppDocument[]>
  /** For the worker: these apps, whatever their tenant or state. */
  findByIds(appIds: readonly string[]): Promise<AppDocument[]>
  /** Active apps of the tenant subscribed to this type or to its whole category. */
  findSubscribed(tenantId: string, eventType: string, category: string): Promise<AppDocument[]>
  /** Every custom header with its value, decrypted: what is sent. */
  headerValues(app: AppDocument): Record<string, string>
  /** The custom headers with their values decrypted and their flags, in order. */
  customHeaders(app: AppDocument): CustomHeader[]
  /** The Basic-auth password, decrypted; undefined without one. */
  password(app: AppDocument): string | undefined
  /** The current `whsec_…` secret, decrypted. */
  currentSigningSecret(app: AppDocument): string
  /** Every secret that signs right now (current first), decrypted. */
  validSigningSecrets(app: AppDocument, at?: Date): string[]
}

const passwordContext = (appId: string) => `${appId}:password`
const signingSecretContext = (appId: string) => `${appId}:signing-secret`

const headerContext = (appId: string, name: string) => `${appId}:header:${name.toLowerCase()}`

export function createAppRepository(
  apps: Collection<AppDocument>,
  box: SecretBox,
  now: () => Date,
  capabilities: () => Promise<ServerCapabilities>,
): AppRepository {
  const withLock = createKeyedLock()
  function sealPassword(appId: string, password: string): string {
    return box.seal(password, passwordContext(appId))
  }

  function toStoredHeaders(appId: string, headers: readonly CustomHeader[]): StoredAppHeader[] {
    return headers.map(({ name, value, sensitive }) =>
      sensitive ? { name, sealedValue: box.seal(value, headerContext(appId, name)), sensitive: true } : { name, value, sensitive: false },
    )
  }

  function customHeaders(app: AppDocument): CustomHeader[] {
    return app.headers.map((header) => ({
      name: header.name,
      value: header.sealedValue !== undefined ? box.open(header.sealedValue, headerContext(app._id, header.name)) : (header.value ?? ''),
      sensitive: header.sensitive === true,
    }))
  }

  async function rotate(tenantId: string, appId: string, by: string, ifVersion: number | undefined): Promise<AppDocument | null> {
    const app = await apps.findOne({ _id: appId, tenantId })
    if (!app) return null
    const at = now()
    const [current, ...previous] = app.signingSecrets
    const stillValid = previous.filter((secret) => secret.expiresAt && secret.expiresAt > at)
    const signingSecrets = [
      { sealed: box.seal(generateSigningSecret(), signingSecretContext(appId)), createdAt: at },
      ...(current ? [{ ...current, expiresAt: new Date(at.getTime() + signingSecretOverlapMs) }] : []),
      ...stillValid,
    ]
    // Matching the current secret makes two concurrent rotations not lose one another's result silently:
    // the second one finds nothing and answers with the app as the first left it.
    const updated = await apps.findOneAndUpdate(
      { _id: appId, tenantId, ...atVersion(ifVersion), ...(current ? { 'signingSecrets.0.sealed': current.sealed } : {}) },
      { $set: { signingSecrets, updatedAt: at, updatedBy: by }, $inc: nextVersion },
      { returnDocument: 'after' },
    )
    if (updated || ifVersion !== undefined) return updated
    return apps.findOne({ _id: appId, tenantId })
  }

  return {
    async create(input) {
      const at = now()
      const appId = newId('app')
      const document: AppDocument = {
        _id: appId,
        tenantId: input.tenantId,
        name: input.name,
        endpoint: input.endpoint,
        active: input.active,
        authType: input.authType,
        ...(input.username !== undefined ? { username: input.username } : {}),
        ...(input.password !== undefined ? { sealedPassword: sealPassword(appId, input.password) } : {}),
        events: { categories: [...input.events.categories], types: [...input.events.types] },
        headers: toStoredHeaders(appId, input.headers),
        retries: input.retries,
        retryDelaySeconds: input.retryDelaySeconds,
        legacySubjectDetailEncoding: input.legacySubjectDetailEncoding,
        signingSecrets: [{ sealed: box.seal(input.signingSecret ?? generateSigningSecret(), signingSecretContext(appId)), createdAt: at }],
        version: 1,
        createdAt: at,
        createdBy: input.createdBy,
        updatedAt: at,
        updatedBy: input.createdBy,
      }
      await apps.insertOne(document)
      return document
    },

    get: (tenantId, appId) => apps.findOne({ _id: appId, tenantId }),
    getById: (appId) => apps.findOne({ _id: appId }),

    async list(tenantId, { search, limit, cursor }) {
      const filter: Filter<AppDocument> = { tenantId, ...afterCursor<AppDocument>(cursor) }
      if (search) {
        const pattern = { $regex: escapeRegExp(search), $options: 'i' }
        filter.$and = [{ $or: [{ name: pattern }, { endpoint: pattern }, { _id: pattern }] }]
      }
      const documents = await readFirstBatch(apps.find(filter).sort(newestFirst), limit + 1)
      return toPage(documents, limit)
    },

    update(tenantId, appId, changes, by, condition = {}) {
      const { username, password, headers, ...plain } = changes
      // Undefined means "leave as is"; the driver would store it as null.
      const defined = Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined))
      const $set: Partial<AppDocument> = { ...defined, updatedAt: now(), updatedBy: by }
      const $unset: Partial<Record<keyof AppDocument, ''>> = {}
      if (headers !== undefined) $set.headers = toStoredHeaders(appId, headers)
      if (username === null) $unset.username = ''
      else if (username !== undefined) $set.username = username
      if (password === null) $unset.sealedPassword = ''
      else if (password !== undefined) $set.sealedPassword = sealPassword(appId, password)
      if (changes.active === true) Object.assign($unset, { deactivatedReason: '', deactivatedAt: '' })
      // The caller names `active: false` only when turning an app off (see setActive): remember when.
      if (changes.active === false) $set.deactivatedAt = $set.updatedAt
      const update: UpdateFilter<AppDocument> = { $set, $inc: nextVersion }
      if (Object.keys($unset).length > 0) update.$unset = $unset
      return withLock(appId, () =>
        apps.findOneAndUpdate({ _id: appId, tenantId, ...atVersion(condition.ifVersion) }, update, { returnDocument: 'after' }),
      )
    },

    setActive(tenantId, appId, active, by, condition = {}) {
      const at = now()
      const update: UpdateFilter<AppDocument> = { $set: { active, updatedAt: at, updatedBy: by }, $inc: nextVersion }
      if (active) update.$unset = { deactivatedReason: '', deactivatedAt: '' }
      // When it went off, so the deliveries skipped since can be found and sent again on turning it on.
      else update.$set = { ...update.$set, deactivatedAt: at }
      return withLock(appId, () =>
        apps.findOneAndUpdate({ _id: appId, tenantId, ...atVersion(condition.ifVersion) }, update, { returnDocument: 'after' }),
      )
    },

    deactivate(appId, reason, at = now()) {
      return withLock(appId, () =>
        apps.findOneAndUpdate(
          { _id: appId, active: true },
          {
            $set: { active: false, deactivatedReason: reason, deactivatedAt: at, updatedAt: at, updatedBy: 'delivery-engine' },
            $inc: nextVersion,
          },
          { returnDocument: 'after' },
        ),
      )
    },

    async remove(tenantId, appId, condition = {}) {
      const result = await withLock(appId, () => apps.deleteOne({ _id: appId, tenantId, ...atVersion(condition.ifVersion) }))
      return result.deletedCount === 1
    },

    rotateSigningSecret: (tenantId, appId, by, condition = {}) =>
      withLock(appId, () => rotate(tenantId, appId, by, condition.ifVersion)),

    listActive: (tenantId) => apps.find({ tenantId, active: true }).toArray(),

    findActiveByIds: (tenantId, appIds) => apps.find({ tenantId, active: true, _id: { $in: [...new Set(appIds)] } }).toArray(),

    findByIds: (appIds) => findByIds(apps, capabilities, appIds),

    findSubscribed: (tenantId, eventType, category) =>
      apps.find({ tenantId, active: true, $or: [{ 'events.types': eventType }, { 'events.categories': category }] }).toArray(),

    customHeaders,
    headerValues: (app) => Object.fromEntries(customHeaders(app).map((header) => [header.name, header.value])),

    password: (app) => (app.sealedPassword === undefined ? undefined : box.open(app.sealedPassword, passwordContext(app._id))),

    currentSigningSecret(app) {
      const current = app.signingSecrets[0]
      if (!current) throw new Error(`App ${app._id} has no signing secret`)
      return box.open(current.sealed, signingSecretContext(app._id))
    },

    validSigningSecrets(app, at = now()) {
      return app.signingSecrets
        .filter((secret) => !secret.expiresAt || secret.expiresAt > at)
        .map((secret) => box.open(secret.sealed, signingSecretContext(app._id)))
    },
  }
}
