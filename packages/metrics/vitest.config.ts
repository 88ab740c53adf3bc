import { defineHooklineProject } from '@hookline/vitest-config'

export default defineHooklineProject({ database: true })
