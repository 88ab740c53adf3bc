import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { catalogApi } from '../api/catalog-api.ts'
import type { CatalogCategory, CatalogEvent } from '../api/types.ts'

/** The event catalog (categories and their events), loaded once per session. */
export const useCatalogStore = defineStore('catalog', () => {
  const categories = ref<CatalogCategory[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | undefined

  const events = computed<CatalogEvent[]>(() =>
    categories.value.flatMap((category) => category.events),
  )
  const eventsByType = computed(() => new Map(events.value.map((event) => [event.type, event])))

  function load(): Promise<void> {
    loading ??= catalogApi
      .load()
      .then((catalog) => {
        categories.value = catalog.categories
        loaded.value = true
      })
      .finally(() => {
        loading = undefined
      })
    return loading
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load()
  }

  function label(type: string): string {
    return eventsByType.value.get(type)?.label ?? type
  }

  return { categories, events, eventsByType, loaded, load, ensureLoaded, label }
})
