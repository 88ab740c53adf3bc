// Benchmark (not a test): how many BSON bytes one delivery costs after 1, 2
// and 4 attempts, as the worker writes them. Real attempts (the dispatcher
// against a loopback receiver: 503 with nginx's error page, then 200), the
// worker's verdict, the store's batch write; then the stored documents are
// read back and sized with the driver's BSON.calculateObjectSize. Prints the
// delivery document and the attempt records apart (attempt records live in
// `delivery_attempts` since issue #18; before, inside the delivery).
//
//   pnpm --filter @hookline/worker bench:document-size [-- --deliveries 100]
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { startDevDatabase } from '@hookline/dev-db'
import { createAddressPolicy, deliver, type DeliveryRequest } from '@hookline/dispatcher'
import { collectionNames, newDelivery, openStore, type AppDocument, type DeliveryDocument, type DeliveryProgress } from '@hookline/store'
import { startReceiver } from '@hookline/test-receiver'
import { BSON, MongoClient } from 'mongodb'
import { judgeAttempt } from '../src/delivery/attempt-progress.ts'

const { values } = parseArgs({ options: { deliveries: { type: 'string', default: '100' } } })
const perRound = Number(values.deliveries)
const failedPage =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

const database = await startDevDatabase({ log: () => {} })
const client = await MongoClient.connect(database.uri)
const db = client.db(`bench_doc_size_${randomBytes(4).toString('hex')}`)
let attemptsToGo = new Map<string, number>()
const receiver = await startReceiver((request) => {
  const id = request.headers['webhook-id'] as string
  const left = (attemptsToGo.get(id) ?? 1) - 1
  attemptsToGo.set(id, left)
  return left > 0 ? { status: 503, body: failedPage, headers: { 'content-type': 'text/html' } } : { status: 200, body: '{"received":true,"queued":1}' }
})
try {
  const store = openStore(db, { secretKey: randomBytes(32) })
  await store.ensureIndexes()
  const addressPolicy = createAddressPolicy({ allow: ['127.0.0.0/8'], allowHttp: true })
  const app = {
    _id: 'app_000000000000000000000001',
    tenantId: 'ten_bench',
    name: 'Media sync',
    endpoint: `${receiver.url}/hooks/receive`,
    retries: 5,
    retryDelaySeconds: 1,
  } as AppDocument
  const secret = `whsec_${randomBytes(24).toString('base64')}`
  const rows: { attempts: number; deliveryBytes: number; attemptBytes: number; totalBytes: number }[] = []
  for (const attempts of [1, 2, 4]) {
    const at = new Date()
    let deliveries: DeliveryDocument[] = Array.from({ length: perRound }, (_, index) =>
      newDelivery({ app, event: { _id: `evt_size_${attempts}_${index}`, type: 'media.updated', portalEventId: 'MashupUpdated' }, at }),
    )
    await store.deliveries.insertMany(deliveries)
    attemptsToGo = new Map(deliveries.map((delivery) => [delivery.messageId, attempts]))
    for (let round = 0; round < attempts; round++) {
      const progress: DeliveryProgress[] = []
      for (const delivery of deliveries) {
        const request: DeliveryRequest = {
          url: app.endpoint,
          messageId: delivery.messageId,
          body: JSON.stringify({ id: delivery.eventId, type: 'media.updated', subjectDetail: { Id: 1 } }),
          signingSecrets: [secret],
          auth: { type: 'basic', username: 'hook', password: 's3cret' },
          headers: { 'X-Team.Id': 'video' },
          sensitiveHeaders: [],
        }
        const outcome = await deliver(request, { addressPolicy })
        const { progress: item } = judgeAttempt(delivery, app, outcome, new Date())
        progress.push({ ...item, from: { tenantId: delivery.tenantId, appId: delivery.appId, createdAt: delivery.createdAt, status: delivery.status } })
      }
      await store.deliveries.recordProgress(progress)
      deliveries = await store.deliveries.findByIds(deliveries.map((delivery) => delivery._id))
    }
    const deliveryBytes = deliveries.reduce((sum, delivery) => sum + BSON.calculateObjectSize(delivery), 0) / deliveries.length
    const attemptRecords = await db
      .collection('delivery_attempts')
      .find({ _id: { $in: deliveries.flatMap((delivery) => Array.from({ length: attempts }, (_, index) => `${delivery._id}:${index + 1}`)) } } as never)
      .toArray()
    const attemptBytes = attemptRecords.reduce((sum, record) => sum + BSON.calculateObjectSize(record), 0) / deliveries.length
    rows.push({ attempts, deliveryBytes: Math.round(deliveryBytes), attemptBytes: Math.round(attemptBytes), totalBytes: Math.round(deliveryBytes + attemptBytes) })
  }
  console.log(`collections: ${collectionNames.deliveries}${'deliveryAttempts' in collectionNames ? ` + ${String(collectionNames.deliveryAttempts)}` : ''}; ${perRound} deliveries per row`)
  console.table(rows)
} finally {
  await db.dropDatabase().catch(() => {})
  await client.close()
  await receiver.close()
  await database.stop()
}
