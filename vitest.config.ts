// Runs every package's tests from the root (e.g. in an editor). The README's
// test command goes through turbo instead, package by package.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['apps/*/vitest.config.ts', 'packages/*/vitest.config.ts', 'tooling/*/vitest.config.ts'],
  },
})
