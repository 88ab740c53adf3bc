import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { appsApi } from '../api/apps-api.ts'
import { collectPages } from '../api/collect-pages.ts'
import { logsApi } from '../api/logs-api.ts'
import type { DeliveryLogRecord, WebhookApp } from '../api/types.ts'
import {
  appHealth,
  bucketDeliveries,
  countByStatus,
  rangeStart,
  successRate,
  type OverviewRange,
} from '../utils/delivery-stats.ts'

/** The most deliveries the overview reads per range; it says so when it hits the cap. */
export const overviewRecordCap = 2_000

/** Deliveries over time by outcome, the success rate and the apps in trouble. */
export const useOverviewStore = defineStore('overview', () => {
  const range = ref<OverviewRange>('24h')
  const records = ref<DeliveryLogRecord[]>([])
  const apps = ref<WebhookApp[]>([])
  const capped = ref(false)
  const loading = ref(false)
  const loadedAt = ref(new Date())

  async function load(): Promise<void> {
    loading.value = true
    try {
      const now = new Date()
      const from = rangeStart(range.value, now).toISOString()
      const logs = await collectPages((cursor) => logsApi.list({ from, limit: 200, cursor }), overviewRecordCap)
      const appList = await collectPages((cursor) => appsApi.list({ limit: 100, cursor }))
      records.value = logs.items
      capped.value = logs.more
      apps.value = appList.items
      loadedAt.value = now
    } finally {
      loading.value = false
    }
  }

  function setRange(next: OverviewRange): Promise<void> {
    range.value = next
    return load()
  }

  const buckets = computed(() => bucketDeliveries(records.value, range.value, loadedAt.value))
  const totals = computed(() => countByStatus(records.value))
  const rate = computed(() => successRate(records.value))
  const health = computed(() => appHealth(apps.value, records.value))

  return { range, records, apps, capped, loading, load, setRange, buckets, totals, rate, health }
})
