import type { Collection } from 'mongodb'
import { emptyLogHead, type LogHead, type LogKey } from './delivery-log-head.ts'
import { isDuplicateKeyError, StoreError } from './errors.ts'

// A tenant's log head (delivery-log-head.ts) kept as a chain of immutable
// versions, `<tenantId>#<n>`, each written by one insert. FerretDB 1.24
// updates a document by reading it and writing it back, so two concurrent
// updates of one document can lose one of them (there is no atomic
// read-modify-write there), but an insert of an `_id` that exists always
// fails: whoever inserts version n + 1 has built it from version n, and a
// writer that loses the race reads the winner's version and builds on it.
// Every read and write names an exact `_id`, the one filter FerretDB 1.24
// hands to SQLite, so none of them scans.
//
// A pointer document, `<tenantId>`, holds a recent version number so a
// reader does not walk the chain from its start; old versions are deleted
// `versionsKept` behind the newest. The pointer is set after each insert
// and may briefly lag by the writers racing on the tenant (one per process
// at a time, see the group commit in repositories/deliveries.ts), far fewer
// than `versionsKept`.

export interface LogHeadVersionDocument {
  _id: string
  version: number
  entries: LogKey[]
  seeded: boolean
  floor: LogKey | null
}

export interface LogHeadPointerDocument {
  _id: string
  version: number
}

export type LogHeadDocument = LogHeadVersionDocument | LogHeadPointerDocument

/** Versions kept behind the newest: many more than the writers that can race on one tenant. */
export const versionsKept = 64

/** Rounds a writer retries after losing the race for the next version. */
const maxRounds = 50

interface Position {
  version: number
  head: LogHead
}

export interface LogHeadChain {
  /** The newest version of the tenant's head; an empty, unseeded head when it has none. */
  read(tenantId: string): Promise<LogHead>
  /** Writes the next version, `change` applied to the newest; retried on a lost race. */
  advance(tenantId: string, change: (head: LogHead) => LogHead): Promise<void>
}

export function createLogHeadChain(heads: Collection<LogHeadDocument>): LogHeadChain {
  const versionId = (tenantId: string, version: number) => `${tenantId}#${version}`

  async function readVersion(tenantId: string, version: number): Promise<LogHead | undefined> {
    const found = (await heads.findOne({ _id: versionId(tenantId, version) })) as LogHeadVersionDocument | null
    return found ? { entries: found.entries, seeded: found.seeded, floor: found.floor } : undefined
  }

  /** From a known version to the newest: the first version without a successor. */
  async function newestFrom(tenantId: string, start: Position): Promise<Position> {
    let position = start
    for (;;) {
      const next = await readVersion(tenantId, position.version + 1)
      if (!next) return position
      position = { version: position.version + 1, head: next }
    }
  }

  async function newest(tenantId: string): Promise<Position> {
    const pointer = (await heads.findOne({ _id: tenantId })) as LogHeadPointerDocument | null
    if (!pointer) return newestFrom(tenantId, { version: 0, head: emptyLogHead })
    const head = await readVersion(tenantId, pointer.version)
    if (head) return newestFrom(tenantId, { version: pointer.version, head })
    // The pointed version was deleted: the pointer lagged by more than
    // `versionsKept`. Continue after the kept window with an unseeded head,
    // which proves nothing until a scan seeds it again.
    return newestFrom(tenantId, { version: pointer.version + versionsKept, head: emptyLogHead })
  }

  return {
    read: async (tenantId) => (await newest(tenantId)).head,

    async advance(tenantId, change) {
      let position = await newest(tenantId)
      for (let round = 0; round < maxRounds; round++) {
        const version = position.version + 1
        const next = change(position.head)
        try {
          await heads.insertOne({ _id: versionId(tenantId, version), version, entries: next.entries, seeded: next.seeded, floor: next.floor })
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error
          position = await newestFrom(tenantId, position)
          continue
        }
        await heads.updateOne({ _id: tenantId }, { $set: { version } }, { upsert: true })
        if (version > versionsKept) await heads.deleteOne({ _id: versionId(tenantId, version - versionsKept) })
        return
      }
      throw new StoreError('conflict', `The delivery log head of tenant ${tenantId} kept changing under ${maxRounds} writes in a row`)
    },
  }
}
