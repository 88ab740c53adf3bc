// Node-only: the adapter's resolver and the connection-pinned fetch that
// guards against DNS rebinding.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { classifyNetworkError, createAddressPolicy, deliver, signWebhook } from '../src/index.ts'
import { createNodeDeliverOptions, createPinnedFetch, resolveHost } from '../node/index.ts'
import { nodeHarness } from './node-harness.ts'
import { deliveryRequest, loopbackPolicy, rotatedSecret, signingSecret, startReceiver } from './suite/fixtures.ts'

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

describe('node:crypto signing', () => {
  test('signs the Standard Webhooks reference vector as crypto.subtle does', async () => {
    const { hmac } = createNodeDeliverOptions(loopbackPolicy)
    const input = {
      messageId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', rotatedSecret],
    }
    const headers = await signWebhook({ ...input, hmac: hmac! })
    expect(headers['webhook-signature'].split(' ')[0]).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
    expect(headers).toEqual(await signWebhook(input))
  })

  test('signs from text to base64, the reference vector included, as crypto.subtle does', async () => {
    const { hmac, hmacBase64 } = createNodeDeliverOptions(loopbackPolicy)
    const input = {
      messageId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314, "title": "Ünïcödé ✓"}',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', rotatedSecret],
    }
    const viaText = await signWebhook({ ...input, hmacBase64: hmacBase64! })
    expect(viaText).toEqual(await signWebhook(input))
    expect(viaText).toEqual(await signWebhook({ ...input, hmac: hmac! }))
    const vector = await signWebhook({ ...input, body: '{"test": 2432232314}', hmacBase64: hmacBase64! })
    expect(vector['webhook-signature'].split(' ')[0]).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
    // Used before the byte form when both are given.
    const bytes = vi.fn(hmac!)
    await signWebhook({ ...input, hmac: bytes, hmacBase64: hmacBase64! })
    expect(bytes).not.toHaveBeenCalled()
  })

  test('deliver with the Node options makes no AbortController per attempt', async () => {
    const options = createNodeDeliverOptions(loopbackPolicy)
    const Original = globalThis.AbortController
    let made = 0
    globalThis.AbortController = class extends Original {
      constructor() {
        super()
        made++
      }
    }
    try {
      for (let round = 0; round < 3; round++) {
        const outcome = await deliver(deliveryRequest(receiver.url), { ...options, timeoutMs: 2_000 })
        expect(outcome.kind).toBe('success')
      }
      expect(receiver.received).toHaveLength(3)
      expect(made).toBe(0)
      // The fetch path still gets its signal.
      const { transport: _transport, ...throughFetch } = options
      expect((await deliver(deliveryRequest(receiver.url), throughFetch)).kind).toBe('success')
      expect(made).toBeGreaterThan(0)
    } finally {
      globalThis.AbortController = Original
      await options.close()
      receiver.received.length = 0
    }
  })

  test('deliver with the Node options signs without a WebCrypto job', async () => {
    const options = createNodeDeliverOptions(loopbackPolicy)
    const subtleSign = vi.spyOn(crypto.subtle, 'sign')
    try {
      const timestamp = new Date()
      const outcome = await deliver(deliveryRequest(receiver.url, { timestamp, signingSecrets: [signingSecret, rotatedSecret] }), options)
      expect(outcome.kind).toBe('success')
      expect(subtleSign).not.toHaveBeenCalled()
      const expected = await signWebhook({ messageId: 'msg_2f6c1a0b9e', timestamp, body: receiver.received[0]!.body, secrets: [signingSecret, rotatedSecret] })
      expect(receiver.received[0]!.headers['webhook-signature']).toBe(expected['webhook-signature'])
      expect(subtleSign).toHaveBeenCalled()
    } finally {
      subtleSign.mockRestore()
      await options.close()
      receiver.received.length = 0
    }
  })
})
