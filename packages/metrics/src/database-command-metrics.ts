import { watchDatabaseCommands, type Database } from '@hookline/store'
import { Counter, type Registry } from 'prom-client'

/**
 * A process's database commands by name and collection, and the bytes they carried, on its
 * /metrics: what a publish (API) or a delivery (worker) costs the database,
 * whatever the server. The names are a contract: the benchmarks read them from
 * both processes and divide them by the events published or deliveries made.
 * Counts only on a client created with command monitoring (connectDatabase's);
 * the returned function stops counting (the client may outlive the registry).
 */
export function registerDatabaseCommandMetrics(registry: Registry, client: Database['client']): () => void {
  const commands = new Counter({
    name: 'hookline_database_commands_total',
    help: 'Database commands sent, by command name, outcome (ok, failed) and the collection named (empty for server commands).',
    labelNames: ['command', 'outcome', 'collection'] as const,
    registers: [registry],
  })
  const sent = new Counter({
    name: 'hookline_database_sent_bytes_total',
    help: 'Bytes of the commands written to the database, as on the wire (counted when each answer comes).',
    registers: [registry],
  })
  const received = new Counter({
    name: 'hookline_database_received_bytes_total',
    help: 'BSON bytes of the replies received from the database (without wire framing).',
    registers: [registry],
  })
  return watchDatabaseCommands(client, {
    sent: (_command, bytes) => sent.inc(bytes),
    answered(command, bytes, failed, collection) {
      commands.inc({ command, outcome: failed ? 'failed' : 'ok', collection })
      if (bytes > 0) received.inc(bytes)
    },
  })
}
