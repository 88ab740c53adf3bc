import { defineHooklineProject } from '@hookline/vitest-config'

export default defineHooklineProject(
  { database: false },
  {
    // `*.test-d.ts` files prove that wrong payloads fail to compile.
    test: { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' } },
  },
)
