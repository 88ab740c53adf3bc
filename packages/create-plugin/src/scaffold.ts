import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pluginNames } from './names.ts'
import type { ScaffoldRequest } from './parse-arguments.ts'
import { gitignore, packageJson, tsconfigBuildJson, tsconfigJson, vitestConfig } from './templates/project-files.ts'
import { readmeMd } from './templates/readme.ts'
import { categoryTs, examplesTs, indexTs, payloadsTs, schemasTs } from './templates/source-files.ts'
import { categoryTestTs, typesTestTs } from './templates/test-files.ts'

/** The directory is in the way: it exists and holds files. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError'
}

/**
 * Writes a standalone plugin project into `request.directory` (relative to
 * `cwd`) and returns its absolute path and the files written. Refuses a
 * directory that already has files, so nothing is ever overwritten.
 */
export async function scaffoldPlugin(request: ScaffoldRequest, options: { cwd: string; coreVersion: string }): Promise<{ directory: string; files: string[] }> {
  const directory = resolve(options.cwd, request.directory)
  const existing = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw new ScaffoldError(`Cannot use ${directory}: ${error.message}`, { cause: error })
  })
  if (existing.length > 0) throw new ScaffoldError(`${directory} is not empty; choose a new directory.`)

  const names = pluginNames({ ...request, coreVersion: options.coreVersion })
  const files: Record<string, string> = {
    'package.json': packageJson(names),
    'tsconfig.json': tsconfigJson(),
    'tsconfig.build.json': tsconfigBuildJson(),
    'vitest.config.ts': vitestConfig(),
    '.gitignore': gitignore(),
    'README.md': readmeMd(names),
    'src/payloads.ts': payloadsTs(names),
    'src/schemas.ts': schemasTs(names),
    'src/examples.ts': examplesTs(names),
    'src/category.ts': categoryTs(names),
    'src/index.ts': indexTs(names),
    'test/category.test.ts': categoryTestTs(names),
    'test/types.test-d.ts': typesTestTs(names),
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true })
    await writeFile(join(directory, path), text)
  }
  return { directory, files: Object.keys(files) }
}
