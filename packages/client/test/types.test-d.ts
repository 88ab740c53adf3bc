// Compile-time guarantees, checked by `vitest --typecheck`: publish is typed
// by the EventPayloadMap the plugins extend (importing @hookline/plugin-media
// adds the media.* payloads), and the API methods by the OpenAPI document.
import '@hookline/plugin-media'
import { mediaUpdatedExample } from '@hookline/plugin-media'
import { describe, expectTypeOf, it } from 'vitest'
import { createHooklineClient, type App, type PublishResult } from '../src/index.ts'

const client = createHooklineClient({ baseUrl: 'http://127.0.0.1:1', token: 'hk_test' })
const record = mediaUpdatedExample.subjectDetail

describe('events.publish', () => {
  it('accepts a media.updated with its media record', () => {
    expectTypeOf(client.events.publish({ type: 'media.updated', subjectId: 1, subjectTitle: 'T', subjectDetail: record })).toEqualTypeOf<
      Promise<PublishResult>
    >()
  })

  it('rejects a wrong payload, an unknown type and a missing field', () => {
    // @ts-expect-error a media record's title is a string
    void client.events.publish({ type: 'media.updated', subjectId: 1, subjectTitle: 'T', subjectDetail: { ...record, title: 42 } })
    // @ts-expect-error media.updated's payload is a whole media record
    void client.events.publish({ type: 'media.updated', subjectId: 1, subjectTitle: 'T', subjectDetail: { title: 'only a title' } })
    // @ts-expect-error no imported category declares this type
    void client.events.publish({ type: 'media.renamed', subjectId: 1, subjectTitle: 'T', subjectDetail: record })
    // @ts-expect-error subjectId is required
    void client.events.publish({ type: 'media.updated', subjectTitle: 'T', subjectDetail: record })
  })

  it('types every event of a publishMany batch by its own type', () => {
    void client.events.publishMany([mediaUpdatedExample, { type: 'media.deleted', subjectId: 2, subjectTitle: 'Gone', subjectDetail: record }])
    // @ts-expect-error the second event's payload is wrong
    void client.events.publishMany([mediaUpdatedExample, { type: 'media.updated', subjectId: 2, subjectTitle: 'X', subjectDetail: {} }])
  })
})

describe('the API methods follow the OpenAPI document', () => {
  it('types apps from the document', () => {
    expectTypeOf(client.apps.get('app_1')).resolves.toEqualTypeOf<App>()
    expectTypeOf<App['appId']>().toEqualTypeOf<string>()
    expectTypeOf<App['id']>().toEqualTypeOf<string>()
    // @ts-expect-error endpoint is required
    void client.apps.create({ name: 'No endpoint' })
    // @ts-expect-error authType is "none" or "basic"
    void client.apps.create({ name: 'Bad auth', endpoint: 'https://example.com', authType: 'digest' })
    // @ts-expect-error status is one of the delivery states
    void client.logs.list({ status: 'exploded' })
  })
})
