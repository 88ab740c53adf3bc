// One complete, valid `POST /api/v1/events` body per event. They double as
// documentation (README, catalog) and as test fixtures.
import { definePublishInput } from '@hookline/core'

const roadmapReview = { id: 48213, title: 'Q3 Product Roadmap Review', format: 'Video' }
const onboarding = { id: 47102, title: 'New Starter Onboarding: Week One', format: 'Video' }
const aisha = { id: '1408', name: 'Aisha Bello', email: 'aisha.bello@northwind.example.com' }
const jonas = { id: '1533', name: 'Jonas Weber', email: 'jonas.weber@northwind.example.com' }
const base = { subjectId: 48213, subjectTitle: 'Q3 Product Roadmap Review' }

export const mediaViewedExample = definePublishInput({
  ...base,
  type: 'media.viewed',
  eventDate: '2024-09-19T12:31:16.044+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: {
    media: roadmapReview,
    viewSessionId: 'vs-5d2e9c41b7',
    watchedSeconds: 1874.2,
    completionPercent: 69.1,
    player: 'Web',
    referrer: null,
  },
})

export const mediaAddedToFavoritesExample = definePublishInput({
  ...base,
  type: 'media.added-to-favorites',
  eventDate: '2024-09-19T12:33:40.512+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: { media: roadmapReview, favoritesCount: 14 },
})

export const mediaRemovedFromFavoritesExample = definePublishInput({
  ...base,
  type: 'media.removed-from-favorites',
  eventDate: '2024-10-07T09:02:05.190+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: { media: roadmapReview, favoritesCount: 13 },
})

export const mediaClippedExample = definePublishInput({
  ...base,
  type: 'media.clipped',
  eventDate: '2024-09-20T14:12:58.733+02:00',
  ip: '2001:db8:4f2::1533',
  user: jonas,
  subjectDetail: {
    media: roadmapReview,
    clip: { id: 48402, title: 'SSO timeline answer', startSeconds: 1309, endSeconds: 1388.5 },
  },
})

export const mediaLikedExample = definePublishInput({
  ...base,
  type: 'media.liked',
  eventDate: '2024-09-19T12:31:20.902+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: { media: roadmapReview, likesCount: 27 },
})

export const mediaUnlikedExample = definePublishInput({
  ...base,
  type: 'media.unliked',
  eventDate: '2024-09-19T12:40:03.118+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: { media: roadmapReview, likesCount: 26 },
})

export const mediaSharedViaMailExample = definePublishInput({
  type: 'media.shared-via-mail',
  subjectId: 47102,
  subjectTitle: 'New Starter Onboarding: Week One',
  eventDate: '2024-09-23T08:05:44.650+02:00',
  ip: '2001:db8:4f2::1533',
  user: jonas,
  subjectDetail: {
    media: onboarding,
    recipients: ['lena.kowalski@northwind.example.com', 'samir.haddad@northwind.example.com'],
    message: 'Please watch this before Monday; the IT setup part starts at 12:40.',
    link: 'https://northwind.example.com/watch/47102?share=ml-83f1c2',
    linkExpiresDate: '2024-10-23T08:05:44.650+02:00',
  },
})

export const mediaDownloadedExample = definePublishInput({
  type: 'media.downloaded',
  subjectId: 47102,
  subjectTitle: 'New Starter Onboarding: Week One',
  eventDate: '2024-09-24T10:17:31.377+02:00',
  ip: '203.0.113.88',
  user: jonas,
  subjectDetail: {
    media: onboarding,
    rendition: { label: '720p', fileFormat: 'mp4', sizeBytes: 312475648 },
  },
})
