// The child process of startReceiverProcess(): the webhook receiver the
// benchmarks and fault tests deliver to, in its own process so that it never
// competes with the publisher's event loop. It records when each event
// arrived and answers as the parent tells it.
import { createServer, type Server } from 'node:http'
import type { Arrival, ReceiverCommand, ReceiverMessage } from './protocol.ts'

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes. */
const preciseNow = () => performance.timeOrigin + performance.now()

let arrivals: Arrival[] = []
let answerStatus = 204
let server: Server | undefined
let port = Number(process.env.RECEIVER_PORT ?? 0)

function send(message: ReceiverMessage): void {
  process.send?.(message)
}

function open(): Promise<void> {
  server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const at = preciseNow()
      let body: { id: string; type: string }
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; type: string }
      } catch {
        // Not a webhook (another process's request on a reused port): refuse it, keep receiving.
        response.writeHead(400).end()
        return
      }
      // Connection tests are not deliveries.
      if (body.type !== 'webhook.test' || answerStatus >= 300) {
        arrivals.push({ eventId: body.id, webhookId: String(request.headers['webhook-id']), path: request.url ?? '/', at, status: answerStatus })
      }
      response.writeHead(body.type === 'webhook.test' ? 204 : answerStatus).end()
    })
  })
  return new Promise((resolve) =>
    server!.listen(port, '127.0.0.1', () => {
      port = (server!.address() as { port: number }).port
      resolve()
    }),
  )
}

function close(): Promise<void> {
  return new Promise((resolve) => {
    if (!server) return resolve()
    server.closeAllConnections()
    server.close(() => resolve())
    server = undefined
  })
}

process.on('message', (command: ReceiverCommand) => {
  void (async () => {
    switch (command.type) {
      case 'report':
        send({ type: 'report', arrivals })
        break
      case 'reset':
        arrivals = []
        send({ type: 'done' })
        break
      case 'answer':
        answerStatus = command.status
        send({ type: 'done' })
        break
      case 'close':
        await close()
        send({ type: 'done' })
        break
      case 'open':
        await open()
        send({ type: 'done' })
        break
    }
  })()
})

await open()
send({ type: 'ready', port })
