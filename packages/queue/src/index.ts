// @hookline/queue: the delivery job queue on Agenda 6. The API creates jobs
// through `createDeliveryQueue`; the worker runs them through
// `createJobProcessor`; both schedule through the one `scheduleDeliveries`.
export { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from './delivery-queue.ts'
export { createJobProcessor, singleWorkerWarning, type DeliverHandler, type JobProcessor, type JobProcessorOptions, type RecurringJobs } from './job-processor.ts'
export { jobRecords, type JobRecords } from './job-records.ts'
export { deliveriesPerJob, jobNames, toDeliveryRef, toJobBatches, type DeliverJobData, type DeliveryRef, type QueuedDelivery } from './jobs.ts'
export { outageRetryDelaysMs, retryAfterDelays, type RetryAfterDelays, type RetryAfterDelaysOptions } from './retry-after-delays.ts'
export { scheduleDeliveries } from './schedule.ts'
export { MongoNotificationChannel, type MongoNotificationChannelOptions, type NotificationMode } from './mongo-notification-channel.ts'
export { createAgendaBackend, type HooklineAgendaBackendOptions } from './agenda-backend.ts'
