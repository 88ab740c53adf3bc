// The plugin author's path, outside the repository with plain npm: every
// command of docs/plugins.md, then a broken plugin that must stop startup.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startReceiver, type Receiver } from '@hookline/test-receiver'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guideCommands } from './support/doc-commands.ts'
import { startApiExpectingExit, startHookline, type RunningHookline } from './support/hookline-processes.ts'
import { packedManifest, packWorkspacePackage } from './support/packed-packages.ts'
import { repoRoot } from './support/paths.ts'
import { authorEnvironment, runLine } from './support/shell.ts'

let workDir: string
let tarballs: { core: string; createPlugin: string }
let hookline: RunningHookline | undefined
let receiver: Receiver

beforeAll(async () => {
  // The system temp folder: nothing here resolves through the workspace.
  workDir = await mkdtemp(join(tmpdir(), 'hookline-plugin-author-'))
  expect(workDir.startsWith(repoRoot)).toBe(false)
  const destination = join(workDir, 'tarballs')
  tarballs = {
    core: await packWorkspacePackage('packages/core', destination),
    createPlugin: await packWorkspacePackage('packages/create-plugin', destination),
  }
  receiver = await startReceiver()
})

afterAll(async () => {
  await hookline?.stop()
  await receiver?.close()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

describe('a plugin from scratch, as docs/plugins.md tells it', () => {
  it('packs @hookline/core and @hookline/create-plugin with nothing private in what a consumer installs', async () => {
    for (const tarball of Object.values(tarballs)) {
      const manifest = await packedManifest(tarball)
      const text = JSON.stringify(manifest)
      expect(text, tarball).not.toContain('workspace:')
      expect(text, tarball).not.toContain('@hookline/source')
      expect(manifest.private, tarball).toBeUndefined()
      // What npm installs for a consumer: no private workspace package among them.
      const installed = { ...(manifest.dependencies as object), ...(manifest.peerDependencies as object), ...(manifest.optionalDependencies as object) }
      expect(Object.keys(installed).filter((name) => /^@hookline\/(tsconfig|vitest-config|eslint-config|dev-db|test-receiver|api|worker|store)$/.test(name)), tarball).toEqual([])
    }
    expect(await packedManifest(tarballs.createPlugin)).toMatchObject({ bin: { 'create-hookline-plugin': './dist/cli.js' } })
  })

  it('runs every command of the guide: scaffold, install, test, build, pack, load, list, subscribe, publish, receive', async () => {
    const commands = await guideCommands()
    let cwd = workDir
    let pluginDir = ''
    const vars: Record<string, string> = { RECEIVER_URL: receiver.url }
    const outputs = new Map<string, string>()
    const substitute = (command: string) =>
      command.replaceAll('/path/to/hookline-core-0.1.0.tgz', tarballs.core).replaceAll('/path/to/quiz', pluginDir)

    for (const command of commands) {
      const cd = /^cd (\S+)$/.exec(command)
      const start = /^HOOKLINE_PLUGINS=(\S+) npx -y pnpm@12\.4\.2 start$/.exec(command)
      if (cd) {
        cwd = resolve(cwd, cd[1]!)
        pluginDir = cwd
      } else if (command.startsWith('npx @hookline/create-plugin ')) {
        // Not on npm yet: the same command from the packed tarball.
        const fromTarball = command.replace('npx @hookline/create-plugin', `npx --yes --package=${tarballs.createPlugin} create-hookline-plugin`)
        outputs.set(command, await runLine(fromTarball, cwd, authorEnvironment()))
      } else if (start) {
        // What the start command does after its build: the built API and worker with the same environment.
        hookline = await startHookline({ HOOKLINE_PLUGINS: substitute(start[1]!) }, workDir)
        Object.assign(vars, { HOOKLINE_URL: hookline.baseUrl, ...(await credentials(hookline)) })
        outputs.set(command, 'started')
      } else {
        outputs.set(command, await runLine(substitute(command), cwd, authorEnvironment(vars)))
      }
    }

    const output = (pattern: RegExp) => [...outputs].find(([command]) => pattern.test(command))?.[1]
    expect(output(/^npx @hookline\/create-plugin quiz /)).toContain('Created hookline-plugin-quiz (category "quiz": quiz.started, quiz.completed)')
    const installed = JSON.parse(await readFile(join(pluginDir, 'package.json'), 'utf8'))
    expect(installed.peerDependencies).toEqual({ '@hookline/core': '^0.1.0' })
    expect(output(/^npm test$/)).toMatch(/Tests\s+7 passed/)
    expect(output(/^npm test$/)).toContain('no errors')
    expect(output(/^npm pack$/)).toContain('hookline-plugin-quiz-0.1.0.tgz')
    expect(output(/start$/)).toBe('started')

    // The catalog names the category's package and version.
    expect(JSON.parse(output(/event-types/)!)).toEqual({ source: 'hookline-plugin-quiz', sourceVersion: '0.1.0', events: ['quiz.started', 'quiz.completed'] })

    // The app was created after a signed test event reached the receiver.
    const appId = output(/\/api\/v1\/apps"/)!.trim()
    expect(appId).toMatch(/^app_/)
    const published = JSON.parse(output(/\/api\/v1\/events"/)!)
    expect(published).toEqual({ id: expect.stringMatching(/^evt_/), deliveries: 1 })

    // The example arrives, signed with the application's secret.
    const delivered = await waitForEvent(published.id)
    const secret = await fetch(`${vars.HOOKLINE_URL}/api/v1/apps/${appId}/secret`, { headers: { authorization: `Bearer ${vars.HOOKLINE_TOKEN}` } }).then(
      (response) => response.json() as Promise<{ secret: string }>,
    )
    const envelope = new Webhook(secret.secret).verify(delivered.body, headersOf(delivered.headers)) as Record<string, unknown>
    const example = JSON.parse(await readFile(join(pluginDir, 'quiz-started.json'), 'utf8'))
    expect(envelope).toMatchObject({ id: published.id, type: 'quiz.started', portalEventId: 'QuizStarted', subjectType: 'Quiz', subjectDetail: example.subjectDetail })
    await hookline?.stop()
    hookline = undefined
  })

  it('refuses to start with a plugin that declares a type key another plugin has, in one clear line', async () => {
    const original = join(workDir, 'quiz')
    const copy = join(workDir, 'quiz-copy')
    await cp(original, copy, { recursive: true })
    // The same events under another category and package name: quiz.started is taken.
    const manifest = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8'))
    await writeFile(join(copy, 'package.json'), JSON.stringify({ ...manifest, name: 'hookline-plugin-quiz-copy' }, null, 2))
    const category = await readFile(join(copy, 'dist/category.js'), 'utf8')
    await writeFile(join(copy, 'dist/category.js'), category.replace("id: 'quiz'", "id: 'quiz-copy'").replace("source: 'hookline-plugin-quiz'", "source: 'hookline-plugin-quiz-copy'"))

    const { code, stderr } = await startApiExpectingExit({ HOOKLINE_PLUGINS: `${original},${copy}` }, workDir)
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toEqual([
      `Cannot load plugin hookline-plugin-quiz-copy (${copy}): event type "quiz.started": already declared by hookline-plugin-quiz (category "quiz")`,
    ])
  })
})

/** A Manager's sign-in token (the seeded Administrator) and an API key that may publish. */
async function credentials(running: RunningHookline): Promise<{ HOOKLINE_TOKEN: string; HOOKLINE_API_KEY: string }> {
  const login = await fetch(`${running.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(running.admin),
  }).then((response) => response.json() as Promise<{ token: string }>)
  const key = await fetch(`${running.baseUrl}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ name: 'Quiz publisher', scopes: ['events:publish'] }),
  }).then((response) => response.json() as Promise<{ key: string }>)
  return { HOOKLINE_TOKEN: login.token, HOOKLINE_API_KEY: key.key }
}

async function waitForEvent(eventId: string): Promise<Receiver['requests'][number]> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const found = receiver.requests.find((request) => request.body.includes(eventId))
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`Event ${eventId} did not arrive within 60 s; the receiver saw ${receiver.requests.length} requests`)
}

function headersOf(headers: Receiver['requests'][number]['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]))
}
