import { createEventRegistry, loadCategoryPackages, officialCategoryPackages, type EventRegistry } from '@hookline/core'

/**
 * The catalog of this process: by default the four official category
 * plugins, each registered under its package name.
 */
export async function loadEventRegistry(packageNames: readonly string[] = officialCategoryPackages): Promise<EventRegistry> {
  const categories = await loadCategoryPackages(packageNames, (name) => import(name))
  return createEventRegistry({ categories })
}
