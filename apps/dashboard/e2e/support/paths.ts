import { fileURLToPath } from 'node:url'

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))

export const repoRoot = here('../../../../')
export const dashboardDir = here('../../')
export const dashboardDist = here('../../dist/')
export const apiEntry = here('../../../api/dist/main.js')
export const workerEntry = here('../../../worker/dist/main.js')
/** Git-ignored: every run overwrites the screenshots of the main screens. */
export const screenshotDir = here('../../../../artifacts/screenshots/')
