import { defineStore } from 'pinia'
import { ref } from 'vue'
import { appsApi } from '../api/apps-api.ts'
import { logsApi } from '../api/logs-api.ts'
import type {
  ConnectionTestInput,
  ConnectionTestResult,
  CreateAppInput,
  DeliveryLogRecord,
  UpdateAppInput,
  WebhookApp,
} from '../api/types.ts'

const pageSize = 50

/** The applications list: search, pages, the active toggle and each app's latest delivery. */
export const useAppsStore = defineStore('apps', () => {
  const items = ref<WebhookApp[]>([])
  const nextCursor = ref<string | null>(null)
  const search = ref('')
  const loading = ref(false)
  const loaded = ref(false)
  /** appId → its newest delivery (null: none yet). */
  const lastDelivery = ref<Record<string, DeliveryLogRecord | null>>({})
  let generation = 0

  async function load(): Promise<void> {
    const current = ++generation
    loading.value = true
    try {
      const page = await appsApi.list({ limit: pageSize, search: search.value.trim() || undefined })
      if (current !== generation) return
      items.value = page.items
      nextCursor.value = page.nextCursor
      loaded.value = true
    } finally {
      if (current === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return
    const current = generation
    loading.value = true
    try {
      const page = await appsApi.list({
        limit: pageSize,
        cursor: nextCursor.value,
        search: search.value.trim() || undefined,
      })
      if (current !== generation) return
      items.value = [...items.value, ...page.items]
      nextCursor.value = page.nextCursor
    } finally {
      loading.value = false
    }
  }

  /**
   * The newest delivery of each listed app, for the applications list only:
   * one request per app, so pages that merely need the app names (the log
   * filters) must not call it.
   */
  async function loadLastDeliveries(apps: readonly WebhookApp[] = items.value): Promise<void> {
    await Promise.all(
      apps.map(async (app) => {
        try {
          const page = await logsApi.list({ appId: app.appId, limit: 1 })
          lastDelivery.value = { ...lastDelivery.value, [app.appId]: page.items[0] ?? null }
        } catch {
          // The column shows "—"; the list itself still works.
        }
      }),
    )
  }

  /** The version of every app this store last received, for If-Match (an app opened directly is not in `items`). */
  const versions = new Map<string, number>()

  function knownVersion(appId: string): number | undefined {
    return items.value.find((item) => item.appId === appId)?.version ?? versions.get(appId)
  }

  function replace(app: WebhookApp): void {
    versions.set(app.appId, app.version)
    items.value = items.value.map((item) => (item.appId === app.appId ? app : item))
  }

  /** Turning an app on runs the connection test on the server; a failure (422) is thrown. */
  async function setActive(appId: string, active: boolean): Promise<WebhookApp> {
    const app = active ? await appsApi.activate(appId) : await appsApi.deactivate(appId)
    replace(app)
    return app
  }

  async function remove(appId: string): Promise<void> {
    await appsApi.remove(appId, knownVersion(appId))
    items.value = items.value.filter((item) => item.appId !== appId)
  }

  async function fetch(appId: string): Promise<WebhookApp> {
    const app = await appsApi.get(appId)
    replace(app)
    return app
  }

  /** The API runs the connection test again before storing; a failure is a 422. */
  async function create(input: CreateAppInput): Promise<WebhookApp> {
    const app = await appsApi.create(input)
    items.value = [app, ...items.value]
    return app
  }

  async function update(appId: string, changes: UpdateAppInput): Promise<WebhookApp> {
    const app = await appsApi.update(appId, changes, knownVersion(appId))
    replace(app)
    return app
  }

  function testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult> {
    return appsApi.testConnection(input)
  }

  function newSigningSecret(): Promise<string> {
    return appsApi.newSigningSecret()
  }

  function revealSigningSecret(appId: string): Promise<string> {
    return appsApi.signingSecret(appId)
  }

  async function rotateSigningSecret(appId: string): Promise<WebhookApp> {
    const app = await appsApi.rotateSigningSecret(appId)
    replace(app)
    return app
  }

  return {
    items,
    nextCursor,
    search,
    loading,
    loaded,
    lastDelivery,
    load,
    loadMore,
    loadLastDeliveries,
    replace,
    setActive,
    remove,
    fetch,
    create,
    update,
    testConnection,
    newSigningSecret,
    revealSigningSecret,
    rotateSigningSecret,
  }
})
