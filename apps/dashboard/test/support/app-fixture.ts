import type { WebhookApp } from '../../src/api/types.ts'

/** An app as `GET /api/v1/apps/:id` answers it. */
export function storedApp(overrides: Partial<WebhookApp> = {}): WebhookApp {
  return {
    id: 'app_01HZX3K9Q0S7',
    appId: 'app_01HZX3K9Q0S7',
    tenantId: 'ten_default',
    name: 'Media sync',
    endpoint: 'https://hooks.example.com/hookline',
    active: true,
    authType: 'basic',
    username: 'portal',
    hasPassword: true,
    events: { categories: ['media'], types: [] },
    unknownCategories: [],
    unknownTypes: [],
    headers: { 'X-Portal': 'acme' },
    retries: 3,
    retryDelaySeconds: 5,
    legacySubjectDetailEncoding: false,
    version: 1,
    createdAt: '2025-01-15T09:30:00.000Z',
    createdBy: 'usr_admin',
    updatedAt: '2025-01-15T09:30:00.000Z',
    updatedBy: 'usr_admin',
    ...overrides,
  }
}
