import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../src/api/api-error.ts'
import { browserUtcOffset, fileNameFromDisposition } from '../src/api/exports-api.ts'
import { connectSession, createHttp } from '../src/api/http.ts'
import { cleanQuery, createTypedClient, fillPath } from '../src/api/typed-client.ts'

/** An axios adapter that answers from a function instead of the network. */
function fakeAdapter(
  answer: (config: InternalAxiosRequestConfig) => { status: number; data?: unknown },
): { adapter: AxiosAdapter; seen: InternalAxiosRequestConfig[] } {
  const seen: InternalAxiosRequestConfig[] = []
  const adapter: AxiosAdapter = async (config) => {
    seen.push(config)
    const { status, data } = answer(config)
    const response = { status, statusText: String(status), data, headers: {}, config, request: {} }
    if (status >= 400)
      throw new axios.AxiosError(`status ${status}`, undefined, config, {}, response)
    return response
  }
  return { adapter, seen }
}

describe('typed client', () => {
  it('fills path parameters and drops empty query values', async () => {
    expect(fillPath('/api/v1/apps/{appId}/secret', { appId: 'app 1/2' })).toBe(
      '/api/v1/apps/app%201%2F2/secret',
    )
    expect(() => fillPath('/api/v1/apps/{appId}', {})).toThrow('Missing path parameter "appId"')
    expect(cleanQuery({ search: '', limit: 20, cursor: undefined })).toEqual({ limit: 20 })

    const { adapter, seen } = fakeAdapter(() => ({
      status: 200,
      data: { items: [], nextCursor: null },
    }))
    const client = createTypedClient(axios.create({ adapter }))
    await expect(client.get('/api/v1/apps', { query: { limit: 5, search: '' } })).resolves.toEqual({
      items: [],
      nextCursor: null,
    })
    expect(seen[0]).toMatchObject({ method: 'get', url: '/api/v1/apps', params: { limit: 5 } })
  })

  it('turns problem documents into ApiErrors with the field errors', async () => {
    const problem = {
      type: 'validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is invalid.',
      errors: [{ path: 'endpoint', message: 'must be an http:// or https:// URL' }],
    }
    const { adapter } = fakeAdapter(() => ({ status: 400, data: problem }))
    const http = createHttp()
    http.defaults.adapter = adapter
    const error = await createTypedClient(http)
      .post('/api/v1/apps', { body: { name: 'x', endpoint: 'nope' } })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 400,
      message: 'The request is invalid.',
      kind: 'validation-failed',
    })
    expect((error as ApiError).fieldErrors).toEqual(problem.errors)
    expect((error as ApiError).cause).toBeDefined()
  })

  it('sends the session token and reports a rejected session once', async () => {
    const rejected = vi.fn()
    connectSession({ token: () => 'tok_123', onSessionRejected: rejected })
    const { adapter, seen } = fakeAdapter((config) => ({
      status: config.url === '/api/v1/auth/me' ? 401 : 200,
      data: { detail: 'The token expired.' },
    }))
    const http = createHttp()
    http.defaults.adapter = adapter
    await http.get('/api/v1/apps')
    await expect(http.get('/api/v1/auth/me')).rejects.toMatchObject({ status: 401 })
    expect(seen[0]!.headers.get('Authorization')).toBe('Bearer tok_123')
    expect(rejected).toHaveBeenCalledTimes(1)
    connectSession({ token: () => undefined, onSessionRejected: () => undefined })
  })
})

describe('exports', () => {
  it('asks for times at the browser’s own UTC offset', () => {
    const at = (offsetMinutes: number) => ({ getTimezoneOffset: () => offsetMinutes }) as Date
    expect(browserUtcOffset(at(-330))).toBe('+05:30')
    expect(browserUtcOffset(at(300))).toBe('-05:00')
    expect(browserUtcOffset(at(0))).toBe('+00:00')
  })

  it('names the file as the API does: the RFC 6266 extended name, then the plain one, then the fallback', () => {
    expect(
      fileNameFromDisposition(
        `attachment; filename="logs.csv"; filename*=UTF-8''hookline-logs-%E3%83%A1%E3%83%87.csv`,
        'x',
      ),
    ).toBe('hookline-logs-メデ.csv')
    expect(
      fileNameFromDisposition('attachment; filename="hookline-logs-acme-2025-01-01.pdf"', 'x'),
    ).toBe('hookline-logs-acme-2025-01-01.pdf')
    expect(fileNameFromDisposition('attachment; filename=../../evil.csv', 'x')).toBe(
      '.._.._evil.csv',
    )
    expect(fileNameFromDisposition(undefined, 'hookline-logs.xlsx')).toBe('hookline-logs.xlsx')
  })
})
