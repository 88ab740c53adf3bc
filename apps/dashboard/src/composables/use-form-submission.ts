import { ref } from 'vue'
import { formErrorMessage } from '../api/api-error.ts'

/**
 * What every form that sends one request keeps: whether it is saving (the
 * button spins, the dialog stays open) and the sentence its alert shows.
 * `submit` stops at the problems the browser can already see (one sentence
 * each, all shown at once); otherwise it clears the alert and sends, and a
 * refusal names each field as the form labels it (`fieldNames`, by path).
 */
export function useFormSubmission(fieldNames: Readonly<Record<string, string>> = {}) {
  const saving = ref(false)
  const error = ref<string>()

  async function submit(problems: readonly string[], send: () => Promise<void>): Promise<void> {
    if (problems.length > 0) {
      error.value = problems.join(' ')
      return
    }
    saving.value = true
    error.value = undefined
    try {
      await send()
    } catch (caught) {
      error.value = formErrorMessage(caught, fieldNames)
    } finally {
      saving.value = false
    }
  }

  return { saving, error, submit }
}
