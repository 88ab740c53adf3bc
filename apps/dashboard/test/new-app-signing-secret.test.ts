import { flushPromises, mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { CatalogCategory, ConnectionTestResult, CreateAppInput } from '../src/api/types.ts'
import AppForm from '../src/components/apps/AppForm.vue'
import { storedApp } from './support/app-fixture.ts'
import { loadRealCatalog } from './support/catalog.ts'

let catalog: CatalogCategory[]
beforeAll(async () => {
  catalog = await loadRealCatalog()
})

const passed: ConnectionTestResult = { ok: true, status: 204, latencyMs: 5, message: 'Connected' }
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe("a new application's signing secret", () => {
  it('is fetched when the form opens, shown with a copy button, and sent with the test and the save', async () => {
    const newSigningSecret = vi.fn(() => Promise.resolve(secret))
    const testConnection = vi.fn(() => Promise.resolve(passed))
    // The copy button reports through the UI kit's message provider, as in the app.
    const host = defineComponent(() => () =>
      h(NMessageProvider, () => h(NDialogProvider, () => h(AppForm, { categories: catalog, testConnection, newSigningSecret }))),
    )
    const root = mount(host, { attachTo: document.body })
    const wrapper = root.findComponent(AppForm)
    await flushPromises()
    expect(newSigningSecret).toHaveBeenCalledTimes(1)
    expect(wrapper.get<HTMLInputElement>('#new-signing-secret').element.value).toBe(secret)
    expect(wrapper.findAll('button').some((button) => button.text() === 'Copy')).toBe(true)

    await wrapper.get('#app-name').setValue('Strict receiver')
    await wrapper.get('#app-endpoint').setValue('https://hooks.example.com/strict')
    await flushPromises()
    await wrapper.findAll('button').find((button) => button.text() === 'Test connection')!.trigger('click')
    await flushPromises()
    expect(testConnection).toHaveBeenCalledWith(expect.objectContaining({ signingSecret: secret }))

    await wrapper.get('form').trigger('submit')
    const saved = wrapper.emitted('save')?.[0]?.[0] as CreateAppInput
    expect(saved.signingSecret).toBe(secret)
    expect(newSigningSecret).toHaveBeenCalledTimes(1)
    root.unmount()
  })

  it('is not asked for when editing an existing application', async () => {
    const newSigningSecret = vi.fn(() => Promise.resolve(secret))
    const wrapper = mount(AppForm, {
      props: { categories: catalog, app: storedApp(), testConnection: () => Promise.resolve(passed), newSigningSecret },
    })
    await flushPromises()
    expect(newSigningSecret).not.toHaveBeenCalled()
    expect(wrapper.find('#new-signing-secret').exists()).toBe(false)
    wrapper.unmount()
  })
})
