// Runs inside the scratch project under plain Node, against the installed
// tarballs: what a third-party app does with Hookline's packages.
import {
  createEventRegistry,
  loadCategoryPackages,
  officialCategoryPackages,
  parseEnvelope,
  serializeEnvelope,
} from '@hookline/core'
import playlistCategory from 'hookline-plugin-playlist'

const official = await loadCategoryPackages(officialCategoryPackages, (name) => import(name))
const registry = createEventRegistry({ categories: [...official, playlistCategory] })

const results = registry.listCategories().flatMap((category) =>
  category.events.map((event) => ({ type: event.type, valid: registry.validatePublishInput(event.example).valid })),
)

const updated = registry.getEvent('media.updated').example
const broken = registry.validatePublishInput({ ...updated, subjectDetail: { ...updated.subjectDetail, size: 'big' } })

const envelope = registry.buildEnvelope(updated, {
  id: 'evt_scratch_1',
  tenant: { id: 'tnt_scratch', name: 'Scratch', subDomainUrl: 'https://scratch.example.com' },
  now: new Date('2024-01-01T00:00:00Z'),
})
const legacyBody = serializeEnvelope(envelope, { legacySubjectDetailEncoding: true })

console.log(
  JSON.stringify({
    categories: registry.listCategories().map((category) => [category.id, category.source]),
    results,
    brokenPaths: broken.valid ? [] : broken.issues.map((issue) => issue.path),
    portalEventId: envelope.portalEventId,
    legacyDetailIsString: typeof JSON.parse(legacyBody).subjectDetail === 'string',
    roundTrips: JSON.stringify(parseEnvelope(legacyBody)) === JSON.stringify(envelope),
  }),
)
