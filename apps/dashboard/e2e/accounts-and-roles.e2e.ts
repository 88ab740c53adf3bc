import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, recordFailure, screenshot, type Browser } from './support/browser.ts'
import {
  accessibilityViolations,
  expectTitle,
  navigate,
  signIn,
  signOut,
  toast,
} from './support/dashboard.ts'
import { screenshotSizes } from './support/screen-sizes.ts'
import { startStack, type Stack } from './support/stack.ts'

// An Administrator manages people and keys; people below Manager get a
// clear page instead of broken screens.

let stack: Stack
let browser: Browser
const viewer = {
  email: 'vera.viewer@hookline.test',
  password: 'viewer-password-1',
  name: 'Vera Viewer',
}

beforeAll(async () => {
  stack = await startStack('accounts')
  browser = await openBrowser(stack.baseUrl)
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

const page = () => browser.page

afterEach(async (context) => {
  await recordFailure(page(), context.task)
})

describe('accounts and roles', () => {
  it('lets an Administrator create a user with a role', async () => {
    await signIn(page(), stack.admin.email, stack.admin.password)
    await navigate(page(), 'Users')
    await expectTitle(page(), 'Users · Hookline')
    await page().getByRole('button', { name: 'Create user' }).click()
    const dialog = page().getByRole('dialog')
    await dialog.getByLabel('Email').fill(viewer.email)
    await dialog.getByLabel('Name', { exact: true }).fill(viewer.name)
    await dialog.getByLabel('Initial password').fill(viewer.password)
    await dialog.getByLabel('Role').selectOption('Viewer')
    // The filled dialog, with the password's rules under its input, at every size.
    await screenshotSizes(page(), 'create-user-dialog', () => dialog.getByLabel('Initial password').waitFor())
    await dialog.getByRole('button', { name: 'Create user' }).click()
    await toast(page(), `Created ${viewer.name} (Viewer)`)
    const row = page().locator('tr').filter({ hasText: viewer.email })
    await row.waitFor()
    expect(await row.textContent()).toContain('Viewer')
    expect(
      await row
        .getByRole('switch', { name: `Enabled: ${viewer.name}` })
        .getAttribute('aria-checked'),
    ).toBe('true')
    await screenshot(page(), 'users')
    expect(await accessibilityViolations(page())).toEqual([])
  })

  it('revokes an API key after confirmation', async () => {
    await navigate(page(), 'API keys')
    await page().getByRole('button', { name: 'Create API key' }).click()
    await page().getByLabel('Name', { exact: true }).fill('Comments service')
    await page().getByRole('button', { name: 'Create key' }).click()
    const key = await page()
      .getByLabel(/API key “Comments service”/)
      .inputValue()
    await page().getByRole('button', { name: 'Done' }).click()

    const published = await fetch(`${stack.baseUrl}/api/v1/event-types`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(published.status).toBe(200)

    const row = page().locator('tr').filter({ hasText: 'Comments service' })
    await row.getByRole('button', { name: 'Revoke Comments service' }).click()
    await page().getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click()
    await toast(page(), 'Revoked Comments service')
    await row.getByText(/^Revoked/).waitFor()
    expect(await row.getByRole('button', { name: 'Revoke Comments service' }).count()).toBe(0)
    const refused = await fetch(`${stack.baseUrl}/api/v1/event-types`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(refused.status).toBe(401)
  })

  it('shows a Viewer the “Manager role required” page instead of broken screens', async () => {
    await signOut(page())
    await page().getByText('You have signed out.').waitFor()
    await signIn(page(), viewer.email, viewer.password)
    await page().waitForURL(/\/role-required/)
    await page().getByRole('heading', { name: 'Manager role required' }).waitFor()
    await expectTitle(page(), 'Manager role required · Hookline')
    expect(await page().getByRole('main').textContent()).toContain('with the Viewer role')
    expect(await page().getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(0)
    await screenshot(page(), 'role-required')
    expect(await accessibilityViolations(page())).toEqual([])

    for (const path of ['/apps', '/logs', '/apps/new', '/users']) {
      await page().goto(path)
      await page().waitForURL(/\/role-required/)
      await page()
        .getByRole('heading', { name: /role required$/ })
        .waitFor()
    }
  })

  it('returns to sign-in with a message when the session ends on the server', async () => {
    const login = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stack.admin),
    })
    const { token } = (await login.json()) as { token: string }
    const users = (await (
      await fetch(`${stack.baseUrl}/api/v1/users`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      items: { id: string; email: string }[]
    }
    const viewerId = users.items.find((user) => user.email === viewer.email)!.id
    const disabled = await fetch(`${stack.baseUrl}/api/v1/users/${viewerId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    })
    expect(disabled.status).toBe(200)

    await page().reload()
    await page().waitForURL(/\/sign-in\?redirect=/)
    await page().getByText('Your session has expired. Sign in again to continue.').waitFor()
    await expectTitle(page(), 'Sign in · Hookline')
  })
})
