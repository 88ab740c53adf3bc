import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { exampleEvent, publishEvent } from './support/api-calls.ts'
import { openBrowser, screenshot, type Browser } from './support/browser.ts'
import { accessibilityViolations, signIn } from './support/dashboard.ts'
import { startReceiver, type ReceivedRequest, type Receiver } from '@hookline/test-receiver'
import { startStack, type Stack } from './support/stack.ts'

// Done when: a receiver that rejects unsigned or mis-signed requests is
// registered through the dashboard and receives verified deliveries. The
// form hands out the secret before the first test; the receiver is set up
// with it from the page, as a Manager would paste it into their service.

let stack: Stack
let browser: Browser
let receiver: Receiver
/** What the receiver verifies with; until it is configured, a secret nobody signs with. */
let configuredSecret = `whsec_${Buffer.alloc(24, 9).toString('base64')}`

function verify(request: ReceivedRequest): Record<string, unknown> {
  return new Webhook(configuredSecret).verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>
}

beforeAll(async () => {
  ;[stack, receiver] = await Promise.all([startStack('strict-receiver'), startReceiver()])
  receiver.behave((request) => {
    try {
      verify(request)
      return { status: 204 }
    } catch {
      return { status: 401, body: 'signature rejected' }
    }
  })
  browser = await openBrowser(stack.baseUrl)
})
afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  await stack?.stop()
})
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    await screenshot(browser.page, `failure-strict-${context.task.name.replace(/\W+/g, '-').slice(0, 50)}`).catch(() => undefined)
    console.log(stack.output.slice(-20).join('\n'))
  }
})

const page = () => browser.page

async function adminToken(): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(stack.admin),
  })
  return ((await response.json()) as { token: string }).token
}

describe('a receiver that verifies signatures, registered through the dashboard', () => {
  it('shows the new application’s secret before the first test, and the test fails until the receiver uses it', async () => {
    const unsigned = await fetch(receiver.url, { method: 'POST', body: '{}' })
    expect(unsigned.status).toBe(401)

    await signIn(page(), stack.admin.email, stack.admin.password)
    await page().goto('/apps/new')
    const secretField = page().locator('#new-signing-secret')
    await page().waitForFunction(() => (document.querySelector<HTMLInputElement>('#new-signing-secret')?.value ?? '').startsWith('whsec_'))
    const shownSecret = await secretField.inputValue()
    expect(shownSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(await page().getByRole('button', { name: 'Copy signing secret' }).isVisible()).toBe(true)

    await page().getByLabel('Name', { exact: true }).fill('Strict receiver')
    await page().getByLabel('Endpoint URL').fill(receiver.url)
    await page().getByRole('checkbox', { name: /All Media events/ }).click()

    // The receiver does not know the secret yet: 401, and the message says what to check.
    const status = page().getByTestId('connection-test-status')
    await page().getByRole('button', { name: 'Test connection' }).click()
    await status.filter({ hasText: 'Connection test failed' }).waitFor()
    expect(await page().getByTestId('connection-test-result').textContent()).toContain(
      "check that the endpoint verifies signatures with this application's signing secret, or choose HTTP Basic",
    )
    expect(await page().getByTestId('save').isDisabled()).toBe(true)

    // Configured with the secret from the page, the receiver accepts the signed test.
    configuredSecret = shownSecret
    const verifiedTest = receiver.next((request) => request.headers['webhook-signature'] !== undefined)
    await page().getByRole('button', { name: 'Test connection' }).click()
    await status.filter({ hasText: 'Connection test passed' }).waitFor()
    expect(verify(await verifiedTest)).toMatchObject({ type: 'webhook.test', id: expect.stringMatching(/^evt_/) })
    for (const width of [390, 1366, 1920]) {
      await page().setViewportSize({ width, height: 900 })
      await screenshot(page(), `new-app-signing-secret-${width}`)
    }
    await page().setViewportSize({ width: 1366, height: 900 })
    expect(await accessibilityViolations(page())).toEqual([])

    await page().getByTestId('save').click()
    await page().waitForURL(/\/apps\/app_[^/]+$/)
  })

  it('keeps exactly that secret, and deliveries to the app verify with it', async () => {
    const appId = page().url().split('/').pop()!
    const token = await adminToken()
    const stored = await fetch(`${stack.baseUrl}/api/v1/apps/${appId}/secret`, { headers: { authorization: `Bearer ${token}` } })
    expect(((await stored.json()) as { secret: string }).secret).toBe(configuredSecret)

    const created = await fetch(`${stack.baseUrl}/api/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Media service', scopes: ['events:publish'] }),
    })
    const apiKey = ((await created.json()) as { key: string }).key
    const delivered = receiver.next((request) => request.body.includes('"media.updated"'), 30_000)
    const published = await publishEvent(stack.baseUrl, apiKey, await exampleEvent(stack.baseUrl, apiKey, 'media.updated'))
    expect(published.deliveries).toBe(1)
    const event = verify(await delivered)
    expect(event).toMatchObject({ id: published.id, type: 'media.updated' })
  }, 60_000)
})
