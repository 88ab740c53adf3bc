// No container runs here (no Docker daemon, no registry): the deployment
// files are checked against what they must agree with — the variables each
// process reads, the required settings, the files the build produces, the
// shutdown bound and the health routes. docs/DEPLOY.md says what was not run.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, posix, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apiVariableNames, loadConfig } from '@hookline/api'
import { parseDuration } from '@hookline/config'
import { parseAllowlist } from '@hookline/dispatcher'
import { loadWorkerConfig, workerVariableNames } from '@hookline/worker'
import { describe, expect, it } from 'vitest'
import { interpolatedNames, interpolate, parseCompose, resolvedEnvironment } from '../src/compose.ts'
import { copyPaths, envNames, parseDockerfile } from '../src/dockerfile.ts'
import { edgeVariableNames } from '../src/edge-variables.ts'
import { parseEntrypointRoles } from '../src/entrypoint.ts'
import { parseEnvFile } from '../src/env-file.ts'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const read = (path: string) => readFile(join(repoRoot, path), 'utf8')

const composeText = await read('deploy/compose.yaml')
const compose = parseCompose(composeText)
const envExample = parseEnvFile(await read('deploy/.env.example'))
const dockerfile = parseDockerfile(await read('Dockerfile'))
const roles = parseEntrypointRoles(await read('deploy/hookline.sh'))
const rootPackage = JSON.parse(await read('package.json')) as { packageManager: string; engines: { node: string } }

/** Which variables each of the image's roles reads, from its own configuration module. */
const readers: Record<string, Set<string>> = {
  api: new Set(apiVariableNames),
  worker: new Set(workerVariableNames),
  edge: await edgeVariableNames(repoRoot),
}
const readByAny = new Set(Object.values(readers).flatMap((names) => [...names]))

/** Variables the Dockerfile sets for the tools in it, not for Hookline. */
const toolVariables: Record<string, string> = {
  CI: 'pnpm: never rewrite the lockfile',
  TURBO_TELEMETRY_DISABLED: 'turbo',
  DENO_DIR: "Deno's cache, writable by the non-root user",
  DENO_NO_UPDATE_CHECK: 'Deno',
}

/** What an operator fills in: .env.example plus the one required secret (as `openssl rand -base64 32` prints it). */
const operatorValues = { ...envExample, HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64') }

const hooklineServices = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith('hookline:'))
const roleOf = (name: string) => compose.services[name]!.command![0]!

describe('deploy/compose.yaml', () => {
  it('runs MongoDB 7 as a single-node replica set, initiated once, before the API and the workers', async () => {
    const { mongodb, 'mongodb-init': init } = compose.services
    expect(mongodb?.image).toMatch(/^mongo:7(\.|$)/)
    expect(mongodb?.command?.join(' ')).toContain('--replSet rs0')
    expect(init?.image).toBe(mongodb?.image)
    const script = await read('deploy/mongodb/init-replica-set.js')
    expect(script).toContain("_id: 'rs0'")
    expect(script).toContain("host: 'mongodb:27017'")
    for (const name of ['api', 'worker']) {
      expect(compose.services[name]?.depends_on).toEqual({ mongodb: { condition: 'service_healthy' }, 'mongodb-init': { condition: 'service_completed_successfully' } })
      const uri = new URL(resolvedEnvironment(compose.services[name]!, operatorValues).MONGODB_URI!)
      expect(uri.searchParams.get('replicaSet')).toBe('rs0')
      expect(uri.searchParams.get('w')).toBe('majority')
    }
  })

  it('runs the API, two workers and, behind the edge profile, the edge dispatcher, all from the one image', () => {
    expect(hooklineServices.map(([name]) => name).sort()).toEqual(['api', 'edge', 'worker'])
    expect(new Set(hooklineServices.map(([, service]) => service.image)).size).toBe(1)
    expect(hooklineServices.map(([name]) => roleOf(name)).sort()).toEqual(['api', 'edge', 'worker'])
    expect(compose.services.worker?.deploy?.replicas).toBe(2)
    expect(compose.services.edge?.profiles).toEqual(['edge'])
    for (const [name] of hooklineServices) expect(roles.map((role) => role.role)).toContain(roleOf(name))
  })

  it('gives each Hookline service only variables its process reads', () => {
    const unknown = hooklineServices.flatMap(([name, service]) =>
      Object.keys(service.environment ?? {})
        .filter((variable) => !readers[roleOf(name)]!.has(variable))
        .map((variable) => `${name}: ${variable}`),
    )
    expect(unknown).toEqual([])
  })

  it('starts the API and the worker with a valid configuration from .env.example and a secret key', () => {
    const api = loadConfig(resolvedEnvironment(compose.services.api!, operatorValues), parseAllowlist)
    expect(api).toMatchObject({ production: true, port: 8080 })
    expect(api.mongodbUri).toMatch(/^mongodb:\/\/mongodb:27017\//)
    const worker = loadWorkerConfig(resolvedEnvironment(compose.services.worker!, operatorValues), parseAllowlist)
    expect(worker).toMatchObject({ port: 8081, secretKey: operatorValues.HOOKLINE_SECRET_KEY })
    expect(worker.settings.edge).toBeUndefined()
    // With the edge profile: both edge variables set, the worker delivers through it.
    const withEdge = { ...operatorValues, HOOKLINE_EDGE_DISPATCHER_URL: 'http://edge:8000', HOOKLINE_EDGE_TOKEN: randomBytes(16).toString('hex') }
    expect(loadWorkerConfig(resolvedEnvironment(compose.services.worker!, withEdge), parseAllowlist).settings.edge?.url).toBe('http://edge:8000')
    expect(resolvedEnvironment(compose.services.edge!, withEdge).HOOKLINE_EDGE_TOKEN).toBe(withEdge.HOOKLINE_EDGE_TOKEN)
  })

  it('refuses to start without HOOKLINE_SECRET_KEY instead of running with a throwaway key', () => {
    expect(() => resolvedEnvironment(compose.services.api!, envExample)).toThrow(/HOOKLINE_SECRET_KEY is required/)
    expect(() => interpolate('${HOOKLINE_SECRET_KEY:?set it}', { HOOKLINE_SECRET_KEY: 'x' })).not.toThrow()
  })

  it('declares every setting it interpolates in .env.example, uses every one declared there, and each HOOKLINE_ one is read by a process', () => {
    const interpolated = interpolatedNames(composeText)
    expect([...interpolated].sort()).toEqual(Object.keys(envExample).sort())
    expect([...interpolated].filter((name) => name.startsWith('HOOKLINE_') && !readByAny.has(name))).toEqual([])
  })

  it('lets each process stop gracefully: SIGTERM through tini, then longer than HOOKLINE_SHUTDOWN_TIMEOUT before SIGKILL', () => {
    for (const [name, service] of hooklineServices.filter(([service]) => service !== 'edge')) {
      const env = resolvedEnvironment(service, operatorValues)
      const shutdownMs = parseDuration(env.HOOKLINE_SHUTDOWN_TIMEOUT ?? '')
      expect(shutdownMs, name).toBeDefined()
      expect(parseDuration(service.stop_grace_period ?? '0s')!, name).toBeGreaterThan(shutdownMs!)
    }
    for (const [name, service] of hooklineServices) expect((service as { init?: boolean }).init, name).toBe(true)
  })

  it('checks health on the routes each process serves', async () => {
    const probe = (name: string) => compose.services[name]!.healthcheck!.test.join(' ')
    expect(probe('api')).toContain(`127.0.0.1:${compose.services.api!.environment!.PORT}/readyz`)
    expect(probe('worker')).toContain(`127.0.0.1:${compose.services.worker!.environment!.HOOKLINE_WORKER_PORT}/healthz`)
    expect(probe('edge')).toContain(`127.0.0.1:${compose.services.edge!.environment!.PORT}/health`)
    expect(await read('apps/api/src/routes/health.ts')).toContain("path: '/readyz'")
    expect(await read('apps/worker/src/metrics/metrics-server.ts')).toContain("path === '/healthz'")
    expect(await read('packages/dispatcher/src/edge-handler.ts')).toContain("pathname === '/health'")
  })
})

describe('Dockerfile', () => {
  const runtime = dockerfile.filter((instruction) => instruction.stage === 'runtime')
  const build = dockerfile.filter((instruction) => instruction.stage === 'build')

  it("builds and runs on Node 20 with the repository's pnpm from npm, and runs as a non-root user", () => {
    const bases = dockerfile.filter((instruction) => instruction.keyword === 'FROM').map((instruction) => instruction.args.split(/\s+/)[0])
    const nodeMajor = /(\d+)/.exec(rootPackage.engines.node)![1]
    expect(bases).toEqual([`node:${nodeMajor}-bookworm-slim`, `node:${nodeMajor}-bookworm-slim`])
    const pnpmVersion = rootPackage.packageManager.replace('pnpm@', '')
    expect(build.some((instruction) => instruction.keyword === 'RUN' && instruction.args.includes(`npm install --global pnpm@${pnpmVersion}`))).toBe(true)
    expect(dockerfile.some((instruction) => instruction.args.includes('corepack'))).toBe(false)
    const user = runtime.filter((instruction) => instruction.keyword === 'USER').at(-1)?.args
    expect(user).toBeDefined()
    expect(['root', '0', '0:0']).not.toContain(user)
    expect(runtime.find((instruction) => instruction.keyword === 'ENTRYPOINT')?.args).toBe('["hookline"]')
  })

  it('sets only variables that Hookline or a named tool reads', () => {
    const names = dockerfile.filter((instruction) => instruction.keyword === 'ENV').flatMap(envNames)
    expect(names.filter((name) => !readByAny.has(name) && !(name in toolVariables))).toEqual([])
  })

  it('runs, for each role, files the build produces', async () => {
    const workdir = runtime.filter((instruction) => instruction.keyword === 'WORKDIR').at(-1)!.args
    const copies = runtime.filter((instruction) => instruction.keyword === 'COPY').map(copyPaths)
    const builtFrom = await workspaceDirectories()
    const missing: string[] = []
    for (const role of roles) {
      for (const word of role.command.filter((item) => /[./]/.test(item) && !item.startsWith('--'))) {
        const inImage = posix.resolve(role.directory, word)
        const copy = copies.find((item) => item.from === 'build' && inImage.startsWith(`${posix.resolve(workdir, item.target)}/`))
        if (!copy) {
          missing.push(`${role.role}: nothing copies ${inImage}`)
          continue
        }
        const inBuild = posix.join(copy.source, posix.relative(posix.resolve(workdir, copy.target), inImage))
        const source = sourceOf(inBuild, builtFrom)
        if (!source || !existsSync(join(repoRoot, source))) missing.push(`${role.role}: ${inImage} ← ${inBuild} ← ${source ?? 'no step produces it'}`)
      }
    }
    expect(missing).toEqual([])
    expect(roles.map((role) => role.role).sort()).toEqual(['api', 'edge', 'worker'])
  })

  it('puts the dashboard where the API looks for it, beside the API as in the repository', () => {
    const workdir = runtime.filter((instruction) => instruction.keyword === 'WORKDIR').at(-1)!.args
    const copies = runtime.filter((instruction) => instruction.keyword === 'COPY').map(copyPaths)
    const dashboard = copies.find((item) => item.source === '/src/apps/dashboard/dist')!
    const api = roles.find((role) => role.role === 'api')!.directory
    expect(posix.relative(api, posix.resolve(workdir, dashboard.target))).toBe(relative('apps/api', 'apps/dashboard/dist'))
    expect(existsSync(join(repoRoot, 'apps/dashboard/dist/index.html'))).toBe(true)
  })

  it('leaves dependencies, build output and local data out of the build context', async () => {
    const ignored = (await read('.dockerignore')).split('\n').map((line) => line.trim())
    for (const entry of ['**/node_modules', '**/dist', '.data', 'tooling/dev-db/.cache', '.env']) expect(ignored).toContain(entry)
  })

  /** Where a path of the build stage comes from in the repository (after the build). */
  function sourceOf(inBuild: string, workspace: Map<string, string>): string | undefined {
    if (inBuild.startsWith('/src/')) return inBuild.slice('/src/'.length)
    const runs = build.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args)
    // `pnpm --filter <package> deploy --prod /out/<dir>`: the package's folder, as built.
    for (const run of runs) {
      for (const match of run.matchAll(/pnpm --filter (\S+) deploy --prod (\S+)/g)) {
        if (inBuild.startsWith(`${match[2]}/`)) return posix.join(workspace.get(match[1]!)!, inBuild.slice(match[2]!.length + 1))
      }
    }
    // A file a RUN writes: `-o <file> <entry>` (the bundle) or `cp <source> <file>`.
    for (const run of runs) {
      const bundle = new RegExp(`-o ${inBuild} (\\S+)`).exec(run)
      if (bundle) return bundle[1]
      const copied = new RegExp(`cp (\\S+) ${inBuild}(\\s|$)`).exec(run)
      if (copied) return copied[1]
    }
    return undefined
  }
})

/** Package name → folder, for every workspace package with a package.json. */
async function workspaceDirectories(): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (const parent of ['apps', 'packages', 'tooling']) {
    for (const entry of await readdir(join(repoRoot, parent))) {
      const manifest = join(repoRoot, parent, entry, 'package.json')
      if (existsSync(manifest)) found.set((JSON.parse(await readFile(manifest, 'utf8')) as { name: string }).name, `${parent}/${entry}`)
    }
  }
  return found
}
