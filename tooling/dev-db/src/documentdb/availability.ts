import { findGo } from '../go-binary.ts'
import { isEngineBuilt } from './engine-build.ts'
import { readPostgresInstall } from './postgres-install.ts'
import { missingSources, sourcesDir } from './sources.ts'
import { installCommand, installDebianPackages, isDebian, missingDebianPackages } from './system-packages.ts'

export type Availability = { ok: true } | { ok: false; reason: string }

/**
 * Whether the DocumentDB engine can run here, installing missing Debian
 * packages first when we are root. Otherwise it says why not in one line,
 * naming the command that would fix it.
 */
export async function documentDbAvailability(log: (line: string) => void): Promise<Availability> {
  if (process.platform !== 'linux') return { ok: false, reason: `DocumentDB is built for Linux only (this is ${process.platform})` }
  if (!isDebian()) return { ok: false, reason: 'DocumentDB needs Debian packages and this system has no dpkg' }
  if (!findGo()) return { ok: false, reason: 'Go 1.24+ is needed to build FerretDB 2 and is not installed' }
  const missing = missingDebianPackages()
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) return { ok: false, reason: `Debian packages missing; run: ${installCommand(missing)}` }
    await installDebianPackages(missing, log)
  }
  if (!isEngineBuilt(readPostgresInstall())) {
    const absent = missingSources()
    if (absent.length > 0) {
      return {
        ok: false,
        reason: `source archives ${absent.map((archive) => archive.file).join(', ')} not in ${sourcesDir()} (set HOOKLINE_DOCUMENTDB_SOURCES)`,
      }
    }
  }
  return { ok: true }
}
