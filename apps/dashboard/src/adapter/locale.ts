import { enUS, type NLocale } from 'naive-ui'

/**
 * English, without the kit's generic "Please Input" placeholders: a field
 * shows a placeholder only when it has a useful example.
 */
export const locale: NLocale = {
  ...enUS,
  Input: { ...enUS.Input, placeholder: '' },
  InputNumber: { ...enUS.InputNumber, placeholder: '' },
}
