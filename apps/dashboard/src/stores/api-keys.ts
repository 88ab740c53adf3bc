import { defineStore } from 'pinia'
import { ref } from 'vue'
import { collectPages } from '../api/collect-pages.ts'
import { apiKeysApi } from '../api/accounts-api.ts'
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from '../api/types.ts'

/** Service API keys of the tenant (Administrators only). A new key is shown once. */
export const useApiKeysStore = defineStore('api-keys', () => {
  const items = ref<ApiKey[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      items.value = (await collectPages((cursor) => apiKeysApi.list(cursor))).items
    } finally {
      loading.value = false
    }
  }

  /** The answer holds the key itself; the caller shows it once and drops it. */
  async function create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const created = await apiKeysApi.create(input)
    const { key: _key, ...listed } = created
    items.value = [listed, ...items.value]
    return created
  }

  async function revoke(keyId: string): Promise<void> {
    await apiKeysApi.revoke(keyId, items.value.find((item) => item.id === keyId)?.version)
    await load()
  }

  return { items, loading, load, create, revoke }
})
