import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** tooling/dev-db */
export const devDbRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
/** Everything this package builds, keyed by versions; ignored by git. */
export const devDbCacheDir = join(devDbRoot, '.cache')
/** The repository root. */
export const repoRoot = join(devDbRoot, '..', '..')
