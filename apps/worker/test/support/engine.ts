import { randomBytes } from 'node:crypto'
import { serializeEnvelope } from '@hookline/core'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { newDelivery, newSortableId, openStore, type AppDocument, type DeliveryDocument, type NewApp, type Store } from '@hookline/store'
import { pino } from 'pino'
import { createDeliveryQueue, type DeliveryQueue } from '@hookline/queue'
import { createWorker, type CreateWorkerOptions, type Worker } from '../../src/worker.ts'
import type { WorkerSettings } from '../../src/settings.ts'

/** Short timings so retries, locks and sweeps happen within a test. */
export const fastSettings: Partial<WorkerSettings> = {
  endpointAllowlist: ['127.0.0.0/8', '::1/128'],
  allowHttp: true,
  deliveryTimeoutMs: 3_000,
  processEveryMs: 1_000,
  lockLifetimeMs: 4_000,
}

export interface Engine {
  database: TestDatabase
  store: Store
  secretKey: Uint8Array
  queue: DeliveryQueue
  /** Every worker log line, as JSON text. */
  logLines: string[]
  startWorker(settings?: Partial<WorkerSettings>, options?: Partial<CreateWorkerOptions>): Promise<Worker>
  createApp(overrides?: Partial<NewApp>): Promise<AppDocument>
  /** Stores an event and one delivery per app, then enqueues them, as `POST /api/v1/events` does. */
  publish(apps: AppDocument[], type?: string): Promise<DeliveryDocument[]>
  waitForDelivery(id: string, done: (delivery: DeliveryDocument) => boolean, timeoutMs?: number): Promise<DeliveryDocument>
  close(): Promise<void>
}

export async function startEngine(label: string): Promise<Engine> {
  const database = await openTestDatabase(label)
  const secretKey = randomBytes(32)
  const store = openStore(database.db, { secretKey })
  await store.ensureIndexes()
  const queue = createDeliveryQueue({ db: database.db, name: 'test-publisher' })
  const logLines: string[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) })
  const workers: Worker[] = []

  return {
    database,
    store,
    secretKey,
    queue,
    logLines,
    async startWorker(settings = {}, options = {}) {
      const worker = createWorker({ db: database.db, secretKey, settings: { ...fastSettings, ...settings }, logger, ...options })
      await worker.start()
      workers.push(worker)
      return worker
    },
    createApp(overrides = {}) {
      return store.apps.create({
        tenantId: 'ten_engine',
        createdBy: 'test',
        name: 'Receiver',
        endpoint: 'http://127.0.0.1:9/none',
        active: true,
        authType: 'none',
        events: { categories: ['media'], types: [] },
        headers: [],
        retries: 3,
        retryDelaySeconds: 1,
        legacySubjectDetailEncoding: false,
        ...overrides,
      })
    },
    async publish(apps, type = 'media.updated') {
      const at = new Date()
      const id = newSortableId('evt', at)
      const envelope = {
        id,
        type,
        portalEventId: 'MashupUpdated',
        eventDate: at.toISOString(),
        ip: null,
        status: 'Success',
        subjectType: 'Video',
        subjectId: 1,
        subjectTitle: 'A video',
        tenant: { id: 'ten_engine', name: 'Engine', subDomainUrl: 'https://engine.example.com', portalTenantId: null },
        user: null,
        isSystem: false,
        subjectDetail: { Id: 1, Title: 'A video' },
      }
      await store.events.insertMany([
        { _id: id, tenantId: 'ten_engine', type, portalEventId: 'MashupUpdated', envelopeJson: serializeEnvelope(envelope, { legacySubjectDetailEncoding: false }), createdAt: at },
      ])
      const deliveries = apps.map((app) => newDelivery({ app, event: { _id: id, type, portalEventId: 'MashupUpdated' }, at }))
      await store.deliveries.insertMany(deliveries)
      await queue.enqueue(deliveries.map((delivery) => delivery._id))
      return deliveries
    },
    async waitForDelivery(id, done, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const [delivery] = await store.deliveries.findByIds([id])
        if (delivery && done(delivery)) return delivery
        if (Date.now() > deadline) throw new Error(`Delivery ${id} did not reach the expected state: ${JSON.stringify(delivery)}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop(1_000)))
      await queue.close()
      await database.drop()
    },
  }
}
