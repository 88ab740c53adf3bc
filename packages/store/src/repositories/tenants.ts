import type { Collection } from 'mongodb'
import type { TenantDocument } from '../documents.ts'
import { newId } from '../ids.ts'
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.ts'

export interface NewTenant {
  /** A fixed id (the seeded default tenant); generated otherwise. */
  id?: string
  name: string
  url?: string | undefined
  createdBy: string
}

export interface TenantRepository {
  create(input: NewTenant): Promise<TenantDocument>
  get(tenantId: string): Promise<TenantDocument | null>
  list(page: PageRequest): Promise<Page<TenantDocument>>
  /** Removes a tenant; used only to undo a tenant whose Administrator could not be created. */
  remove(tenantId: string): Promise<void>
}

export function createTenantRepository(tenants: Collection<TenantDocument>, now: () => Date): TenantRepository {
  return {
    async create(input) {
      const document: TenantDocument = {
        _id: input.id ?? newId('ten'),
        name: input.name,
        ...(input.url ? { url: input.url } : {}),
        createdAt: now(),
        createdBy: input.createdBy,
      }
      await tenants.insertOne(document)
      return document
    },
    get: (tenantId) => tenants.findOne({ _id: tenantId }),
    async list({ limit, cursor }) {
      const documents = await tenants.find(afterCursor<TenantDocument>(cursor)).sort(newestFirst).limit(limit + 1).toArray()
      return toPage(documents, limit)
    },
    async remove(tenantId) {
      await tenants.deleteOne({ _id: tenantId })
    },
  }
}
