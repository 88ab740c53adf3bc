import { reservedHeaderNames } from '@hookline/dispatcher'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref, computed } from 'vue'
import HeaderRowsEditor from '../src/components/apps/HeaderRowsEditor.vue'
import {
  newHeaderRow,
  rowsToHeaders,
  validateHeaderRows,
  type HeaderRow,
} from '../src/forms/header-rows.ts'

function rows(...pairs: [string, string][]): HeaderRow[] {
  return pairs.map(([name, value]) => newHeaderRow(name, value))
}

function errorsOf(list: HeaderRow[], basicAuth = false): (string | undefined)[] {
  const validation = validateHeaderRows(list, { basicAuth })
  return list.map((row) => validation.rowErrors.get(row.key))
}

describe('validateHeaderRows (the server’s rules, row by row)', () => {
  it('accepts ordinary headers and ignores blank rows', () => {
    const list = rows(['X-Portal', 'acme'], ['', ''], ['Authorization', 'Bearer abc'])
    expect(validateHeaderRows(list, { basicAuth: false }).valid).toBe(true)
    expect(rowsToHeaders(list)).toEqual({ 'X-Portal': 'acme', Authorization: 'Bearer abc' })
  })

  it.each(reservedHeaderNames)('refuses the reserved header %s', (name) => {
    const [error] = errorsOf(rows([name, 'x']))
    expect(error).toBeDefined()
  })

  it('refuses Authorization only when Basic authentication is on', () => {
    expect(errorsOf(rows(['Authorization', 'Bearer abc']), false)).toEqual([undefined])
    expect(errorsOf(rows(['Authorization', 'Bearer abc']), true)[0]).toContain(
      'HTTP Basic authentication',
    )
  })

  it('explains signature headers and invalid names', () => {
    const [signature, spaced, colon] = errorsOf(
      rows(['Webhook-Signature', 'v1,abc'], ['X Portal', 'a'], ['X-Portal:', 'a']),
    )
    expect(signature).toContain('Standard Webhooks')
    expect(spaced).toContain('not a valid header name')
    expect(colon).toContain('not a valid header name')
  })

  it('refuses values on several lines or with outer spaces', () => {
    expect(errorsOf(rows(['X-A', 'line1\nline2']))[0]).toContain('one line')
    expect(errorsOf(rows(['X-A', ' padded ']))[0]).toContain('without leading or trailing spaces')
  })

  it('reports a repeated name on the later row, case-insensitively', () => {
    expect(errorsOf(rows(['X-Portal', 'a'], ['x-portal', 'b']))).toEqual([
      undefined,
      expect.stringContaining('more than once'),
    ])
    expect(errorsOf(rows(['X-Portal', 'a'], ['X-Portal', 'b']))).toEqual([
      undefined,
      expect.stringContaining('more than once'),
    ])
  })

  it('wants a name for a value, and at most 50 headers', () => {
    expect(errorsOf(rows(['', 'orphan value']))[0]).toContain('Enter a header name')
    const many = Array.from({ length: 51 }, (_, index) => newHeaderRow(`X-H${index}`, 'v'))
    const validation = validateHeaderRows(many, { basicAuth: false })
    expect(validation.valid).toBe(false)
    expect(validation.formErrors[0]).toContain('At most 50')
  })
})

describe('HeaderRowsEditor', () => {
  const Harness = defineComponent({
    props: { basicAuth: { type: Boolean, default: false } },
    setup(props) {
      const list = ref<HeaderRow[]>([])
      const validation = computed(() =>
        validateHeaderRows(list.value, { basicAuth: props.basicAuth }),
      )
      return () =>
        h(HeaderRowsEditor, {
          modelValue: list.value,
          'onUpdate:modelValue': (next: HeaderRow[]) => (list.value = next),
          validation: validation.value,
        })
    },
  })

  it('adds labelled rows, shows each row’s problem next to it and removes rows', async () => {
    const wrapper = mount(Harness, { props: { basicAuth: true }, attachTo: document.body })
    const addButton = () =>
      wrapper.findAll('button').find((button) => button.text() === 'Add header')!
    await addButton().trigger('click')
    await addButton().trigger('click')
    await flushPromises()
    const names = wrapper.findAll('input[id^="header-name-"]')
    expect(names).toHaveLength(2)
    for (const input of names) {
      const label = wrapper.get(`label[for="${input.attributes('id')}"]`)
      expect(label.text()).toMatch(/^Header \d name$/)
    }

    await names[0]!.setValue('Content-Type')
    await names[1]!.setValue('Authorization')
    await flushPromises()
    const alerts = wrapper.findAll('[role="alert"]').map((alert) => alert.text())
    expect(alerts).toEqual([
      expect.stringContaining('set by Hookline'),
      expect.stringContaining('HTTP Basic authentication'),
    ])
    expect(wrapper.get(`#${names[0]!.attributes('id')}`).attributes('aria-invalid')).toBe('true')

    await wrapper.get('button[aria-label^="Remove header 1"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('input[id^="header-name-"]')).toHaveLength(1)
    expect(wrapper.findAll('[role="alert"]')).toHaveLength(1)
    wrapper.unmount()
  })
})

describe('sensitive headers in the form (issue 14, finding 5)', () => {
  it('shows a hidden value as an empty kept row and sends "keep" until a new value is typed', async () => {
    const { headersToRows, rowsToHeaders } = await import('../src/forms/header-rows.ts')
    const rows = headersToRows({ 'X-Api-Key': { value: null, sensitive: true, hasValue: true }, 'X-Team': 'video' })
    expect(rows.map((row) => [row.name, row.value, row.kept ?? false])).toEqual([
      ['X-Api-Key', '', true],
      ['X-Team', 'video', false],
    ])
    expect(rowsToHeaders(rows)).toEqual({ 'X-Api-Key': { value: null, sensitive: true }, 'X-Team': 'video' })
    const replaced = rows.map((row) => (row.name === 'X-Api-Key' ? { ...row, value: 'new-key' } : row))
    expect(rowsToHeaders(replaced)).toEqual({ 'X-Api-Key': 'new-key', 'X-Team': 'video' })
  })
})
