import type { AddressInfo } from 'node:net'
import { createAddressPolicy, createDispatchHandler } from '@hookline/dispatcher'
import { serve, type Server } from 'srvx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

// With the edge on, the connection test runs where deliveries run: a test
// that passes in the API but whose deliveries the edge would refuse is
// exactly the disagreement this prevents.
const token = 'edge-token-for-api-tests'
let edge: Server
let t: TestApi
let manager: TestUser
let receiver: Receiver

beforeAll(async () => {
  // The edge as its README starts it: https only, public addresses only.
  edge = serve({ fetch: createDispatchHandler({ token, deliverOptions: { addressPolicy: createAddressPolicy() } }), port: 0, hostname: '127.0.0.1', silent: true })
  await edge.ready()
  const edgeUrl = `http://127.0.0.1:${(edge.node?.server?.address() as AddressInfo).port}`
  // The API itself would allow loopback over http (see startTestApi).
  t = await startTestApi('api-test-connection-edge', { HOOKLINE_EDGE_DISPATCHER_URL: edgeUrl, HOOKLINE_EDGE_TOKEN: token })
  manager = await t.createUser('Manager')
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
  await t.close()
  await edge.close(true)
})

describe('the connection test with the edge dispatcher on', () => {
  it("runs on the edge, under the edge's address policy", async () => {
    const before = receiver.requests.length
    const reply = await t.request('POST', '/api/v1/apps/test-connection', { token: manager.token, body: { endpoint: receiver.url } })
    expect(reply.status).toBe(200)
    expect(reply.body.ok).toBe(false)
    expect(reply.body.message).toMatch(/https|address policy/i)
    expect(receiver.requests.length).toBe(before)
    const create = await t.request('POST', '/api/v1/apps', { token: manager.token, body: { name: 'Refused at the edge', endpoint: receiver.url } })
    expect(create.status).toBe(422)
  })
})
