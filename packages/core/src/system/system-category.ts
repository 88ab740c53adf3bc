import { defineEventCategory } from '../catalog/define-event-category.ts'
import { definePublishInput } from '../types/publish-input.ts'

// The built-in `system` category: what Hookline itself says about a tenant's
// webhook applications. Tenants subscribe an app to it like any category;
// only Hookline publishes these events (POST /api/v1/events refuses them).

/** The app an operational event is about. The endpoint's query values are redacted (`?token=***`). */
export interface SystemAppEvent {
  appId: string
  name: string
  endpoint: string
  at: string
}

export interface SystemAppDeactivated extends SystemAppEvent {
  /** Why delivery turned the app off, e.g. "410 Gone from https://…". */
  reason: string
  /** The delivery whose non-transient failure turned it off. */
  deliveryId: string
}

export interface SystemAppReactivated extends SystemAppEvent {
  /** Who turned it on again. */
  by: string
}

declare module '../types/event-payload-map.ts' {
  interface EventPayloadMap {
    'system.app.deactivated': SystemAppDeactivated
    'system.app.reactivated': SystemAppReactivated
  }
}

export const systemCategoryId = 'system'

const text = { type: 'string', minLength: 1 } as const
const appFields = {
  appId: text,
  name: text,
  endpoint: { type: 'string' },
  at: { type: 'string', format: 'date-time' },
} as const

const deactivatedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['appId', 'name', 'endpoint', 'at', 'reason', 'deliveryId'],
  properties: { ...appFields, reason: text, deliveryId: text },
} as const

const reactivatedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['appId', 'name', 'endpoint', 'at', 'by'],
  properties: { ...appFields, by: text },
} as const

const exampleApp = { appId: 'app_5f0c2a9e8b7d6c5b4a392817', name: 'CRM sync', endpoint: 'https://crm.example.com/hooks?token=***' }

export const systemCategory = defineEventCategory({
  id: systemCategoryId,
  label: 'System',
  description:
    "Hookline's own operational events: an application of this portal turned itself off after a non-transient failure, or was turned on again. The app that turned off never receives its own deactivation.",
  version: '0.1.0',
  source: '@hookline/core (built in)',
  events: [
    {
      type: 'system.app.deactivated',
      portalEventId: 'HooklineAppDeactivated',
      label: 'Application turned off',
      description: 'Delivery met a non-transient failure and turned the application off; lists the reason and the delivery that caused it.',
      subjectType: 'WebhookApplication',
      schema: deactivatedSchema,
      example: definePublishInput({
        type: 'system.app.deactivated',
        subjectId: 0,
        subjectTitle: exampleApp.name,
        eventDate: '2024-10-02T07:12:44.310+00:00',
        isSystem: true,
        subjectDetail: {
          ...exampleApp,
          at: '2024-10-02T07:12:44.310Z',
          reason: '410 Gone from https://crm.example.com/hooks?token=***',
          deliveryId: 'dlv_0192f4c1a7e07c3a9b1d2e4f',
        },
      }),
    },
    {
      type: 'system.app.reactivated',
      portalEventId: 'HooklineAppReactivated',
      label: 'Application turned on again',
      description: 'Someone turned the application on again after a successful connection test.',
      subjectType: 'WebhookApplication',
      schema: reactivatedSchema,
      example: definePublishInput({
        type: 'system.app.reactivated',
        subjectId: 0,
        subjectTitle: exampleApp.name,
        eventDate: '2024-10-02T09:30:00.000+00:00',
        isSystem: true,
        subjectDetail: { ...exampleApp, at: '2024-10-02T09:30:00.000Z', by: 'manager@portal.example' },
      }),
    },
  ],
})

/** Whether a type belongs to the built-in system category (published by Hookline only). */
export function isSystemEventType(type: string): boolean {
  return type.startsWith(`${systemCategoryId}.`)
}
