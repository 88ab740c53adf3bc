import { parseEnvelope } from '@hookline/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEngine, type Engine } from './support/engine.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { hooklineCollections } from '@hookline/store'

let engine: Engine
let receiver: Receiver

beforeAll(async () => {
  engine = await startEngine('worker-delivery')
  receiver = await startReceiver()
  await engine.startWorker()
})
afterAll(async () => {
  await engine.close()
  await receiver.close()
})
beforeEach(() => {
  receiver.requests.length = 0
  receiver.behave(() => ({ status: 204 }))
})

const gaps = (times: number[]) => times.slice(1).map((time, index) => time - times[index]!)

describe('deliver', () => {
  it('delivers a signed event with its webhook-id and logs the attempt', async () => {
    const app = await engine.createApp({ endpoint: receiver.url, authType: 'basic', username: 'hook', password: 's3cret', headers: [
        { name: 'X-Team.Id', value: 'video', sensitive: false },
        { name: 'X-Api-Key', value: 'header-secret-42', sensitive: true },
      ] })
    const publishedAt = Date.now()
    const [delivery] = await engine.publish([app])
    const [request] = await receiver.waitFor(1)
    console.log(`publish → first attempt (engine only): ${request!.receivedAt - publishedAt} ms`)
    expect(request!.headers['webhook-id']).toBe(delivery!.messageId)
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/)
    expect(request!.headers['x-team.id']).toBe('video')
    expect(request!.headers['x-api-key']).toBe('header-secret-42')
    expect(parseEnvelope(request!.body)).toMatchObject({ id: delivery!.eventId, type: 'media.updated', subjectDetail: { Id: 1 } })
    const done = await engine.waitForDelivery(delivery!._id, (item) => item.status === 'succeeded')
    expect(done).toMatchObject({ attemptCount: 1, retryAttempts: 0, lastStatusCode: 204, nextAttemptAt: null })
    // The attempt's detail is in delivery_attempts, not in the delivery.
    expect(done.attempts).toBeUndefined()
    const attempts = await engine.store.deliveries.attemptsOf(done)
    expect(attempts.map((attempt) => attempt.attempt)).toEqual([1])
    const headers = Object.fromEntries(attempts[0]!.requestHeaders.map((header) => [header.name, header.value]))
    expect(headers.authorization).toBe('Basic ***')
    expect(headers['webhook-signature']).toBe('v1,***')
    // A sensitive custom header is sent in full but logged masked.
    expect(headers['x-api-key']).toBe('***')
    expect(JSON.stringify([done, attempts])).not.toContain('s3cret')
    expect(JSON.stringify([done, attempts])).not.toContain('header-secret-42')
  })

  it('keeps a second job for a delivery in flight until the first has written its result', async () => {
    receiver.behave(() => ({ status: 204, delayMs: 1_500 }))
    const app = await engine.createApp({ endpoint: receiver.url })
    // Counted before publishing: on a busy machine the first attempt can arrive before the second job is stored.
    const before = receiver.requests.length
    const [delivery] = await engine.publish([app])
    // A second job for the same delivery, as the sweep or a doubly locked job makes.
    await engine.queue.enqueue([delivery!._id])
    await receiver.waitFor(before + 1)
    await new Promise((resolve) => setTimeout(resolve, 700))
    const jobs = engine.database.db.collection('agenda_jobs')
    // Had the second job ended at once, it would be removed while the attempt was still unwritten.
    expect(await jobs.countDocuments({ name: 'deliver', 'data.deliveryIds': delivery!._id })).toBe(2)
    await engine.waitForDelivery(delivery!._id, (item) => item.status === 'succeeded')
    const deadline = Date.now() + 10_000
    while ((await jobs.countDocuments({ name: 'deliver', 'data.deliveryIds': delivery!._id })) > 0) {
      if (Date.now() > deadline) throw new Error('the jobs for the delivery were not removed after it succeeded')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(receiver.requests.filter((request) => request.headers['webhook-id'] === delivery!.messageId)).toHaveLength(1)
  })

  it('sends subjectDetail as a JSON string to an app that asks for the legacy encoding', async () => {
    const app = await engine.createApp({ endpoint: receiver.url, legacySubjectDetailEncoding: true })
    await engine.publish([app])
    const [request] = await receiver.waitFor(1)
    expect(typeof JSON.parse(request!.body).subjectDetail).toBe('string')
  })

  it('retries a transient failure `retries` times, retryDelaySeconds apart, with the same webhook-id; then fails and keeps the app on', async () => {
    receiver.behave(() => ({ status: 503, body: 'busy' }))
    const app = await engine.createApp({ endpoint: receiver.url, retries: 2, retryDelaySeconds: 1 })
    const [delivery] = await engine.publish([app])
    const requests = await receiver.waitFor(3, 15_000)
    const failed = await engine.waitForDelivery(delivery!._id, (item) => item.status === 'failed')
    const measured = gaps(requests.map((request) => request.receivedAt))
    console.log(`retry gaps with retryDelaySeconds 1: ${measured.join(', ')} ms`)
    for (const gap of measured) {
      expect(gap).toBeGreaterThanOrEqual(990)
      expect(gap).toBeLessThan(2_500)
    }
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivery!.messageId]))
    expect(failed).toMatchObject({ attemptCount: 3, retryAttempts: 2, lastStatusCode: 503 })
    expect(failed.lastError).toContain('503')
    const attempts = await engine.store.deliveries.attemptsOf(failed)
    expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([[1, 'transient'], [2, 'transient'], [3, 'transient']])
    expect(attempts[0]!.responseBodyExcerpt).toBe('busy')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(receiver.requests).toHaveLength(3)
    expect((await engine.store.apps.getById(app._id))?.active).toBe(true)
  })

  it('waits longer when Retry-After asks for it', async () => {
    receiver.behave((_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '3' } } : { status: 200 }))
    const app = await engine.createApp({ endpoint: receiver.url, retries: 1, retryDelaySeconds: 1 })
    const [delivery] = await engine.publish([app])
    const requests = await receiver.waitFor(2, 15_000)
    const [gap] = gaps(requests.map((request) => request.receivedAt))
    console.log(`gap after Retry-After: 3 → ${gap} ms`)
    expect(gap).toBeGreaterThanOrEqual(2_990)
    expect(gap).toBeLessThan(4_500)
    await engine.waitForDelivery(delivery!._id, (item) => item.status === 'succeeded' && item.retryAttempts === 1)
  })
})

describe('deactivation', () => {
  for (const [status, reason] of [
    [410, '410 Gone'],
    [401, '401 Unauthorized'],
  ] as const) {
    it(`turns the app off at once on ${status}, says why, and skips its other pending deliveries`, async () => {
      receiver.behave(() => ({ status }))
      const app = await engine.createApp({ endpoint: receiver.url, retries: 3 })
      // Another delivery of the app, waiting for a later retry.
      const [waiting] = await engine.publish([await engine.createApp({ endpoint: 'http://127.0.0.1:9/x' })])
      await hooklineCollections(engine.database.db).deliveries.updateOne(
        { _id: waiting!._id },
        { $set: { appId: app._id, status: 'retrying', nextAttemptAt: new Date(Date.now() + 60_000) } },
      )
      const [delivery] = await engine.publish([app])
      const failed = await engine.waitForDelivery(delivery!._id, (item) => item.status === 'failed')
      expect(failed.attemptCount).toBe(1)
      expect(failed.lastError).toContain(reason)
      const turnedOff = await engine.store.apps.getById(app._id)
      expect(turnedOff).toMatchObject({ active: false })
      expect(turnedOff!.deactivatedReason).toContain(reason)
      expect(turnedOff!.deactivatedReason).toContain(receiver.url)
      expect(turnedOff!.deactivatedAt).toBeInstanceOf(Date)
      const skipped = await engine.waitForDelivery(waiting!._id, (item) => item.status === 'skipped')
      expect(skipped.skippedReason).toContain(reason)
      // Skipped since it went off: what turning it on offers to send again (changedFrom = deactivatedAt).
      expect(skipped.updatedAt.getTime()).toBeGreaterThanOrEqual(turnedOff!.deactivatedAt!.getTime())
      expect(receiver.requests).toHaveLength(1)
    })
  }

  it('skips deliveries of an app turned off before their attempt', async () => {
    const app = await engine.createApp({ endpoint: receiver.url })
    const off = await engine.store.apps.setActive('ten_engine', app._id, false, 'manager')
    expect(off!.deactivatedAt).toBeInstanceOf(Date)
    const [delivery] = await engine.publish([app])
    const skipped = await engine.waitForDelivery(delivery!._id, (item) => item.status === 'skipped')
    expect(skipped.skippedReason).toContain('turned off')
    expect(skipped.updatedAt.getTime()).toBeGreaterThanOrEqual(off!.deactivatedAt!.getTime())
    expect(receiver.requests).toHaveLength(0)
  })
})
