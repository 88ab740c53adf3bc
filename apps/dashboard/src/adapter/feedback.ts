import { useDialog, useMessage } from 'naive-ui'
import { errorMessage } from '../api/api-error.ts'

export interface ConfirmOptions {
  title: string
  content: string
  confirmText: string
  /** Red button for destructive actions. */
  danger?: boolean
}

/** Toasts and confirmation dialogs, without the views knowing the UI kit. */
export function useFeedback() {
  const message = useMessage()
  const dialog = useDialog()
  // A toast under the pointer stays: someone reading a long error must not see it vanish mid-sentence.
  const shown = { closable: true, keepAliveOnHover: true }
  const success = (text: string) => void message.success(text, { ...shown, duration: 4_000 })
  const error = (cause: unknown) => void message.error(errorMessage(cause), { ...shown, duration: 8_000 })
  function confirm(options: ConfirmOptions): Promise<boolean> {
    return new Promise((resolve) => {
      const create = options.danger ? dialog.error : dialog.warning
      create({
        title: options.title,
        content: options.content,
        positiveText: options.confirmText,
        negativeText: 'Cancel',
        autoFocus: true,
        onPositiveClick: () => resolve(true),
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
        onEsc: () => resolve(false),
      })
    })
  }
  return {
    success,
    info: (text: string) => void message.info(text, { ...shown, duration: 4_000 }),
    error,
    confirm,
    /**
     * Asks first; once confirmed, runs `action` and toasts the sentence it
     * returns, or its failure. Never throws: a table's row action ends here.
     */
    async confirmThen(options: ConfirmOptions, action: () => Promise<string>): Promise<void> {
      if (!(await confirm(options))) return
      try {
        success(await action())
      } catch (caught) {
        error(caught)
      }
    },
  }
}
