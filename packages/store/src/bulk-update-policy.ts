import type { Db } from 'mongodb'

/**
 * How to send many update statements to this server.
 *
 * FerretDB 1.24 (SQLite) keeps one SQLite connection per statement of an
 * `update` command open until the whole command ends, from a pool of 100:
 * one 100-statement command, or four 30-statement commands at once, wait
 * forever for a connection and starve every other client. On FerretDB the
 * statements therefore go in small commands, at most two commands at a time
 * per process. MongoDB takes one command per batch.
 */
export interface BulkUpdatePolicy {
  statementsPerCommand: number
  /** Runs one command under the process-wide limit. */
  run<T>(command: () => Promise<T>): Promise<T>
}

const ferretDbStatementsPerCommand = 8
const ferretDbCommandsAtOnce = 2

const unlimited: BulkUpdatePolicy = { statementsPerCommand: 1_000, run: (command) => command() }

/** Detected once per database handle (`buildInfo` names FerretDB). */
const policies = new WeakMap<Db, Promise<BulkUpdatePolicy>>()

export function bulkUpdatePolicy(db: Db): Promise<BulkUpdatePolicy> {
  let policy = policies.get(db)
  if (!policy) {
    policy = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => ('ferretdbVersion' in info ? ferretDbPolicy : unlimited))
    // A failed probe (database down) is retried on the next call.
    policy.catch(() => policies.delete(db))
    policies.set(db, policy)
  }
  return policy
}

const ferretDbPolicy: BulkUpdatePolicy = {
  statementsPerCommand: ferretDbStatementsPerCommand,
  run: limitConcurrency(ferretDbCommandsAtOnce),
}

function limitConcurrency(limit: number): <T>(command: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (command) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await command()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}
