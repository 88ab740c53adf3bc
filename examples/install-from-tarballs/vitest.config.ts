import { defineHooklineProject } from '@hookline/vitest-config'

// Packing and installing takes a while (npm may fetch ajv on a cold cache).
export default defineHooklineProject({ database: false }, { test: { testTimeout: 60_000, hookTimeout: 300_000 } })
