import { describe, expect, it } from 'vitest'
import { createEventRegistry, loadCategoryPackages, officialCategoryPackages } from '../src/index.ts'
import { otherCategory, sampleCategory } from './fixtures/sample-category.ts'

const modules: Record<string, unknown> = {
  '@acme/plugin-sample': { default: sampleCategory },
  '@acme/plugin-other': { category: otherCategory },
  '@acme/not-a-plugin': { default: { hello: 'world' } },
}
const importPackage = async (name: string) => {
  if (!(name in modules)) throw new Error(`Cannot find package '${name}'`)
  return modules[name]
}

describe('loadCategoryPackages', () => {
  it('names the four official packages', () => {
    expect(officialCategoryPackages).toEqual([
      '@hookline/plugin-media',
      '@hookline/plugin-metadata',
      '@hookline/plugin-actions',
      '@hookline/plugin-live-session',
    ])
  })

  it('loads default or named category exports, with the package name as source', async () => {
    const categories = await loadCategoryPackages(['@acme/plugin-sample', '@acme/plugin-other'], importPackage)
    expect(categories.map((category) => [category.id, category.source])).toEqual([
      ['sample', '@acme/plugin-sample'],
      ['other', '@acme/plugin-other'],
    ])
    const registry = createEventRegistry({ categories })
    expect(registry.getEvent('other.pinged')?.source).toBe('@acme/plugin-other')
  })

  it('rejects a package without a category', async () => {
    await expect(loadCategoryPackages(['@acme/not-a-plugin'], importPackage)).rejects.toMatchObject({
      code: 'invalid-category-module',
      message: '[@hookline/core] @acme/not-a-plugin does not export an event category (default export or "category")',
    })
  })

  it('passes import failures through', async () => {
    await expect(loadCategoryPackages(['@acme/missing'], importPackage)).rejects.toThrow("Cannot find package '@acme/missing'")
  })
})
