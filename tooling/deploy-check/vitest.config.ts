import { defineHooklineProject } from '@hookline/vitest-config'

// Reads files only: no database, no container.
export default defineHooklineProject({})
