import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { ApiError, formErrorMessage } from '../src/api/api-error.ts'
import PasswordFields from '../src/components/common/PasswordFields.vue'
import { newPasswordProblems } from '../src/utils/password-rules.ts'

/** The inputs as a person finds them: label text, the input it points at, and its autocomplete hint. */
function inputsOf(wrapper: ReturnType<typeof mount>) {
  return wrapper.findAll('label').map((label) => {
    const input = wrapper.get<HTMLInputElement>(`#${label.attributes('for')}`)
    return { label: label.text(), type: input.attributes('type'), autocomplete: input.attributes('autocomplete') }
  })
}

describe('PasswordFields', () => {
  it('asks for the current password, a new one and its repeat, each labelled, with the hints password managers read', () => {
    const wrapper = mount(PasswordFields, { props: { id: 'account-password', password: '', askCurrent: true } })
    expect(inputsOf(wrapper)).toEqual([
      { label: 'Current password', type: 'password', autocomplete: 'current-password' },
      { label: 'New password', type: 'password', autocomplete: 'new-password' },
      { label: 'Repeat the new password', type: 'password', autocomplete: 'new-password' },
    ])
  })

  it('asks for one password under its own label when no repeat is wanted', () => {
    const wrapper = mount(PasswordFields, {
      props: { id: 'user-password', password: '', label: 'Initial password', placeholder: 'At least 12 characters', askRepeat: false },
    })
    expect(inputsOf(wrapper)).toEqual([{ label: 'Initial password', type: 'password', autocomplete: 'new-password' }])
    expect(wrapper.get('#user-password').attributes('placeholder')).toBe('At least 12 characters')
  })

  it('keeps the rules for a new password on screen under its input, tied to it for screen readers', () => {
    const wrapper = mount(PasswordFields, { props: { id: 'p', password: 'typed-already', askCurrent: true } })
    expect(wrapper.get('#p').attributes('aria-describedby')).toBe('p-hint')
    expect(wrapper.get('#p-hint').text()).toBe('12 to 200 characters; very common passwords are refused.')
    expect(wrapper.get('#p-current').attributes('aria-describedby')).toBeUndefined()
    expect(wrapper.get('#p-repeat').attributes('aria-describedby')).toBeUndefined()
  })

  it('sends each input to its own model', async () => {
    const wrapper = mount(PasswordFields, { props: { id: 'p', password: '', askCurrent: true } })
    await wrapper.get('#p-current').setValue('old-password-1')
    await wrapper.get('#p').setValue('new-password-12')
    await wrapper.get('#p-repeat').setValue('new-password-13')
    expect(wrapper.emitted('update:current')).toEqual([['old-password-1']])
    expect(wrapper.emitted('update:password')).toEqual([['new-password-12']])
    expect(wrapper.emitted('update:repeated')).toEqual([['new-password-13']])
  })
})

describe('newPasswordProblems', () => {
  it('holds a new password to the API’s length bounds and the repeat to the first entry', () => {
    expect(newPasswordProblems('short', { repeated: 'short' })).toEqual(['The new password needs at least 12 characters.'])
    expect(newPasswordProblems('x'.repeat(201), { repeated: 'x'.repeat(201) })).toEqual(['The new password can have at most 200 characters.'])
    expect(newPasswordProblems('long-enough-pass', { repeated: 'long-enough-pasS' })).toEqual(['The two new passwords differ.'])
    expect(newPasswordProblems('long-enough-pass', { repeated: 'long-enough-pass' })).toEqual([])
  })

  it('skips the repeat where the form asks once, and names the password as the form does', () => {
    expect(newPasswordProblems('long-enough-pass')).toEqual([])
    expect(newPasswordProblems('short', { subject: 'The password' })).toEqual(['The password needs at least 12 characters.'])
  })
})

describe('formErrorMessage', () => {
  it('names each refused field as the form labels it, else says the error', () => {
    const refused = new ApiError('Invalid request', {
      status: 400,
      problem: { title: 'Invalid request', errors: [{ path: 'password', message: 'is one of the most common passwords; choose another' }, { path: 'extra', message: 'is unknown' }] },
    })
    expect(formErrorMessage(refused, { password: 'The new password' })).toBe(
      'The new password is one of the most common passwords; choose another. extra is unknown.',
    )
    expect(formErrorMessage(new ApiError('Cannot reach the Hookline API.', { status: 0 }))).toBe('Cannot reach the Hookline API.')
  })
})
