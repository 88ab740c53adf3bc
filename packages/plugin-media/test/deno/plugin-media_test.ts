// Core plus this plugin under Deno, from source: import, register, validate, build.
import assert from 'node:assert/strict'
import { createEventRegistry, serializeEnvelope } from '@hookline/core'
import mediaCategory, { mediaUpdatedExample } from '../../src/index.ts'

const registry = createEventRegistry({ categories: [mediaCategory] })

Deno.test('every media example validates', () => {
  for (const event of mediaCategory.events) {
    const result = registry.validatePublishInput(event.example)
    assert.equal(result.valid, true, `${event.type}: ${JSON.stringify(result)}`)
  }
})

Deno.test('a broken media record fails with its paths', () => {
  const result = registry.validatePublishInput({
    ...mediaUpdatedExample,
    subjectDetail: { ...mediaUpdatedExample.subjectDetail, size: -1, author: { id: 1174, firstName: 'Priya' } },
  })
  assert.equal(result.valid, false)
  assert.deepEqual(
    result.valid ? [] : result.issues.map((issue) => issue.path),
    ['/subjectDetail/author/lastName', '/subjectDetail/size'],
  )
})

Deno.test('an envelope of media.updated serialises with the portal id', () => {
  const envelope = registry.buildEnvelope(mediaUpdatedExample, {
    id: 'evt_deno_media',
    tenant: { id: 'tnt_northwind', name: 'Northwind Learning', subDomainUrl: 'https://northwind.example.com', portalTenantId: 312 },
    now: new Date(),
  })
  const body = JSON.parse(serializeEnvelope(envelope, { legacySubjectDetailEncoding: false }))
  assert.equal(body.portalEventId, 'MashupUpdated')
  assert.equal(body.subjectDetail.title, 'Q3 Product Roadmap Review')
})
