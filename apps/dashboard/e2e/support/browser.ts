import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { screenshotDir } from './paths.ts'

/** Debian's Chromium; `npx playwright install` cannot run here (no network beyond registries). */
export const chromiumPath = process.env.HOOKLINE_CHROMIUM ?? '/usr/bin/chromium'

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export interface Browser {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** A fresh headless Chromium with its own profile directory, thrown away on close. */
export async function openBrowser(baseURL: string): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'hookline-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    baseURL,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  })
  context.setDefaultTimeout(20_000)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  // Let Naive UI's transitions settle so the picture shows the final state,
  // without the toasts of earlier steps.
  await page.mouse.move(0, 0)
  await page.waitForTimeout(300)
  const hideToasts = (hidden: boolean) =>
    page.evaluate((hide) => {
      for (const element of document.querySelectorAll<HTMLElement>('.n-message-container'))
        element.style.visibility = hide ? 'hidden' : ''
    }, hidden)
  await hideToasts(true)
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' })
  await hideToasts(false)
  return path
}

/**
 * For an afterEach: when the test failed, a screenshot named after it and the
 * last lines the stack printed, so a failure on CI can be read without a rerun.
 */
export async function recordFailure(
  page: Page,
  test: { name: string; result?: { state?: string } | undefined },
  stackOutput?: readonly string[],
): Promise<void> {
  if (test.result?.state !== 'fail') return
  await screenshot(page, `failure-${test.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined)
  if (stackOutput) console.log(stackOutput.slice(-20).join('\n'))
}
