import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.ts'

// The production layout: one port serves the dashboard's files, its
// client-side routes and the API, and each keeps its own answers.

let stack: Stack
beforeAll(async () => {
  stack = await startStack('one_port')
})
afterAll(async () => {
  await stack?.stop()
})

const page = { accept: 'text/html,application/xhtml+xml,application/xhtml+xml;q=0.9,*/*;q=0.8' }

describe('one port for the dashboard and the API', () => {
  it('answers a client-side route with the app, under the dashboard’s content security policy', async () => {
    const response = await fetch(`${stack.baseUrl}/apps/app_123?tab=events`, { headers: page })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('cache-control')).toBe('no-cache')
    const policy = response.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toContain('upgrade-insecure-requests')
    const html = await response.text()
    expect(html).toContain('<div id="app"></div>')

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const asset = await fetch(`${stack.baseUrl}${script}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
  })

  it('keeps the API’s 404 problems for API paths and missing files, even for browsers', async () => {
    for (const path of ['/api/v1/nothing-here', '/assets/missing.js', '/robots.txt']) {
      const response = await fetch(`${stack.baseUrl}${path}`, { headers: page })
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type'), path).toMatch(/^application\/problem\+json/)
    }
    // API clients that accept anything still get problems, not the page.
    const api = await fetch(`${stack.baseUrl}/apps`, { headers: { accept: '*/*' } })
    expect(api.status).toBe(404)
    expect(
      (await fetch(`${stack.baseUrl}/healthz`, { headers: page })).headers.get('content-type'),
    ).toMatch(/json/)
  })
})
