import { execFile } from 'node:child_process'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from './paths.ts'

const execFileAsync = promisify(execFile)

/**
 * `pnpm pack` of a workspace package into `destination`: pnpm applies
 * `publishConfig` and rewrites `workspace:` ranges, as `pnpm publish` does.
 * Resolves with the tarball's path.
 */
export async function packWorkspacePackage(folder: string, destination: string): Promise<string> {
  await mkdir(destination, { recursive: true })
  const before = new Set(await readdir(destination))
  try {
    await execFileAsync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', destination], { cwd: join(repoRoot, folder), maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`pnpm pack failed in ${folder}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`, { cause: error })
  }
  const created = (await readdir(destination)).filter((name) => name.endsWith('.tgz') && !before.has(name))
  if (created.length !== 1) throw new Error(`pnpm pack in ${folder} wrote ${created.length} tarballs`)
  return join(destination, created[0]!)
}

/** The package.json inside a tarball, as npm would install it. */
export async function packedManifest(tarball: string): Promise<Record<string, unknown>> {
  const { stdout } = await execFileAsync('tar', ['-xzOf', tarball, 'package/package.json'])
  return JSON.parse(stdout) as Record<string, unknown>
}
