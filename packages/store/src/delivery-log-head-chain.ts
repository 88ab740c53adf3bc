import { randomBytes } from 'node:crypto'
import type { AnyBulkWriteOperation, Collection } from 'mongodb'
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
// A pointer document, `<tenantId>`, holds a recent version number so that
// nobody walks the chain from its start; it is moved every `pointerStep`
// versions, and versions more than `versionsKept` behind are deleted then,
// in one command. The pointer lags the newest version by fewer than
// `pointerStep` plus the writers racing on the tenant (one per process at a
// time: the group commit in repositories/deliveries.ts), far fewer than
// `versionsKept`, so the version it names and every one after it exist.
//
// Each process remembers the last version it read or wrote of a tenant
// (versions never change), and starts from there when it is not behind the
// pointer: a write is then the pointer read and the insert. The pointer
// carries the id of its chain, so a memory of a chain whose documents were
// dropped is never taken for the new one.

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
  /** Random, set when the pointer is created. */
  chain: string
}

export type LogHeadDocument = LogHeadVersionDocument | LogHeadPointerDocument

/** Versions kept behind the newest: many more than the pointer can lag. */
export const versionsKept = 64
/** The pointer moves (and old versions go) every this many versions. */
export const pointerStep = 8

/** Rounds a writer retries after losing the race for the next version. */
const maxRounds = 50
/** Tenants whose last version a process remembers. */
const tenantsRemembered = 1_000

interface Position {
  version: number
  head: LogHead
}

interface Remembered extends Position {
  chain: string
}

export interface LogHeadChain {
  /** The newest version of the tenant's head; an empty, unseeded head when it has none. */
  read(tenantId: string): Promise<LogHead>
  /** Writes the next version, `change` applied to the newest; retried on a lost race. */
  advance(tenantId: string, change: (head: LogHead) => LogHead): Promise<void>
}

export function createLogHeadChain(heads: Collection<LogHeadDocument>): LogHeadChain {
  const versionId = (tenantId: string, version: number) => `${tenantId}#${version}`
  const remembered = new Map<string, Remembered>()

  function remember(tenantId: string, chain: string | undefined, position: Position): void {
    remembered.delete(tenantId)
    if (chain === undefined) return
    remembered.set(tenantId, { ...position, chain })
    if (remembered.size > tenantsRemembered) remembered.delete(remembered.keys().next().value!)
  }

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

  /** A version at or after the pointer's, to walk on from; its successor may exist. */
  async function startingPoint(tenantId: string, pointer: LogHeadPointerDocument | null): Promise<Position> {
    if (!pointer) return { version: 0, head: emptyLogHead }
    const known = remembered.get(tenantId)
    if (known && known.chain === pointer.chain && known.version >= pointer.version) return known
    const head = await readVersion(tenantId, pointer.version)
    if (head) return { version: pointer.version, head }
    // The pointed version was deleted: the pointer lagged by more than
    // `versionsKept`. Go on after the kept window with an unseeded head,
    // which proves nothing until a scan seeds it again.
    return { version: pointer.version + versionsKept, head: emptyLogHead }
  }

  const readPointer = async (tenantId: string) => (await heads.findOne({ _id: tenantId })) as LogHeadPointerDocument | null

  async function movePointer(tenantId: string, version: number): Promise<void> {
    const update = { $set: { version }, $setOnInsert: { chain: randomBytes(8).toString('hex') } }
    try {
      await heads.updateOne({ _id: tenantId }, update, { upsert: true })
    } catch (error) {
      // Two first writers both created the pointer: the other's stands; move it.
      if (!isDuplicateKeyError(error)) throw error
      await heads.updateOne({ _id: tenantId }, { $set: { version } })
    }
  }

  async function afterInsert(tenantId: string, version: number, pointer: LogHeadPointerDocument | null): Promise<void> {
    if (pointer && version % pointerStep !== 0) return
    await movePointer(tenantId, version)
    const lastDeleted = version - versionsKept
    if (version % pointerStep !== 0 || lastDeleted < 1) return
    const deletions: AnyBulkWriteOperation<LogHeadDocument>[] = []
    for (let old = Math.max(1, lastDeleted - pointerStep + 1); old <= lastDeleted; old++) deletions.push({ deleteOne: { filter: { _id: versionId(tenantId, old) } } })
    await heads.bulkWrite(deletions, { ordered: false })
  }

  return {
    async read(tenantId) {
      const pointer = await readPointer(tenantId)
      const newest = await newestFrom(tenantId, await startingPoint(tenantId, pointer))
      remember(tenantId, pointer?.chain, newest)
      return newest.head
    },

    async advance(tenantId, change) {
      const pointer = await readPointer(tenantId)
      // Try the remembered or pointed version's successor at once: a lost race tells where the newest is.
      let position = await startingPoint(tenantId, pointer)
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
        remember(tenantId, pointer?.chain, { version, head: next })
        await afterInsert(tenantId, version, pointer)
        return
      }
      throw new StoreError('conflict', `The delivery log head of tenant ${tenantId} kept changing under ${maxRounds} writes in a row`)
    },
  }
}
