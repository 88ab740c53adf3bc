import { defineHooklineProject } from '@hookline/vitest-config'

// End-to-end: the built API, worker and dashboard in real processes, driven
// through headless Chromium. One file at a time: each starts its own stack.
const config = defineHooklineProject(
  { database: false },
  {
    test: {
      globalSetup: ['./e2e/global-setup.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
)
// Replaced, not merged: the unit-test patterns must not run here.
config.test!.include = ['e2e/**/*.e2e.ts']
// The root test command collects one JSON report per suite: keep this one
// apart from the component tests' report of the same package.
const reportDir = process.env.HOOKLINE_TEST_REPORT_DIR
if (reportDir) config.test!.outputFile = { json: `${reportDir}/hookline-dashboard-e2e.json` }
export default config
