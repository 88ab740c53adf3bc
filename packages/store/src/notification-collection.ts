import type { Db } from 'mongodb'
import { collectionNames } from './collections.ts'
import { probeCappedCollections, probeTtlIndexes } from './engine-probes.ts'

/**
 * Job notifications: a capped collection, so it never grows and MongoDB can
 * push new entries to a tailable cursor. Small entries, few kept: an entry
 * only has to live until every worker has seen it.
 */
export const notificationCollectionOptions = { capped: true, size: 256 * 1024, max: 1000 } as const

/** Where capped collections are not real, entries expire this soon through a TTL index instead. */
export const notificationTtlSeconds = 60

/**
 * Creates the capped notification collection if it is missing. A plain
 * collection of that name (created implicitly by an insert that came first)
 * is replaced: its entries are only wake-up calls, safe to lose. On a server
 * that only pretends to cap (FerretDB 2) the plain collection is kept, not
 * replaced at every start, and bounded by a TTL index where the server has
 * them (pollers also trim it).
 */
export async function ensureNotificationCollection(db: Db): Promise<void> {
  if (!(await probeCappedCollections(db))) return ensurePlainNotificationCollection(db)
  const name = collectionNames.agendaNotifications
  const [existing] = await db.listCollections({ name }, { nameOnly: false }).toArray()
  const capped = (existing as { options?: { capped?: boolean } } | undefined)?.options?.capped === true
  if (existing && capped) return
  if (existing) await db.collection(name).drop().catch(() => undefined)
  try {
    await db.createCollection(name, notificationCollectionOptions)
  } catch (error) {
    // Another process created it between our check and our create.
    if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error
  }
}

async function ensurePlainNotificationCollection(db: Db): Promise<void> {
  const collection = db.collection(collectionNames.agendaNotifications)
  if (!(await probeTtlIndexes(db))) return
  await collection.createIndex({ at: 1 }, { name: 'at_ttl', expireAfterSeconds: notificationTtlSeconds })
}
