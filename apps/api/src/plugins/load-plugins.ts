import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEventRegistry, loadCategoryPackages, officialCategoryPackages, systemCategory, type EventRegistry } from '@hookline/core'
import { toPluginLoadError, PluginLoadError } from './plugin-load-error.ts'
import type { PluginListSetting } from './plugin-list-setting.ts'
import { PluginResolveError, resolvePlugin } from './resolve-plugin.ts'

// The official plugins are this app's own dependencies: resolved from here.
const apiFolder = dirname(fileURLToPath(import.meta.url))

/**
 * Builds the process's catalog: the official categories (unless turned off),
 * then each configured plugin in order. All or nothing: the first plugin that
 * cannot be found, imported or registered throws a `PluginLoadError` and no
 * registry is returned, so a process never runs on half a catalog.
 */
export async function loadPluginCatalog(setting: PluginListSetting, options: { cwd: string }): Promise<EventRegistry> {
  const registry = createEventRegistry()

  const officials = setting.officialCategories ? officialCategoryPackages : []
  for (const name of officials) {
    const resolved = await resolvePlugin(name, apiFolder)
    // Imported by name so development runs use the workspace sources, as before.
    await register(name, resolved.packageName, resolved.packageVersion, () => import(name))
  }
  for (const specifier of setting.specifiers) {
    let resolved
    try {
      resolved = await resolvePlugin(specifier, options.cwd)
    } catch (error) {
      if (error instanceof PluginResolveError) throw new PluginLoadError(specifier, 'package', error.message, { cause: error })
      throw error
    }
    await register(describe(specifier, resolved.packageName), resolved.packageName, resolved.packageVersion, () => import(resolved.entryUrl))
  }
  // Hookline's own operational events, listed last; the `system` ids are reserved.
  try {
    registry.register(systemCategory, { source: '@hookline/core (built in)' })
  } catch (error) {
    throw new PluginLoadError('@hookline/core (built in)', 'category "system"', `${(error as Error).message} (the system category and its event types are reserved)`, { cause: error })
  }
  return registry

  async function register(label: string, packageName: string, packageVersion: string, importModule: () => Promise<unknown>) {
    let categories
    try {
      categories = await loadCategoryPackages([packageName], importModule)
    } catch (error) {
      throw toPluginLoadError(label, 'import', error)
    }
    for (const category of categories) {
      try {
        registry.register(category, { source: packageName, sourceVersion: packageVersion })
      } catch (error) {
        throw toPluginLoadError(label, 'register', error)
      }
    }
  }
}

function describe(specifier: string, packageName: string): string {
  return specifier === packageName ? specifier : `${packageName} (${specifier})`
}
