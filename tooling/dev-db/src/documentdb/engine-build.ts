import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { chmod, copyFile, lstat, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { withBuildLock } from '../build-lock.ts'
import { DevDatabaseError } from '../errors.ts'
import { devDbCacheDir } from '../paths.ts'
import { readPostgresInstall, type PostgresInstall } from './postgres-install.ts'
import { applySourcePatches, documentDbPatches } from './source-patches.ts'
import { verifiedArchive } from './sources.ts'
import {
  documentDbGitVersion,
  documentDbSource,
  pgCronSource,
  pgVectorSource,
  recipeRevision,
  type SourceArchive,
} from './versions.ts'

/**
 * A private, relocated PostgreSQL installation: copies of Debian's `postgres`
 * and `initdb` plus our extensions, and links to every other file of the
 * system installation. PostgreSQL finds its library and share folders
 * relative to its own binary, so extensions load from here without writing
 * into /usr (no root needed, and several versions can sit side by side).
 */
export interface DocumentDbEngine {
  /** Root of the relocated tree; system paths are mirrored under it. */
  readonly root: string
  readonly postgres: string
  readonly initdb: string
  readonly install: PostgresInstall
}

const readyMarker = 'BUILT'

export function engineKey(install: PostgresInstall): string {
  return [
    `documentdb-${documentDbSource.version}`,
    `pg${install.serverVersion}`,
    `cron${pgCronSource.version}`,
    `vector${pgVectorSource.version}`,
    `r${recipeRevision}`,
  ].join('-')
}

function engineAt(root: string, install: PostgresInstall): DocumentDbEngine {
  return {
    root,
    postgres: join(root, install.bindir, 'postgres'),
    initdb: join(root, install.bindir, 'initdb'),
    install,
  }
}

/** True when the engine for the installed PostgreSQL is already in the cache. */
export function isEngineBuilt(install = readPostgresInstall()): boolean {
  return existsSync(join(devDbCacheDir, engineKey(install), readyMarker))
}

/** Builds pg_cron, pgvector and DocumentDB once per version set; later calls only refresh links. */
export async function ensureDocumentDbEngine(log: (line: string) => void): Promise<DocumentDbEngine> {
  const install = readPostgresInstall()
  const root = join(devDbCacheDir, engineKey(install))
  if (!existsSync(join(root, readyMarker))) {
    await withBuildLock('documentdb', async () => {
      if (existsSync(join(root, readyMarker))) return // built by another process while we waited
      const work = `${root}.partial-${process.pid}`
      await rm(work, { recursive: true, force: true })
      await buildEngine(work, install, log)
      await rm(root, { recursive: true, force: true })
      await rename(work, root) // atomic: a half-built tree is never used
    })
  }
  // Debian package upgrades may add files (a new PostGIS script): link them too.
  await mirrorSystemTree(install, root)
  return engineAt(root, install)
}

async function buildEngine(work: string, install: PostgresInstall, log: (line: string) => void): Promise<void> {
  const started = Date.now()
  const step = (line: string) => log(`[documentdb build ${Math.round((Date.now() - started) / 1000)} s] ${line}`)
  log('Building the DocumentDB engine (pg_cron, pgvector, DocumentDB for PostgreSQL and its extended RUM index; first run only, a few minutes)…')
  const src = join(work, 'src')
  const buildLog = join(work, 'build.log')
  await mkdir(src, { recursive: true })
  const make = makeRunner(install, work, buildLog)

  for (const archive of [pgCronSource, pgVectorSource, documentDbSource]) {
    await extract(archive, src, buildLog)
  }
  step(`pg_cron ${pgCronSource.version}…`)
  await make(join(src, dirOf(pgCronSource)), [])
  step(`pgvector ${pgVectorSource.version}…`)
  // No -march=native: the cache may move to another CPU of the same architecture.
  await make(join(src, dirOf(pgVectorSource)), ['OPTFLAGS='])

  const documentdb = join(src, dirOf(documentDbSource))
  await writeVersionHeaders(documentdb)
  await applySourcePatches(documentdb, documentDbPatches)
  const pkgConfigDir = join(work, 'pkgconfig')
  await writeIntelMathPkgConfig(pkgConfigDir)
  const documentdbFlags = [
    // Debian's libbson 1.23 predates this subtype; its value in libbson ≥ 1.24 is 8.
    'COPT=-DBSON_SUBTYPE_SENSITIVE=0x08 -Wno-error=switch',
    // pg_documentdb.so needs pg_documentdb_core.so from the same folder, not /usr.
    'LDFLAGS_SL=-Wl,-rpath,\\$$ORIGIN',
  ]
  step(`DocumentDB ${documentDbSource.version} core…`)
  await make(join(documentdb, 'pg_documentdb_core'), documentdbFlags, pkgConfigDir)
  step(`DocumentDB ${documentDbSource.version} API (the longest part)…`)
  await make(join(documentdb, 'pg_documentdb'), documentdbFlags, pkgConfigDir)
  // The index access method that can return rows in index order (settings.ts): it links
  // against the pg_documentdb.so built just above, in the same tree.
  step(`DocumentDB ${documentDbSource.version} extended RUM index…`)
  await make(join(documentdb, 'internal', 'pg_documentdb_extended_rum'), documentdbFlags, pkgConfigDir)

  const binDir = join(work, install.bindir)
  await mkdir(binDir, { recursive: true })
  // Copies, not links: PostgreSQL resolves links to find its folders.
  for (const binary of ['postgres', 'initdb']) await copyFile(join(install.bindir, binary), join(binDir, binary))
  await rm(src, { recursive: true, force: true })
  await chmodTree(work) // the server may run as another user (postgres) than the builder
  await writeFile(join(work, readyMarker), `${new Date().toISOString()}\n`)
  step('done.')
}

function dirOf(archive: SourceArchive): string {
  return archive.file.replace(/\.tar\.gz$/, '')
}

async function extract(archive: SourceArchive, into: string, buildLog: string): Promise<void> {
  const path = await verifiedArchive(archive)
  await run('tar', ['-xzf', path, '-C', into], { cwd: into, buildLog, what: `unpacking ${archive.file}` })
  if (!existsSync(join(into, dirOf(archive)))) {
    throw new DevDatabaseError(`${archive.file} did not unpack into ${dirOf(archive)}/`)
  }
}

function makeRunner(install: PostgresInstall, work: string, buildLog: string) {
  const jobs = String(Math.max(1, Math.min(4, availableParallelism())))
  return async (dir: string, flags: string[], pkgConfigDir?: string) => {
    const common = [`PG_CONFIG=${install.pgConfig}`, 'with_llvm=no', ...flags]
    const env: Record<string, string> = pkgConfigDir
      ? { PKG_CONFIG_PATH: [pkgConfigDir, process.env.PKG_CONFIG_PATH].filter(Boolean).join(':') }
      : {}
    await run('make', ['-j', jobs, ...common], { cwd: dir, env, buildLog, what: `make in ${dir}` })
    await run('make', ['install', `DESTDIR=${work}`, ...common], { cwd: dir, env, buildLog, what: `make install in ${dir}` })
  }
}

/** The archive has no git metadata: write what FerretDB expects to read back. */
async function writeVersionHeaders(documentdb: string): Promise<void> {
  const control = await readFile(join(documentdb, 'pg_documentdb', 'documentdb.control'), 'utf8')
  const defaultVersion = /^default_version = '(.+)'$/m.exec(control)?.[1]
  if (!defaultVersion) throw new DevDatabaseError('documentdb.control has no default_version')
  const header = [
    '// Written by Hookline tooling/dev-db: the release archive carries no git metadata.',
    `#define EXTENSION_VERSION_STR "${defaultVersion.replace('-', '.')}"`,
    `#define GIT_VERSION "${documentDbGitVersion}"`,
    '',
  ].join('\n')
  for (const part of ['pg_documentdb_core', 'pg_documentdb']) {
    const dir = join(documentdb, part, 'build', 'include', 'metadata')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'documentdb_extension_version.h'), header)
  }
}

/** Debian's libintelrdfpmath-dev ships no pkg-config file; DocumentDB asks for `intelmathlib`. */
async function writeIntelMathPkgConfig(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(
    join(dir, 'intelmathlib.pc'),
    ['Name: intelmathlib', 'Description: Intel decimal floating-point math (Debian libintelrdfpmath-dev)', 'Version: 2.0', 'Cflags: -I/usr/include', 'Libs: -lbidgcc000', ''].join('\n'),
  )
}

/**
 * Links every file of the system installation that the tree does not have,
 * recursing into folders the build created (the `extension` folder).
 */
async function mirrorSystemTree(install: PostgresInstall, root: string): Promise<void> {
  for (const systemDir of [install.pkglibdir, install.sharedir]) await mirrorDir(systemDir, join(root, systemDir))
}

async function mirrorDir(systemDir: string, ourDir: string): Promise<void> {
  await mkdir(ourDir, { recursive: true })
  for (const entry of await readdir(systemDir, { withFileTypes: true })) {
    const ours = join(ourDir, entry.name)
    const existing = await lstat(ours).catch(() => undefined)
    if (!existing) {
      await symlink(join(systemDir, entry.name), ours).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error // a parallel start linked it first
      })
    } else if (existing.isDirectory() && entry.isDirectory()) {
      await mirrorDir(join(systemDir, entry.name), ours)
    }
  }
}

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755)
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await chmodTree(path)
    else if (entry.isFile()) await chmod(path, (await lstat(path)).mode | 0o444)
  }
}

interface RunOptions {
  cwd: string
  env?: Record<string, string>
  buildLog: string
  what: string
}

/** Runs a build step, appending its output to build.log; a failure quotes the log's tail. */
function run(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (cause) => reject(new DevDatabaseError(`could not run ${command} (${options.what})`, { cause })))
    child.on('exit', (code) => {
      void writeFile(options.buildLog, `$ ${command} ${args.join(' ')}\n${output}\n`, { flag: 'a' }).finally(() => {
        if (code === 0) resolve()
        else reject(new DevDatabaseError(`${options.what} failed (exit ${code}); full log in ${options.buildLog}:\n${output.slice(-4000)}`))
      })
    })
  })
}
