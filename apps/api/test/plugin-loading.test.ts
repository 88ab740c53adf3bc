import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { officialCategoryPackages } from '@hookline/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEventRegistry, PluginLoadError } from '../src/catalog.ts'
import { parsePluginDefaults, parsePluginList, readPluginListSetting } from '../src/plugins/plugin-list-setting.ts'

const fixtures = fileURLToPath(new URL('./fixtures/plugins/', import.meta.url))
const fixture = (name: string) => join(fixtures, name)
const onlyPlugins = (...specifiers: string[]) => ({ officialCategories: false, specifiers })

describe('HOOKLINE_PLUGINS and HOOKLINE_PLUGINS_DEFAULTS as text', () => {
  it('reads a comma-separated list of names and absolute folders, ignoring blanks', () => {
    expect(parsePluginList(' hookline-plugin-quiz , @acme/hookline-plugin-polls,/opt/plugins/quiz, ')).toEqual([
      'hookline-plugin-quiz',
      '@acme/hookline-plugin-polls',
      '/opt/plugins/quiz',
    ])
    expect(parsePluginList('')).toEqual([])
  })

  it.each([
    ['./plugins/quiz', 'neither an npm package name nor an absolute path'],
    ['hookline-plugin-quiz@1.0.0', 'neither an npm package name nor an absolute path'],
    ['a,a', 'listed twice'],
  ])('refuses %s', (text, message) => {
    expect(() => parsePluginList(text)).toThrow(message)
  })

  it('turns the official categories off only with "off"', () => {
    expect(parsePluginDefaults('')).toBe(true)
    expect(parsePluginDefaults('ON')).toBe(true)
    expect(parsePluginDefaults('off')).toBe(false)
    expect(() => parsePluginDefaults('no')).toThrow('must be "on" or "off"')
  })

  it('names the variable in each problem', () => {
    expect(readPluginListSetting({ HOOKLINE_PLUGINS: 'x@1', HOOKLINE_PLUGINS_DEFAULTS: 'maybe' }).problems).toEqual([
      'HOOKLINE_PLUGINS entry "x@1" is neither an npm package name nor an absolute path to a plugin folder',
      'HOOKLINE_PLUGINS_DEFAULTS must be "on" or "off"',
    ])
  })
})

describe('loading plugins into the catalog', () => {
  let project: string

  beforeAll(async () => {
    // A project folder with the fixture installed in node_modules, as `npm install` would leave it.
    project = await mkdtemp(join(tmpdir(), 'hookline-plugins-'))
    await mkdir(join(project, 'node_modules'), { recursive: true })
    await cp(fixture('quiz'), join(project, 'node_modules', 'hookline-plugin-quiz-fixture'), { recursive: true })
    await mkdir(join(project, 'service'))
  })
  afterAll(() => rm(project, { recursive: true, force: true }))

  it('adds a plugin from an absolute folder after the official four, with its package name and version', async () => {
    const registry = await loadEventRegistry({ officialCategories: true, specifiers: [fixture('quiz')] })
    const catalog = registry.catalog()
    // Hookline's own `system` category always comes last.
    expect(catalog.categories.map((category) => category.source)).toEqual([...officialCategoryPackages, 'hookline-plugin-quiz-fixture', '@hookline/core (built in)'])
    expect(catalog.categories.at(-2)).toMatchObject({ id: 'quiz', source: 'hookline-plugin-quiz-fixture', sourceVersion: '1.2.3' })
    expect(catalog.categories[0]!.sourceVersion).toMatch(/^\d+\.\d+\.\d+/)
    expect(registry.validatePublishInput(catalog.categories.at(-2)!.events[0]!.example).valid).toBe(true)
  })

  it('resolves a package name from node_modules of the working directory or a parent', async () => {
    const registry = await loadEventRegistry(onlyPlugins('hookline-plugin-quiz-fixture'), join(project, 'service'))
    expect(registry.listCategories().map((category) => category.id)).toEqual(['quiz', 'system'])
  })

  it('leaves the official categories out with HOOKLINE_PLUGINS_DEFAULTS=off', async () => {
    const registry = await loadEventRegistry(onlyPlugins(fixture('quiz')))
    expect(registry.listEventTypes().filter((type) => !type.startsWith('system.'))).toEqual(['quiz.started', 'quiz.completed'])
  })

  async function failure(setting: { officialCategories: boolean; specifiers: string[] }, cwd?: string): Promise<PluginLoadError> {
    const error = await loadEventRegistry(setting, cwd).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(PluginLoadError)
    expect((error as Error).message).not.toContain('\n')
    return error as PluginLoadError
  }

  it('refuses a duplicate event type, naming the plugin, the type and who has it', async () => {
    const error = await failure(onlyPlugins(fixture('quiz'), fixture('duplicate-type')))
    expect(error.message).toBe(
      `Cannot load plugin hookline-plugin-duplicate-type (${fixture('duplicate-type')}): event type "quiz.started": already declared by hookline-plugin-quiz-fixture (category "quiz")`,
    )
  })

  it('refuses a category id that is already taken', async () => {
    const error = await failure(onlyPlugins(fixture('quiz'), fixture('quiz')))
    expect(error.item).toBe('category "quiz"')
    expect(error.reason).toBe('already declared by hookline-plugin-quiz-fixture')
  })

  it('refuses a schema that does not compile', async () => {
    const error = await failure(onlyPlugins(fixture('invalid-schema')))
    expect(error.item).toBe('schema of "broken.thing"')
    expect(error.reason).toContain('propertees')
  })

  it('refuses a package without a category', async () => {
    const error = await failure(onlyPlugins(fixture('no-category')))
    expect(error.item).toBe('entry point')
    expect(error.reason).toContain('exports no event category')
  })

  it('refuses a package that is not built, or not installed', async () => {
    expect((await failure(onlyPlugins(fixture('not-built')))).reason).toContain('is the package built?')
    const missing = await failure(onlyPlugins('hookline-plugin-nowhere'), project)
    expect(missing.message).toBe(
      `Cannot load plugin hookline-plugin-nowhere: package: package "hookline-plugin-nowhere" is not installed where ${project} can resolve it (npm install it there, or give an absolute folder path)`,
    )
  })

  it('refuses a plugin that clashes with an official category', async () => {
    const error = await failure({ officialCategories: true, specifiers: [fixture('quiz'), fixture('duplicate-type')] })
    expect(error.plugin).toContain('hookline-plugin-duplicate-type')
  })
})
