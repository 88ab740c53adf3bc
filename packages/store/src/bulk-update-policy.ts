import type { ServerCapabilities } from './capabilities/server-capabilities.ts'
import { limitConcurrency } from './limit-concurrency.ts'

/**
 * How to send many update statements to this server.
 *
 * FerretDB 1.24 (SQLite) keeps one SQLite connection per statement of an
 * `update` command open until the whole command ends, from a pool of 100:
 * one 100-statement command, or four 30-statement commands at once, wait
 * forever for a connection and starve every other client. That backend is
 * the one that evaluates filters itself (no filter pushdown), and the hang
 * cannot be probed safely (a probe would starve the pool it measures), so
 * a server without pushdown gets small commands, at most two at a time per
 * process. A server with pushdown takes one command per batch.
 */
export interface BulkUpdatePolicy {
  statementsPerCommand: number
  /** Runs one command under the process-wide limit. */
  run<T>(command: () => Promise<T>): Promise<T>
}

const smallStatementsPerCommand = 8
const smallCommandsAtOnce = 2

const unlimited: BulkUpdatePolicy = { statementsPerCommand: 1_000, run: (command) => command() }

export function bulkUpdatePolicy(capabilities: ServerCapabilities): BulkUpdatePolicy {
  return capabilities.filterPushdown ? unlimited : smallCommands
}

const smallCommands: BulkUpdatePolicy = {
  statementsPerCommand: smallStatementsPerCommand,
  run: limitConcurrency(smallCommandsAtOnce),
}
