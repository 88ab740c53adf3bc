import vue from '@vitejs/plugin-vue'
import { defineHooklineProject } from '@hookline/vitest-config'

// Component tests: Vue components mounted with @vue/test-utils in happy-dom.
export default defineHooklineProject(
  { database: false },
  {
    plugins: [vue()],
    test: { environment: 'happy-dom' },
  },
)
