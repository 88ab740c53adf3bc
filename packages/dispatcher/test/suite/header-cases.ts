import assert from 'node:assert/strict'
import { deliver, dispatcherVersion, validateCustomHeaders } from '../../src/index.ts'
import { deliverOptions, deliveryRequest, envelope, withReceiver } from './fixtures.ts'
import { defineCases } from './harness.ts'

const basic = { type: 'basic', username: 'portal-hooks', password: 'pässwörd:with colon' } as const

function decodeBasic(header: string | undefined): string {
  const encoded = header?.replace(/^Basic /, '') ?? ''
  return new TextDecoder().decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)))
}

export const headerCases = defineCases('request and headers', {
  'a JSON POST naming Hookline, with custom headers and the body byte for byte': async (
    harness,
  ) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        await deliver(
          deliveryRequest(receiver.url, { headers: { 'X-Tenant': 'acme', 'x-trace': 'a b c' } }),
          deliverOptions,
        )
        const [request] = receiver.received
        assert.ok(request)
        assert.equal(request.method, 'POST')
        assert.equal(request.body, envelope)
        assert.equal(request.headers['content-type'], 'application/json')
        assert.equal(
          request.headers['user-agent'],
          `Hookline-Webhooks/${dispatcherVersion} (+https://github.com/hookline/hookline)`,
        )
        assert.equal(request.headers['x-tenant'], 'acme')
        assert.equal(request.headers['x-trace'], 'a b c')
        assert.equal(request.headers.authorization, undefined)
      },
    )
  },
  'custom headers cannot override reserved headers': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        const outcome = await deliver(
          deliveryRequest(receiver.url, {
            auth: basic,
            headers: {
              'Content-Type': 'text/plain',
              'webhook-id': 'forged',
              'Webhook-Signature': 'v1,forged',
              'User-Agent': 'curl/8',
              Authorization: 'Bearer forged',
              Host: 'evil.example',
              'X-Kept': 'yes',
              'Bad Name': 'dropped',
              'x-bad-value': 'line\r\nbreak',
            },
          }),
          deliverOptions,
        )
        const [request] = receiver.received
        assert.ok(request)
        assert.equal(request.headers['content-type'], 'application/json')
        assert.equal(request.headers['webhook-id'], 'msg_2f6c1a0b9e')
        assert.match(request.headers['webhook-signature'] ?? '', /^v1,[A-Za-z0-9+/]+=*$/)
        assert.match(request.headers['user-agent'] ?? '', /^Hookline-Webhooks\//)
        assert.match(request.headers.authorization ?? '', /^Basic /)
        assert.equal(request.headers.host, new URL(receiver.url).host)
        assert.equal(request.headers['x-kept'], 'yes')
        assert.equal(request.headers['x-bad-value'], undefined)
        assert.equal(outcome.kind, 'success')
      },
    )
  },
  'HTTP Basic auth is sent (UTF-8) and masked in the outcome': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        const outcome = await deliver(
          deliveryRequest(receiver.url, { auth: basic }),
          deliverOptions,
        )
        assert.equal(
          decodeBasic(receiver.received[0]?.headers.authorization),
          'portal-hooks:pässwörd:with colon',
        )
        assert.equal(outcome.request.headers.authorization, 'Basic ***')
        assert.match(outcome.request.headers['webhook-signature'] ?? '', /^v1,\*\*\*$/)
        assert.equal(outcome.request.headers['content-type'], 'application/json')
        assert.ok(!JSON.stringify(outcome).includes('pässwörd'))
      },
    )
  },
  'without Basic auth a custom Authorization header is sent, and masked in the outcome': async (
    harness,
  ) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        const outcome = await deliver(
          deliveryRequest(receiver.url, {
            headers: { Authorization: 'Bearer token-123', 'X-Api-Key': 'kept-as-is' },
          }),
          deliverOptions,
        )
        assert.equal(receiver.received[0]?.headers.authorization, 'Bearer token-123')
        assert.equal(outcome.request.headers.authorization, 'Bearer ***')
        assert.equal(outcome.request.headers['x-api-key'], 'kept-as-is')
      },
    )
  },
  'headers named sensitive are sent in full and masked in the outcome': async (harness) => {
    await withReceiver(
      harness,
      () => new Response('ok'),
      async (receiver) => {
        const outcome = await deliver(
          deliveryRequest(receiver.url, {
            headers: { 'X-Api-Key': 'k-123', 'X-Team': 'video' },
            sensitiveHeaders: ['X-API-KEY'],
          }),
          deliverOptions,
        )
        assert.equal(receiver.received[0]?.headers['x-api-key'], 'k-123')
        assert.equal(outcome.request.headers['x-api-key'], '***')
        assert.equal(outcome.request.headers['x-team'], 'video')
      },
    )
  },
  '401 without credentials, 401 with wrong ones, 200 with the right ones': async (harness) => {
    const expected = `Basic ${btoa('portal-hooks:s3cret')}`
    await withReceiver(
      harness,
      (request) =>
        request.headers.get('authorization') === expected
          ? new Response('welcome')
          : new Response('who are you?', {
              status: 401,
              headers: { 'www-authenticate': 'Basic realm="hooks"' },
            }),
      async (receiver) => {
        const anonymous = await deliver(deliveryRequest(receiver.url), deliverOptions)
        assert.equal(anonymous.kind, 'non-transient')
        assert.equal(anonymous.status, 401)
        assert.equal(anonymous.responseHeaders['www-authenticate'], 'Basic realm="hooks"')
        const wrong = await deliver(
          deliveryRequest(receiver.url, {
            auth: { type: 'basic', username: 'portal-hooks', password: 'nope' },
          }),
          deliverOptions,
        )
        assert.equal(wrong.kind, 'non-transient')
        assert.equal(wrong.status, 401)
        const right = await deliver(
          deliveryRequest(receiver.url, {
            auth: { type: 'basic', username: 'portal-hooks', password: 's3cret' },
          }),
          deliverOptions,
        )
        assert.equal(right.kind, 'success')
      },
    )
  },
  'validateCustomHeaders names reserved, invalid and duplicate headers': async () => {
    assert.deepEqual(
      validateCustomHeaders(
        { 'X-Tenant': 'acme', Authorization: 'Bearer x' },
        { basicAuth: false },
      ),
      [],
    )
    const problems = validateCustomHeaders(
      {
        'Content-Type': 'text/plain',
        'content-length': '3',
        Host: 'a',
        'Webhook-Signature': 'v1,x',
        'webhook-id': 'x',
        'webhook-timestamp': '1',
        Authorization: 'Bearer x',
        'Bad Name': 'x',
        'X-Multi': 'a\nb',
        'X-Padded': ' a ',
        'X-Dup': '1',
        'x-dup': '2',
      },
      { basicAuth: true },
    )
    assert.deepEqual(
      problems.map((problem) => [problem.name, problem.code]),
      [
        ['Content-Type', 'reserved'],
        ['content-length', 'reserved'],
        ['Host', 'reserved'],
        ['Webhook-Signature', 'reserved'],
        ['webhook-id', 'reserved'],
        ['webhook-timestamp', 'reserved'],
        ['Authorization', 'reserved'],
        ['Bad Name', 'invalid-name'],
        ['X-Multi', 'invalid-value'],
        ['X-Padded', 'invalid-value'],
        ['x-dup', 'duplicate'],
      ],
    )
    assert.match(
      problems.find((problem) => problem.name === 'Authorization')?.message ?? '',
      /Basic authentication/,
    )
  },
})
