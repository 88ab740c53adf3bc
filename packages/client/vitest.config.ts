import { defineHooklineProject } from '@hookline/vitest-config'

export default defineHooklineProject(
  { database: true },
  {
    // `*.test-d.ts` files prove that wrong payloads and wrong API calls fail to compile.
    test: { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' } },
  },
)
