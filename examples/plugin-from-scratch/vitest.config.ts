import { defineHooklineProject } from '@hookline/vitest-config'

export default defineHooklineProject(
  { database: true },
  {
    test: {
      // npm installs from the registry, a TypeScript build and two API starts: minutes, not seconds.
      testTimeout: 600_000,
      hookTimeout: 300_000,
    },
  },
)
