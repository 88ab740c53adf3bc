import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, type Browser } from './support/browser.ts'
import { signIn } from './support/dashboard.ts'
import { repoRoot } from './support/paths.ts'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { startStack, type Stack } from './support/stack.ts'

// A plugin is loaded, an application subscribes to it, then Hookline restarts
// without the plugin: the list and the editor say "plugin not loaded", and
// saving the application keeps the subscription.
const quizPlugin = `${repoRoot}apps/api/test/fixtures/plugins/quiz`

let database: TestDatabase
let stack: Stack | undefined
let browser: Browser | undefined
let receiver: Receiver
let appId: string

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${stack!.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads the API's answer
}

const token = async () =>
  (await api('/api/v1/auth/login', { method: 'POST', body: stack!.admin })).body.token as string

beforeAll(async () => {
  database = await openTestDatabase('e2e_plugin_not_loaded')
  receiver = await startReceiver()
  stack = await startStack('plugins', { env: { HOOKLINE_PLUGINS: quizPlugin }, database })
  const created = await api('/api/v1/apps', {
    method: 'POST',
    token: await token(),
    body: {
      name: 'Quiz results',
      endpoint: receiver.url,
      events: { categories: ['quiz', 'media'], types: ['quiz.completed'] },
    },
  })
  expect(created.status).toBe(201)
  appId = created.body.appId
  // The same data, Administrator and secret key, without the plugin.
  const { admin, secretKey } = stack
  await stack.stop()
  stack = await startStack('plugins', { database, admin, secretKey })
  browser = await openBrowser(stack.baseUrl)
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await receiver?.close()
  await database?.drop()
})

describe('an application whose plugin is no longer loaded', () => {
  it('is marked in the list and in the editor, and keeps its subscription on save', async () => {
    const page = browser!.page
    await signIn(page, stack!.admin.email, stack!.admin.password)
    await page.goto('/apps')
    const row = page.getByRole('row', { name: /Quiz results/ })
    await expect.poll(() => row.textContent()).toContain('plugin not loaded')

    await page.goto(`/apps/${appId}`)
    const unknown = page.locator('[data-unknown-category="quiz"]')
    await unknown.waitFor()
    expect(await unknown.textContent()).toContain('plugin not loaded')
    expect(await page.locator('[data-unknown-type="quiz.completed"]').textContent()).toContain(
      'plugin not loaded',
    )
    // Loaded categories name their package and version.
    expect(await page.locator('[data-category="media"] .category-source').textContent()).toMatch(
      /From @hookline\/plugin-media \d+\.\d+\.\d+/,
    )
    for (const width of [390, 1366, 1920]) {
      await page.setViewportSize({ width, height: 900 })
      await unknown.scrollIntoViewIfNeeded()
      await screenshot(page, `app-editor-plugin-not-loaded-${width}`)
    }

    // Renaming does not touch the connection: Save is enabled without a new test.
    await page.fill('#app-name', 'Quiz results (renamed)')
    await page.getByTestId('save').click()
    await expect
      .poll(async () => (await api(`/api/v1/apps/${appId}`, { token: await token() })).body.name)
      .toBe('Quiz results (renamed)')
    const saved = (await api(`/api/v1/apps/${appId}`, { token: await token() })).body
    expect(saved.events).toEqual({ categories: ['media', 'quiz'], types: ['quiz.completed'] })
    expect(saved.unknownCategories).toEqual(['quiz'])

    // Removing it is explicit.
    await page.locator('[data-unknown-category="quiz"] button').click()
    await page.getByTestId('save').click()
    await expect
      .poll(
        async () =>
          (await api(`/api/v1/apps/${appId}`, { token: await token() })).body.events.categories,
      )
      .toEqual(['media'])
  })
})
