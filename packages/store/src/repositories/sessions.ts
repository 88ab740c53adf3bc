import type { Collection } from 'mongodb'
import type { SessionDocument } from '../documents.ts'
import { newId } from '../ids.ts'

export type SessionEndReason = 'signed-out' | 'password-changed' | 'password-reset' | 'user-disabled' | 'user-deleted'

export interface SessionRepository {
  /** A new live session; also forgets this user's sessions that have expired. */
  create(input: { tenantId: string; userId: string; expiresAt: Date }): Promise<SessionDocument>
  /** The session if it is live: not revoked, not expired. */
  findLive(sessionId: string): Promise<SessionDocument | null>
  revoke(sessionId: string, reason: SessionEndReason): Promise<void>
  /** Ends every live session of the user, except `keep` (the caller's own, on a password change). */
  revokeAllOf(userId: string, reason: SessionEndReason, keep?: string): Promise<number>
}

export function createSessionRepository(sessions: Collection<SessionDocument>, now: () => Date): SessionRepository {
  return {
    async create({ tenantId, userId, expiresAt }) {
      const at = now()
      const document: SessionDocument = { _id: newId('ses'), tenantId, userId, createdAt: at, expiresAt }
      await sessions.deleteMany({ userId, expiresAt: { $lt: at } })
      await sessions.insertOne(document)
      return document
    },
    async findLive(sessionId) {
      const session = await sessions.findOne({ _id: sessionId })
      if (!session || session.revokedAt || session.expiresAt <= now()) return null
      return session
    },
    async revoke(sessionId, reason) {
      await sessions.updateOne({ _id: sessionId, revokedAt: { $exists: false } }, { $set: { revokedAt: now(), revokedReason: reason } })
    },
    async revokeAllOf(userId, reason, keep) {
      const result = await sessions.updateMany(
        { userId, revokedAt: { $exists: false }, ...(keep ? { _id: { $ne: keep } } : {}) },
        { $set: { revokedAt: now(), revokedReason: reason } },
      )
      return result.modifiedCount
    },
  }
}
