import { readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** A plugin package found on disk, before it is imported. */
export interface ResolvedPlugin {
  /** As written in `HOOKLINE_PLUGINS`. */
  specifier: string
  folder: string
  /** `name` and `version` from its package.json. */
  packageName: string
  packageVersion: string
  /** The file URL of its ESM entry point. */
  entryUrl: string
}

/** Why a plugin could not be found or read; `message` is meant for the operator. */
export class PluginResolveError extends Error {
  override readonly name = 'PluginResolveError'
}

/**
 * Finds a plugin package: an absolute path is the package folder itself; a
 * name is looked up in `node_modules` folders from `cwd` upwards, as Node
 * resolves a bare import from a file in `cwd`. The entry point comes from the
 * package's `exports` (`import`, then `default`) or `main`, so a package that
 * imports fine from a project also loads here.
 */
export async function resolvePlugin(specifier: string, cwd: string): Promise<ResolvedPlugin> {
  const folder = isAbsolute(specifier) ? specifier : await findInNodeModules(specifier, cwd)
  const manifestPath = join(folder, 'package.json')
  let manifest: { name?: unknown; version?: unknown; main?: unknown; exports?: unknown }
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'))
  } catch (error) {
    throw new PluginResolveError(`cannot read ${manifestPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error })
  }
  if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new PluginResolveError(`${manifestPath} has no "name" and "version"`)
  }
  const entry = entryOf(manifest.exports) ?? (typeof manifest.main === 'string' ? manifest.main : 'index.js')
  const entryPath = resolve(folder, entry)
  if (!(await isFile(entryPath))) {
    throw new PluginResolveError(`its entry point ${entryPath} does not exist (is the package built? run its build so dist/ exists)`)
  }
  return { specifier, folder, packageName: manifest.name, packageVersion: manifest.version, entryUrl: pathToFileURL(entryPath).href }
}

async function findInNodeModules(name: string, cwd: string): Promise<string> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (await isFile(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) break
  }
  throw new PluginResolveError(`package "${name}" is not installed where ${cwd} can resolve it (npm install it there, or give an absolute folder path)`)
}

/** The `.` entry of an `exports` map, for an ESM import under Node. */
function entryOf(exports: unknown): string | undefined {
  const root = typeof exports === 'object' && exports !== null && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports
  return pickCondition(root)
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) return target.map(pickCondition).find((found) => found !== undefined)
  if (typeof target !== 'object' || target === null) return undefined
  const conditions = target as Record<string, unknown>
  for (const condition of ['import', 'node', 'default']) {
    const found = pickCondition(conditions[condition])
    if (found !== undefined) return found
  }
  return undefined
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
