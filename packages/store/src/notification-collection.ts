import type { Db } from 'mongodb'
import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { collectionNames } from './collections.ts'

/**
 * Job notifications: a capped collection, so it never grows and MongoDB can
 * push new entries to a tailable cursor. Small entries, few kept: an entry
 * only has to live until every worker has seen it.
 */
export const notificationCollectionOptions = { capped: true, size: 256 * 1024, max: 1000 } as const

/**
 * Creates the capped notification collection if it is missing. A plain
 * collection of that name (created implicitly by an insert that came first)
 * is replaced: its entries are only wake-up calls, safe to lose. On a server
 * without capped collections a plain one is kept (its readers trim it).
 */
export async function ensureNotificationCollection(db: Db, capabilities: Pick<ServerCapabilities, 'cappedCollections'>): Promise<void> {
  const name = collectionNames.agendaNotifications
  const [existing] = await db.listCollections({ name }, { nameOnly: false }).toArray()
  const capped = (existing as { options?: { capped?: boolean } } | undefined)?.options?.capped === true
  if (existing && (capped || !capabilities.cappedCollections)) return
  if (existing) await db.collection(name).drop().catch(() => undefined)
  try {
    await db.createCollection(name, notificationCollectionOptions)
  } catch (error) {
    // Another process created it between our check and our create.
    if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error
  }
}
