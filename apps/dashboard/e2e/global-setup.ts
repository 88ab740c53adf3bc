// Before the browser suites: the local database (for MONGODB_URI), and a
// dashboard build that matches the sources (turbo builds it first; a direct
// `vitest run --config vitest.e2e.config.ts` rebuilds when it is stale).
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import databaseSetup from '@hookline/dev-db/vitest-global-setup'
import { build } from 'vite'
import { dashboardDir, dashboardDist } from './support/paths.ts'

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path)
  if (!info.isDirectory()) return info.mtimeMs
  const entries = await readdir(path)
  const times = await Promise.all(
    entries.filter((entry) => entry !== 'generated').map((entry) => newestMtime(join(path, entry))),
  )
  return Math.max(info.mtimeMs, ...times)
}

async function dashboardIsStale(): Promise<boolean> {
  const built = await stat(join(dashboardDist, 'index.html')).then(
    (info) => info.mtimeMs,
    () => 0,
  )
  const sources = Math.max(
    await newestMtime(join(dashboardDir, 'src')),
    await newestMtime(join(dashboardDir, 'index.html')),
  )
  return built < sources
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (await dashboardIsStale()) {
    console.log('The dashboard build is older than its sources: building it')
    await build({ root: dashboardDir, logLevel: 'warn' })
  }
  return databaseSetup(project)
}
