import type { Role } from '@hookline/core'
import type { ClientSession, Collection } from 'mongodb'
import type { UserDocument } from '../documents.ts'
import { isDuplicateKeyError, StoreError } from '../errors.ts'
import { newId } from '../ids.ts'
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.ts'
import { atVersion, createKeyedLock, nextVersion } from '../versioning.ts'
import type { VersionCondition } from './apps.ts'
import { readFirstBatch } from '../read-first-batch.ts'

export interface NewUser {
  tenantId: string
  email: string
  name: string
  role: Role
  passwordHash: string
  platformOperator?: boolean
  createdBy: string
}

export interface UserChanges {
  name?: string | undefined
  role?: Role | undefined
  disabled?: boolean | undefined
}

export interface UserRepository {
  /** Throws StoreError `duplicate` when the tenant already has this email. */
  create(input: NewUser): Promise<UserDocument>
  get(tenantId: string, userId: string): Promise<UserDocument | null>
  /** Every account with this email, across tenants (sign-in has no tenant). */
  findByEmail(email: string): Promise<UserDocument[]>
  list(tenantId: string, page: PageRequest): Promise<Page<UserDocument>>
  /** Sets only the fields named in `changes`; with `ifVersion`, only if the user is still at that version. */
  update(tenantId: string, userId: string, changes: UserChanges, by: string, condition?: VersionCondition): Promise<UserDocument | null>
  /** A new password hash (the caller revokes sessions as its rule says). */
  setPasswordHash(tenantId: string, userId: string, passwordHash: string, by: string): Promise<UserDocument | null>
  /**
   * Deletes the user; with `ifVersion`, only if the user is still at that
   * version. True when a user was deleted (the caller ends their sessions).
   */
  remove(tenantId: string, userId: string, condition?: VersionCondition): Promise<boolean>
  /** The tenant's enabled Administrators by name (at most `limit`, 100 by default). */
  listAdministrators(tenantId: string, limit?: number): Promise<UserDocument[]>
  /** The seeded platform operator, if seeding already happened. */
  findPlatformOperator(): Promise<UserDocument | null>
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** A new user record (not yet stored). */
export function newUserDocument(input: NewUser, at: Date): UserDocument {
  return {
    _id: newId('usr'),
    tenantId: input.tenantId,
    email: normalizeEmail(input.email),
    name: input.name,
    role: input.role,
    passwordHash: input.passwordHash,
    disabled: false,
    platformOperator: input.platformOperator ?? false,
    version: 1,
    createdAt: at,
    createdBy: input.createdBy,
    updatedAt: at,
    updatedBy: input.createdBy,
  }
}

/** Stores a new user; a second account with the tenant's email is a StoreError `duplicate`. */
export async function insertUser(users: Collection<UserDocument>, document: UserDocument, options: { session?: ClientSession } = {}): Promise<UserDocument> {
  try {
    await users.insertOne(document, options)
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      throw new StoreError('duplicate', `A user with the email ${document.email} already exists`, { cause: error })
    }
    throw error
  }
  return document
}

export function createUserRepository(users: Collection<UserDocument>, now: () => Date): UserRepository {
  const withLock = createKeyedLock()
  return {
    create: (input) => insertUser(users, newUserDocument(input, now())),
    get: (tenantId, userId) => users.findOne({ _id: userId, tenantId }),
    findByEmail: (email) => readFirstBatch(users.find({ email: normalizeEmail(email) }), 20),
    async list(tenantId, { limit, cursor }) {
      const documents = await readFirstBatch(users.find({ tenantId, ...afterCursor<UserDocument>(cursor) }).sort(newestFirst), limit + 1)
      return toPage(documents, limit)
    },
    update(tenantId, userId, changes, by, condition = {}) {
      const set: Partial<UserDocument> = { updatedAt: now(), updatedBy: by }
      if (changes.name !== undefined) set.name = changes.name
      if (changes.role !== undefined) set.role = changes.role
      if (changes.disabled !== undefined) set.disabled = changes.disabled
      return withLock(userId, () =>
        users.findOneAndUpdate(
          { _id: userId, tenantId, ...atVersion(condition.ifVersion) },
          { $set: set, $inc: nextVersion },
          { returnDocument: 'after' },
        ),
      )
    },
    setPasswordHash(tenantId, userId, passwordHash, by) {
      return withLock(userId, () =>
        users.findOneAndUpdate(
          { _id: userId, tenantId },
          { $set: { passwordHash, updatedAt: now(), updatedBy: by }, $inc: nextVersion },
          { returnDocument: 'after' },
        ),
      )
    },
    async remove(tenantId, userId, condition = {}) {
      const result = await withLock(userId, () => users.deleteOne({ _id: userId, tenantId, ...atVersion(condition.ifVersion) }))
      return result.deletedCount === 1
    },
    listAdministrators: (tenantId, limit = 100) =>
      readFirstBatch(users.find({ tenantId, role: 'Administrator', disabled: false }).sort({ name: 1, _id: 1 }), limit),
    findPlatformOperator: () => users.findOne({ platformOperator: true }),
  }
}
