// Core in a browser: bundle it for the browser platform (a Node built-in
// anywhere in its import graph fails the bundle) and run the bundle in a bare
// JavaScript realm that has no `process`, `Buffer` or `require`.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import type * as Core from '../../src/index.ts'

let core: typeof Core

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'HooklineCore',
    conditions: ['@hookline/source'],
    write: false,
    logLevel: 'silent',
  })
  const code = bundle.outputFiles[0]!.text
  // Only what core itself relies on from the web platform is provided.
  const realm = { structuredClone }
  core = runInNewContext(`${code}\n;HooklineCore`, realm) as typeof Core
  expect(runInNewContext('typeof process + typeof Buffer + typeof require', realm)).toBe('undefinedundefinedundefined')
})

const clickExample = {
  type: 'browser.clicked',
  subjectId: 5,
  subjectTitle: 'Demo reel',
  subjectDetail: { at: '2024-01-01T10:00:00+01:00', media: { id: 5, title: 'Demo reel', format: 'Video' } },
}

function browserCategory(): Core.EventCategory {
  return {
    id: 'browser',
    label: 'Browser',
    description: 'A category registered inside the bundle.',
    version: '1.0.0',
    source: 'browser-bundle-test',
    events: [
      {
        type: 'browser.clicked',
        portalEventId: 'BrowserClicked',
        label: 'Clicked',
        description: 'Someone clicked a media item.',
        subjectType: 'Video',
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['at', 'media'],
          properties: { at: core.dateTimeSchema, media: core.mediaReferenceSchema },
        },
        example: clickExample,
      },
    ],
  }
}

describe('core bundled for the browser', () => {
  it('registers a category and validates with every failing path', () => {
    const registry = core.createEventRegistry({ categories: [browserCategory()] })
    expect(registry.validatePublishInput(clickExample).valid).toBe(true)
    const broken = registry.validatePublishInput({
      ...clickExample,
      subjectDetail: { at: '2024-01-01T10:00:00', media: { id: 5, title: 'Demo reel' } },
    })
    expect(broken.valid ? [] : broken.issues.map((issue) => issue.path)).toEqual([
      '/subjectDetail/at',
      '/subjectDetail/media/format',
    ])
  })

  it('builds and serialises an envelope in both encodings', () => {
    const registry = core.createEventRegistry({ categories: [browserCategory()] })
    const envelope = registry.buildEnvelope(clickExample, {
      id: 'evt_browser_1',
      tenant: { id: 'tnt_demo', name: 'Demo', subDomainUrl: 'https://demo.example.com', portalTenantId: null },
      now: new Date('2024-01-01T09:00:00Z'),
    })
    const legacy = core.serializeEnvelope(envelope, { legacySubjectDetailEncoding: true })
    expect(JSON.parse(legacy).subjectDetail).toBe(JSON.stringify(clickExample.subjectDetail))
    expect(core.parseEnvelope(legacy)).toEqual(JSON.parse(JSON.stringify(envelope)))
  })
})
