import type { Collection, MongoClient } from 'mongodb'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import type { TenantDocument, UserDocument } from '../documents.ts'
import { insertUser, newUserDocument, type NewUser } from './users.ts'
import { newId } from '../ids.ts'
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.ts'
import { readFirstBatch } from '../read-first-batch.ts'

export interface NewTenant {
  /** A fixed id (the seeded default tenant); generated otherwise. */
  id?: string
  name: string
  url?: string | undefined
  portalTenantId?: number | undefined
  createdBy: string
}

/** What the platform operator may change of a tenant; null removes a value. */
export interface TenantChanges {
  name?: string
  url?: string | null
  portalTenantId?: number | null
}

export interface TenantRepository {
  create(input: NewTenant): Promise<TenantDocument>
  get(tenantId: string): Promise<TenantDocument | null>
  list(page: PageRequest): Promise<Page<TenantDocument>>
  /** The tenant linked to this portal tenant id, if any. */
  findByPortalTenantId(portalTenantId: number): Promise<TenantDocument | null>
  /** Applies the changes and answers the tenant as it is now; null when there is no such tenant. */
  update(tenantId: string, changes: TenantChanges): Promise<TenantDocument | null>
  /**
   * A new tenant with its first Administrator, both or neither: in one
   * transaction where the server has them, otherwise the tenant is deleted
   * again when the Administrator cannot be stored (a StoreError `duplicate`
   * for an email already taken passes through).
   */
  createWithAdministrator(tenant: NewTenant, admin: Omit<NewUser, 'tenantId' | 'role'>): Promise<{ tenant: TenantDocument; admin: UserDocument }>
}

/** A new tenant record (not yet stored). */
export function newTenantDocument(input: NewTenant, at: Date): TenantDocument {
  return {
    _id: input.id ?? newId('ten'),
    name: input.name,
    ...(input.url ? { url: input.url } : {}),
    ...(input.portalTenantId !== undefined ? { portalTenantId: input.portalTenantId } : {}),
    createdAt: at,
    createdBy: input.createdBy,
  }
}

export interface TenantRepositoryDependencies {
  tenants: Collection<TenantDocument>
  users: Collection<UserDocument>
  client: MongoClient
  capabilities: () => Promise<ServerCapabilities>
  now: () => Date
}

export function createTenantRepository({ tenants, users, client, capabilities, now }: TenantRepositoryDependencies): TenantRepository {
  return {
    async create(input) {
      const document = newTenantDocument(input, now())
      await tenants.insertOne(document)
      return document
    },
    get: (tenantId) => tenants.findOne({ _id: tenantId }),
    async list({ limit, cursor }) {
      const documents = await readFirstBatch(tenants.find(afterCursor<TenantDocument>(cursor)).sort(newestFirst), limit + 1)
      return toPage(documents, limit)
    },
    findByPortalTenantId: (portalTenantId) => tenants.findOne({ portalTenantId }),
    async update(tenantId, changes) {
      const set: Partial<TenantDocument> = {}
      const unset: Partial<Record<'url' | 'portalTenantId', ''>> = {}
      if (changes.name !== undefined) set.name = changes.name
      if (changes.url === null) unset.url = ''
      else if (changes.url !== undefined) set.url = changes.url
      if (changes.portalTenantId === null) unset.portalTenantId = ''
      else if (changes.portalTenantId !== undefined) set.portalTenantId = changes.portalTenantId
      const update = { ...(Object.keys(set).length > 0 ? { $set: set } : {}), ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) }
      if (Object.keys(update).length === 0) return tenants.findOne({ _id: tenantId })
      return tenants.findOneAndUpdate({ _id: tenantId }, update, { returnDocument: 'after' })
    },
    async createWithAdministrator(input, adminInput) {
      const at = now()
      const tenant = newTenantDocument(input, at)
      const admin = newUserDocument({ ...adminInput, tenantId: tenant._id, role: 'Administrator' }, at)
      if ((await capabilities()).transactions) {
        await client.withSession((session) =>
          session.withTransaction(async () => {
            await tenants.insertOne(tenant, { session })
            await insertUser(users, admin, { session })
          }),
        )
        return { tenant, admin }
      }
      await tenants.insertOne(tenant)
      try {
        await insertUser(users, admin)
      } catch (error) {
        // No transactions: undo the tenant by hand so no tenant is left without an Administrator.
        await tenants.deleteOne({ _id: tenant._id })
        throw error
      }
      return { tenant, admin }
    },
  }
}
