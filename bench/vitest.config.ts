import { defineHooklineProject } from '@hookline/vitest-config'

// The fault tests (`pnpm --filter @hookline/bench test:faults`): each file
// starts the built API and worker as processes on a database server of its
// own, so files run one at a time and may take minutes.
export default defineHooklineProject(
  {},
  {
    test: {
      include: ['faults/**/*.test.ts'],
      fileParallelism: false,
      testTimeout: 10 * 60_000,
      hookTimeout: 3 * 60_000,
    },
  },
)
