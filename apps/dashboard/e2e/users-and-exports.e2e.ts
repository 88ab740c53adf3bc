import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { exampleEvent } from './support/api-calls.ts'
import { openBrowser, recordFailure, screenshot, type Browser } from './support/browser.ts'
import {
  accessibilityViolations,
  expectTitle,
  signIn,
  signOut,
  toast,
} from './support/dashboard.ts'
import { pdfText } from './support/pdf-text.ts'
import { seeder, type Seeder } from './support/seed.ts'
import { startStack, type Stack } from './support/stack.ts'

// Issue 17, items 11 and 14: an Administrator changes roles, resets a
// password and deletes a user, and is told in words when a rule stops a
// change; a Viewer's role page names the Administrators; anyone changes
// their own password; exports carry the ids, name their time zone and, in
// the PDF, show local times and the screen's status labels.

let stack: Stack
let browser: Browser
let receiver: Receiver
let seed: Seeder
let appId: string

const sizes = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const

interface Person {
  email: string
  password: string
  name: string
  role: string
  id?: string
}

const vera: Person = {
  email: 'vera@hookline.test',
  password: 'vera-first-password',
  name: 'Vera Viewer',
  role: 'Viewer',
}
const max: Person = {
  email: 'max@hookline.test',
  password: 'max-first-password',
  name: 'Max Manager',
  role: 'Manager',
}
const ada: Person = {
  email: 'ada@hookline.test',
  password: 'ada-first-password',
  name: 'Ada Admin',
  role: 'Administrator',
}

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  }
}

const canSignIn = async (email: string, password: string) =>
  (await api('/api/v1/auth/login', { method: 'POST', body: { email, password } })).status === 200

beforeAll(async () => {
  ;[stack, receiver] = await Promise.all([startStack('users-exports'), startReceiver()])
  browser = await openBrowser(stack.baseUrl)
  seed = await seeder(stack.baseUrl, stack.admin)
  for (const person of [vera, max, ada]) {
    const created = await api('/api/v1/users', {
      method: 'POST',
      token: seed.token,
      body: {
        email: person.email,
        password: person.password,
        name: person.name,
        role: person.role,
      },
    })
    expect(created.status).toBe(201)
    person.id = created.body.id as string
  }
  appId = await seed.createApp('Media sync', `${receiver.url}/media`, ['media'])
  const updated = await exampleEvent(stack.baseUrl, seed.apiKey, 'media.updated')
  await seed.publish(Array.from({ length: 6 }, () => updated))
})

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  await stack?.stop()
})

const page = () => browser.page

afterEach(async (context) => {
  await page().setViewportSize({ width: 1440, height: 900 })
  await recordFailure(page(), context.task, stack.output)
})

/** Screenshots of the page as it is at the three sizes; none scrolls sideways. */
async function atThreeSizes(on: Page, name: string, ready: () => Promise<unknown>) {
  for (const size of sizes) {
    await on.setViewportSize(size)
    await ready()
    // The layout follows a media query a frame after the resize: wait for it, within bounds.
    await expect
      .poll(
        () =>
          on.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
        { message: `${name} at ${size.width} px scrolls sideways`, timeout: 5_000 },
      )
      .toBe(0)
    await screenshot(on, `${name}-${size.width}`)
  }
  await on.setViewportSize({ width: 1440, height: 900 })
}

const userRow = (email: string) => page().locator('tr').filter({ hasText: email })

/** A closed dialog stays in the page while it fades out; the next one must not meet it there. */
const dialogsClosed = () =>
  expect.poll(() => page().getByRole('dialog').count(), { timeout: 10_000 }).toBe(0)

describe('user administration', () => {
  it('changes a role after asking, and the API holds the new role', async () => {
    await signIn(page(), stack.admin.email, stack.admin.password)
    await page().goto('/users')
    await expectTitle(page(), 'Users · Hookline')
    await userRow(vera.email).waitFor()
    await page().getByLabel(`Role of ${vera.name}`).selectOption('Contributor')
    await page().getByRole('dialog').getByRole('button', { name: 'Make Contributor' }).click()
    await toast(page(), `${vera.name} is now Contributor`)
    await dialogsClosed()
    const stored = await api(`/api/v1/users/${vera.id}`, { token: seed.token })
    expect(stored.body.role).toBe('Contributor')

    // Cancelling leaves both the screen and the record as they were.
    await page().getByLabel(`Role of ${max.name}`).selectOption('Viewer')
    await page().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    await dialogsClosed()
    await expect.poll(() => page().getByLabel(`Role of ${max.name}`).inputValue()).toBe('Manager')
    expect((await api(`/api/v1/users/${max.id}`, { token: seed.token })).body.role).toBe('Manager')

    // Your own row: no role select, no Delete, a link to your own password instead.
    const own = userRow(stack.admin.email)
    expect(await own.getByRole('combobox').count()).toBe(0)
    expect(await own.getByRole('button', { name: /^Delete/ }).count()).toBe(0)
    await own.getByRole('link', { name: 'Change your password' }).waitFor()

    await atThreeSizes(page(), 'users-admin', () => userRow(ada.email).waitFor())
    expect(await accessibilityViolations(page())).toEqual([])
  })

  it('resets a password: the user is signed out and only the new password works', async () => {
    const veraSession = await api('/api/v1/auth/login', {
      method: 'POST',
      body: { email: vera.email, password: vera.password },
    })
    const veraToken = veraSession.body.token as string
    await userRow(vera.email)
      .getByRole('button', { name: `Reset password of ${vera.name}` })
      .click()
    const dialog = page().getByRole('dialog')
    await dialog.getByLabel('New password', { exact: true }).fill('vera-second-password')
    await dialog.getByLabel('Repeat the new password').fill('vera-second-passwort')
    await dialog.getByRole('button', { name: 'Set new password' }).click()
    await dialog.getByRole('alert').filter({ hasText: 'The two new passwords differ.' }).waitFor()
    await dialog.getByLabel('Repeat the new password').fill('vera-second-password')
    await atThreeSizes(page(), 'users-reset-password', () => dialog.waitFor())
    await dialog.getByRole('button', { name: 'Set new password' }).click()
    await toast(page(), `${vera.name}’s password is reset`)
    await dialogsClosed()
    expect((await api('/api/v1/auth/me', { token: veraToken })).status).toBe(401)
    expect(await canSignIn(vera.email, vera.password)).toBe(false)
    vera.password = 'vera-second-password'
    expect(await canSignIn(vera.email, vera.password)).toBe(true)
  })

  it('deletes a user after asking: the row goes and they can no longer sign in', async () => {
    await userRow(max.email)
      .getByRole('button', { name: `Delete ${max.name}` })
      .click()
    const dialog = page().getByRole('dialog')
    expect(await dialog.textContent()).toContain(`${max.email} can no longer sign in`)
    await dialog.getByRole('button', { name: 'Delete user' }).click()
    await toast(page(), `Deleted ${max.name}`)
    await dialogsClosed()
    await expect.poll(() => userRow(max.email).count()).toBe(0)
    expect(await canSignIn(max.email, max.password)).toBe(false)
    expect((await api(`/api/v1/users/${max.id}`, { token: seed.token })).status).toBe(404)
  })

  it('says in words why a change is refused (the platform operator is not deleted)', async () => {
    await signOut(page())
    await signIn(page(), ada.email, ada.password)
    await page().goto('/users')
    await userRow(stack.admin.email).waitFor()
    await userRow(stack.admin.email)
      .getByRole('button', { name: /^Delete / })
      .click()
    await page().getByRole('dialog').getByRole('button', { name: 'Delete user' }).click()
    await toast(page(), 'The platform operator’s account cannot be deleted; disable it instead.')
    await dialogsClosed()
    await expect.poll(() => userRow(stack.admin.email).count()).toBe(1)
    expect(await canSignIn(stack.admin.email, stack.admin.password)).toBe(true)
  })

  it('names the Administrators on the role page of a user below Manager', async () => {
    await signOut(page())
    await signIn(page(), vera.email, vera.password)
    await page().waitForURL(/\/role-required/)
    const administrators = page().getByRole('list', { name: 'Your Administrators' })
    await administrators.waitFor()
    const listed = await administrators.getByRole('listitem').allTextContents()
    expect(listed).toHaveLength(2)
    expect(listed.join(' ')).toContain(`${ada.name}`)
    expect(listed.join(' ')).toContain(ada.email)
    expect(listed.join(' ')).toContain(stack.admin.email)
    expect(
      await administrators.getByRole('link', { name: ada.email }).getAttribute('href'),
    ).toMatch(/^mailto:ada@hookline\.test\?subject=Manager%20role/)
    expect(await page().getByRole('main').textContent()).toContain('with the Contributor role')
    await atThreeSizes(page(), 'role-required-admins', () => administrators.waitFor())
    expect(await accessibilityViolations(page())).toEqual([])
  })

  it('lets any signed-in user change their own password from their name in the top bar', async () => {
    await page()
      .getByRole('link', {
        name: /^Your account:\s*Vera Viewer\s*vera@hookline\.test\s*Contributor$/,
      })
      .click()
    await page().waitForURL(/\/account$/)
    await expectTitle(page(), 'Your account · Hookline')
    const form = page().getByTestId('change-password-form')
    await form.getByLabel('Current password').fill('not-my-password')
    await form.getByLabel('New password', { exact: true }).fill('vera-third-password')
    await form.getByLabel('Repeat the new password').fill('vera-third-password')
    await form.getByRole('button', { name: 'Change password' }).click()
    await form.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor()
    await atThreeSizes(page(), 'account', () => form.waitFor())
    expect(await accessibilityViolations(page())).toEqual([])

    await form.getByLabel('Current password').fill(vera.password)
    await form.getByRole('button', { name: 'Change password' }).click()
    await toast(page(), 'Password changed')
    // This session stays signed in; the new password is the one that works.
    expect(page().url()).toMatch(/\/account$/)
    expect(await canSignIn(vera.email, vera.password)).toBe(false)
    expect(await canSignIn(vera.email, 'vera-third-password')).toBe(true)
    await signOut(page())
  })
})

interface LogItem {
  id: string
  eventId: string
  messageId: string
  status: string
}

describe('exports carry the ids and say their time zone', () => {
  let logged: LogItem[]

  it('has the deliveries of the application to export', async () => {
    await expect
      .poll(
        async () => {
          const reply = await api(`/api/v1/logs?appId=${appId}&status=succeeded&limit=50`, {
            token: seed.token,
          })
          logged = reply.body.items as unknown as LogItem[]
          return logged.length
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(6)
    await signIn(page(), stack.admin.email, stack.admin.password)
    await page().goto(`/logs?appId=${appId}&status=succeeded`)
    await page().getByTestId('logs-table').locator('tbody tr').nth(5).waitFor()
  })

  it('CSV: each row with its delivery id, event id and webhook-id; the time column names the zone', async () => {
    const download = page().waitForEvent('download')
    await page().getByRole('button', { name: 'Export CSV' }).click()
    const file = await download
    const csv = (await readFile((await file.path())!, 'utf8')).replace(/^\uFEFF/, '')
    const [header] = parse(csv, { to_line: 1 }) as string[][]
    // The browser runs in Europe/Berlin: December is UTC+01:00.
    expect(header).toContain('Date & Time (UTC+01:00)')
    const records = parse(csv, { columns: true }) as Record<string, string>[]
    expect(records.map((record) => record['Delivery ID'])).toEqual(logged.map((item) => item.id))
    expect(records.map((record) => record['Event ID'])).toEqual(logged.map((item) => item.eventId))
    expect(records.map((record) => record['Webhook ID (webhook-id)'])).toEqual(
      logged.map((item) => item.messageId),
    )
    for (const record of records) expect(record['Date & Time (UTC+01:00)']).toMatch(/\+01:00$/)
  })

  it('PDF: local times, the screen’s status labels, the ids, and the one application named once', async () => {
    const download = page().waitForEvent('download')
    await page().getByRole('button', { name: 'Export PDF' }).click()
    const file = await download
    const text = await pdfText(await readFile((await file.path())!))
    expect(text).toContain('Date & Time')
    expect(text).toContain('(UTC+01:00)')
    expect(text.match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g)).toHaveLength(logged.length)
    expect(text.match(/\bSucceeded\b/g)).toHaveLength(logged.length)
    for (const item of logged) {
      expect(text).toContain(item.id)
      expect(text).toContain(item.messageId)
    }
    // In the title block only, not on every row.
    expect(text.split(appId)).toHaveLength(2)
  })
})
