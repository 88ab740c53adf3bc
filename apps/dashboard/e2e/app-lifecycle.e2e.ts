import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { exampleEvent } from './support/api-calls.ts'
import { openBrowser, recordFailure, type Browser } from './support/browser.ts'
import { accessibilityViolations, navigate, signIn, toast, toastAccessibilityViolations } from './support/dashboard.ts'
import { defaultSize, screenshotSizes as screenshotSizesOf } from './support/screen-sizes.ts'
import { seeder, type Seeder } from './support/seed.ts'
import { startStack, type Stack } from './support/stack.ts'

// An application's life as a Manager sees it: its own page with figures and
// a way to its logs, the list, the editor's gates and guard, and turning it
// back on after it was off — by a person or by delivery — with the offer to
// send what was skipped meanwhile.

let stack: Stack
let browser: Browser
let receiver: Receiver
let seed: Seeder
/** Paths whose deliveries (not connection tests) the receiver answers with this status; else 204. */
const answers = new Map<string, number>()
/** Paths whose connection tests it answers with this status; else 204. */
const testAnswers = new Map<string, number>()

beforeAll(async () => {
  ;[stack, receiver] = await Promise.all([startStack('app_lifecycle'), startReceiver()])
  receiver.behave((request) => {
    const path = request.path.split('/').pop() ?? ''
    if (request.body.includes('"webhook.test"')) return { status: testAnswers.get(path) ?? 204 }
    return { status: answers.get(path) ?? 204 }
  })
  browser = await openBrowser(stack.baseUrl)
  seed = await seeder(stack.baseUrl, stack.admin)
  await signIn(browser.page, stack.admin.email, stack.admin.password)
})

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  await stack?.stop()
})

const page = () => browser.page

afterEach(async (context) => {
  await page().setViewportSize(defaultSize)
  await recordFailure(page(), context.task, stack.output)
})

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${seed.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

async function createApp(name: string, path: string, settings: Record<string, unknown> = {}): Promise<string> {
  const app = await api<{ appId: string }>('POST', '/api/v1/apps', {
    name,
    endpoint: `${receiver.url}/${path}`,
    events: { categories: ['media'], types: [] },
    ...settings,
  })
  return app.appId
}

async function publishMediaUpdates(count: number): Promise<void> {
  const body = await exampleEvent(stack.baseUrl, seed.apiKey, 'media.updated')
  await seed.publish(Array.from({ length: count }, () => body))
}

/** Waits until the app has `count` deliveries in `status` (the worker runs beside the API). */
async function waitForCount(appId: string, status: string, count: number): Promise<void> {
  await expect
    .poll(
      async () =>
        (await api<{ count: number }>('GET', `/api/v1/logs/count?appId=${appId}&status=${status}`))
          .count,
      { timeout: 60_000, interval: 500 },
    )
    .toBe(count)
}

/** The three screen sizes of what is on screen now, saved as `<name>-<width>.png`. */
const screenshotSizes = (name: string, ready: () => Promise<unknown>) => screenshotSizesOf(page(), name, ready)

let steadyId: string

describe('the application page', () => {
  it('shows the app’s own success rate, volume, last delivery and last failure, and links to its logs', async () => {
    steadyId = await createApp('Steady media receiver', 'steady')
    await publishMediaUpdates(4)
    await waitForCount(steadyId, 'succeeded', 4)

    await page().goto(`/apps/${steadyId}`)
    const stats = page().getByTestId('app-stats')
    await stats.getByText('Deliveries in the last 30 days').waitFor()
    await expect.poll(() => page().getByTestId('app-stat-volume').textContent()).toContain('4')
    expect(await page().getByTestId('app-stat-rate').textContent()).toContain('100 %')
    expect(await page().getByTestId('app-stat-rate').textContent()).toContain('Succeeded of 4 finished')
    // The full date and time, seconds included.
    expect(await page().getByTestId('app-stat-last-delivery').textContent()).toMatch(/\d{1,2}:\d{2}:\d{2}/)
    expect(await page().getByTestId('app-stat-last-failure').textContent()).toContain('None')

    await screenshotSizes('application-page', () => stats.getByText('100 %').waitFor())
    expect(await accessibilityViolations(page())).toEqual([])

    await page().getByTestId('app-logs-link').click()
    await page().waitForURL((url) => url.pathname === '/logs' && url.searchParams.get('appId') === steadyId)
    await page().getByTestId('logs-table').locator('tbody tr').nth(3).waitFor()
    expect(await page().getByTestId('logs-table').locator('tbody tr').count()).toBe(4)
  })

  it('lists the app with its last delivery in full, its endpoint whole and a short id with copy', async () => {
    await navigate(page(), 'Applications')
    const row = page().locator('.apps-table tr').filter({ hasText: 'Steady media receiver' })
    await row.getByText('Succeeded', { exact: true }).waitFor()
    const id = row.locator('[data-app-id]')
    expect(await id.getAttribute('data-app-id')).toBe(steadyId)
    expect(await id.textContent()).toBe(`app_…${steadyId.slice(-6)}`)
    expect(await row.locator('time.when').textContent()).toMatch(/\d{4}.*\d{1,2}:\d{2}:\d{2}/)
    const endpoint = row.getByText(`${receiver.url}/steady`, { exact: true })
    // Whole: not cut off by its cell (no ellipsis), at a laptop's width.
    await page().setViewportSize({ width: 1366, height: 768 })
    expect(
      await endpoint.evaluate((element) => {
        const cell = element.closest('td')!
        return (
          element.getBoundingClientRect().right <= cell.getBoundingClientRect().right &&
          cell.scrollWidth <= cell.clientWidth
        )
      }),
    ).toBe(true)
    // The last delivery in view, not scrolled off the table's right edge.
    expect(
      await row.locator('time.when').evaluate(
        (element) =>
          element.getBoundingClientRect().right <=
          element.closest('.apps-table')!.getBoundingClientRect().right,
      ),
    ).toBe(true)
    await row.getByRole('button', { name: 'Copy application ID of Steady media receiver' }).click()
    await toast(page(), 'Copied the application ID')
    // Checked while held on screen by the pointer: page scans wait for toasts to leave.
    expect(await toastAccessibilityViolations(page())).toEqual([])
    // Held by the pointer past its 4 s, for someone still reading it; it goes once the pointer leaves.
    await page().waitForTimeout(5_000)
    const copied = page().locator('.n-message').filter({ hasText: 'Copied the application ID' })
    expect(await copied.count()).toBe(1)
    await page().mouse.move(0, 0)
    await copied.waitFor({ state: 'detached', timeout: 10_000 })

    await screenshotSizes('applications-list', () => row.getByText('Succeeded', { exact: true }).waitFor())
  })
})

describe('the app editor', () => {
  it('keeps categories collapsed with counts and the delivery settings and secret above the events', async () => {
    await page().goto(`/apps/${steadyId}`)
    const media = page().locator('[data-category="media"]')
    await media.waitFor()
    expect(await media.getByTestId('toggle-media').textContent()).toMatch(/\(\d+ selected\)/)
    expect(await media.locator('ul.events').isVisible()).toBe(false)
    const eventsTop = (await page().locator('#section-events').boundingBox())!.y
    expect((await page().getByLabel('Retries').boundingBox())!.y).toBeLessThan(eventsTop)
    expect((await page().getByLabel('Retry delay (seconds)').boundingBox())!.y).toBeLessThan(eventsTop)
    expect((await page().getByRole('textbox', { name: 'Signing secret' }).boundingBox())!.y).toBeLessThan(eventsTop)
    await media.getByTestId('toggle-media').click()
    expect(await media.locator('ul.events').isVisible()).toBe(true)
  })

  it('saves only a change, says when the settings changed since the test, and asks before dropping changes', async () => {
    await page().goto(`/apps/${steadyId}`)
    const save = page().getByTestId('save')
    const status = page().getByTestId('connection-test-status')
    const testButton = page().getByTestId('test-connection')
    await status.getByText('Saved settings — unchanged since they were tested').waitFor()
    expect(await save.isDisabled()).toBe(true)
    expect(await page().locator('#save-hint').textContent()).toContain('Nothing changed yet')

    // A connection change: the test is the next step, and its button looks like one.
    await page().getByLabel('Endpoint URL').fill(`${receiver.url}/steady?moved=1`)
    await status.getByText('Settings changed since the last test').waitFor()
    expect(await save.isDisabled()).toBe(true)
    const look = () =>
      testButton.evaluate((button) => ({
        disabled: (button as HTMLButtonElement).disabled,
        secondary: button.classList.contains('n-button--secondary'),
        cursor: getComputedStyle(button).cursor,
        // Opaque once Naive UI's colour transition has ended (a faded fill reads as disabled).
        opaque: /^rgb\(/.test(getComputedStyle(button).backgroundColor),
      }))
    await expect
      .poll(look)
      .toEqual({ disabled: false, secondary: false, cursor: 'pointer', opaque: true })
    await screenshotSizes('application-editor-changed', () =>
      status.getByText('Settings changed since the last test').waitFor(),
    )
    await page().getByLabel('Endpoint URL').fill(`${receiver.url}/steady`)
    await status.getByText('Saved settings — unchanged since they were tested').waitFor()
    expect(await save.isDisabled()).toBe(true)

    await page().locator('#app-name').fill('Steady media receiver (renamed)')
    expect(await save.isEnabled()).toBe(true)

    // Leaving with unsaved changes asks first; staying keeps them.
    await navigate(page(), 'Delivery logs')
    const guard = page().getByRole('dialog').filter({ hasText: 'Leave without saving?' })
    await guard.waitFor()
    await guard.getByRole('button', { name: 'Cancel' }).click()
    await guard.waitFor({ state: 'hidden' })
    expect(new URL(page().url()).pathname).toBe(`/apps/${steadyId}`)
    expect(await page().locator('#app-name').inputValue()).toBe('Steady media receiver (renamed)')
    await navigate(page(), 'Delivery logs')
    await guard.getByRole('button', { name: 'Leave without saving' }).click()
    await page().waitForURL((url) => url.pathname === '/logs')

    // Saved changes leave without a question.
    await page().goto(`/apps/${steadyId}`)
    await page().locator('#app-name').fill('Steady media receiver')
    await page().locator('#app-name').fill('Steady media receiver (saved)')
    await save.click()
    await toast(page(), 'Saved Steady media receiver (saved)')
    expect(await save.isDisabled()).toBe(true)
    await navigate(page(), 'Applications')
    await page().waitForURL((url) => url.pathname === '/apps')
  })

  it('speaks of highlighted fields only once one is highlighted', async () => {
    await page().goto('/apps/new')
    const hint = page().locator('#save-hint')
    await expect.poll(() => hint.textContent()).toBe('Enter a name and the endpoint URL to save.')
    await page().locator('#app-name').focus()
    await page().getByLabel('Endpoint URL').focus()
    await page().getByText('Enter a name.', { exact: true }).waitFor()
    expect(await hint.textContent()).toBe('Fix the highlighted fields to save.')
  })
})

describe('turning an app back on', () => {
  it('after a person turned it off: tests first, then offers the deliveries skipped meanwhile, with their count', async () => {
    answers.set('slow', 503)
    const slowId = await createApp('Busy search indexer', 'slow', { retries: 10, retryDelaySeconds: 2 })
    await publishMediaUpdates(3)
    await waitForCount(slowId, 'retrying', 3)

    await navigate(page(), 'Applications')
    const row = page().locator('.apps-table tr').filter({ hasText: 'Busy search indexer' })
    const toggle = row.getByRole('switch', { name: 'Active: Busy search indexer' })
    await toggle.click()
    await toast(page(), 'Busy search indexer is off')
    // Their next attempts find the app off.
    await waitForCount(slowId, 'skipped', 3)
    answers.set('slow', 204)

    const tests = receiver.requests.filter((request) => request.body.includes('"webhook.test"')).length
    await toggle.click()
    const dialog = page().getByTestId('reactivate-dialog')
    const offer = dialog.getByTestId('skipped-offer')
    await offer.waitFor()
    expect(await offer.textContent()).toMatch(/3 deliveries\s+were skipped while it was\s+off/)
    expect(await dialog.textContent()).toContain('The connection test passed')
    // The dashboard's test and the server's own one before turning it on.
    expect(receiver.requests.filter((request) => request.body.includes('"webhook.test"')).length).toBe(tests + 2)
    expect(await toggle.getAttribute('aria-checked')).toBe('true')
    await screenshotSizes('reactivate-offer', () => offer.waitFor())
    // The dialog, not the earlier "is off" toast (it leaves after 4 s).
    await page().locator('.n-message').first().waitFor({ state: 'detached', timeout: 15_000 })
    expect(await accessibilityViolations(page())).toEqual([])

    await dialog.getByRole('button', { name: 'Redeliver 3 deliveries' }).click()
    await dialog.getByTestId('redelivery-outcome').getByText(/3 deliveries queued for redelivery/).waitFor()
    await waitForCount(slowId, 'succeeded', 3)
    const redeliveries = await api<{ items: { redeliveryOf?: string }[] }>(
      'GET',
      `/api/v1/logs?appId=${slowId}&status=succeeded`,
    )
    expect(redeliveries.items.every((item) => item.redeliveryOf?.startsWith('dlv_'))).toBe(true)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })

  it('after delivery turned it off: the badge says when, the editor does not call the settings fine, and the page turns it on', async () => {
    answers.set('gone', 410)
    const goneId = await createApp('Retired archive hook', 'gone')
    await publishMediaUpdates(1)
    await waitForCount(goneId, 'failed', 1)

    await page().goto(`/apps/${goneId}`)
    const badge = page().getByTestId('app-off').getByTestId('deactivation-badge')
    await badge.waitFor()
    expect(await badge.textContent()).toMatch(/Turned off: 410 Gone.*since\s+\S+/s)
    const status = page().getByTestId('connection-test-status')
    expect(await status.textContent()).not.toContain('unchanged since')
    expect(await status.textContent()).toContain('test before turning the app on')
    await expect.poll(() => page().getByTestId('app-stat-last-failure').textContent()).toContain('410')
    await screenshotSizes('application-turned-off', () => badge.waitFor())

    // Still gone: the test fails and the app stays off.
    testAnswers.set('gone', 410)
    await page().getByTestId('turn-on').click()
    const dialog = page().getByTestId('reactivate-dialog')
    await dialog.getByText(/The connection test failed, so Retired archive hook stays off/).waitFor()
    expect(await dialog.textContent()).toContain('410')
    await screenshotSizes('reactivate-test-failed', () => dialog.getByText('Test again').waitFor())
    expect((await api<{ active: boolean }>('GET', `/api/v1/apps/${goneId}`)).active).toBe(false)

    // Fixed: tested again and on; its one delivery failed rather than being skipped, so nothing to offer.
    testAnswers.set('gone', 204)
    answers.set('gone', 204)
    await dialog.getByRole('button', { name: 'Test again' }).click()
    await toast(page(), 'Retired archive hook is on')
    await dialog.waitFor({ state: 'hidden' })
    await page().getByTestId('app-off').waitFor({ state: 'detached' })
    expect((await api<{ active: boolean }>('GET', `/api/v1/apps/${goneId}`)).active).toBe(true)
  })
})
