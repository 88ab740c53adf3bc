import { defineHooklineProject } from '@hookline/vitest-config'

// No database: the dispatcher only talks to local HTTP servers.
export default defineHooklineProject({ database: false })
