import { describe, expect, it } from 'vitest'
import { createEventRegistry, publishInputSchema } from '../src/index.ts'
import { sampleCategory } from './fixtures/sample-category.ts'

const registry = createEventRegistry({ categories: [sampleCategory] })
const example = sampleCategory.events[0]!.example

function pathsOf(input: unknown): string[] {
  const result = registry.validatePublishInput(input)
  return result.valid ? [] : result.issues.map((issue) => issue.path)
}

describe('validatePublishInput', () => {
  it('accepts every example and returns the event it publishes', () => {
    for (const event of sampleCategory.events) {
      const result = registry.validatePublishInput(event.example)
      expect(result).toMatchObject({ valid: true, value: event.example, event: { type: event.type, category: 'sample' } })
    }
  })

  it('accepts the smallest body: type, subject id and title, payload', () => {
    const { type, subjectId, subjectTitle, subjectDetail } = example
    expect(registry.validatePublishInput({ type, subjectId, subjectTitle, subjectDetail }).valid).toBe(true)
  })

  it('rejects unknown top-level fields, naming each', () => {
    const result = registry.validatePublishInput({ ...example, tenant: { id: 't1' }, Type: 'x' })
    expect(result).toEqual({
      valid: false,
      issues: [
        { path: '/tenant', message: 'is not an allowed field', keyword: 'additionalProperties' },
        { path: '/Type', message: 'is not an allowed field', keyword: 'additionalProperties' },
      ],
    })
  })

  it('lists every failing path of the body and of the payload at once', () => {
    const result = registry.validatePublishInput({
      ...example,
      eventDate: '2020-10-26T15:04:53.593',
      ip: 'not-an-ip',
      user: { id: 'u-1', name: 'Sam' },
      subjectDetail: { ...example.subjectDetail, owner: { id: 0, firstName: 'Sam', lastName: 'Ortiz' }, tags: [7] },
    })
    expect(result.valid).toBe(false)
    expect(result.valid ? [] : result.issues).toEqual([
      { path: '/eventDate', message: 'must match format "date-time"', keyword: 'format' },
      { path: '/ip', message: 'must be an IPv4 or IPv6 address, or null', keyword: 'anyOf' },
      { path: '/user/email', message: 'is required', keyword: 'required' },
      { path: '/subjectDetail/owner/id', message: 'must be >= 1', keyword: 'minimum' },
      { path: '/subjectDetail/tags/0', message: 'must be string', keyword: 'type' },
    ])
  })

  it('requires the four core fields', () => {
    expect(pathsOf({})).toEqual(['/type', '/subjectId', '/subjectTitle', '/subjectDetail'])
    expect(pathsOf(null)).toEqual([''])
    expect(pathsOf([example])).toEqual([''])
  })

  it('rejects an unknown or malformed type key', () => {
    expect(registry.validatePublishInput({ ...example, type: 'sample.deleted' })).toEqual({
      valid: false,
      issues: [{ path: '/type', message: 'is not a known event type ("sample.deleted")', keyword: 'catalog' }],
    })
    expect(pathsOf({ ...example, type: 'SampleCreated' })).toEqual(['/type'])
  })

  it('accepts IPv6, null ip and null user', () => {
    expect(pathsOf({ ...example, ip: '2001:db8::17' })).toEqual([])
    expect(pathsOf({ ...example, ip: null, user: null })).toEqual([])
  })

  it('validates the payload only as an object when it is not one', () => {
    expect(pathsOf({ ...example, subjectDetail: JSON.stringify(example.subjectDetail) })).toEqual(['/subjectDetail'])
  })

  it('escapes JSON Pointer tokens of unknown fields', () => {
    expect(pathsOf({ ...example, 'a/b~c': 1 })).toEqual(['/a~1b~0c'])
  })

  it('exports the publish-input schema as plain JSON for OpenAPI', () => {
    expect(JSON.parse(JSON.stringify(publishInputSchema))).toEqual(publishInputSchema)
    expect(publishInputSchema.required).toEqual(['type', 'subjectId', 'subjectTitle', 'subjectDetail'])
    expect(publishInputSchema.additionalProperties).toBe(false)
  })
})
