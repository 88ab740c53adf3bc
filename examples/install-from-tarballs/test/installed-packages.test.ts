import { copyFile, cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchProject, packedPackages, publishDryRun, repoDeno, repoTsc, type ScratchProject } from './scratch-project.ts'

let project: ScratchProject

beforeAll(async () => {
  project = await createScratchProject()
})

afterAll(async () => {
  await project?.remove()
})

async function installedManifest(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(project.dir, 'node_modules', name, 'package.json'), 'utf8'))
}

describe('the packed packages, installed from tarballs into an empty project', () => {
  it('packs one tarball per package', () => {
    expect(project.tarballs).toHaveLength(Object.keys(packedPackages).length)
  })

  it.each(Object.keys(packedPackages))('%s: ships a publishable manifest and its built files', async (name) => {
    const manifest = await installedManifest(name)
    // What resolution and installation read (scripts may name the source condition for development).
    const text = JSON.stringify([manifest.exports, manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies])
    expect(text).not.toContain('@hookline/source')
    expect(text).not.toContain('workspace:')
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      // Core also ships the test helpers for category authors; the dispatcher its Node entry.
      ...(name === '@hookline/core'
        ? { './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' } }
        : {}),
      ...(name === '@hookline/dispatcher' ? { './node': { types: './dist/node/index.d.ts', default: './dist/node/index.js' } } : {}),
      './package.json': './package.json',
    })
    // Plugins take core as a peer; the dispatcher and the client depend on the core of their release.
    if (name.includes('plugin-')) expect(manifest.peerDependencies).toEqual({ '@hookline/core': '^0.1.0' })
    if (name === '@hookline/dispatcher' || name === '@hookline/client') expect((manifest.dependencies as Record<string, string>)['@hookline/core']).toBe('0.1.0')
    // Nothing a consumer installs may be private to this repository.
    const installed = { ...(manifest.dependencies as object), ...(manifest.peerDependencies as object) }
    expect(Object.keys(installed).filter((dependency) => !/^(@hookline\/(core)|ajv|ajv-formats|ipaddr\.js|undici|zod)$/.test(dependency))).toEqual([])
    const dist = join(project.dir, 'node_modules', name, 'dist')
    await expect(readFile(join(dist, 'index.d.ts'), 'utf8')).resolves.toContain('export')
    await expect(readFile(join(project.dir, 'node_modules', name, 'README.md'), 'utf8')).resolves.toMatch(/^# /)
  })

  it('loads under plain Node: registry, validation and envelopes work', async () => {
    await copyFile(new URL('./consumer/use-packages.mjs', import.meta.url), join(project.dir, 'use-packages.mjs'))
    const output = JSON.parse(await project.exec(process.execPath, ['use-packages.mjs'])) as {
      categories: [string, string][]
      results: { type: string; valid: boolean }[]
      brokenPaths: string[]
      portalEventId: string
      legacyDetailIsString: boolean
      roundTrips: boolean
    }
    expect(output.categories).toEqual([
      ['media', '@hookline/plugin-media'],
      ['metadata', '@hookline/plugin-metadata'],
      ['actions', '@hookline/plugin-actions'],
      ['live-session', '@hookline/plugin-live-session'],
      ['playlist', 'hookline-plugin-playlist'],
    ])
    expect(output.results).toHaveLength(34)
    expect(output.results.filter((result) => !result.valid)).toEqual([])
    expect(output.brokenPaths).toEqual(['/subjectDetail/size'])
    expect(output.portalEventId).toBe('MashupUpdated')
    expect(output.legacyDetailIsString).toBe(true)
    expect(output.roundTrips).toBe(true)
  })

  it('type-checks a consumer against the installed declarations', async () => {
    await copyFile(new URL('./consumer/typed-publish.ts', import.meta.url), join(project.dir, 'typed-publish.ts'))
    await writeFile(
      join(project.dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', target: 'es2023', strict: true, noEmit: true, types: [], lib: ['es2023'] },
        files: ['typed-publish.ts'],
      }),
    )
    await expect(project.exec(process.execPath, [repoTsc, '-p', 'tsconfig.json'])).resolves.toBe('')
  })

  it.each([
    ['Node', process.execPath, ['import-every-package.mjs']],
    // Deno resolves the bare names through the project's package.json and node_modules, as npm left them.
    ['Deno', repoDeno, ['run', '--allow-read', '--allow-env', '--allow-sys', 'import-every-package.mjs']],
  ])('imports every installed package under %s', async (_runtime, command, args) => {
    await copyFile(new URL('./consumer/import-every-package.mjs', import.meta.url), join(project.dir, 'import-every-package.mjs'))
    const names = Object.keys(packedPackages)
    const exported = JSON.parse(await project.exec(command, [...args, ...names])) as Record<string, string[]>
    expect(Object.keys(exported)).toEqual(names)
    expect(exported['@hookline/core']).toEqual(expect.arrayContaining(['createEventRegistry', 'defineEventCategory', 'loadCategoryPackages']))
    expect(exported['@hookline/dispatcher']).toEqual(expect.arrayContaining(['deliver', 'signWebhook']))
    expect(exported['@hookline/create-plugin']).toEqual(expect.arrayContaining(['scaffoldPlugin', 'parseArguments']))
    for (const name of names.filter((candidate) => candidate.includes('plugin-'))) expect(exported[name], name).toContain('default')
  })

  it('builds examples/plugin-playlist from its sources outside the repository, against the installed core only', async () => {
    // No workspace preset, no source condition: its own tsconfig files and the published @hookline/core.
    const example = new URL('../../plugin-playlist/', import.meta.url)
    const copy = join(project.dir, 'playlist-from-source')
    for (const entry of ['src', 'tsconfig.json', 'tsconfig.build.json']) await cp(new URL(entry, example), join(copy, entry), { recursive: true })
    await expect(project.exec(process.execPath, [repoTsc, '-p', join(copy, 'tsconfig.build.json')])).resolves.toBe('')
    const built = JSON.parse(
      await project.exec(process.execPath, ['--input-type=module', '-e', `const m = await import('./playlist-from-source/dist/index.js'); console.log(JSON.stringify(m.default.events.map((event) => event.type)))`]),
    )
    expect(built).toEqual(['playlist.created', 'playlist.media-added', 'playlist.media-removed', 'playlist.deleted'])
    await expect(readFile(join(copy, 'dist/index.d.ts'), 'utf8')).resolves.toContain('PlaylistRecord')
  })

  it('is exactly what `pnpm publish -r` would publish: every published package, nothing private', async () => {
    const published = (await publishDryRun()).sort()
    const expected = Object.keys(packedPackages)
      .filter((name) => name.startsWith('@hookline/'))
      .map((name) => `${name}@0.1.0`)
      .sort()
    expect(published).toEqual(expected)
  })
})
