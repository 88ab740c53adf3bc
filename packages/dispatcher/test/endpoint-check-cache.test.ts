import { describe, expect, test, vi } from 'vitest'
import { createAddressPolicy } from '../src/index.ts'
import { checkEndpointCached } from '../src/endpoint-check-cache.ts'

describe('checkEndpointCached', () => {
  test('remembers an answer per policy, so one policy never gets another policy’s verdict', async () => {
    const loopback = createAddressPolicy({ allow: ['127.0.0.0/8'], allowHttp: true })
    const strict = createAddressPolicy({ allowHttp: true })
    const url = 'http://127.0.0.1:8080/hook'
    const first = await checkEndpointCached(url, loopback, undefined)
    expect(first.ok).toBe(true)
    // The same answer object: parsed and judged once.
    expect(await checkEndpointCached(url, loopback, undefined)).toBe(first)
    const refused = await checkEndpointCached(url, strict, undefined)
    expect(refused).toMatchObject({ ok: false, errorCode: 'address-refused' })
    expect(await checkEndpointCached(url, strict, undefined)).toBe(refused)
    expect(await checkEndpointCached(url, loopback, undefined)).toBe(first)
  })

  test('asks the resolver on every call: a name may lead elsewhere by the next attempt', async () => {
    const policy = createAddressPolicy()
    const resolveHost = vi.fn<(host: string) => Promise<string[]>>()
    resolveHost.mockResolvedValueOnce(['93.184.216.34']).mockResolvedValueOnce(['10.0.0.7'])
    const url = 'https://hooks.example.com/in'
    expect((await checkEndpointCached(url, policy, resolveHost)).ok).toBe(true)
    expect(await checkEndpointCached(url, policy, resolveHost)).toMatchObject({ ok: false, errorCode: 'address-refused' })
    expect(resolveHost).toHaveBeenCalledTimes(2)
  })
})
