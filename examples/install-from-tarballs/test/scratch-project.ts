import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The packages a third party would install, by their folder in this repository. */
export const packedPackages = {
  '@hookline/core': 'packages/core',
  '@hookline/plugin-media': 'packages/plugin-media',
  '@hookline/plugin-metadata': 'packages/plugin-metadata',
  '@hookline/plugin-actions': 'packages/plugin-actions',
  '@hookline/plugin-live-session': 'packages/plugin-live-session',
  '@hookline/dispatcher': 'packages/dispatcher',
  '@hookline/create-plugin': 'packages/create-plugin',
  '@hookline/client': 'packages/client',
  'hookline-plugin-playlist': 'examples/plugin-playlist',
} as const

export interface ScratchProject {
  dir: string
  tarballs: string[]
  /** Runs a command in the project; resolves with stdout, rejects with stderr in the message. */
  exec(command: string, args: string[]): Promise<string>
  remove(): Promise<void>
}

/**
 * Packs every package with pnpm (which applies `publishConfig` and rewrites
 * `workspace:` ranges, as `pnpm publish` would) and installs the tarballs
 * with npm into a new project in the system's temp folder, outside the
 * repository, so nothing resolves through the workspace.
 */
export async function createScratchProject(): Promise<ScratchProject> {
  const dir = await mkdtemp(join(tmpdir(), 'hookline-install-'))
  const tarballDir = join(dir, 'tarballs')
  await mkdir(tarballDir)
  for (const folder of Object.values(packedPackages)) {
    await runOrExplain('pnpm', ['pack', '--pack-destination', tarballDir], join(repoRoot, folder))
  }
  const tarballs = (await readdir(tarballDir)).filter((name) => name.endsWith('.tgz')).map((name) => join(tarballDir, name))
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'scratch-consumer', private: true, type: 'module' }, null, 2))
  await runOrExplain('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], dir)
  return {
    dir,
    tarballs,
    exec: (command, args) => runOrExplain(command, args, dir),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** The repository's own TypeScript compiler, to type-check the scratch project. */
export const repoTsc = join(repoRoot, 'node_modules/typescript/bin/tsc')

/** Deno, from the root's `deno` devDependency (the npm package that ships the binary). */
export const repoDeno = join(repoRoot, 'node_modules/.bin/deno')

/** `pnpm publish -r --dry-run --no-git-checks` at the root: the `name@version` of each package it would publish. */
export async function publishDryRun(): Promise<string[]> {
  const output = await runOrExplain('npx', ['-y', 'pnpm@12.4.2', 'publish', '-r', '--dry-run', '--no-git-checks'], repoRoot)
  return [...output.matchAll(/📦 (\S+@\S+) →/g)].map((match) => match[1]!)
}

async function runOrExplain(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`, { cause: error })
  }
}
