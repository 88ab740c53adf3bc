import { defineConfig } from 'vitest/config'

// Standalone, as create-hookline-plugin writes it. The repository's test
// command asks for a JSON report too (HOOKLINE_TEST_REPORT_DIR) for its summary.
const reportDir = process.env.HOOKLINE_TEST_REPORT_DIR

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `*.test-d.ts` files prove that a wrong payload fails to compile.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // The first registration compiles every payload schema: a few seconds on
    // a busy CI machine, past vitest's 5 s default.
    testTimeout: 20_000,
    ...(reportDir ? { reporters: ['default', 'json'], outputFile: { json: `${reportDir}/hookline-plugin-playlist.json` } } : {}),
  },
})
