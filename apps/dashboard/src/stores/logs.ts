import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { exportsApi, type ExportedFile, type ExportFormat } from '../api/exports-api.ts'
import { logsApi } from '../api/logs-api.ts'
import type {
  BulkRedeliveryResult,
  DeliveryLog,
  DeliveryLogDetail,
  LogCount,
  LogFilter,
} from '../api/types.ts'

/** The filter of the list, its count, its exports and its bulk redelivery (`q` included). */
export type LogView = LogFilter

export const logPageSizes = [20, 50, 100] as const

/**
 * Delivery logs: the filter, server-side pages (newest first, cursor based:
 * the store keeps the cursors of the pages before the current one so the
 * user can go back), auto-refresh, one delivery's detail, redelivery and
 * exports of exactly the filtered logs.
 */
export const useLogsStore = defineStore('logs', () => {
  const filter = ref<LogView>({})
  /** How many deliveries match the filter (exact up to 10,000). */
  const total = ref<LogCount>()
  const pageSize = ref<number>(logPageSizes[0])
  const items = ref<DeliveryLog[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  /** Cursor of each page shown so far; index 0 is the first page (no cursor). */
  const cursors = ref<(string | undefined)[]>([undefined])
  const pageIndex = ref(0)
  const nextCursor = ref<string | null>(null)
  const lastLoadedAt = ref<Date>()
  let generation = 0

  const hasNext = computed(() => nextCursor.value !== null)
  const hasPrevious = computed(() => pageIndex.value > 0)
  const pageNumber = computed(() => pageIndex.value + 1)

  async function fetchPage(index: number): Promise<void> {
    const current = ++generation
    loading.value = true
    try {
      const page = await logsApi.list({
        ...filter.value,
        limit: pageSize.value,
        cursor: cursors.value[index],
      })
      if (current !== generation) return
      items.value = page.items
      nextCursor.value = page.nextCursor
      pageIndex.value = index
      loaded.value = true
      lastLoadedAt.value = new Date()
    } finally {
      if (current === generation) loading.value = false
    }
  }

  let countGeneration = 0
  async function fetchCount(): Promise<void> {
    const current = ++countGeneration
    const answer = await logsApi.count({ ...filter.value })
    if (current === countGeneration) total.value = answer
  }

  /** Back to the first page of the current filter. */
  async function reload(): Promise<void> {
    cursors.value = [undefined]
    await Promise.all([fetchPage(0), fetchCount()])
  }

  /** Re-reads the page on screen without moving (auto-refresh). */
  async function refresh(): Promise<void> {
    await Promise.all([fetchPage(pageIndex.value), fetchCount()])
  }

  function applyFilter(next: LogView): Promise<void> {
    filter.value = { ...next }
    // The old filter's count would read as this filter's until the new one
    // answers; showing none meanwhile is honest.
    total.value = undefined
    return reload()
  }

  async function nextPage(): Promise<void> {
    if (nextCursor.value === null) return
    cursors.value = [...cursors.value.slice(0, pageIndex.value + 1), nextCursor.value]
    await fetchPage(pageIndex.value + 1)
  }

  async function previousPage(): Promise<void> {
    if (pageIndex.value > 0) await fetchPage(pageIndex.value - 1)
  }

  function setPageSize(size: number): Promise<void> {
    pageSize.value = size
    return reload()
  }

  /** The list's item at once, then the full record with its attempts. */
  const detail = ref<DeliveryLog | DeliveryLogDetail>()
  const detailLoading = ref(false)

  // A detail that answers after the drawer was closed (or another opened)
  // must not bring it back: each open or close starts a new generation.
  let detailGeneration = 0

  async function openDetail(id: string): Promise<void> {
    const current = ++detailGeneration
    detailLoading.value = true
    detail.value = items.value.find((item) => item.id === id)
    try {
      const full = await logsApi.get(id)
      if (current === detailGeneration) detail.value = full
    } finally {
      if (current === detailGeneration) detailLoading.value = false
    }
  }

  function closeDetail(): void {
    detailGeneration++
    detailLoading.value = false
    detail.value = undefined
  }

  async function redeliver(id: string): Promise<void> {
    await logsApi.redeliver(id)
    await refresh()
  }

  async function redeliverMatching(): Promise<BulkRedeliveryResult> {
    const result = await logsApi.redeliverMatching(filter.value)
    await reload()
    return result
  }
  function exportLogs(format: ExportFormat): Promise<ExportedFile> {
    return exportsApi.download(format, filter.value)
  }

  return {
    filter,
    total,
    pageSize,
    items,
    loading,
    loaded,
    pageNumber,
    hasNext,
    hasPrevious,
    lastLoadedAt,
    reload,
    refresh,
    applyFilter,
    nextPage,
    previousPage,
    setPageSize,
    detail,
    detailLoading,
    openDetail,
    closeDetail,
    redeliver,
    redeliverMatching,
    exportLogs,
  }
})
