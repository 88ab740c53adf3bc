import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import liveSessionCategory from '../src/index.ts'

// The README is the package's documentation on npm: its event table and
// example payloads must say what the code does.
const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it.each(liveSessionCategory.events.map((event) => [event.type, event] as const))('%s: has a table row with its portal id', (type, event) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${type}\` |`))
    expect(row).toBeDefined()
    expect(row).toContain(`| \`${event.portalEventId}\``)
    expect(row).toContain(`| ${event.subjectType} |`)
  })

  it.each(liveSessionCategory.events.map((event) => [event.type, event] as const))('%s: shows the example body the tests validate', (type, event) => {
    const section = readme.split(`### \`${type}\``)[1] ?? ''
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1]
    expect(json).toBeDefined()
    expect(JSON.parse(json!)).toEqual(event.example)
  })
})
