/**
 * What the database server really does, learned once per connection by
 * running small experiments (see probes/), never from its name or version:
 * a server that reports itself as MongoDB may still lack a feature, and one
 * that names itself otherwise may have it. Only `@hookline/store` and
 * `@hookline/queue` read the profile; every workaround in them reads one
 * field of it.
 */
export interface ServerCapabilities {
  /** `create` with `capped: true` makes a collection that `listCollections` reports as capped. */
  readonly cappedCollections: boolean
  /** A tailable, awaitData cursor on a capped collection stays open after its first batch. */
  readonly tailableCursors: boolean
  /** An index with `expireAfterSeconds` is accepted and kept (the server deletes expired documents). */
  readonly ttlIndexes: boolean
  /** A multi-document transaction commits. */
  readonly transactions: boolean
  /** Concurrent `findOneAndUpdate`s of one document: exactly one of them matches. */
  readonly atomicFindAndModify: boolean
  /**
   * A filter other than an exact `_id` (here `_id: { $in }`) is evaluated by
   * the storage engine through an index. Without it every such query scans
   * the collection in the server, so the store reads by single `_id`s and
   * writes in small commands.
   */
  readonly filterPushdown: boolean
  /**
   * A find on an index's leading field, sorted on its next field, is served
   * in index order (no sort stage): a page costs its own rows, however many
   * the filter matches. Without it the store reads the log's pages in time
   * windows so each sort sees a bounded number of rows.
   */
  readonly indexOrderedSort: boolean
  /**
   * A find's `hint` decides which index the server uses. Where the log is
   * read in time windows, the store names the index whose keys make each
   * window a range of the index (delivery-log-index.ts) rather than trust a
   * planner that may filter the window out of another index's rows.
   */
  readonly indexHints: boolean
  /**
   * An index created with `enableOrderedIndex: true` is built ordered on all
   * its keys together (DocumentDB's composite terms), so a range on its
   * second key is a range of the index. The log's list indexes are created
   * so there (ensureIndexes): each time window then costs its own rows, not
   * the tenant's.
   */
  readonly orderedIndexes: boolean
  /**
   * An aggregation's `$unionWith` stage adds a second collection's documents
   * (read by `_id` through their index where filters are pushed down) to the
   * first's, and answers not much slower than the separate reads it replaces.
   * The worker then reads a job's deliveries, their events and their apps in
   * one command instead of three. (DocumentDB runs the stage, but slowly.)
   */
  readonly unionReads: boolean
}

export type CapabilityName = keyof ServerCapabilities

/** A server that offers everything (MongoDB): the profile to write tests against by default. */
export const fullCapabilities: ServerCapabilities = Object.freeze({
  cappedCollections: true,
  tailableCursors: true,
  ttlIndexes: true,
  transactions: true,
  atomicFindAndModify: true,
  filterPushdown: true,
  indexOrderedSort: true,
  indexHints: true,
  orderedIndexes: false,
  unionReads: true,
})

/** A server that offers none of it: every workaround on. */
export const minimalCapabilities: ServerCapabilities = Object.freeze({
  cappedCollections: false,
  tailableCursors: false,
  ttlIndexes: false,
  transactions: false,
  atomicFindAndModify: false,
  filterPushdown: false,
  indexOrderedSort: false,
  indexHints: false,
  orderedIndexes: false,
  unionReads: false,
})

/** One immutable profile, with the fields given by `overrides` changed. */
export function capabilityProfile(base: ServerCapabilities, overrides: Partial<ServerCapabilities> = {}): ServerCapabilities {
  return Object.freeze({ ...base, ...overrides })
}

/** A one-line description for start-up logs: `capped, tailable, no ttl, …`. */
export function describeCapabilities(profile: ServerCapabilities): Record<CapabilityName, boolean> {
  return { ...profile }
}
