import assert from 'node:assert/strict'
import { createAddressPolicy, testConnection } from '../../src/index.ts'
import { deliverOptions, signingSecret, slowHandler, withReceiver } from './fixtures.ts'
import { defineCases } from './harness.ts'

const basic = { type: 'basic', username: 'portal', password: 'wrong' } as const

export const testConnectionCases = defineCases('test connection', {
  'a reachable endpoint passes and receives a signed webhook.test event': async (harness) => {
    await withReceiver(
      harness,
      () => new Response(null, { status: 204 }),
      async (receiver) => {
        const result = await testConnection(
          { url: receiver.url, auth: { type: 'none' }, signingSecrets: [signingSecret] },
          deliverOptions,
        )
        assert.equal(result.ok, true)
        assert.equal(result.status, 204)
        assert.ok(result.latencyMs >= 0)
        assert.equal(
          result.message,
          `Connected: ${receiver.url} answered 204 No Content in ${result.latencyMs} ms.`,
        )
        const request = receiver.received[0]
        assert.ok(request)
        const event = new harness.Webhook(signingSecret).verify(request.body, request.headers) as {
          type: string
        }
        assert.equal(event.type, 'webhook.test')
        assert.match(request.headers['webhook-id'] ?? '', /^msg_[0-9a-f]{32}$/)
      },
    )
  },
  '401 and 403 say which credentials were rejected': async (harness) => {
    let status = 401
    await withReceiver(
      harness,
      () => new Response('no', { status }),
      async (receiver) => {
        const withCredentials = await testConnection(
          { url: receiver.url, auth: basic, signingSecrets: [signingSecret] },
          deliverOptions,
        )
        assert.equal(withCredentials.ok, false)
        assert.equal(withCredentials.status, 401)
        assert.equal(
          withCredentials.message,
          `Credentials rejected: ${receiver.url} answered 401 Unauthorized to the username and password.`,
        )
        status = 403
        const anonymous = await testConnection(
          { url: receiver.url, auth: { type: 'none' }, signingSecrets: [signingSecret] },
          deliverOptions,
        )
        assert.equal(anonymous.status, 403)
        assert.match(
          anonymous.message,
          /^Signature or credentials rejected: .* answered 403 Forbidden: check that the endpoint verifies signatures with this application's signing secret, or choose HTTP Basic/,
        )
      },
    )
  },
  '404 says the endpoint was not found': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('?', { status: 404 }),
      async (receiver) => {
        const result = await testConnection(
          { url: receiver.url, auth: { type: 'none' }, signingSecrets: [signingSecret] },
          deliverOptions,
        )
        assert.deepEqual([result.ok, result.status], [false, 404])
        assert.equal(result.message, `Endpoint not found: ${receiver.url} answered 404 Not Found.`)
      },
    )
  },
  'a timeout says unreachable in N s': async (harness) => {
    const slow = slowHandler(3_000)
    await withReceiver(
      harness,
      slow.handler,
      async (receiver) => {
        const result = await testConnection(
          { url: receiver.url, auth: { type: 'none' }, signingSecrets: [signingSecret] },
          { ...deliverOptions, timeoutMs: 500 },
        )
        assert.equal(result.ok, false)
        assert.equal(result.status, undefined)
        assert.equal(result.message, `Unreachable in 0.5 s: no response from ${receiver.url}.`)
      },
      slow.release,
    )
  },
  'the address policy and header rules apply before anything is sent': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        const refused = await testConnection(
          { url: receiver.url, auth: { type: 'none' }, signingSecrets: [signingSecret] },
          { addressPolicy: createAddressPolicy({ allowHttp: true }) },
        )
        assert.equal(refused.ok, false)
        assert.match(
          refused.message,
          /^Refused by the address policy: 127\.0\.0\.1, a loopback address/,
        )
        const badHeaders = await testConnection(
          {
            url: receiver.url,
            auth: basic,
            headers: { Authorization: 'Bearer x' },
            signingSecrets: [signingSecret],
          },
          deliverOptions,
        )
        assert.equal(badHeaders.ok, false)
        assert.equal(badHeaders.outcome, undefined)
        assert.match(badHeaders.message, /"Authorization" is set by HTTP Basic authentication/)
        assert.equal(receiver.received.length, 0)
      },
    )
  },
})
