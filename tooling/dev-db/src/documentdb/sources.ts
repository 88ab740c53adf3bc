import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { DevDatabaseError } from '../errors.ts'
import { repoRoot } from '../paths.ts'
import { sourceArchives, type SourceArchive } from './versions.ts'

/**
 * The folder that holds the three source archives: HOOKLINE_DOCUMENTDB_SOURCES
 * (relative paths are taken from the repository root), else `../shared/vendor`
 * beside the clone, where CI puts them.
 */
export function sourcesDir(): string {
  const configured = process.env.HOOKLINE_DOCUMENTDB_SOURCES
  if (!configured) return join(repoRoot, '..', 'shared', 'vendor')
  return isAbsolute(configured) ? configured : join(repoRoot, configured)
}

/** Archives missing from the sources folder (by file name). */
export function missingSources(dir = sourcesDir()): SourceArchive[] {
  return sourceArchives.filter((archive) => !existsSync(join(dir, archive.file)))
}

/** Path of an archive after checking its sha256 against the release's. */
export async function verifiedArchive(archive: SourceArchive, dir = sourcesDir()): Promise<string> {
  const path = join(dir, archive.file)
  const hash = createHash('sha256')
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  } catch (cause) {
    throw new DevDatabaseError(`cannot read ${path}`, { cause })
  }
  const actual = hash.digest('hex')
  if (actual !== archive.sha256) {
    throw new DevDatabaseError(`${path} has sha256 ${actual}, expected ${archive.sha256} (${archive.name} ${archive.version})`)
  }
  return path
}
