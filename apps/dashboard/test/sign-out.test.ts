import axios, { type InternalAxiosRequestConfig } from 'axios'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { connectSession, http } from '../src/api/http.ts'
import { useSessionStore } from '../src/stores/session.ts'

// Issue 14, finding 4: Sign out ends the session on the server, not only in the browser.

beforeEach(() => localStorage.clear())

describe('sign out', () => {
  it('posts to /api/v1/auth/logout with the token, then forgets it', async () => {
    localStorage.setItem(
      'hookline.session',
      JSON.stringify({
        token: 'tok_signed_in',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        user: { id: 'usr_1', tenantId: 'ten_1', email: 'a@b.c', name: 'A', role: 'Manager', disabled: false, platformOperator: false, version: 1, createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' },
      }),
    )
    setActivePinia(createPinia())
    const session = useSessionStore()
    connectSession({ token: () => session.token, onSessionRejected: () => session.expire() })
    const seen: InternalAxiosRequestConfig[] = []
    const previous = http.defaults.adapter
    http.defaults.adapter = async (config) => {
      seen.push(config)
      return { status: 204, statusText: '204', data: undefined, headers: {}, config, request: {} }
    }
    try {
      await session.signOut()
    } finally {
      http.defaults.adapter = previous
    }
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'post', url: '/api/v1/auth/logout' })
    expect(axios.AxiosHeaders.from(seen[0]!.headers).get('Authorization')).toBe('Bearer tok_signed_in')
    expect(session.signedIn).toBe(false)
    expect(session.signOutReason).toBe('signed-out')
    expect(localStorage.getItem('hookline.session')).toBeNull()
  })
})
