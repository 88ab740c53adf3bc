import assert from 'node:assert/strict'
import { DispatcherError, createAddressPolicy, deliver } from '../../src/index.ts'
import { deliverOptions, deliveryRequest, startReceiver } from './fixtures.ts'
import { selfSignedCertificate, selfSignedKey } from './tls-fixture.ts'
import { defineCases } from './harness.ts'

export const networkCases = defineCases('network and URL', {
  'a connection reset is transient': async (harness) => {
    const server = await harness.serveResettingConnections()
    try {
      const outcome = await deliver(deliveryRequest(`${server.origin}/hook`), deliverOptions)
      assert.equal(outcome.kind, 'transient')
      assert.equal(outcome.errorCode, 'ECONNRESET')
      assert.equal(outcome.status, undefined)
      assert.equal(outcome.reason, `Connection reset by the server: ${server.origin}`)
    } finally {
      await server.close()
    }
  },
  'a TLS certificate failure is non-transient': async (harness) => {
    const receiver = await startReceiver(harness, undefined, {
      tls: { cert: selfSignedCertificate, key: selfSignedKey },
    })
    try {
      assert.match(receiver.url, /^https:\/\/127\.0\.0\.1:/)
      const outcome = await deliver(deliveryRequest(receiver.url), deliverOptions)
      assert.equal(outcome.kind, 'non-transient')
      assert.equal(outcome.errorCode, 'tls-certificate')
      assert.match(outcome.reason, /^TLS certificate rejected/)
      assert.equal(receiver.received.length, 0)
    } finally {
      await receiver.close()
    }
  },
  'a closed port is transient (connection refused)': async (harness) => {
    const port = await harness.closedPort()
    const outcome = await deliver(deliveryRequest(`http://127.0.0.1:${port}/hook`), deliverOptions)
    assert.equal(outcome.kind, 'transient')
    assert.equal(outcome.errorCode, 'ECONNREFUSED')
    assert.equal(outcome.reason, `Connection refused: http://127.0.0.1:${port}`)
  },
  'an invalid URL is non-transient': async () => {
    for (const url of [
      'not a url',
      'ftp://example.com/hook',
      'https://user:secret@example.com/hook',
    ]) {
      const outcome = await deliver(deliveryRequest(url), deliverOptions)
      assert.equal(outcome.kind, 'non-transient', url)
      assert.equal(outcome.errorCode, 'invalid-url', url)
    }
  },
  'plain http is refused unless the policy allows it': async (harness) => {
    const port = await harness.closedPort()
    const outcome = await deliver(deliveryRequest(`http://127.0.0.1:${port}/hook`), {
      addressPolicy: createAddressPolicy({ allow: ['127.0.0.0/8'] }),
    })
    assert.equal(outcome.kind, 'non-transient')
    assert.equal(outcome.errorCode, 'http-not-allowed')
  },
  'an invalid timeout rejects with a DispatcherError': async () => {
    for (const timeoutMs of [0, -5, 1.5, Number.NaN]) {
      await assert.rejects(
        deliver(deliveryRequest('https://example.com/hook'), { ...deliverOptions, timeoutMs }),
        (error) => error instanceof DispatcherError && error.code === 'invalid-request',
      )
    }
  },
  'a cancelled attempt is transient': async (harness) => {
    const port = await harness.closedPort()
    const controller = new AbortController()
    controller.abort()
    const outcome = await deliver(deliveryRequest(`http://127.0.0.1:${port}/hook`), {
      ...deliverOptions,
      signal: controller.signal,
    })
    assert.equal(outcome.kind, 'transient')
    assert.equal(outcome.errorCode, 'aborted')
  },
})
