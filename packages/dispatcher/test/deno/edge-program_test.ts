// Runs the edge program exactly as the README says (`deno run --allow-net
// --allow-env deno/serve.ts`) on a free port, then dispatches through it.
import assert from 'node:assert/strict'
import { createEdgeDispatcher } from '../../src/index.ts'
import { denoHarness } from './harness.ts'
import { deliveryRequest, signingSecret, startReceiver } from '../suite/fixtures.ts'

const token = 'edge-token-for-the-deno-test'

Deno.test('edge program › deno run serve.ts answers POST /dispatch with the outcome', async () => {
  const receiver = await startReceiver(denoHarness, () => new Response('thanks', { status: 202 }))
  const program = new Deno.Command(Deno.execPath(), {
    args: [
      'run',
      '--allow-net',
      '--allow-env',
      new URL('../../deno/serve.ts', import.meta.url).pathname,
    ],
    env: {
      HOOKLINE_EDGE_TOKEN: token,
      HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8',
      HOOKLINE_ALLOW_HTTP: 'true',
      HOOKLINE_EDGE_HOSTNAME: '127.0.0.1',
      PORT: '0',
    },
    stdout: 'piped',
    stderr: 'inherit',
  }).spawn()
  try {
    const edgeUrl = await listeningUrl(program.stdout)
    const unauthorized = await fetch(`${edgeUrl}/dispatch`, { method: 'POST', body: '{}' })
    assert.equal(unauthorized.status, 401)
    await unauthorized.body?.cancel()

    const outcome = await createEdgeDispatcher({ url: edgeUrl, token })(
      deliveryRequest(receiver.url),
    )
    assert.equal(outcome.kind, 'success')
    assert.equal(outcome.status, 202)
    assert.equal(outcome.responseBodyExcerpt, 'thanks')
    const request = receiver.received[0]
    assert.ok(request)
    new denoHarness.Webhook(signingSecret).verify(request.body, request.headers)

    // The edge applies its own address policy: ::1 is not on its allowlist.
    const refused = await createEdgeDispatcher({ url: edgeUrl, token })(
      deliveryRequest('http://[::1]:9/hook'),
    )
    assert.equal(refused.errorCode, 'address-refused')
  } finally {
    program.kill('SIGTERM')
    await program.status
    await receiver.close()
  }
})

/** Reads the program's stdout until it prints where it listens; the rest of stdout is drained. */
async function listeningUrl(stdout: ReadableStream<Uint8Array>): Promise<string> {
  const lines = stdout.pipeThrough(new TextDecoderStream()).getReader()
  let text = ''
  while (true) {
    const { value, done } = await lines.read()
    if (done) throw new Error(`The edge program exited before listening: ${text}`)
    text += value
    const match = /listening on (http:\/\/\S+)\/dispatch/.exec(text)
    if (match?.[1]) {
      lines.releaseLock()
      return match[1]
    }
  }
}
