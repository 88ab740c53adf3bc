import { definePublishInput } from '@hookline/core'
import type { PlaylistRecord } from './payloads.ts'

const onboardingPlaylist: PlaylistRecord = {
  id: 731,
  title: 'Onboarding essentials',
  description: 'Everything a new starter should watch in their first two weeks.',
  owner: { id: 1533, firstName: 'Jonas', lastName: 'Weber' },
  visibility: 'Private',
  mediaCount: 0,
  createdDate: '2024-09-23T09:12:00.000+02:00',
  updatedDate: '2024-09-23T09:12:00.000+02:00',
}
const jonas = { id: '1533', name: 'Jonas Weber', email: 'jonas.weber@northwind.example.com' }
const base = { subjectId: 731, subjectTitle: 'Onboarding essentials', ip: '2001:db8:4f2::1533', user: jonas }

export const playlistCreatedExample = definePublishInput({
  ...base,
  type: 'playlist.created',
  eventDate: '2024-09-23T09:12:00.000+02:00',
  subjectDetail: onboardingPlaylist,
})

export const playlistMediaAddedExample = definePublishInput({
  ...base,
  type: 'playlist.media-added',
  eventDate: '2024-09-23T09:13:41.250+02:00',
  subjectDetail: {
    playlist: { id: 731, title: 'Onboarding essentials' },
    media: { id: 47102, title: 'New Starter Onboarding: Week One', format: 'Video' },
    position: 1,
    mediaCount: 1,
  },
})

export const playlistMediaRemovedExample = definePublishInput({
  ...base,
  type: 'playlist.media-removed',
  eventDate: '2024-11-04T10:00:09.800+01:00',
  subjectDetail: {
    playlist: { id: 731, title: 'Onboarding essentials' },
    media: { id: 47102, title: 'New Starter Onboarding: Week One', format: 'Video' },
    position: 1,
    mediaCount: 5,
  },
})

export const playlistDeletedExample = definePublishInput({
  ...base,
  type: 'playlist.deleted',
  eventDate: '2025-01-15T17:45:30.000+01:00',
  subjectDetail: { ...onboardingPlaylist, mediaCount: 5, updatedDate: '2025-01-15T17:45:30.000+01:00' },
})
