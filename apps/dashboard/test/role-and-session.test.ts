import type { Role } from '@hookline/core'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import App from '../src/App.vue'
import type { User } from '../src/api/types.ts'
import { createAppRouter } from '../src/router/index.ts'
import { useSessionStore } from '../src/stores/session.ts'

function user(role: Role): User {
  return {
    id: 'usr_1',
    tenantId: 'ten_default',
    email: 'vera@example.com',
    name: 'Vera Viewer',
    role,
    disabled: false,
    platformOperator: false,
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'usr_admin',
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: 'usr_admin',
  }
}

/** A stored session, as the session store finds it after a reload. */
function storeSession(role: Role, expiresInMs = 3_600_000): void {
  localStorage.setItem(
    'hookline.session',
    JSON.stringify({
      token: 'tok_test',
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
      user: user(role),
    }),
  )
}

async function open(path: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await router.isReady()
  await flushPromises()
  return { wrapper, router, session: useSessionStore(pinia) }
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  document.body.innerHTML = ''
})

describe('role-aware pages', () => {
  it.each(['Viewer', 'Contributor', 'Moderator'] as const)(
    'shows a %s the “Manager role required” page instead of applications',
    async (role) => {
      storeSession(role)
      const { wrapper, router } = await open('/apps')
      expect(router.currentRoute.value.name).toBe('role-required')
      expect(wrapper.get('h1').text()).toBe('Manager role required')
      expect(wrapper.text()).toContain(`with the ${role} role`)
      expect(document.title).toBe('Manager role required · Hookline')
      // Nothing in the navigation leads to pages the role cannot open.
      expect(wrapper.findAll('nav[aria-label="Main"] a')).toHaveLength(0)
      wrapper.unmount()
    },
  )

  it('shows a Manager the Administrator page for users', async () => {
    storeSession('Manager')
    const { wrapper, router } = await open('/users')
    expect(router.currentRoute.value.query.needed).toBe('Administrator')
    expect(wrapper.get('h1').text()).toBe('Administrator role required')
    expect(wrapper.findAll('nav[aria-label="Main"] a').map((link) => link.text())).toEqual([
      'Overview',
      'Applications',
      'Delivery logs',
    ])
    wrapper.unmount()
  })
})

describe('session', () => {
  it('sends a signed-out visitor to sign in, and back afterwards', async () => {
    const { wrapper, router } = await open('/logs?status=failed')
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.redirect).toBe('/logs?status=failed')
    expect(document.title).toBe('Sign in · Hookline')
    expect(wrapper.get('label[for="sign-in-email"]').text()).toBe('Email')
    expect(wrapper.find('#sign-in-email').exists()).toBe(true)
    wrapper.unmount()
  })

  it('returns to sign-in with a message when the session expires', async () => {
    storeSession('Viewer')
    const { wrapper, router, session } = await open('/role-required?needed=Manager')
    expect(router.currentRoute.value.name).toBe('role-required')
    session.expire()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.redirect).toBe('/role-required?needed=Manager')
    expect(wrapper.text()).toContain('Your session has expired')
    expect(localStorage.getItem('hookline.session')).toBeNull()
    wrapper.unmount()
  })

  it('ignores a stored session past its expiry', async () => {
    storeSession('Manager', -1_000)
    const { router, wrapper } = await open('/apps')
    expect(router.currentRoute.value.name).toBe('sign-in')
    wrapper.unmount()
  })
})
