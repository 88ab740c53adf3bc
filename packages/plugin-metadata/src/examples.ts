// One complete, valid `POST /api/v1/events` body per event. They double as
// documentation (README, catalog) and as test fixtures.
import { definePublishInput } from '@hookline/core'

const roadmapReview = { id: 48213, title: 'Q3 Product Roadmap Review', format: 'Video' }
const aisha = { id: '1408', name: 'Aisha Bello', email: 'aisha.bello@northwind.example.com' }
const marcus = { id: '1290', name: 'Marcus Lee', email: 'marcus.lee@northwind.example.com' }

const question = {
  id: 90514,
  mediaId: 48213,
  text: 'Will the new SSO flow ship before the October freeze?',
  parentCommentId: null,
  timestampSeconds: 1312.4,
  author: { id: 1408, firstName: 'Aisha', lastName: 'Bello' },
  createdDate: '2024-09-19T11:07:45.221+02:00',
  updatedDate: '2024-09-19T11:07:45.221+02:00',
  isDeleted: false,
}

export const commentAddedExample = definePublishInput({
  type: 'comment.added',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T11:07:45.221+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: question,
})

export const commentUpdatedExample = definePublishInput({
  type: 'comment.updated',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T11:09:02.870+02:00',
  ip: '192.0.2.61',
  user: aisha,
  subjectDetail: {
    ...question,
    text: 'Will the new SSO flow ship before the October code freeze?',
    updatedDate: '2024-09-19T11:09:02.870+02:00',
  },
})

export const commentDeletedExample = definePublishInput({
  type: 'comment.deleted',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-20T08:15:30.004+02:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: { ...question, updatedDate: '2024-09-20T08:15:30.004+02:00', isDeleted: true },
})

const reviewStatus = { id: 23, name: 'Review status', dataType: 'List' as const }

export const customAttributeAddedExample = definePublishInput({
  type: 'custom-attribute.added',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T08:47:12.500+00:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: {
    media: roadmapReview,
    attribute: reviewStatus,
    value: ['Pending legal'],
    previousValue: null,
    changedDate: '2024-09-19T08:47:12.500+00:00',
    changedBy: 'marcus.lee@northwind.example.com',
  },
})

export const customAttributeUpdatedExample = definePublishInput({
  type: 'custom-attribute.updated',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-09-19T08:58:45.010+00:00',
  isSystem: true,
  subjectDetail: {
    media: roadmapReview,
    attribute: reviewStatus,
    value: ['Approved'],
    previousValue: ['Pending legal'],
    changedDate: '2024-09-19T08:58:45.010+00:00',
    changedBy: 'workflow:legal-review',
  },
})

export const customAttributeDeletedExample = definePublishInput({
  type: 'custom-attribute.deleted',
  subjectId: 48213,
  subjectTitle: 'Q3 Product Roadmap Review',
  eventDate: '2024-10-01T13:30:00.000+00:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: {
    media: roadmapReview,
    attribute: { id: 31, name: 'Retention until', dataType: 'Date' },
    value: null,
    previousValue: '2025-09-30',
    changedDate: '2024-10-01T13:30:00.000+00:00',
    changedBy: 'marcus.lee@northwind.example.com',
  },
})

export const categoryAddedExample = definePublishInput({
  type: 'category.added',
  subjectId: 94,
  subjectTitle: 'Customer Webinars',
  subjectType: 'Category',
  eventDate: '2024-09-23T15:41:09.377+00:00',
  ip: '198.51.100.17',
  user: marcus,
  subjectDetail: {
    id: 94,
    name: 'Customer Webinars',
    description: 'Recorded webinars for customers and partners.',
    parentCategoryId: 87,
    weight: 5,
    createdDate: '2024-09-23T15:41:09.377+00:00',
    createdBy: 'marcus.lee@northwind.example.com',
    tenant: {
      id: 312,
      tenantName: 'Northwind Learning',
      subDomainUrl: 'https://northwind.example.com',
      isSSLEnable: true,
    },
  },
})
