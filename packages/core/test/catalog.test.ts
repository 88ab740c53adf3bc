import { describe, expect, it } from 'vitest'
import { createEventRegistry, jsonSchemaDialect } from '../src/index.ts'
import { otherCategory, sampleCategory, sampleRecordSchema } from './fixtures/sample-category.ts'

describe('catalog', () => {
  const registry = createEventRegistry({ categories: [sampleCategory, otherCategory] })

  it('lists categories and their events with schema and example, as plain JSON', () => {
    const catalog = registry.catalog()
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog)
    expect(catalog.schemaDialect).toBe(jsonSchemaDialect)
    expect(catalog.categories.map((category) => [category.id, category.version, category.source])).toEqual([
      ['sample', '1.0.0', '@hookline-test/sample'],
      ['other', '0.1.0', '@hookline-test/other'],
    ])
    expect(catalog.categories[0]!.events[0]).toEqual({
      type: 'sample.created',
      category: 'sample',
      portalEventId: 'SampleCreated',
      label: 'Sample created',
      description: 'A sample record was created.',
      subjectType: 'Video',
      schema: sampleRecordSchema,
      example: sampleCategory.events[0]!.example,
    })
  })

  it('hands out copies: changing one does not change the registry', () => {
    const catalog = registry.catalog()
    catalog.categories[0]!.events[0]!.label = 'changed'
    ;(catalog.categories[0]!.events[0]!.example.subjectDetail as { id: number }).id = 999
    expect(registry.catalog().categories[0]!.events[0]).toMatchObject({ label: 'Sample created', example: { subjectDetail: { id: 41 } } })
  })
})
