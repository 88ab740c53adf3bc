import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { expect } from 'vitest'
import type { Page } from 'playwright-core'

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().includes('/sign-in')) await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(/\/sign-in/)
}

/** Waits for a toast (Naive UI message) containing `text`. */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.n-message').filter({ hasText: text }).first().waitFor()
}

export async function expectTitle(page: Page, title: string): Promise<void> {
  // Signing in hashes a password: on a busy machine that takes longer than poll's 1 s default.
  await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(title)
}

let axeSource: string | undefined

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/**
 * Runs axe-core's WCAG 2 A/AA rules on the page and returns the serious and
 * critical violations (labels, names, roles, contrast…). Injected through
 * evaluate, which the page's content security policy does not apply to.
 *
 * Judged on a settled page without toasts. A toast fading in or out is drawn
 * at partial opacity, and axe then measures its text at that opacity. Waiting
 * for transitions to end before the scan was not enough: a toast's timer can
 * start its fade-out while axe runs (CI failed so, on a toast left over from
 * the previous step). So the scan waits for toasts to leave, and
 * `toastAccessibilityViolations` checks a toast while it is held on screen.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Error toasts stay 8 s; a toast under the pointer stays longer, so the pointer is moved off them first.
  await page.mouse.move(0, 0)
  await page.waitForFunction(() => document.querySelector('.n-message') === null, undefined, { timeout: 20_000 })
  await settleTransitions(page)
  return scan(page)
}

/**
 * The same rules on the toasts alone, while the newest one is held on screen
 * by the pointer (toasts stay while hovered), so none fades during the scan.
 */
export async function toastAccessibilityViolations(page: Page): Promise<string[]> {
  await page.locator('.n-message').last().hover()
  await settleTransitions(page)
  return scan(page, '.n-message-container')
}

/** axe on the whole document, or only on what `selector` matches. */
async function scan(page: Page, selector?: string): Promise<string[]> {
  axeSource ??= await readFile(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  )
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async (within) => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document | string, options: object): Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(within ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations
  }, selector ?? null)
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    )
}

/** Waits (up to 10 s) until no finite CSS transition or animation is running; endless ones (spinners) do not count. */
async function settleTransitions(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { timeout: 10_000, polling: 'raf' },
  )
}

/** Follows a link of the main navigation. */
export async function navigate(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name, exact: true })
    .click()
}
