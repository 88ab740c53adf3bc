import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { logsApi } from '../src/api/logs-api.ts'
import type { DeliveryLogDetail } from '../src/api/types.ts'
import { useLogsStore } from '../src/stores/logs.ts'
import { deferred } from './support/deferred.ts'

// The delivery drawer follows the address; a detail that answers late must
// not reopen a drawer the user has closed (Escape right after the click).
beforeEach(() => {
  setActivePinia(createPinia())
  vi.restoreAllMocks()
})

const detailOf = (id: string) => ({ id }) as unknown as DeliveryLogDetail

describe('a delivery’s detail', () => {
  it('stays closed when it answers after the drawer was closed', async () => {
    const answer = deferred<DeliveryLogDetail>()
    vi.spyOn(logsApi, 'get').mockReturnValue(answer.promise)
    const logs = useLogsStore()
    const opening = logs.openDetail('dlv_1')
    logs.closeDetail()
    answer.resolve(detailOf('dlv_1'))
    await opening
    expect(logs.detail).toBeUndefined()
    expect(logs.detailLoading).toBe(false)
  })

  it('shows the one opened last when two answer out of order', async () => {
    const first = deferred<DeliveryLogDetail>()
    const second = deferred<DeliveryLogDetail>()
    vi.spyOn(logsApi, 'get').mockImplementation((id: string) => (id === 'dlv_1' ? first.promise : second.promise))
    const logs = useLogsStore()
    const openingFirst = logs.openDetail('dlv_1')
    const openingSecond = logs.openDetail('dlv_2')
    second.resolve(detailOf('dlv_2'))
    await openingSecond
    first.resolve(detailOf('dlv_1'))
    await openingFirst
    expect(logs.detail).toEqual(detailOf('dlv_2'))
    expect(logs.detailLoading).toBe(false)
  })
})
