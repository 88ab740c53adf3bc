import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchProject, packedPackages, repoTsc, type ScratchProject } from './scratch-project.ts'

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
    const text = JSON.stringify(manifest)
    expect(text).not.toContain('@hookline/source')
    expect(text).not.toContain('workspace:')
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      // Core also ships the test helpers for category authors.
      ...(name === '@hookline/core'
        ? { './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' } }
        : {}),
      './package.json': './package.json',
    })
    if (name !== '@hookline/core') expect(manifest.peerDependencies).toEqual({ '@hookline/core': '^0.1.0' })
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
})
