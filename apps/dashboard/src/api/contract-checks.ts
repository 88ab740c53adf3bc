// Compile-time only: the shared core types and the API's documented answers
// must describe the same records. If the API changes a field, `typecheck`
// fails here with the name of the check.
import type { DeliveryAttemptRecord, DeliveryLogRecord, WebhookApp } from '@hookline/core'
import type { Operation, ResponseOf } from './typed-client.ts'
import type { DeliveryLog, DeliveryLogDetail, User } from './types.ts'

type Assert<T extends true> = T
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Extends<A, B> = [A] extends [B] ? true : false

export type AppViewIsWebhookApp = Assert<
  SameShape<ResponseOf<Operation<'/api/v1/apps/{appId}', 'get'>>, WebhookApp>
>
export type AppListItemIsWebhookApp = Assert<
  SameShape<ResponseOf<Operation<'/api/v1/apps', 'get'>>['items'][number], WebhookApp>
>
export type SignedInUserIsUser = Assert<
  SameShape<ResponseOf<Operation<'/api/v1/auth/login', 'post'>>['user'], User>
>

// The logs API answers core's DeliveryLogRecord with extra fields (webhook-id, progress).
export type LogItemIsDeliveryLogRecord = Assert<Extends<DeliveryLog, DeliveryLogRecord>>
export type LogAttemptIsDeliveryAttemptRecord = Assert<
  Extends<DeliveryLogDetail['attempts'][number], DeliveryAttemptRecord>
>
