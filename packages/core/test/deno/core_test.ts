// Core under Deno: the same sources the Node suite tests, loaded by Deno's own
// module system (ajv from node_modules), checked by Deno's type checker.
import assert from 'node:assert/strict'
import { createEventRegistry, parseEnvelope, serializeEnvelope } from '@hookline/core'
import { sampleCategory, sampleCreatedExample } from '../fixtures/sample-category.ts'

const registry = createEventRegistry({ categories: [sampleCategory] })

Deno.test('a valid publish body validates', () => {
  const result = registry.validatePublishInput(sampleCreatedExample)
  assert.equal(result.valid, true)
})

Deno.test('an invalid publish body lists every failing path', () => {
  const result = registry.validatePublishInput({
    ...sampleCreatedExample,
    extra: true,
    eventDate: '2020-10-26T15:04:53.593',
    subjectDetail: { ...sampleCreatedExample.subjectDetail, owner: { id: 'x', firstName: 'Dana', lastName: 'W' } },
  })
  assert.equal(result.valid, false)
  assert.deepEqual(
    result.valid ? [] : result.issues.map((issue) => issue.path),
    ['/extra', '/eventDate', '/subjectDetail/owner/id'],
  )
})

Deno.test('the envelope round-trips in both encodings', () => {
  const envelope = registry.buildEnvelope(sampleCreatedExample, {
    id: 'evt_deno_1',
    tenant: { id: 'tnt_acme', name: 'Acme Media', subDomainUrl: 'https://acme.example.com', portalTenantId: 7 },
    now: new Date('2024-05-02T07:20:00.000Z'),
  })
  assert.equal(envelope.subjectDetail.owner.lastName, 'Whitfield')
  const legacy = JSON.parse(serializeEnvelope(envelope, { legacySubjectDetailEncoding: true }))
  assert.equal(typeof legacy.subjectDetail, 'string')
  assert.deepEqual(parseEnvelope(serializeEnvelope(envelope, { legacySubjectDetailEncoding: true })), envelope)
})
