import assert from 'node:assert/strict'
import { DispatcherError, deliver, signWebhook } from '../../src/index.ts'
import {
  deliverOptions,
  deliveryRequest,
  envelope,
  rotatedSecret,
  signingSecret,
  withReceiver,
} from './fixtures.ts'
import { defineCases } from './harness.ts'

function signatureHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  assert.ok(headers)
  return {
    'webhook-id': headers['webhook-id'] ?? '',
    'webhook-timestamp': headers['webhook-timestamp'] ?? '',
    'webhook-signature': headers['webhook-signature'] ?? '',
  }
}

export const signatureCases = defineCases('Standard Webhooks signatures', {
  'the signature verifies with the standardwebhooks package': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        await deliver(deliveryRequest(receiver.url), deliverOptions)
        const request = receiver.received[0]
        assert.ok(request)
        const payload = new harness.Webhook(signingSecret).verify(
          request.body,
          signatureHeaders(request.headers),
        )
        assert.deepEqual(payload, JSON.parse(envelope))
        // A negative control: another secret must not verify.
        assert.throws(() =>
          new harness.Webhook(rotatedSecret).verify(
            request.body,
            signatureHeaders(request.headers),
          ),
        )
        // Nor a body changed in transit.
        assert.throws(() =>
          new harness.Webhook(signingSecret).verify(
            `${request.body} `,
            signatureHeaders(request.headers),
          ),
        )
      },
    )
  },
  'during a rotation both secrets verify': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        const outcome = await deliver(
          deliveryRequest(receiver.url, { signingSecrets: [rotatedSecret, signingSecret] }),
          deliverOptions,
        )
        const request = receiver.received[0]
        assert.ok(request)
        const headers = signatureHeaders(request.headers)
        assert.equal(headers['webhook-signature']?.split(' ').length, 2)
        for (const secret of [signingSecret, rotatedSecret]) {
          assert.deepEqual(
            new harness.Webhook(secret).verify(request.body, headers),
            JSON.parse(envelope),
          )
        }
        assert.equal(outcome.request.headers['webhook-signature'], 'v1,*** v1,***')
      },
    )
  },
  'webhook-id stays the same on every attempt; the timestamp is the one given': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('busy', { status: 503 }),
      async (receiver) => {
        const timestamp = new Date()
        await deliver(deliveryRequest(receiver.url, { timestamp }), deliverOptions)
        await deliver(deliveryRequest(receiver.url), deliverOptions)
        const [first, second] = receiver.received.map((request) =>
          signatureHeaders(request.headers),
        )
        assert.equal(first?.['webhook-id'], 'msg_2f6c1a0b9e')
        assert.equal(second?.['webhook-id'], 'msg_2f6c1a0b9e')
        assert.equal(first?.['webhook-timestamp'], String(Math.floor(timestamp.getTime() / 1000)))
        assert.match(second?.['webhook-timestamp'] ?? '', /^\d{10}$/)
      },
    )
  },
  'signWebhook matches the Standard Webhooks reference vector': async () => {
    // The reference libraries' published example: id, timestamp and body below, signed with this secret.
    const headers = await signWebhook({
      messageId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    })
    assert.deepEqual(headers, {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    })
  },
  'a missing or malformed secret rejects with a DispatcherError': async () => {
    for (const signingSecrets of [[], ['whsec_not*base64!']]) {
      await assert.rejects(
        deliver(deliveryRequest('https://example.com/hook', { signingSecrets }), deliverOptions),
        (error) => error instanceof DispatcherError && error.code === 'invalid-secret',
      )
    }
  },
})
