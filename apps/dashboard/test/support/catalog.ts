import { createEventRegistry, loadCategoryPackages, officialCategoryPackages } from '@hookline/core'
import type { CatalogCategory } from '../../src/api/types.ts'

/** The real catalog the API serves: the four official category plugins. */
export async function loadRealCatalog(): Promise<CatalogCategory[]> {
  const categories = await loadCategoryPackages(officialCategoryPackages, (name) => import(name))
  const registry = createEventRegistry({ categories })
  return registry.catalog().categories as unknown as CatalogCategory[]
}
