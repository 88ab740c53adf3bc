// @hookline/worker/queue: what a job creator (the API) needs, without the
// worker's dispatcher, metrics or process code.
export { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from './delivery-queue.ts'
export { deliveriesPerJob, jobNames, toJobBatches, type DeliverJobData } from './jobs.ts'
export { MongoNotificationChannel, type MongoNotificationChannelOptions, type NotificationMode } from './mongo-notification-channel.ts'
export { createAgendaBackend, type HooklineAgendaBackendOptions } from './agenda-backend.ts'
