import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/api-error.ts'
import { createHttp } from '../src/api/http.ts'
import { createTypedClient, ifMatch } from '../src/api/typed-client.ts'

// Issue 14, finding 3: the dashboard sends the version it read and explains a 412.

function recordingAdapter(status: number, data: unknown): { adapter: AxiosAdapter; seen: InternalAxiosRequestConfig[] } {
  const seen: InternalAxiosRequestConfig[] = []
  const adapter: AxiosAdapter = async (config) => {
    seen.push(config)
    const response = { status, statusText: String(status), data, headers: {}, config, request: {} }
    if (status >= 400) throw new axios.AxiosError(`status ${status}`, undefined, config, {}, response)
    return response
  }
  return { adapter, seen }
}

describe('If-Match from the dashboard', () => {
  it('sends the version it last read as If-Match on PATCH', async () => {
    const { adapter, seen } = recordingAdapter(200, { appId: 'app_1', version: 4 })
    const http = createHttp()
    http.defaults.adapter = adapter
    await createTypedClient(http).patch('/api/v1/apps/{appId}', { path: { appId: 'app_1' }, body: { name: 'x' }, headers: ifMatch(3) })
    expect(seen[0]?.headers.get('If-Match')).toBe('"v3"')
    expect(ifMatch(undefined)).toBeUndefined()
  })

  it('explains a 412 as a change by someone else, to reload', async () => {
    const problem = { type: 'https://hookline.dev/problems/precondition-failed', status: 412, detail: 'changed', currentVersion: 5 }
    const { adapter } = recordingAdapter(412, problem)
    const http = createHttp()
    http.defaults.adapter = adapter
    const error = await createTypedClient(http)
      .delete('/api/v1/apps/{appId}', { path: { appId: 'app_1' }, headers: ifMatch(3) })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(412)
    expect((error as ApiError).message).toMatch(/changed by someone else.*reload/)
  })
})
