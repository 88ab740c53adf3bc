import { createEventRegistry, serializeEnvelope } from '@hookline/core'
import { mediaCategory } from '@hookline/plugin-media'

/** A realistic request body: the media.updated example as an endpoint receives it. */
export function sampleEnvelopeBody(): string {
  const registry = createEventRegistry({ categories: [mediaCategory] })
  const example = registry.getEvent('media.updated')!.example
  const validated = registry.validatePublishInput(example)
  if (!validated.valid) throw new Error('the media.updated example does not validate')
  const envelope = registry.buildEnvelope(validated.value, {
    id: 'evt_bench_sample',
    tenant: { id: 'tnt_bench', name: 'Bench Portal', subDomainUrl: 'https://bench.example.com', portalTenantId: null },
    now: new Date(),
  })
  return serializeEnvelope(envelope, { legacySubjectDetailEncoding: false })
}
