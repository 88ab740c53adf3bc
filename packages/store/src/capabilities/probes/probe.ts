import type { Collection, Db, Document, MongoClient } from 'mongodb'
import type { CapabilityName } from '../server-capabilities.ts'

/**
 * Scratch collections for one detection run, named
 * `hookline_probe_<run>_<name>` so they can never meet Hookline's own data,
 * and all dropped when the run ends.
 */
export interface ScratchSpace {
  readonly db: Db
  readonly client: MongoClient
  /** A scratch collection's name (it is created by whoever uses it first). */
  name(label: string): string
  collection<T extends Document = Document>(label: string): Collection<T>
}

/**
 * One experiment: resolves whether the server really does one thing. A
 * server that refuses the experiment may simply throw: the detector counts
 * any error as "no", except one that says the database is unreachable, which
 * fails the detection (so an outage is never mistaken for a missing feature).
 */
export interface CapabilityProbe {
  readonly capability: CapabilityName
  /**
   * The answer compares timings that another process's probe can skew (its
   * commands slow the server for everyone): the detector then runs it only
   * while no other process sharing the database runs a timed probe, and
   * answers "no" if its turn does not come.
   */
  readonly timed?: boolean
  run(scratch: ScratchSpace): Promise<boolean>
}
