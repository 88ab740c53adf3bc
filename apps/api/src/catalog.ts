import { createEventRegistry, loadCategoryPackages, officialCategoryPackages, systemCategory, type EventRegistry } from '@hookline/core'

/**
 * The catalog of this process: the built-in `system` category (Hookline's
 * own operational events) and, by default, the four official category
 * plugins, each registered under its package name.
 */
export async function loadEventRegistry(packageNames: readonly string[] = officialCategoryPackages): Promise<EventRegistry> {
  const categories = await loadCategoryPackages(packageNames, (name) => import(name))
  return createEventRegistry({ categories: [...categories, systemCategory] })
}
