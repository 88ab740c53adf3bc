import { BSON, type MongoClient } from 'mongodb'

/** Where the counts of a client's database commands go (the API's and the worker's Prometheus counters). */
export interface DatabaseCommandSink {
  /** A command was sent: its name and the BSON size of the command document. */
  sent(commandName: string, bytes: number): void
  /** Its answer came back: the BSON size of the reply (0 when it failed before one arrived). */
  answered(commandName: string, bytes: number, failed: boolean): void
}

/**
 * Counts every command `client` sends, by name, with the bytes sent and
 * received, from the driver's command monitoring (the client must be created
 * with `monitorCommands: true`, as `connectDatabase` does). The bytes are an
 * estimate: the BSON size of the command (with the documents of an
 * insert/update sequence folded in, as the driver reports it) and of the
 * reply, without the 21 bytes of OP_MSG framing per message and without wire
 * compression (off by default). Returns a function that stops counting.
 */
export function watchDatabaseCommands(client: MongoClient, sink: DatabaseCommandSink): () => void {
  const onStarted = (event: { commandName: string; command: object }) => sink.sent(event.commandName, bsonSize(event.command))
  const onSucceeded = (event: { commandName: string; reply: unknown }) => sink.answered(event.commandName, bsonSize(event.reply), false)
  const onFailed = (event: { commandName: string }) => sink.answered(event.commandName, 0, true)
  client.on('commandStarted', onStarted)
  client.on('commandSucceeded', onSucceeded)
  client.on('commandFailed', onFailed)
  return () => {
    client.off('commandStarted', onStarted)
    client.off('commandSucceeded', onSucceeded)
    client.off('commandFailed', onFailed)
  }
}

function bsonSize(document: unknown): number {
  if (document === null || typeof document !== 'object') return 0
  try {
    return BSON.calculateObjectSize(document as BSON.Document)
  } catch {
    // A reply the driver could not hand over as a plain document: counted as a command, not as bytes.
    return 0
  }
}
