import { defineHooklineProject } from '@hookline/vitest-config'

const config = defineHooklineProject({ database: true })

// vitest hands the SSR conditions to the test processes as `node --conditions`.
// There "import" also applies to require(), so CommonJS packages whose exports
// list "import" first load their ESM build: Express's router then gets
// is-promise's module namespace instead of the function. Import statements
// use the "import" condition anyway, so it is dropped here.
const ssrResolve = config.ssr?.resolve
if (ssrResolve?.conditions) ssrResolve.conditions = ssrResolve.conditions.filter((condition) => condition !== 'import')

export default config
