import type { Db } from 'mongodb'
import { limitConcurrency } from './limit-concurrency.ts'
import { isFerretDbOnSqlite } from './server-kind.ts'

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

export async function bulkUpdatePolicy(db: Db): Promise<BulkUpdatePolicy> {
  return (await isFerretDbOnSqlite(db)) ? ferretDbPolicy : unlimited
}

const ferretDbPolicy: BulkUpdatePolicy = {
  statementsPerCommand: ferretDbStatementsPerCommand,
  run: limitConcurrency(ferretDbCommandsAtOnce),
}
