import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/api-error.ts'
import { useFormSubmission } from '../src/composables/use-form-submission.ts'
import { deferred } from './support/deferred.ts'

describe('useFormSubmission', () => {
  it('shows every problem the browser sees at once and sends nothing', async () => {
    const form = useFormSubmission()
    let sent = false
    await form.submit(['Enter a name.', 'Choose at least one scope.'], async () => {
      sent = true
    })
    expect(sent).toBe(false)
    expect(form.error.value).toBe('Enter a name. Choose at least one scope.')
    expect(form.saving.value).toBe(false)
  })

  it('is saving while the request runs, and clears the earlier alert', async () => {
    const form = useFormSubmission()
    form.error.value = 'The two new passwords differ.'
    const answer = deferred<void>()
    const submitting = form.submit([], () => answer.promise)
    expect(form.saving.value).toBe(true)
    expect(form.error.value).toBeUndefined()
    answer.resolve()
    await submitting
    expect(form.saving.value).toBe(false)
    expect(form.error.value).toBeUndefined()
  })

  it('names the fields the API refused as the form labels them, and stops saving', async () => {
    const form = useFormSubmission({ password: 'The new password' })
    await form.submit([], () =>
      Promise.reject(
        new ApiError('Invalid request', {
          status: 400,
          problem: { title: 'Invalid request', errors: [{ path: 'password', message: 'must be at least 12 characters' }] },
        }),
      ),
    )
    expect(form.error.value).toBe('The new password must be at least 12 characters.')
    expect(form.saving.value).toBe(false)
  })
})
