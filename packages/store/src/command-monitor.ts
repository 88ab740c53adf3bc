import { BSON, type MongoClient } from 'mongodb'

/** Where the counts of a client's database commands go (the API's and the worker's Prometheus counters). */
export interface DatabaseCommandSink {
  /** A command was sent: its name, the collection it names (`''` for none) and the BSON size of the command document. */
  sent(commandName: string, bytes: number, collection: string): void
  /** Its answer came back: the BSON size of the reply (0 when it failed before one arrived). */
  answered(commandName: string, bytes: number, failed: boolean, collection: string): void
}

/**
 * Counts every command `client` sends, by name and collection, with the bytes
 * sent and received, from the driver's command monitoring (the client must be
 * created with `monitorCommands: true`, as `connectDatabase` does). The
 * collection tells a delivery's own work from background traffic such as the
 * job doorbell's polls, which a server with tailable cursors does not need.
 * The bytes are an estimate: the BSON size of the command (with the documents
 * of an insert/update sequence folded in, as the driver reports it) and of
 * the reply, without the 21 bytes of OP_MSG framing per message and without
 * wire compression (off by default). Returns a function that stops counting.
 */
export function watchDatabaseCommands(client: MongoClient, sink: DatabaseCommandSink): () => void {
  // The reply events do not carry the command, so its collection waits here, by request id, until the reply comes.
  const collections = new Map<number, string>()
  const answeredCollection = (requestId: number) => {
    const collection = collections.get(requestId) ?? ''
    collections.delete(requestId)
    return collection
  }
  const onStarted = (event: { commandName: string; command: BSON.Document; requestId: number }) => {
    const collection = collectionOf(event.commandName, event.command)
    collections.set(event.requestId, collection)
    sink.sent(event.commandName, bsonSize(event.command), collection)
  }
  // A cursor's reply carries its size (our driver patch): reading `reply` would decode the whole batch a second time.
  const onSucceeded = (event: { commandName: string; reply: unknown; replyByteLength?: number; requestId: number }) =>
    sink.answered(
      event.commandName,
      typeof event.replyByteLength === 'number' ? event.replyByteLength : bsonSize(event.reply),
      false,
      answeredCollection(event.requestId),
    )
  const onFailed = (event: { commandName: string; requestId: number }) => sink.answered(event.commandName, 0, true, answeredCollection(event.requestId))
  client.on('commandStarted', onStarted)
  client.on('commandSucceeded', onSucceeded)
  client.on('commandFailed', onFailed)
  return () => {
    client.off('commandStarted', onStarted)
    client.off('commandSucceeded', onSucceeded)
    client.off('commandFailed', onFailed)
    collections.clear()
  }
}

/**
 * The collection a command works on: the value of its first field for the
 * CRUD commands (`{ find: 'deliveries', … }`), `collection` for `getMore`,
 * nothing for commands on the server or the database (`ping`, `hello`).
 */
function collectionOf(commandName: string, command: BSON.Document): string {
  const named = commandName === 'getMore' ? command.collection : command[commandName]
  return typeof named === 'string' ? named : ''
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
