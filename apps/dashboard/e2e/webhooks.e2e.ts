import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { exampleEvent, publishEvent } from './support/api-calls.ts'
import { openBrowser, recordFailure, screenshot, type Browser } from './support/browser.ts'
import { accessibilityViolations, expectTitle, navigate, toast } from './support/dashboard.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startStack, type Stack } from './support/stack.ts'
import { pdfText } from './support/pdf-text.ts'

// One Manager's day: sign in, create an application against a local
// receiver (Save waits for a passing connection test), publish events with a
// service key, read the delivery log and its attempts, watch the engine turn
// the application off on a 410, redeliver, export, and look at the overview.

let stack: Stack
let browser: Browser
let receiver: Receiver
let apiKey: string
let appId: string

beforeAll(async () => {
  ;[stack, receiver] = await Promise.all([startStack('webhooks'), startReceiver(undefined, { path: '/hooks/hookline' })])
  browser = await openBrowser(stack.baseUrl)
})

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  await stack?.stop()
})

const page = () => browser.page

afterEach(async (context) => {
  await recordFailure(page(), context.task, stack.output)
})

describe('a Manager’s day with webhooks', () => {
  it('signs in with the keyboard, with a clear error for a wrong password', async () => {
    await page().goto('/apps')
    await page().waitForURL(/\/sign-in\?redirect=(%2F|\/)apps$/)
    await expectTitle(page(), 'Sign in · Hookline')
    await screenshot(page(), 'sign-in')
    expect(await accessibilityViolations(page())).toEqual([])

    await page().keyboard.press('Tab')
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('sign-in-email')
    await page().keyboard.type(stack.admin.email)
    await page().keyboard.press('Tab')
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('sign-in-password')
    await page().keyboard.type('not-the-password')
    await page().keyboard.press('Enter')
    await page()
      .getByRole('alert')
      .filter({ hasText: 'The email or the password is wrong.' })
      .waitFor()

    await page().getByLabel('Password', { exact: true }).fill(stack.admin.password)
    await page().keyboard.press('Enter')
    // Back where the visitor was going (by path: the sign-in URL's redirect parameter ends in "/apps" too).
    await page().waitForURL((url) => url.pathname === '/apps')
    await expectTitle(page(), 'Applications · Hookline')
  })

  it('explains webhooks while there is no application yet', async () => {
    const empty = page().getByRole('region', { name: 'No webhook applications yet' })
    await empty.waitFor()
    expect(await empty.textContent()).toContain('signed POST')
    await screenshot(page(), 'applications-empty')
    expect(await accessibilityViolations(page())).toEqual([])

    // Keyboard focus is visible.
    const create = empty.getByRole('button', { name: 'Create application' })
    await create.focus()
    await page().keyboard.press('Shift+Tab')
    await page().keyboard.press('Tab')
    expect(await create.evaluate((button) => getComputedStyle(button).outlineStyle)).toBe('solid')
    await page().keyboard.press('Enter')
    await page().waitForURL(/\/apps\/new$/)
    await expectTitle(page(), 'New application · Hookline')
  })

  it('keeps Save disabled until Test connection passes for the current endpoint, auth and headers', async () => {
    const save = page().getByTestId('save')
    const status = page().getByTestId('connection-test-status')
    await page().getByLabel('Name', { exact: true }).fill('Media sync')
    await page().getByLabel('Endpoint URL').fill(receiver.url)
    // Checkboxes and switches work from the keyboard too.
    const mediaCategory = page().getByRole('checkbox', { name: /All Media events/ })
    await mediaCategory.focus()
    await page().keyboard.press('Space')
    expect(await mediaCategory.getAttribute('aria-checked')).toBe('true')
    await page().getByRole('button', { name: 'Add header' }).click()
    await page().getByLabel('Header 1 name').fill('X-Portal')
    await page().getByLabel('Header 1 value').fill('acme')
    expect(await save.isDisabled()).toBe(true)

    // The endpoint is down: the test fails and says why.
    receiver.behave(() => ({ status: 503, body: 'down for maintenance' }))
    await page().getByRole('button', { name: 'Test connection' }).click()
    await status.filter({ hasText: 'Connection test failed' }).waitFor()
    expect(await page().getByTestId('connection-test-result').textContent()).toContain('503')
    expect(await save.isDisabled()).toBe(true)

    // Up again: the test passes with status, latency and reason, and Save is enabled.
    receiver.behave(() => ({ status: 204 }))
    const testRequest = receiver.next(
      (request) => request.headers['webhook-signature'] !== undefined,
    )
    await page().getByRole('button', { name: 'Test connection' }).click()
    await status.filter({ hasText: 'Connection test passed' }).waitFor()
    const result = await page().getByTestId('connection-test-result').textContent()
    expect(result).toMatch(/Status\s*204/)
    expect(result).toMatch(/Latency\s*\d+(\.\d+)?\s*(ms|s)/)
    expect(await save.isEnabled()).toBe(true)
    const sent = await testRequest
    expect(sent.headers['x-portal']).toBe('acme')
    expect(JSON.parse(sent.body)).toMatchObject({ type: 'webhook.test' })

    // Any change to the endpoint, the authentication or the headers disables it again.
    await page().getByLabel('Endpoint URL').fill(`${receiver.url}?v=2`)
    expect(await save.isDisabled()).toBe(true)
    await page().getByLabel('Endpoint URL').fill(receiver.url)
    expect(await save.isEnabled()).toBe(true)
    await page().getByLabel('Header 1 value').fill('acme2')
    expect(await save.isDisabled()).toBe(true)
    await page().getByLabel('Header 1 value').fill('acme')
    await page().getByText('Username and password (HTTP Basic)').click()
    expect(await save.isDisabled()).toBe(true)
    await page().getByText('None', { exact: true }).click()
    expect(await save.isEnabled()).toBe(true)

    // Delivery settings keep the portal's defaults.
    expect(await page().getByLabel('Retries').inputValue()).toBe('3')
    expect(await page().getByLabel('Retry delay (seconds)').inputValue()).toBe('5')

    await screenshot(page(), 'application-editor')
    expect(await accessibilityViolations(page())).toEqual([])

    await save.click()
    await page().waitForURL(/\/apps\/app_/)
    appId = new URL(page().url()).pathname.split('/').pop()!
    await toast(page(), 'Created Media sync')
    await expectTitle(page(), 'Media sync · Hookline')
  })

  it('reveals, copies and rotates the signing secret', async () => {
    const secret = page().getByRole('textbox', { name: 'Signing secret' })
    await page().getByRole('button', { name: 'Reveal' }).click()
    await expect.poll(() => secret.inputValue()).toMatch(/^whsec_/)
    const first = await secret.inputValue()
    await page().getByRole('button', { name: 'Copy signing secret' }).click()
    await toast(page(), 'Copied the signing secret')

    await page().getByRole('button', { name: 'Rotate…' }).click()
    const dialog = page().getByRole('dialog').filter({ hasText: 'Rotate the signing secret?' })
    await dialog.getByRole('button', { name: 'Rotate secret' }).click()
    await toast(page(), 'Signing secret rotated')
    await expect.poll(() => secret.inputValue()).not.toBe(first)
    expect(await secret.inputValue()).toMatch(/^whsec_/)
  })

  it('lists the application with its id, endpoint, toggle and events; search filters it', async () => {
    await navigate(page(), 'Applications')
    const row = page().locator('tr').filter({ hasText: 'Media sync' })
    await row.waitFor()
    // The id is shortened in the list; the whole one is the copy button's and the cell's.
    expect(await row.locator('[data-app-id]').getAttribute('data-app-id')).toBe(appId)
    expect(await row.textContent()).toContain(receiver.url)
    expect(await row.textContent()).toMatch(/\d+ events/)
    expect(
      await row.getByRole('switch', { name: 'Active: Media sync' }).getAttribute('aria-checked'),
    ).toBe('true')
    await row.getByRole('button', { name: 'Copy application ID of Media sync' }).click()
    await toast(page(), 'Copied the application ID')

    await page().getByLabel('Search applications').fill('no-such-app')
    await page().getByText('No application matches').waitFor()
    await page().getByLabel('Search applications').fill('media')
    await row.waitFor()
  })

  it('creates a service API key, shown once', async () => {
    await navigate(page(), 'API keys')
    await expectTitle(page(), 'API keys · Hookline')
    await page().getByRole('button', { name: 'Create API key' }).click()
    await page().getByLabel('Name', { exact: true }).fill('Media service')
    await page().getByRole('button', { name: 'Create key' }).click()
    const keyField = page().getByLabel(/API key “Media service”/)
    await keyField.waitFor()
    apiKey = await keyField.inputValue()
    expect(apiKey).toMatch(/^hk_/)
    await screenshot(page(), 'api-key-created')
    await page().getByRole('button', { name: 'Done' }).click()
    const row = page().locator('tr').filter({ hasText: 'Media service' })
    await row.waitFor()
    expect(await row.textContent()).not.toContain(apiKey)
    await screenshot(page(), 'api-keys')
  })

  it('shows a published event’s delivery in the logs, with its attempts', async () => {
    const body = await exampleEvent(stack.baseUrl, apiKey, 'media.updated')
    const delivered = receiver.next((request) => request.body.includes('"media.updated"'))
    const published = await publishEvent(stack.baseUrl, apiKey, body)
    expect(published.deliveries).toBe(1)
    const request = await delivered
    expect(request.headers['webhook-id']).toBeTruthy()
    expect(request.headers['x-portal']).toBe('acme')

    await navigate(page(), 'Delivery logs')
    await expectTitle(page(), 'Delivery logs · Hookline')
    await page()
      .getByRole('switch', { name: /Auto-refresh/ })
      .click()
    const row = page()
      .getByTestId('logs-table')
      .locator('tr')
      .filter({ hasText: 'Media sync' })
      .filter({ hasText: 'Succeeded' })
    await row.waitFor({ timeout: 30_000 })
    await page()
      .getByRole('switch', { name: /Auto-refresh/ })
      .click()
    // The event's label on the row; its code is in the label's tooltip.
    expect(await row.textContent()).toContain('Media updated')
    expect(await row.textContent()).toContain('204')
    await screenshot(page(), 'logs')
    expect(await accessibilityViolations(page())).toEqual([])

    await row.getByRole('button', { name: /^Details of Media sync/ }).click()
    const drawer = page().getByRole('dialog')
    const attempt = drawer.getByTestId('delivery-attempt').first()
    await attempt.waitFor()
    expect(await attempt.textContent()).toContain('Attempt 1')
    expect(await attempt.textContent()).toContain('Success')
    expect(await attempt.textContent()).toMatch(/Response status\s*204/)
    await attempt.getByText(/^Request headers/).click()
    const headers = await attempt.locator('table').textContent()
    expect(headers).toContain('webhook-signature')
    expect(headers).toContain('x-portal')
    expect(headers).not.toContain(request.headers['webhook-signature'] as string)
    await screenshot(page(), 'delivery-attempts')
    await page().keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  it('turns the application off when the endpoint answers 410, and says why in the list', async () => {
    receiver.behave(() => ({ status: 410, body: 'this hook is gone' }))
    const delivered = receiver.next((request) => request.body.includes('"media.updated"'))
    await publishEvent(
      stack.baseUrl,
      apiKey,
      await exampleEvent(stack.baseUrl, apiKey, 'media.updated'),
    )
    await delivered

    await navigate(page(), 'Applications')
    const row = page().locator('tr').filter({ hasText: 'Media sync' })
    const badge = row.getByTestId('deactivation-badge')
    await expect
      .poll(
        async () => {
          await page().reload()
          return badge.isVisible()
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true)
    expect(await badge.textContent()).toMatch(/Turned off: 410 Gone/)
    expect(
      await row.getByRole('switch', { name: 'Active: Media sync' }).getAttribute('aria-checked'),
    ).toBe('false')
    // The last delivery's status arrives after the list.
    await row.getByText('Failed', { exact: true }).waitFor()
    await screenshot(page(), 'applications')
    expect(await accessibilityViolations(page())).toEqual([])
  })

  it('redelivers the failed deliveries after the endpoint is fixed and the app is back on', async () => {
    receiver.behave(() => ({ status: 204 }))
    const row = page().locator('tr').filter({ hasText: 'Media sync' })
    await row.getByRole('switch', { name: 'Active: Media sync' }).focus()
    await page().keyboard.press('Space')
    await toast(page(), 'Media sync is on')
    expect(await row.getByTestId('deactivation-badge').count()).toBe(0)

    await page().goto(`/logs?status=failed&appId=${appId}`)
    const failedRow = page().getByTestId('logs-table').locator('tr').filter({ hasText: 'Failed' })
    await failedRow.waitFor()
    expect(await failedRow.textContent()).toContain('410')
    expect(await page().getByLabel('Status').inputValue()).toBe('failed')

    const redelivered = receiver.next((request) => request.body.includes('"media.updated"'))
    await page().getByRole('button', { name: 'Redeliver all matching…' }).click()
    await page().getByRole('dialog').getByRole('button', { name: 'Redeliver 1' }).click()
    await toast(page(), '1 delivery queued for redelivery')
    await redelivered

    await page().getByLabel('Status').selectOption('succeeded')
    const succeeded = page()
      .getByTestId('logs-table')
      .locator('tbody tr')
      .filter({ hasText: 'Succeeded' })
    await expect
      .poll(
        async () => {
          await page().getByRole('button', { name: 'Refresh', exact: true }).click()
          return succeeded.count()
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(2)

    const again = receiver.next((request) => request.body.includes('"media.updated"'))
    await succeeded
      .first()
      .getByRole('button', { name: /^Redeliver Media sync/ })
      .click()
    await toast(page(), /Redelivery of .* queued/)
    await again
  })

  it('exports exactly the filtered logs as CSV and PDF', async () => {
    await page().goto(`/logs?appId=${appId}&status=succeeded`)
    const rows = page()
      .getByTestId('logs-table')
      .locator('tbody tr')
      .filter({ hasText: 'Succeeded' })
    await expect
      .poll(
        async () => {
          await page().getByRole('button', { name: 'Refresh', exact: true }).click()
          return rows.count()
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(3)

    const csvDownload = page().waitForEvent('download')
    await page().getByRole('button', { name: 'Export CSV' }).click()
    const csvFile = await csvDownload
    expect(csvFile.suggestedFilename()).toMatch(/\.csv$/)
    const csv = (await readFile((await csvFile.path())!, 'utf8')).replace(/^\uFEFF/, '')
    const records = parse(csv, { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[]
    expect(records).toHaveLength(3)
    for (const record of records) {
      expect(record['Application ID']).toBe(appId)
      expect(record['Status']).toBe('succeeded')
      expect(record['Event']).toContain('media.updated')
    }

    const pdfDownload = page().waitForEvent('download')
    await page().getByRole('button', { name: 'Export PDF' }).click()
    const pdfFile = await pdfDownload
    expect(pdfFile.suggestedFilename()).toMatch(/\.pdf$/)
    const pdf = await readFile((await pdfFile.path())!)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = await pdfText(pdf)
    expect(text).toContain('Media sync')
    expect(text).toContain(appId)
    // The PDF shows the screen's status labels ("Succeeded"), one per row.
    expect(text.match(/\bSucceeded\b/g)?.length ?? 0).toBeGreaterThanOrEqual(3)
    expect(text).not.toMatch(/\bfailed\b.*410/i)
  })

  it('shows deliveries over time and the failing applications first', async () => {
    // A second, healthy application and a batch of events for both.
    const token = await page().evaluate(
      () =>
        (JSON.parse(localStorage.getItem('hookline.session') ?? '{}') as { token?: string }).token,
    )
    const created = await fetch(`${stack.baseUrl}/api/v1/apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Search indexer',
        endpoint: `${receiver.url}/search`,
        events: { categories: ['metadata'], types: [] },
      }),
    })
    expect(created.status).toBe(201)
    const batch = await Promise.all(
      ['comment.added', 'comment.updated', 'category.added', 'media.updated'].map((type) =>
        exampleEvent(stack.baseUrl, apiKey, type),
      ),
    )
    const searchDeliveries = Promise.all(
      [0, 1, 2].map(() => receiver.next((request) => request.path.endsWith('/search'))),
    )
    await publishEvent(stack.baseUrl, apiKey, { events: batch })
    await searchDeliveries

    await navigate(page(), 'Overview')
    await expectTitle(page(), 'Overview · Hookline')
    const table = page().getByRole('region', { name: 'Applications, failing first' })
    const rows = table.locator('tbody tr')
    await expect
      .poll(
        async () => {
          await page().getByRole('button', { name: 'Refresh', exact: true }).click()
          return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' '))
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toEqual([
        expect.stringMatching(/^Media sync.*410 Gone/),
        expect.stringMatching(/^Search indexer 3 0 0 100 %/),
      ])
    expect(await page().locator('canvas[role="img"]').getAttribute('aria-label')).toContain(
      'Deliveries per hour by outcome',
    )
    await screenshot(page(), 'overview')
    expect(await accessibilityViolations(page())).toEqual([])

    await page().getByText('Show the numbers').click()
    const numbers = await page().locator('.numbers table').textContent()
    expect(numbers).toMatch(/Succeeded/)

    // The whole log, newest first: both applications, every outcome.
    await navigate(page(), 'Delivery logs')
    const logRows = page().getByTestId('logs-table').locator('tbody tr')
    await expect.poll(() => logRows.count(), { timeout: 10_000 }).toBe(8)
    expect(await logRows.first().innerText()).toMatch(/Search indexer|Media sync/)
    await screenshot(page(), 'logs-all')
  })
})
