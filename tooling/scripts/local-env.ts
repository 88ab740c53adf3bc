import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Settings the start command generates once and keeps under .data/. */
export interface LocalEnv {
  HOOKLINE_ADMIN_EMAIL: string
  HOOKLINE_ADMIN_PASSWORD: string
  HOOKLINE_SECRET_KEY: string
}

/**
 * Local-only secrets: generated on first start, kept in `.data/local-env.json`
 * (git-ignored, mode 0600) so the seeded login and encrypted data survive
 * restarts. Variables already set in the environment win.
 */
export async function loadLocalEnv(dataDir: string): Promise<LocalEnv> {
  const file = join(dataDir, 'local-env.json')
  let stored: Partial<LocalEnv> = {}
  if (existsSync(file)) stored = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalEnv>
  const env: LocalEnv = {
    HOOKLINE_ADMIN_EMAIL: process.env.HOOKLINE_ADMIN_EMAIL ?? stored.HOOKLINE_ADMIN_EMAIL ?? 'admin@hookline.local',
    HOOKLINE_ADMIN_PASSWORD:
      process.env.HOOKLINE_ADMIN_PASSWORD ?? stored.HOOKLINE_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url'),
    HOOKLINE_SECRET_KEY: process.env.HOOKLINE_SECRET_KEY ?? stored.HOOKLINE_SECRET_KEY ?? randomBytes(32).toString('base64'),
  }
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, JSON.stringify(env, null, 2), { mode: 0o600 })
  return env
}
