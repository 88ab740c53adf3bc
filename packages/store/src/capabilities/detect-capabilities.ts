import { randomBytes } from 'node:crypto'
import type { Db, MongoClient } from 'mongodb'
import { isDatabaseUnavailable } from '../errors.ts'
import { withProbeLease, type ProbeLeaseOptions } from './probe-lease.ts'
import { capabilityProbes, type CapabilityProbe, type ScratchSpace } from './probes/index.ts'
import { capabilityProfile, minimalCapabilities, type ServerCapabilities } from './server-capabilities.ts'

const scratchPrefix = 'hookline_probe_'

/**
 * Runs every probe against the server behind `db`, in scratch collections
 * that are dropped afterwards, and returns the immutable profile. Throws
 * (with the driver's error as `cause`) only when the database cannot be
 * reached; a probe the server refuses simply answers "no".
 */
export async function detectServerCapabilities(
  db: Db,
  client: MongoClient,
  probes: readonly CapabilityProbe[] = capabilityProbes,
  leaseOptions: ProbeLeaseOptions = {},
): Promise<ServerCapabilities> {
  const run = `${scratchPrefix}${randomBytes(4).toString('hex')}_`
  const scratch: ScratchSpace = {
    db,
    client,
    name: (label) => `${run}${label}`,
    collection: (label) => db.collection(`${run}${label}`),
  }
  const answers: Partial<Record<keyof ServerCapabilities, boolean>> = {}
  try {
    // One after another: probes create collections, and some servers take a write lock for each.
    for (const probe of probes.filter((candidate) => !candidate.timed)) answers[probe.capability] = await runProbe(probe, scratch)
    // Timed probes last, each in its turn, and the drops inside the turn: dropping collections is heavy
    // enough on DocumentDB to skew the timings of the process whose turn it is.
    const timed = probes.filter((candidate) => candidate.timed)
    if (timed.length > 0) await dropScratch(db, run)
    for (const probe of timed) answers[probe.capability] = await runTimedProbe(probe, scratch, leaseOptions, () => dropScratch(db, run))
  } finally {
    await dropScratch(db, run)
  }
  return capabilityProfile(minimalCapabilities, answers)
}

// One lease for every timed probe: what one process's experiment does to the server is what skews another's timings.
const timedProbeLease = 'timed-probes'

/**
 * A timed probe, run in this process's turn. Processes that start together (the API and its workers) would
 * otherwise time their blocks beside each other's: on DocumentDB a union probe run beside another process's
 * unions said yes in 3 of 4 runs, alone in none. Without a turn the answer is no: a wrong no costs commands,
 * a wrong yes slows every job. `cleanUp` (the scratch drop) runs before the turn is given back.
 */
function runTimedProbe(probe: CapabilityProbe, scratch: ScratchSpace, leaseOptions: ProbeLeaseOptions, cleanUp: () => Promise<void>): Promise<boolean> {
  return runProbe({
    capability: probe.capability,
    async run() {
      const turn = await withProbeLease(scratch.db, timedProbeLease, async () => {
        try {
          return await probe.run(scratch)
        } finally {
          await cleanUp()
        }
      }, leaseOptions)
      return turn.ran ? turn.value : false
    },
  }, scratch)
}

async function runProbe(probe: CapabilityProbe, scratch: ScratchSpace): Promise<boolean> {
  try {
    return await probe.run(scratch)
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new Error(`Cannot detect the database's capabilities (probe ${probe.capability})`, { cause: error })
    }
    return false
  }
}

async function dropScratch(db: Db, run: string): Promise<void> {
  const names = await db
    .listCollections({}, { nameOnly: true })
    .toArray()
    .catch(() => [])
  await Promise.all(names.filter(({ name }) => name.startsWith(run)).map(({ name }) => db.dropCollection(name).catch(() => false)))
}

const profiles = new WeakMap<Db, Promise<ServerCapabilities>>()
// The same profiles once settled, for readers that must not wait or start a detection (a metrics scrape).
const settled = new WeakMap<Db, ServerCapabilities>()

/**
 * The profile of the server behind `db`: detected on the first call, then the
 * same immutable object for every later call on this handle (the store and
 * the queue share it). A detection that failed because the database was down
 * is tried again on the next call.
 */
export function serverCapabilities(db: Db): Promise<ServerCapabilities> {
  let profile = profiles.get(db)
  if (!profile) {
    const detection = detectServerCapabilities(db, db.client)
    detection.then(
      (detected) => {
        if (profiles.get(db) === detection) settled.set(db, detected)
      },
      () => {
        // Only this detection's entry: a profile pinned meanwhile stays.
        if (profiles.get(db) === detection) profiles.delete(db)
      },
    )
    profiles.set(db, detection)
    profile = detection
  }
  return profile
}

/**
 * The profile of `db` if it is already known (detected or pinned), without
 * waiting or starting a detection; undefined before that.
 */
export function knownServerCapabilities(db: Db): ServerCapabilities | undefined {
  return settled.get(db)
}

/**
 * Fixes the profile of `db` instead of detecting it: for tests that force one
 * branch of a capability whatever server the machine has. Call it before the
 * store or queue first use `db`.
 */
export function pinServerCapabilities(db: Db, profile: ServerCapabilities): void {
  const pinned = Object.isFrozen(profile) ? profile : capabilityProfile(profile)
  profiles.set(db, Promise.resolve(pinned))
  settled.set(db, pinned)
}
