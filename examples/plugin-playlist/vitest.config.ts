import { defineHooklineProject } from '@hookline/vitest-config'

export default defineHooklineProject(
  { database: false },
  {
    // `*.test-d.ts` files prove that a wrong payload fails to compile.
    test: { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' } },
  },
)
