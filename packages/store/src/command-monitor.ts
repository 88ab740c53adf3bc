import { BSON, type MongoClient } from 'mongodb'

/** Where the counts of a client's database commands go (the API's and the worker's Prometheus counters). */
export interface DatabaseCommandSink {
  /** A command was sent: its name, the collection it names (`''` for none) and its size on the wire. */
  sent(commandName: string, bytes: number, collection: string): void
  /** Its answer came back: the BSON size of the reply (0 when it failed before one arrived). */
  answered(commandName: string, bytes: number, failed: boolean, collection: string): void
}

/** What the started event leaves for the command's answer: the reply events carry neither. */
interface PendingCommand {
  collection: string
  command: BSON.Document
}

/** The fields of a command's closing event we read; `commandByteLength` and `replyByteLength` come from our driver patch. */
interface ClosingEvent {
  commandName: string
  requestId: number
  commandByteLength?: number
}

/**
 * Counts every command `client` sends, by name and collection, with the bytes
 * sent and received, from the driver's command monitoring (the client must be
 * created with `monitorCommands: true`, as `connectDatabase` does). The
 * collection tells a delivery's own work from background traffic such as the
 * job doorbell's polls, which a server with tailable cursors does not need.
 *
 * A command is counted once its answer (or failure) is known, with the size
 * the driver wrote on the wire (our driver patch; framing, document sequences
 * and any compression included) and the BSON size of the reply. Sizing a
 * command by walking it again, as before, cost the worker 2 % of its CPU on
 * batches of 1,000 attempt records. Returns a function that stops counting.
 */
export function watchDatabaseCommands(client: MongoClient, sink: DatabaseCommandSink): () => void {
  const pending = new Map<number, PendingCommand>()
  const close = (event: ClosingEvent): string => {
    const started = pending.get(event.requestId)
    pending.delete(event.requestId)
    const collection = started?.collection ?? ''
    // A driver without our patch: size the command as it was sent.
    const bytes = typeof event.commandByteLength === 'number' ? event.commandByteLength : bsonSize(started?.command)
    sink.sent(event.commandName, bytes, collection)
    return collection
  }
  const onStarted = (event: { commandName: string; command: BSON.Document; requestId: number }) => {
    pending.set(event.requestId, { collection: collectionOf(event.commandName, event.command), command: event.command })
  }
  // A cursor's reply carries its size (our driver patch): reading `reply` would decode the whole batch a second time.
  const onSucceeded = (event: ClosingEvent & { reply: unknown; replyByteLength?: number }) => {
    const collection = close(event)
    sink.answered(event.commandName, typeof event.replyByteLength === 'number' ? event.replyByteLength : bsonSize(event.reply), false, collection)
  }
  const onFailed = (event: ClosingEvent) => sink.answered(event.commandName, 0, true, close(event))
  client.on('commandStarted', onStarted)
  client.on('commandSucceeded', onSucceeded)
  client.on('commandFailed', onFailed)
  return () => {
    client.off('commandStarted', onStarted)
    client.off('commandSucceeded', onSucceeded)
    client.off('commandFailed', onFailed)
    pending.clear()
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
