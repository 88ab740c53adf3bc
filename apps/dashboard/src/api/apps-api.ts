import { api, ifMatch } from './typed-client.ts'
import type {
  AppListQuery,
  AppPage,
  ConnectionTestInput,
  ConnectionTestResult,
  CreateAppInput,
  UpdateAppInput,
  WebhookApp,
} from './types.ts'

/** Webhook applications of the signed-in user's tenant. */
export const appsApi = {
  list: (query: AppListQuery = {}): Promise<AppPage> => api.get('/api/v1/apps', { query }),
  get: (appId: string): Promise<WebhookApp> => api.get('/api/v1/apps/{appId}', { path: { appId } }),
  create: (body: CreateAppInput): Promise<WebhookApp> => api.post('/api/v1/apps', { body }),
  update: (appId: string, body: UpdateAppInput, version?: number): Promise<WebhookApp> =>
    api.patch('/api/v1/apps/{appId}', { path: { appId }, body, headers: ifMatch(version) }),
  remove: (appId: string, version?: number): Promise<void> =>
    api.delete('/api/v1/apps/{appId}', { path: { appId }, headers: ifMatch(version) }),
  activate: (appId: string): Promise<WebhookApp> =>
    api.post('/api/v1/apps/{appId}/activate', { path: { appId } }),
  deactivate: (appId: string): Promise<WebhookApp> =>
    api.post('/api/v1/apps/{appId}/deactivate', { path: { appId } }),
  testConnection: (body: ConnectionTestInput): Promise<ConnectionTestResult> =>
    api.post('/api/v1/apps/test-connection', { body }),
  /** A fresh secret for an app not saved yet; the API stores it nowhere. */
  newSigningSecret: async (): Promise<string> =>
    (await api.post('/api/v1/apps/signing-secret', {})).secret,
  signingSecret: async (appId: string): Promise<string> =>
    (await api.get('/api/v1/apps/{appId}/secret', { path: { appId } })).secret,
  rotateSigningSecret: (appId: string): Promise<WebhookApp> =>
    api.post('/api/v1/apps/{appId}/rotate-secret', { path: { appId } }),
}
