// Plain JavaScript on purpose: vitest loads config files with Node's own
// loader, which cannot import TypeScript from a workspace package.
import { defineConfig, mergeConfig } from 'vitest/config'

/**
 * Workspace packages export their TypeScript sources under this condition,
 * so tests run against source without a build step.
 */
export const sourceCondition = '@hookline/source'

/** @type {import('./index.d.ts').defineHooklineProject} */
export function defineHooklineProject(options = {}, overrides = {}) {
  const preset = defineConfig({
    resolve: { conditions: [sourceCondition, 'module', 'browser', 'import', 'default'] },
    // No "import" here: vitest hands these to the test processes as
    // `node --conditions`, where "import" would also apply to require() and
    // make CommonJS packages (Express's router) load ESM builds.
    ssr: { resolve: { conditions: [sourceCondition, 'node', 'default'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 60_000,
      ...(options.database ? { globalSetup: ['@hookline/dev-db/vitest-global-setup'] } : {}),
      ...reporters(),
    },
  })
  return mergeConfig(preset, overrides)
}

/**
 * The root test command asks every package for a JSON report as well, so it
 * can print one "N passed, N failed" line for the whole repository.
 */
function reporters() {
  const dir = process.env.HOOKLINE_TEST_REPORT_DIR
  if (!dir) return {}
  const name = process.env.npm_package_name?.replace(/[^a-z0-9]+/gi, '-') ?? 'package'
  return {
    reporters: ['default', 'json'],
    outputFile: { json: `${dir}/${name}.json` },
  }
}
