import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { exampleEvent } from './support/api-calls.ts'
import { openBrowser, recordFailure, screenshot, type Browser } from './support/browser.ts'
import { signIn } from './support/dashboard.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { defaultSize, horizontalOverflow, screenSizes } from './support/screen-sizes.ts'
import { seeder, type Seeder } from './support/seed.ts'
import { startStack, type Stack } from './support/stack.ts'

// Every main screen at a phone's, a laptop's and a wide monitor's size, with
// many applications and a few hundred deliveries: nothing scrolls sideways on
// a phone, the logs read one line per row on a laptop, the logs page makes
// the same requests whatever the number of apps, and every category's
// example payload opens.

let stack: Stack
let browser: Browser
let receiver: Receiver
let seed: Seeder
let firstAppId: string
const appCount = 24

beforeAll(async () => {
  ;[stack, receiver] = await Promise.all([startStack('screens'), startReceiver()])
  browser = await openBrowser(stack.baseUrl)
  seed = await seeder(stack.baseUrl, stack.admin)
  // One application whose endpoint fails its deliveries (they retry) but
  // passes the connection test; the rest healthy.
  receiver.behave((request) => ({
    status: request.path.endsWith('/flaky') && !request.body.includes('"webhook.test"') ? 500 : 204,
  }))
  firstAppId = await seed.createApp('Media sync for the archive team', `${receiver.url}/media`, [
    'media',
    'metadata',
  ])
  await seed.createApp('Flaky search indexer', `${receiver.url}/flaky`, ['metadata'])
  for (let index = 3; index <= appCount; index++)
    await seed.createApp(
      `Team ${String(index).padStart(2, '0')} notifications`,
      `${receiver.url}/team-${index}`,
      ['actions'],
    )
  const [updated, commented] = await Promise.all([
    exampleEvent(stack.baseUrl, seed.apiKey, 'media.updated'),
    exampleEvent(stack.baseUrl, seed.apiKey, 'comment.added'),
  ])
  await seed.publish(
    Array.from({ length: 15 }, (_, index) => (index % 3 === 0 ? commented : updated)),
  )
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

const logRows = () => page().getByTestId('logs-table').locator('tbody tr')

interface Screen {
  name: string
  path: string
  /** Resolves once the screen shows its content. */
  ready(on: Page): Promise<unknown>
  /** What to do after `ready`, e.g. open a drawer. */
  open?(on: Page): Promise<unknown>
}

const screens: Screen[] = [
  {
    name: 'overview',
    path: '/overview',
    ready: (on) => on.locator('canvas[role="img"]').waitFor(),
  },
  {
    name: 'applications',
    path: '/apps',
    ready: (on) => on.locator('tr').filter({ hasText: 'Flaky search indexer' }).waitFor(),
  },
  {
    name: 'application-new',
    path: '/apps/new',
    ready: (on) => on.getByRole('checkbox', { name: /All Media events/ }).waitFor(),
  },
  {
    name: 'application-edit',
    path: '/apps/{firstAppId}',
    ready: (on) => on.getByRole('textbox', { name: 'Signing secret' }).waitFor(),
  },
  { name: 'logs', path: '/logs', ready: () => logRows().nth(11).waitFor() },
  {
    name: 'delivery',
    path: '/logs',
    ready: () => logRows().nth(11).waitFor(),
    open: async (on) => {
      await logRows()
        .first()
        .getByRole('button', { name: /^Details of/ })
        .click()
      await on.getByRole('dialog').getByTestId('delivery-facts').waitFor()
    },
  },
  {
    name: 'users',
    path: '/users',
    ready: (on) => on.locator('tr').filter({ hasText: stack.admin.email }).waitFor(),
  },
  {
    name: 'api-keys',
    path: '/api-keys',
    ready: (on) => on.locator('tr').filter({ hasText: 'Screen tests' }).waitFor(),
  },
]

describe('every main screen at 390, 1366 and 1920 px', () => {
  it('has deliveries to show first', async () => {
    await expect
      .poll(
        async () => {
          await page().goto('/logs?status=succeeded')
          await page().getByTestId('logs-table').waitFor()
          await page().waitForTimeout(300)
          return logRows().filter({ hasText: 'Succeeded' }).count()
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBeGreaterThanOrEqual(12)
  })

  for (const size of screenSizes) {
    it(`fits ${size.width} × ${size.height} without sideways scrolling`, async () => {
      await page().setViewportSize(size)
      const overflow: Record<string, number> = {}
      for (const screen of screens) {
        await page().goto(screen.path.replace('{firstAppId}', firstAppId))
        await screen.ready(page())
        await screen.open?.(page())
        overflow[screen.name] = await horizontalOverflow(page())
        await screenshot(page(), `${screen.name}-${size.width}`)
        if (screen.name === 'delivery') {
          const drawer = await page().locator('.n-drawer').boundingBox()
          // The drawer takes the whole width of a phone, 640 px elsewhere.
          expect(drawer?.width).toBe(size.width < 1024 ? size.width : 640)
          await page().keyboard.press('Escape')
        }
      }
      expect(overflow).toEqual(Object.fromEntries(screens.map((screen) => [screen.name, 0])))
    }, 180_000)
  }

  it('folds the navigation into a menu drawer below 1024 px', async () => {
    await page().setViewportSize({ width: 390, height: 844 })
    await page().goto('/overview')
    await page().locator('canvas[role="img"]').waitFor()
    const nav = page().getByRole('navigation', { name: 'Main' })
    expect(await nav.count()).toBe(0)
    await page().getByRole('button', { name: 'Menu' }).click()
    await nav.getByRole('link', { name: 'Delivery logs' }).waitFor()
    await screenshot(page(), 'menu-390')
    await nav.getByRole('link', { name: 'Delivery logs' }).click()
    await page().waitForURL(/\/logs$/)
    await nav.waitFor({ state: 'detached' })

    await page().setViewportSize({ width: 1024, height: 768 })
    await page().getByRole('navigation', { name: 'Main' }).waitFor()
    expect(await page().getByRole('button', { name: 'Menu' }).count()).toBe(0)
  })
})

describe('the delivery logs', () => {
  it('reads one line per row at 1366 × 768, with at least 12 rows on screen and full values in tooltips', async () => {
    await page().setViewportSize({ width: 1366, height: 768 })
    await page().goto('/logs')
    await logRows().nth(11).waitFor()
    const rows = await logRows().evaluateAll((elements) =>
      elements.map((row) => {
        const box = row.getBoundingClientRect()
        // A cell whose text wraps is taller than one line of its font.
        const wrapped = [...row.querySelectorAll('td')].filter((cell) => {
          const text = cell.querySelector('.n-ellipsis, .event-cell') ?? cell
          const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20
          return (text as HTMLElement).offsetHeight > lineHeight * 1.6 + 16
        }).length
        return { bottom: box.bottom, height: box.height, wrapped }
      }),
    )
    expect(rows.filter((row) => row.wrapped > 0)).toEqual([])
    expect(rows.filter((row) => row.bottom <= 768).length).toBeGreaterThanOrEqual(12)
    const heights = new Set(rows.map((row) => Math.round(row.height)))
    expect(heights.size).toBe(1)

    // The filters show their whole values.
    for (const id of ['filter-app', 'filter-event', 'filter-status', 'filter-range']) {
      const clipped = await page()
        .locator(`#${id}`)
        .evaluate((select: HTMLSelectElement) => {
          const probe = document.createElement('span')
          probe.style.cssText =
            'position:absolute;visibility:hidden;white-space:nowrap;font:14px system-ui'
          document.body.append(probe)
          const widest = Math.max(
            ...[...select.options].map(
              (option) => ((probe.textContent = option.text), probe.offsetWidth),
            ),
          )
          probe.remove()
          return widest > select.clientWidth - 40
        })
      expect({ id, clipped }).toEqual({ id, clipped: false })
    }
    const clear = await page().getByRole('button', { name: 'Clear filters' }).boundingBox()
    expect(clear!.height).toBeLessThan(40)

    // A long event name ends in an ellipsis; hovering shows it whole.
    const eventCell = logRows().first().locator('td').nth(2)
    await eventCell.locator('.event-cell').hover()
    const tooltip = page()
      .locator('.n-tooltip, .n-popover')
      .filter({ hasText: /\w+\.\w+/ })
      .last()
    await tooltip.waitFor()
    expect(await tooltip.textContent()).toMatch(/(media\.updated|comment\.added)/)
  })

  it(`makes the same requests whatever the number of applications (${appCount} here)`, async () => {
    const requests: string[] = []
    const record = (request: { url(): string }) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/api/')) requests.push(`${url.pathname}${url.search}`)
    }
    page().on('request', record)
    await page().goto('/logs')
    await logRows().nth(11).waitFor()
    await page().waitForLoadState('networkidle')
    page().off('request', record)
    expect(requests.filter((url) => /\/api\/v1\/logs\?.*appId=/.test(url))).toEqual([])
    // The catalog, the app names for the filter, the page of logs, the total.
    expect(requests.length, requests.join('\n')).toBeLessThanOrEqual(5)
  })
})

describe('finding, reading and redelivering deliveries', () => {
  it('gives every delivery its own address, with the payload sent and the request headers', async () => {
    await page().goto('/logs')
    await logRows().first().waitFor()
    await logRows()
      .first()
      .getByRole('button', { name: /^Details of/ })
      .click()
    await page().waitForURL(/\/logs\/dlv_[0-9A-Za-z]+$/)
    const deliveryUrl = page().url()
    const drawer = page().getByRole('dialog')
    const payload = drawer.getByTestId('delivery-payload')
    await payload.waitFor()
    const envelope = JSON.parse((await payload.textContent())!) as { type: string; id: string }
    expect(envelope.type).toMatch(/^(media\.updated|comment\.added)$/)
    expect(envelope.id).toMatch(/^evt_/)
    await drawer.getByRole('button', { name: 'Copy payload' }).click()
    await drawer
      .getByTestId('delivery-attempt')
      .first()
      .getByText(/^Request headers/)
      .click()
    expect(
      await drawer.getByTestId('delivery-attempt').first().locator('table').textContent(),
    ).toContain('webhook-signature')
    await page().keyboard.press('Escape')
    await page().waitForURL(/\/logs$/)

    // The address alone opens it, e.g. from a link someone shared.
    await page().goto(deliveryUrl)
    await page().getByRole('dialog').getByTestId('delivery-payload').waitFor()
    expect(await page().getByRole('dialog').getByTestId('delivery-facts').textContent()).toContain(
      envelope.id,
    )
  })

  it('finds a delivery by its id, its event id or its webhook-id', async () => {
    await page().goto('/logs')
    await logRows().first().waitFor()
    await logRows()
      .first()
      .getByRole('button', { name: /^Details of/ })
      .click()
    const facts = page().getByRole('dialog').getByTestId('delivery-facts')
    await facts.waitFor()
    const text = (await facts.textContent())!
    const eventId = text.match(/evt_[0-9A-Z]{26}/)![0]
    const messageId = text.match(/msg_[0-9a-z]{24}/)![0]
    const deliveryId = new URL(page().url()).pathname.split('/').pop()!
    await page().keyboard.press('Escape')
    await page().waitForURL(/\/logs$/)
    await page().getByRole('dialog').waitFor({ state: 'hidden' })

    const find = async (id: string) => {
      await page().getByLabel('Find by id').fill(id)
      await page().getByRole('button', { name: 'Find', exact: true }).click()
    }
    await find(messageId)
    await page().waitForURL(new RegExp(`q=${messageId}`))
    await expect.poll(() => logRows().count(), { timeout: 15_000 }).toBe(1)
    // The count answers on its own request, after or before the rows.
    await expect
      .poll(() => page().getByTestId('logs-total').textContent(), { timeout: 15_000 })
      .toBe('1 delivery matches')
    // The count for the event id, not the one for the message id still on screen.
    const eventCount = page().waitForResponse(
      (response) => response.url().includes('/logs/count') && response.url().includes(eventId),
    )
    await find(eventId)
    await page().waitForURL(new RegExp(`q=${eventId}`))
    await eventCount
    // The event went to every app that takes it: each of its deliveries, nothing else.
    await expect
      .poll(() => page().getByTestId('logs-total').textContent(), { timeout: 15_000 })
      .toMatch(/^[1-9]\d* deliver(y matches|ies match)$/)
    const perEvent = Number((await page().getByTestId('logs-total').textContent())!.split(' ')[0])
    await expect.poll(() => logRows().count(), { timeout: 15_000 }).toBe(perEvent)
    await page().getByRole('button', { name: 'Clear id' }).click()
    await expect
      .poll(() => new URL(page().url()).searchParams.has('q'), { timeout: 15_000 })
      .toBe(false)

    await find(deliveryId)
    await page().waitForURL(new RegExp(`/logs/${deliveryId}`))
    await page().getByRole('dialog').getByTestId('delivery-payload').waitFor()
    await page().keyboard.press('Escape')
  })

  it('says how many deliveries match, and offers date presets', async () => {
    await page().goto('/logs')
    const total = page().getByTestId('logs-total')
    await expect
      .poll(() => total.textContent(), { timeout: 15_000 })
      .toMatch(/^\d+ deliveries match$/)
    const all = Number((await total.textContent())!.split(' ')[0])
    expect(all).toBeGreaterThanOrEqual(15)
    await page().getByLabel('Date', { exact: true }).selectOption('1h')
    await page().waitForURL(/range=1h/)
    // Everything was published moments ago: the last hour holds it all.
    await expect
      .poll(() => total.textContent(), { timeout: 15_000 })
      .toBe(`${all} deliveries match`)
    await page().getByLabel('Date', { exact: true }).selectOption('custom')
    await page().getByLabel('From', { exact: true }).waitFor()
    await page().getByLabel('To', { exact: true }).waitFor()
    await page().getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(() => new URL(page().url()).search, { timeout: 15_000 }).toBe('')
  })

  it('asks with the count before a bulk redelivery, then marks the redelivered rows with a link to the original', async () => {
    await page().setViewportSize({ width: 1366, height: 768 })
    await page().goto('/logs?status=failed')
    const total = page().getByTestId('logs-total')
    await expect
      .poll(
        async () => {
          await page().getByRole('button', { name: 'Refresh', exact: true }).click()
          return total.textContent()
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toMatch(/^[1-9]\d* deliver/)
    const failed = Number((await total.textContent())!.split(' ')[0])
    await page().getByRole('button', { name: 'Redeliver all matching…' }).click()
    const dialog = page().getByRole('dialog')
    await dialog
      .getByText(`Redeliver ${failed} ${failed === 1 ? 'delivery' : 'deliveries'}?`)
      .waitFor()
    await screenshot(page(), 'bulk-redelivery-1366')
    await dialog.getByRole('button', { name: `Redeliver ${failed}` }).click()
    await page()
      .locator('.n-message')
      .filter({
        hasText: `${failed} ${failed === 1 ? 'delivery' : 'deliveries'} queued for redelivery`,
      })
      .first()
      .waitFor()

    await page().goto('/logs')
    const marked = logRows().filter({ has: page().getByTestId('redelivery-mark') })
    await expect
      .poll(() => marked.count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(Math.min(failed, 20))
    await marked
      .first()
      .getByRole('button', { name: /^Details of/ })
      .click()
    const original = page().getByRole('dialog').getByTestId('redelivery-of')
    await original.waitFor()
    const originalId = (await original.textContent())!.trim()
    await original.click()
    await page().waitForURL(new RegExp(`/logs/${originalId}$`))
    await page().getByRole('dialog').getByTestId('delivery-payload').waitFor()
    await page().keyboard.press('Escape')
  })
})

describe('the overview', () => {
  it('counts skipped deliveries on their own card and says what the success rate counts', async () => {
    await page().goto('/overview')
    await page().locator('canvas[role="img"]').waitFor()
    const cards = page().locator('.cards')
    // The cards show 0 until the stats answer: wait for the counted deliveries, not for any number.
    await expect.poll(() => cards.textContent(), { timeout: 15_000 }).toMatch(/Deliveries\s*[1-9]/)
    expect(await cards.textContent()).toMatch(/Skipped\s*\d+/)
    expect(await cards.textContent()).toContain('Succeeded of finished (succeeded + failed)')
  })
})

describe('the event picker', () => {
  it('opens the first example payload of every category without losing the picker', async () => {
    const errors: string[] = []
    const onError = (error: Error) => errors.push(error.message)
    const onConsole = (message: { type(): string; text(): string }) => {
      if (message.type() === 'error') errors.push(message.text())
    }
    page().on('pageerror', onError)
    page().on('console', onConsole)
    for (const path of ['/apps/new', `/apps/${firstAppId}`]) {
      await page().goto(path)
      const categories = page().locator('fieldset.category')
      await categories.first().waitFor()
      const count = await categories.count()
      expect(count).toBeGreaterThanOrEqual(4)
      for (let index = 0; index < count; index++) {
        const category = categories.nth(index)
        // Collapsed by default: the head says how many are chosen.
        const toggle = category.locator('button.toggle')
        expect(await toggle.textContent()).toMatch(/Show the \d+ .* events\s+\(\d+ selected\)/)
        await toggle.click()
        expect(await toggle.getAttribute('aria-expanded')).toBe('true')
        const example = category.locator('details.example').first()
        await example.locator('summary').click()
        const preview = example.locator('pre')
        await preview.waitFor()
        const envelope = JSON.parse((await preview.textContent())!) as {
          type: string
          tenant: object
        }
        expect(envelope.type).toMatch(/^[a-z-]+\.[a-z-]+/)
        expect(envelope.tenant).toBeTruthy()
        // The picker is still there, every category with it.
        expect(await categories.count()).toBe(count)
      }
    }
    page().off('pageerror', onError)
    page().off('console', onConsole)
    expect(errors).toEqual([])
  })
})
