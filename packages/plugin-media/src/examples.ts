// One complete, valid `POST /api/v1/events` body per event. They double as
// documentation (README, catalog) and as test fixtures.
import { definePublishInput, type MediaRecord } from '@hookline/core'

const tenant = {
  id: 312,
  tenantName: 'Northwind Learning',
  subDomainUrl: 'https://northwind.example.com',
  isSSLEnable: true,
  weight: 0,
}

const priya = { id: '1174', name: 'Priya Raman', email: 'priya.raman@northwind.example.com' }
const marcus = { id: '1290', name: 'Marcus Lee', email: 'marcus.lee@northwind.example.com' }

/** The roadmap review recording as it stands after two edits. */
const roadmapReview: MediaRecord = {
  id: 48213,
  title: 'Q3 Product Roadmap Review',
  description: 'Recording of the quarterly roadmap review for the platform team, including the Q&A.',
  author: { id: 1174, firstName: 'Priya', lastName: 'Raman' },
  category: { id: 87, name: 'Product Updates', weight: 3 },
  estimatedDuration: 2714.5,
  thumbnails: [
    { url: 'https://northwind.example.com/thumbnails/48213/320x180.jpg', width: 320, height: 180 },
    { url: 'https://northwind.example.com/thumbnails/48213/1280x720.jpg', width: 1280, height: 720 },
  ],
  createdDate: '2024-09-18T14:02:11.407+00:00',
  addedBy: 'priya.raman@northwind.example.com',
  updatedDate: '2024-09-19T08:45:37.912+00:00',
  updatedBy: 'marcus.lee@northwind.example.com',
  status: 'Active',
  format: 'Video',
  size: 734003200,
  defaultViewingAccess: 'Private',
  tenant,
  version: 3,
  copyOfMashup: null,
  isDeleted: false,
  isFeatured: false,
  showOnChannelLibrary: true,
  parentTenant: null,
  weight: 0,
  isExpired: false,
  recordingOfMashup: null,
}

const justUploaded: MediaRecord = {
  ...roadmapReview,
  updatedDate: roadmapReview.createdDate,
  updatedBy: roadmapReview.addedBy,
  status: 'Processing',
  version: 1,
}

const safetyWalkthrough: MediaRecord = {
  ...roadmapReview,
  id: 48377,
  title: 'Warehouse Safety Walkthrough (raw footage)',
  description: 'Unedited helmet-camera footage from the Leeds warehouse walkthrough.',
  author: { id: 1322, firstName: 'Tomás', lastName: 'Ferreira' },
  category: { id: 41, name: 'Health & Safety', weight: 1 },
  estimatedDuration: 0,
  thumbnails: [],
  createdDate: '2024-09-20T10:31:52.118+01:00',
  addedBy: 'tomas.ferreira@northwind.example.com',
  updatedDate: '2024-09-20T10:31:52.118+01:00',
  updatedBy: 'tomas.ferreira@northwind.example.com',
  status: 'Processing',
  size: 4294967296,
  version: 1,
}

export const mediaAddedExample = definePublishInput({
  type: 'media.added',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-18T14:02:11.407+00:00',
  ip: '203.0.113.42',
  user: priya,
  subjectDetail: justUploaded,
})

export const mediaUpdatedExample = definePublishInput({
  type: 'media.updated',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T08:45:37.912+00:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: roadmapReview,
})

export const mediaDeletedExample = definePublishInput({
  type: 'media.deleted',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-12-02T16:20:05.030+00:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: {
    ...roadmapReview,
    status: 'Deleted',
    isDeleted: true,
    updatedDate: '2024-12-02T16:20:05.030+00:00',
    version: 4,
  },
})

export const mediaPublishedExample = definePublishInput({
  type: 'media.published',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T09:00:00.000+00:00',
  ip: '203.0.113.42',
  user: priya,
  subjectDetail: { ...roadmapReview, defaultViewingAccess: 'Public', isFeatured: true },
})

export const mediaProcessingCompletedExample = definePublishInput({
  type: 'media.processing-completed',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-18T14:19:48.660+00:00',
  isSystem: true,
  subjectDetail: {
    ...justUploaded,
    status: 'Active',
    processing: {
      jobId: 'tj-20240918-48213-01',
      startedDate: '2024-09-18T14:02:30.002+00:00',
      completedDate: '2024-09-18T14:19:48.660+00:00',
      renditions: [
        { label: '360p', width: 640, height: 360, bitrateKbps: 800 },
        { label: '720p', width: 1280, height: 720, bitrateKbps: 2500 },
        { label: '1080p', width: 1920, height: 1080, bitrateKbps: 5000 },
      ],
    },
  },
})

export const mediaProcessingFailedExample = definePublishInput({
  type: 'media.processing-failed',
  subjectId: 48377,
  subjectTitle: 'Warehouse Safety Walkthrough (raw footage)',
  eventDate: '2024-09-20T10:40:07.254+01:00',
  status: 'Failed',
  isSystem: true,
  subjectDetail: {
    ...safetyWalkthrough,
    status: 'Failed',
    processing: {
      jobId: 'tj-20240920-48377-01',
      startedDate: '2024-09-20T10:32:10.500+01:00',
      failedDate: '2024-09-20T10:40:07.254+01:00',
      errorCode: 'UnsupportedCodec',
      errorMessage: 'The video stream uses the ProRes RAW codec, which the transcoder does not support.',
    },
  },
})

const legalReview = { id: 12, name: 'Legal review before publishing', runId: 'wfr-7f3c2a91' }

export const mediaWorkflowStartedExample = definePublishInput({
  type: 'media.workflow-started',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T08:46:02.300+00:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: { ...roadmapReview, workflow: { ...legalReview, startedDate: '2024-09-19T08:46:02.300+00:00' } },
})

export const mediaWorkflowCompletedExample = definePublishInput({
  type: 'media.workflow-completed',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T08:58:44.871+00:00',
  isSystem: true,
  subjectDetail: {
    ...roadmapReview,
    workflow: {
      ...legalReview,
      startedDate: '2024-09-19T08:46:02.300+00:00',
      completedDate: '2024-09-19T08:58:44.871+00:00',
      outcome: 'Succeeded',
    },
  },
})
