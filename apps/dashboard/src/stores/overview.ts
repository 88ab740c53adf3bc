import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { appsApi } from '../api/apps-api.ts'
import { collectPages } from '../api/collect-pages.ts'
import { statsApi } from '../api/stats-api.ts'
import type { DeliveryStats, WebhookApp } from '../api/types.ts'
import { rangeStart, type OverviewRange } from '../utils/delivery-stats.ts'
import { chartBuckets, finishedSuccessRate, healthFromStats } from '../utils/overview-stats.ts'

/**
 * Deliveries over time by outcome, the success rate and the apps in trouble,
 * from the server's counters (every delivery of the range, however many).
 */
export const useOverviewStore = defineStore('overview', () => {
  const range = ref<OverviewRange>('24h')
  const stats = ref<DeliveryStats>()
  const apps = ref<WebhookApp[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const now = new Date()
      const [answer, appList] = await Promise.all([
        statsApi.deliveries({
          from: rangeStart(range.value, now).toISOString(),
          to: now.toISOString(),
          bucket: range.value === '24h' ? 'hour' : 'day',
        }),
        collectPages((cursor) => appsApi.list({ limit: 100, cursor })),
      ])
      stats.value = answer
      apps.value = appList.items
    } finally {
      loading.value = false
    }
  }

  function setRange(next: OverviewRange): Promise<void> {
    range.value = next
    return load()
  }

  const empty = { succeeded: 0, failed: 0, retrying: 0, pending: 0, skipped: 0, total: 0 }
  const buckets = computed(() => (stats.value ? chartBuckets(stats.value) : []))
  const totals = computed(() => stats.value?.totals ?? empty)
  const rate = computed(() => finishedSuccessRate(totals.value))
  const health = computed(() => healthFromStats(apps.value, stats.value?.apps ?? []))

  return { range, stats, apps, loading, load, setRange, buckets, totals, rate, health }
})
