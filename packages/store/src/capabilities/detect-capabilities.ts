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
    for (const probe of probes.filter((candidate) => !candidate.timed)) {
      answers[probe.capability] = await answerOf(probe, () => probe.run(scratch))
    }
    // Timed probes last, each in its turn, and the drops inside the turn: dropping collections is heavy
    // enough on DocumentDB to skew the timings of the process whose turn it is.
    const timed = probes.filter((candidate) => candidate.timed)
    if (timed.length > 0) await dropScratch(db, run)
    for (const probe of timed) {
      answers[probe.capability] = await answerOf(probe, () => inTurn(db, leaseOptions, () => probe.run(scratch), () => dropScratch(db, run)))
    }
  } finally {
    await dropScratch(db, run)
  }
  return capabilityProfile(minimalCapabilities, answers)
}

// One lease for every timed probe: what one process's experiment does to the server is what skews another's timings.
const timedProbeLease = 'timed-probes'

/**
 * A timed experiment, run in this process's turn. Processes that start together (the API and its workers)
 * would otherwise time their blocks beside each other's: on DocumentDB a union probe run beside another
 * process's unions said yes in 3 of 4 runs, alone in none. Without a turn the answer is no: a wrong no costs
 * commands, a wrong yes slows every job. `cleanUp` (the scratch drop) runs before the turn is given back.
 */
async function inTurn(db: Db, leaseOptions: ProbeLeaseOptions, experiment: () => Promise<boolean>, cleanUp: () => Promise<void>): Promise<boolean> {
  const turn = await withProbeLease(
    db,
    timedProbeLease,
    async () => {
      try {
        return await experiment()
      } finally {
        await cleanUp()
      }
    },
    leaseOptions,
  )
  return turn.ran ? turn.value : false
}

/** The answer of one probe's experiment: an error is a "no", except an unreachable database, which fails the detection. */
async function answerOf(probe: CapabilityProbe, experiment: () => Promise<boolean>): Promise<boolean> {
  try {
    return await experiment()
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

/** A handle's profile: the detection (or pin) under way, and its answer once it came. */
interface ProfileEntry {
  profile: Promise<ServerCapabilities>
  known?: ServerCapabilities
}

const profiles = new WeakMap<Db, ProfileEntry>()

/**
 * The profile of the server behind `db`: detected on the first call, then the
 * same immutable object for every later call on this handle (the store and
 * the queue share it). A detection that failed because the database was down
 * is tried again on the next call.
 */
export function serverCapabilities(db: Db): Promise<ServerCapabilities> {
  const current = profiles.get(db)
  if (current) return current.profile
  const entry: ProfileEntry = { profile: detectServerCapabilities(db, db.client) }
  entry.profile.then(
    (detected) => {
      entry.known = detected
    },
    () => {
      // Only this detection's entry: a profile pinned meanwhile stays.
      if (profiles.get(db) === entry) profiles.delete(db)
    },
  )
  profiles.set(db, entry)
  return entry.profile
}

/**
 * The profile of `db` if it is already known (detected or pinned), without
 * waiting or starting a detection (a metrics scrape); undefined before that.
 */
export function knownServerCapabilities(db: Db): ServerCapabilities | undefined {
  return profiles.get(db)?.known
}

/**
 * Fixes the profile of `db` instead of detecting it: for tests that force one
 * branch of a capability whatever server the machine has. Call it before the
 * store or queue first use `db`.
 */
export function pinServerCapabilities(db: Db, profile: ServerCapabilities): void {
  const pinned = Object.isFrozen(profile) ? profile : capabilityProfile(profile)
  profiles.set(db, { profile: Promise.resolve(pinned), known: pinned })
}
