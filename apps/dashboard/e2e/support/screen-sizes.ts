import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot } from './browser.ts'

/** The widths every screen is looked at: a phone, a laptop and a desktop. */
export const screenSizes = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const

/** The suites' default size, restored after a round of sizes. */
export const defaultSize = { width: 1440, height: 900 } as const

/** How far the page scrolls sideways (0 when everything fits). */
export function horizontalOverflow(on: Page): Promise<number> {
  return on.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/**
 * What is on screen now at each of the three sizes, saved as
 * `<name>-<width>.png`; on the phone nothing may scroll sideways.
 */
export async function screenshotSizes(on: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const size of screenSizes) {
    await on.setViewportSize(size)
    await ready()
    await screenshot(on, `${name}-${size.width}`)
    // The layout follows a media query a frame after the resize: wait for it, within bounds.
    if (size.width === 390) await expect.poll(() => horizontalOverflow(on), { timeout: 5_000 }).toBe(0)
  }
  await on.setViewportSize(defaultSize)
}
