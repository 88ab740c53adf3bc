import assert from 'node:assert/strict'
import {
  DispatcherError,
  createAddressPolicy,
  createDispatchHandler,
  createEdgeDispatcher,
  dispatcherVersion,
  fetchEdgePolicy,
  policyDifferences,
  policyOf,
  testConnection,
} from '../../src/index.ts'
import {
  deliveryRequest,
  envelope,
  loopbackPolicy,
  signingSecret,
  startReceiver,
} from './fixtures.ts'
import { type SuiteHarness, defineCases } from './harness.ts'

const token = 'edge-token-0123456789abcdef'

async function withEdge(
  harness: SuiteHarness,
  body: (edgeUrl: string) => Promise<void>,
): Promise<void> {
  const edge = await harness.serve(
    createDispatchHandler({ token, deliverOptions: { addressPolicy: loopbackPolicy } }),
  )
  try {
    await body(edge.origin)
  } finally {
    await edge.close()
  }
}

export const edgeCases = defineCases('edge dispatcher', {
  'the edge client delivers through POST /dispatch like deliver': async (harness) => {
    const receiver = await startReceiver(harness, () => new Response('gone', { status: 410 }))
    try {
      await withEdge(harness, async (edgeUrl) => {
        const dispatch = createEdgeDispatcher({ url: edgeUrl, token })
        const timestamp = new Date()
        const outcome = await dispatch(
          deliveryRequest(receiver.url, {
            timestamp,
            auth: { type: 'basic', username: 'u', password: 'p' },
          }),
          {
            timeoutMs: 3_000,
          },
        )
        assert.equal(outcome.kind, 'non-transient')
        assert.equal(outcome.status, 410)
        assert.equal(outcome.reason, `410 Gone from ${receiver.url}`)
        assert.equal(outcome.request.headers.authorization, 'Basic ***')
        const request = receiver.received[0]
        assert.ok(request)
        assert.equal(
          request.headers['webhook-timestamp'],
          String(Math.floor(timestamp.getTime() / 1000)),
        )
        assert.deepEqual(
          new harness.Webhook(signingSecret).verify(request.body, request.headers),
          JSON.parse(envelope),
        )
      })
    } finally {
      await receiver.close()
    }
  },
  'the edge refuses a missing or wrong token with 401': async (harness) => {
    await withEdge(harness, async (edgeUrl) => {
      const anonymous = await fetch(`${edgeUrl}/dispatch`, { method: 'POST', body: '{}' })
      assert.equal(anonymous.status, 401)
      assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer')
      assert.equal(anonymous.headers.get('content-type'), 'application/problem+json')
      await anonymous.body?.cancel()
      const dispatch = createEdgeDispatcher({ url: edgeUrl, token: 'wrong-token-0123456789' })
      await assert.rejects(
        dispatch(deliveryRequest('https://example.com/hook')),
        (error) => error instanceof DispatcherError && error.code === 'edge-rejected',
      )
    })
  },
  'the edge answers 400 problem JSON for an invalid request': async (harness) => {
    await withEdge(harness, async (edgeUrl) => {
      const response = await fetch(`${edgeUrl}/dispatch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          url: 'https://example.com/hook',
          messageId: 'msg_1',
          body: '{}',
          auth: { type: 'none' },
        }),
      })
      assert.equal(response.status, 400)
      const problem = (await response.json()) as { title: string; detail: string }
      assert.equal(problem.title, 'Bad Request')
      assert.match(problem.detail, /signingSecrets/)
      const dispatch = createEdgeDispatcher({ url: edgeUrl, token })
      await assert.rejects(
        dispatch(deliveryRequest('https://example.com/hook', { signingSecrets: ['whsec_***'] })),
        (error) => error instanceof DispatcherError && error.code === 'invalid-secret',
      )
    })
  },
  'an unreachable edge rejects with edge-unavailable': async (harness) => {
    const port = await harness.closedPort()
    const dispatch = createEdgeDispatcher({ url: `http://127.0.0.1:${port}`, token })
    await assert.rejects(
      dispatch(deliveryRequest('https://example.com/hook')),
      (error) => error instanceof DispatcherError && error.code === 'edge-unavailable',
    )
  },
  'GET /policy answers the edge\'s allowlist, allowHttp and version, to the token only': async (harness) => {
    await withEdge(harness, async (edgeUrl) => {
      const anonymous = await fetch(`${edgeUrl}/policy`)
      assert.equal(anonymous.status, 401)
      await anonymous.body?.cancel()
      const policy = await fetchEdgePolicy({ url: `${edgeUrl}/dispatch`, token })
      assert.deepEqual(policy, policyOf(loopbackPolicy))
      assert.equal(policy.version, dispatcherVersion)
      await assert.rejects(
        fetchEdgePolicy({ url: edgeUrl, token: 'wrong-token-0123456789' }),
        (error) => error instanceof DispatcherError && error.code === 'edge-rejected',
      )
    })
    const port = await harness.closedPort()
    await assert.rejects(
      fetchEdgePolicy({ url: `http://127.0.0.1:${port}`, token }),
      (error) => error instanceof DispatcherError && error.code === 'edge-unavailable',
    )
  },
  'policy differences name what disagrees': async () => {
    const local = policyOf(createAddressPolicy({ allow: ['127.0.0.0/8'], allowHttp: true }))
    assert.deepEqual(policyDifferences(local, local), [])
    const remote = { allowlist: ['10.0.0.0/8'], allowHttp: false, version: '0.0.1' }
    assert.deepEqual(policyDifferences(local, remote), [
      'the edge does not allow 127.0.0.0/8',
      'the edge also allows 10.0.0.0/8',
      'the edge refuses http:// endpoints (HOOKLINE_ALLOW_HTTP=false), this process accepts them',
      `the edge runs dispatcher 0.0.1, this process ${dispatcherVersion}`,
    ])
  },
  'a connection test through the edge meets the edge\'s policy, not the caller\'s': async (harness) => {
    const receiver = await startReceiver(harness, () => new Response(null, { status: 204 }))
    // The edge applies the default policy (https, public addresses); the caller would allow loopback.
    const edge = await harness.serve(createDispatchHandler({ token }))
    try {
      const config = { url: receiver.url, auth: { type: 'none' } as const, signingSecrets: [signingSecret] }
      const inProcess = await testConnection(config, { addressPolicy: loopbackPolicy })
      assert.equal(inProcess.ok, true)
      const throughEdge = await testConnection(config, {
        addressPolicy: loopbackPolicy,
        dispatch: createEdgeDispatcher({ url: edge.origin, token }),
      })
      assert.equal(throughEdge.ok, false)
      assert.match(throughEdge.message, /http:|https|address policy/i)
      const port = await harness.closedPort()
      const edgeDown = await testConnection(config, {
        dispatch: createEdgeDispatcher({ url: `http://127.0.0.1:${port}`, token }),
      })
      assert.deepEqual([edgeDown.ok, edgeDown.latencyMs], [false, 0])
      assert.match(edgeDown.message, /^Not tested: The edge dispatcher at http:\/\/127\.0\.0\.1:\d+ did not answer\.$/)
    } finally {
      await edge.close()
      await receiver.close()
    }
  },
})
