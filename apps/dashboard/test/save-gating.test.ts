import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type {
  CatalogCategory,
  ConnectionTestInput,
  ConnectionTestResult,
} from '../src/api/types.ts'
import AppForm from '../src/components/apps/AppForm.vue'
import { storedApp } from './support/app-fixture.ts'
import { loadRealCatalog } from './support/catalog.ts'
import { deferred } from './support/deferred.ts'

let catalog: CatalogCategory[]
beforeAll(async () => {
  catalog = await loadRealCatalog()
})

const passed: ConnectionTestResult = {
  ok: true,
  status: 204,
  latencyMs: 12,
  message: '204 No Content from https://hooks.example.com/new',
}
const refused: ConnectionTestResult = {
  ok: false,
  status: 401,
  latencyMs: 9,
  message: '401 Unauthorized: credentials rejected',
}

function mountForm(
  options: {
    app?: ReturnType<typeof storedApp>
    answer?: (input: ConnectionTestInput) => Promise<ConnectionTestResult>
  } = {},
) {
  const testConnection = vi.fn(options.answer ?? (() => Promise.resolve(passed)))
  const wrapper = mount(AppForm, {
    props: { categories: catalog, app: options.app, testConnection },
    attachTo: document.body,
  })
  return { wrapper, testConnection }
}

const saveButton = (wrapper: VueWrapper) => wrapper.get<HTMLButtonElement>('[data-testid="save"]')
const testButton = (wrapper: VueWrapper) =>
  wrapper.findAll('button').find((button) => button.text() === 'Test connection')!
const statusText = (wrapper: VueWrapper) =>
  wrapper.get('[data-testid="connection-test-status"]').text()

async function type(wrapper: VueWrapper, selector: string, value: string): Promise<void> {
  await wrapper.get(selector).setValue(value)
  await flushPromises()
}

async function runTest(wrapper: VueWrapper): Promise<void> {
  await testButton(wrapper).trigger('click')
  await flushPromises()
}

async function fillNewApp(wrapper: VueWrapper): Promise<void> {
  await type(wrapper, '#app-name', 'Media sync')
  await type(wrapper, '#app-endpoint', 'https://hooks.example.com/new')
}

describe('Save gating on a new application', () => {
  it('keeps Save disabled until Test connection passes for the current settings', async () => {
    const { wrapper, testConnection } = mountForm()
    await fillNewApp(wrapper)
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(statusText(wrapper)).toBe('Not tested yet')

    await runTest(wrapper)
    expect(testConnection).toHaveBeenCalledWith({
      endpoint: 'https://hooks.example.com/new',
      authType: 'none',
      headers: {},
    })
    expect(statusText(wrapper)).toBe('Connection test passed')
    expect(wrapper.get('[data-testid="connection-test-result"]').text()).toContain('12 ms')
    expect(saveButton(wrapper).element.disabled).toBe(false)
    wrapper.unmount()
  })

  it('re-disables Save when the endpoint, the authentication or a header changes', async () => {
    const { wrapper } = mountForm()
    await fillNewApp(wrapper)
    await runTest(wrapper)
    expect(saveButton(wrapper).element.disabled).toBe(false)

    await type(wrapper, '#app-endpoint', 'https://hooks.example.com/other')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(statusText(wrapper)).toBe('Settings changed since the last test')
    await runTest(wrapper)
    expect(saveButton(wrapper).element.disabled).toBe(false)

    // Authentication: switch to Basic and fill in credentials.
    const basic = wrapper
      .findAll('input[type="radio"]')
      .find((radio) => (radio.element as HTMLInputElement).value === 'basic')!
    await basic.setValue(true)
    await flushPromises()
    expect(saveButton(wrapper).element.disabled).toBe(true)
    await type(wrapper, '#app-username', 'portal')
    await type(wrapper, '#app-password', 's3cret')
    await runTest(wrapper)
    expect(saveButton(wrapper).element.disabled).toBe(false)
    await type(wrapper, '#app-password', 's3cret2')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    await runTest(wrapper)

    // Headers: adding one re-disables Save, as does editing its value.
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Add header')!
      .trigger('click')
    await flushPromises()
    const rowKey = wrapper
      .get('input[id^="header-name-"]')
      .attributes('id')!
      .replace('header-name-', '')
    await type(wrapper, `#header-name-${rowKey}`, 'X-Portal')
    await type(wrapper, `#header-value-${rowKey}`, 'acme')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    await runTest(wrapper)
    expect(saveButton(wrapper).element.disabled).toBe(false)
    await type(wrapper, `#header-value-${rowKey}`, 'other')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    wrapper.unmount()
  })

  it('does not re-disable Save for changes the test does not depend on', async () => {
    const { wrapper } = mountForm()
    await fillNewApp(wrapper)
    await runTest(wrapper)
    await type(wrapper, '#app-name', 'Renamed')
    await wrapper.get('[data-category="media"] [role="checkbox"]').trigger('click')
    await flushPromises()
    expect(saveButton(wrapper).element.disabled).toBe(false)
    wrapper.unmount()
  })

  it('keeps Save disabled after a failed test and shows status, latency and reason', async () => {
    const { wrapper } = mountForm({ answer: () => Promise.resolve(refused) })
    await fillNewApp(wrapper)
    await runTest(wrapper)
    expect(statusText(wrapper)).toBe('Connection test failed')
    const result = wrapper.get('[data-testid="connection-test-result"]').text()
    expect(result).toContain('401')
    expect(result).toContain('9 ms')
    expect(result).toContain('credentials rejected')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(wrapper.get('#save-hint').text()).toContain('connection test failed')
    wrapper.unmount()
  })

  it('ignores a passing result that arrives after the settings changed', async () => {
    const pending = deferred<ConnectionTestResult>()
    const { wrapper } = mountForm({ answer: () => pending.promise })
    await fillNewApp(wrapper)
    await testButton(wrapper).trigger('click')
    await type(wrapper, '#app-endpoint', 'https://hooks.example.com/changed-meanwhile')
    pending.resolve(passed)
    await flushPromises()
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(statusText(wrapper)).toBe('Settings changed since the last test')
    wrapper.unmount()
  })

  it('will not run the test while the endpoint is invalid', async () => {
    const { wrapper, testConnection } = mountForm()
    await type(wrapper, '#app-endpoint', 'ftp://files.example.com')
    expect(testButton(wrapper).element.hasAttribute('disabled')).toBe(true)
    expect(wrapper.text()).toContain('must start with https://')
    expect(testConnection).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('emits the create body once saved', async () => {
    const { wrapper } = mountForm()
    await fillNewApp(wrapper)
    await wrapper.get('[data-category="media"] [role="checkbox"]').trigger('click')
    await runTest(wrapper)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('save')).toEqual([
      [
        {
          name: 'Media sync',
          endpoint: 'https://hooks.example.com/new',
          active: true,
          authType: 'none',
          events: { categories: ['media'], types: [] },
          headers: {},
          retries: 3,
          retryDelaySeconds: 5,
          legacySubjectDetailEncoding: false,
        },
      ],
    ])
    wrapper.unmount()
  })
})

describe('Save gating on an existing application', () => {
  it('keeps Save disabled until something changed, and again once it is back as saved', async () => {
    const { wrapper } = mountForm({ app: storedApp() })
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(wrapper.get('#save-hint').text()).toContain('Nothing changed yet')
    expect(wrapper.emitted('dirty')?.at(-1)).toEqual([false])
    await type(wrapper, '#app-name', 'Media sync 2')
    expect(saveButton(wrapper).element.disabled).toBe(false)
    expect(wrapper.emitted('dirty')?.at(-1)).toEqual([true])
    await type(wrapper, '#app-name', 'Media sync')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(wrapper.emitted('dirty')?.at(-1)).toEqual([false])
    // An event choice counts as a change too.
    await wrapper.get('[data-category="metadata"] [role="checkbox"]').trigger('click')
    await flushPromises()
    expect(saveButton(wrapper).element.disabled).toBe(false)
    wrapper.unmount()
  })

  it('trusts the saved settings until they change, and again once they are back', async () => {
    const { wrapper, testConnection } = mountForm({ app: storedApp() })
    expect(statusText(wrapper)).toBe('Saved settings — unchanged since they were tested')
    await type(wrapper, '#app-name', 'Renamed')
    expect(saveButton(wrapper).element.disabled).toBe(false)
    await type(wrapper, '#app-endpoint', 'https://hooks.example.com/moved')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(statusText(wrapper)).toBe('Settings changed since the last test')
    await type(wrapper, '#app-endpoint', 'https://hooks.example.com/hookline')
    expect(saveButton(wrapper).element.disabled).toBe(false)

    // A new password must be tested; the test names the app so the server can use its secret.
    await type(wrapper, '#app-password', 'new-password')
    expect(saveButton(wrapper).element.disabled).toBe(true)
    await runTest(wrapper)
    expect(testConnection).toHaveBeenLastCalledWith({
      endpoint: 'https://hooks.example.com/hookline',
      authType: 'basic',
      username: 'portal',
      password: 'new-password',
      headers: { 'X-Portal': 'acme' },
      appId: 'app_01HZX3K9Q0S7',
    })
    expect(saveButton(wrapper).element.disabled).toBe(false)
    wrapper.unmount()
  })

  it('requires a test before turning an app back on that delivery turned off, and never calls its settings fine', async () => {
    const app = storedApp({
      active: false,
      deactivatedReason: '410 Gone from https://hooks.example.com/hookline',
      deactivatedAt: '2025-02-01T08:00:00.000Z',
    })
    const { wrapper } = mountForm({ app })
    expect(statusText(wrapper)).not.toContain('unchanged since')
    expect(statusText(wrapper)).toContain('test before turning the app on')
    await wrapper.get('[role="switch"][aria-labelledby="app-active-label"]').trigger('click')
    await flushPromises()
    expect(saveButton(wrapper).element.disabled).toBe(true)
    expect(statusText(wrapper)).toBe('Test the connection to turn the app on')
    await runTest(wrapper)
    expect(statusText(wrapper)).toBe('Connection test passed')
    expect(saveButton(wrapper).element.disabled).toBe(false)
    wrapper.unmount()
  })
})

describe('The save hint', () => {
  it('names what a fresh form still needs, and speaks of highlighted fields only once one is', async () => {
    const { wrapper } = mountForm()
    const hint = () => wrapper.get('#save-hint').text()
    expect(hint()).toBe('Enter a name and the endpoint URL to save.')
    expect(wrapper.find('.n-form-item-feedback--error').exists()).toBe(false)
    await wrapper.get('#app-name').trigger('blur')
    await flushPromises()
    expect(wrapper.text()).toContain('Enter a name.')
    expect(hint()).toBe('Fix the highlighted fields to save.')
    wrapper.unmount()
  })
})
