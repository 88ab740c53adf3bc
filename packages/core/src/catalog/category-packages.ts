import { CatalogError } from '../errors.ts'
import type { EventCategory } from './event-definition.ts'

/**
 * The four categories Hookline ships, as package names. Core never imports
 * them (it is the bottom layer); an app either imports them statically or
 * hands this list to `loadCategoryPackages` with its own `import`.
 */
export const officialCategoryPackages = [
  '@hookline/plugin-media',
  '@hookline/plugin-metadata',
  '@hookline/plugin-actions',
  '@hookline/plugin-live-session',
] as const

/** Imports a module by specifier; pass `(name) => import(name)` from the app. */
export type ImportPackage = (packageName: string) => Promise<unknown>

/**
 * Imports category packages and returns their categories, each with `source`
 * set to its package name. A package exports its category as the default
 * export (or as a named `category` export).
 *
 * @throws CatalogError `invalid-category-module` when a package exports no category.
 */
export async function loadCategoryPackages(
  packageNames: readonly string[],
  importPackage: ImportPackage,
): Promise<EventCategory[]> {
  return Promise.all(
    packageNames.map(async (packageName) => {
      const module = (await importPackage(packageName)) as { default?: unknown; category?: unknown } | null
      const category = [module?.default, module?.category].find(looksLikeCategory)
      if (!category) {
        throw new CatalogError('invalid-category-module', `${packageName} does not export an event category (default export or "category")`, {
          details: { packageName },
        })
      }
      return { ...category, source: packageName }
    }),
  )
}

function looksLikeCategory(value: unknown): value is EventCategory {
  const candidate = value as Partial<EventCategory> | null | undefined
  return typeof candidate?.id === 'string' && Array.isArray(candidate.events)
}
