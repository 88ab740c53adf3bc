// The MongoDB driver is patched (patches/mongodb@7.9.0.patch): a command
// written to a socket that its peer closed in the same turn of the event
// loop — destroyed, its 'close' event still queued — waited for a 'drain'
// that never comes. The server monitor's heartbeat met exactly that when the
// database shut down, so the client never noticed the database was back and
// the API and worker answered 503 until restarted (the outage fault test
// caught it). This test fails without the patch.
import { once } from 'node:events'
import { connect, createServer, type Socket } from 'node:net'
import { MongoNetworkError } from 'mongodb'
import { Connection } from 'mongodb/lib/cmap/connection.js'
import { afterAll, beforeAll, expect, it } from 'vitest'

const server = createServer((socket) => socket.on('error', () => {}))
const accepted: Socket[] = []
server.on('connection', (socket) => accepted.push(socket))

/** A driver connection over a real socket to the test server; the server side is `accepted.at(-1)`. */
async function openConnection(): Promise<{ socket: Socket; connection: Connection }> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  while (accepted.length === 0 || accepted.at(-1)!.remotePort !== socket.localPort) await new Promise((resolve) => setImmediate(resolve))
  return { socket, connection: new Connection(socket, { id: 1, generation: 0, hostAddress: `127.0.0.1:${port}` }) }
}

/** The command's outcome: its error, 'answered', or that it was still waiting after 2 s. */
function outcomeOf(connection: Connection): Promise<unknown> {
  return Promise.race([
    connection.command({ db: 'admin', collection: '$cmd' }, { hello: 1 }, {}).then(
      () => 'answered',
      (error: unknown) => error,
    ),
    new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2_000)),
  ])
}
let port: number

beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  port = (server.address() as { port: number }).port
})
afterAll(async () => {
  for (const socket of accepted) socket.destroy()
  server.close()
  await once(server, 'close')
})

it('fails a command on a socket that closed this turn instead of waiting forever', async () => {
  const { socket, connection } = await openConnection()
  socket.destroy() // 'close' is emitted on a later tick: the connection does not know yet
  expect(await outcomeOf(connection)).toBeInstanceOf(MongoNetworkError)
})

it('fails a command on a socket the server already ended with a network error, not a bare socket error', async () => {
  const { socket, connection } = await openConnection()
  accepted.at(-1)!.end() // the database shutting down closes its side first
  await once(socket, 'end')
  expect(await outcomeOf(connection)).toBeInstanceOf(MongoNetworkError)
})
