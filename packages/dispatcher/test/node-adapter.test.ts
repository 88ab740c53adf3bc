// Node-only: the adapter's resolver and the connection-pinned fetch that
// guards against DNS rebinding.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classifyNetworkError, createAddressPolicy, deliver } from '../src/index.ts'
import { createNodeDeliverOptions, createPinnedFetch, resolveHost } from '../node/index.ts'
import { nodeHarness } from './node-harness.ts'
import { deliveryRequest, loopbackPolicy, startReceiver } from './suite/fixtures.ts'

let receiver: Awaited<ReturnType<typeof startReceiver>>
let localhostUrl: string

beforeAll(async () => {
  receiver = await startReceiver(nodeHarness)
  localhostUrl = receiver.url.replace('127.0.0.1', 'localhost')
})
afterAll(() => receiver.close())

describe('resolveHost', () => {
  test('resolves localhost through the system resolver', async () => {
    const expected = readFileSync('/etc/hosts', 'utf8').includes('::1')
      ? ['127.0.0.1', '::1']
      : ['127.0.0.1']
    expect(await resolveHost('localhost')).toEqual(expect.arrayContaining(expected))
  })
})

describe('createPinnedFetch', () => {
  test('refuses at connect time a name that resolves to a refused address', async () => {
    // Called directly, without deliver's own check first: the connection itself is guarded.
    const pinned = createPinnedFetch({ addressPolicy: createAddressPolicy({ allowHttp: true }) })
    try {
      const error = await pinned
        .fetch(localhostUrl, { method: 'POST', body: '{}' })
        .catch((caught: unknown) => caught)
      expect(classifyNetworkError(error)).toEqual({
        kind: 'non-transient',
        errorCode: 'address-refused',
        reason: expect.stringMatching(
          /^Refused by the address policy: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
        ),
      })
      expect(receiver.received).toHaveLength(0)
    } finally {
      await pinned.close()
    }
  })

  test('connects when the policy allows the resolved address', async () => {
    const pinned = createPinnedFetch({ addressPolicy: loopbackPolicy })
    try {
      const response = await pinned.fetch(localhostUrl, { method: 'POST', body: '{}' })
      expect(response.status).toBe(200)
      expect(await response.text()).toBe('ok')
    } finally {
      await pinned.close()
      receiver.received.length = 0
    }
  })
})

describe('createNodeDeliverOptions', () => {
  test('deliver through the pinned fetch reaches allowed hosts and refuses the rest', async () => {
    const allowed = createNodeDeliverOptions(loopbackPolicy)
    const strict = createNodeDeliverOptions(createAddressPolicy({ allowHttp: true }))
    try {
      expect((await deliver(deliveryRequest(localhostUrl), allowed)).kind).toBe('success')
      const refused = await deliver(deliveryRequest(localhostUrl), strict)
      expect([refused.kind, refused.errorCode]).toEqual(['non-transient', 'address-refused'])
      expect(receiver.received).toHaveLength(1)
    } finally {
      await allowed.close()
      await strict.close()
      receiver.received.length = 0
    }
  })
})
