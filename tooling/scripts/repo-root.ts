import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of the repository's top folder. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
