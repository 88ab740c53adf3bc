import type { PluginNames } from '../names.ts'

// The generated tests: the category loads into a registry (schemas compile,
// examples validate), a broken copy of each example fails at the broken
// field, and a wrong payload does not compile.

export function categoryTestTs(names: PluginNames): string {
  const types = names.events.map((event) => `'${event.type}'`).join(', ')
  return `import { createEventRegistry } from '@hookline/core'
import { breakAt } from '@hookline/core/testing'
import { describe, expect, it } from 'vitest'
import ${names.categoryConst} from '../src/index.ts'

// The same checks Hookline runs when it loads the plugin: a failure here is a
// startup failure there.
const registry = createEventRegistry({ categories: [${names.categoryConst}] })
const events = ${names.categoryConst}.events.map((event) => [event.type, event] as const)

describe('the ${names.categoryId} category', () => {
  it('loads: every schema compiles and every example is a valid publish body', () => {
    expect(registry.listEventTypes()).toEqual([${types}])
  })

  it.each(events)('%s: the example validates', (_type, event) => {
    expect(registry.validatePublishInput(event.example)).toMatchObject({ valid: true })
  })

  it.each(events)('%s: a broken copy fails at exactly the broken field', (_type, event) => {
    const result = registry.validatePublishInput(breakAt(event.example, '/subjectDetail/id', 'not a number'))
    expect(result.valid ? [] : result.issues.map((issue) => issue.path)).toEqual(['/subjectDetail/id'])
  })
})
`
}

export function typesTestTs(names: PluginNames): string {
  const first = names.events[0]!
  return `import { definePublishInput, type EventPayload } from '@hookline/core'
import { describe, expectTypeOf, it } from 'vitest'
import { ${first.exampleName}, type ${names.recordType} } from '../src/index.ts'

describe('${names.categoryId} payload types', () => {
  it('adds its type keys to @hookline/core', () => {
    expectTypeOf<EventPayload<'${first.type}'>>().toEqualTypeOf<${names.recordType}>()
  })

  it('rejects a wrong payload', () => {
    definePublishInput({
      ...${first.exampleName},
      // @ts-expect-error -- id must be a number
      subjectDetail: { ...${first.exampleName}.subjectDetail, id: 'seven hundred' },
    })
  })
})
`
}
