import type { GlobalThemeOverrides } from 'naive-ui'

/** Hookline's look on top of Naive UI's light theme. */
export const themeOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: '#0f7b5f',
    primaryColorHover: '#14916f',
    primaryColorPressed: '#0b624b',
    primaryColorSuppl: '#14916f',
    fontFamily:
      'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    fontFamilyMono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    borderRadius: '6px',
    // Pages sit on a light grey so cards and tables stand out.
    bodyColor: '#f4f6f5',
  },
  Layout: { siderColor: '#102a24', headerColor: '#ffffff' },
  Menu: {
    itemTextColorInverted: '#cfe3dc',
    itemIconColorInverted: '#cfe3dc',
    itemTextColorActiveInverted: '#ffffff',
    itemIconColorActiveInverted: '#ffffff',
    itemColorActiveInverted: '#0f7b5f',
    itemColorActiveHoverInverted: '#14916f',
    itemTextColorHoverInverted: '#ffffff',
    itemIconColorHoverInverted: '#ffffff',
  },
  DataTable: { thColor: '#f6f8f7' },
  // Hints under fields in a readable grey (the kit's default is too light for AA).
  Form: { feedbackTextColor: '#5c6360' },
  // Darker tag text than the kit's defaults, so status tags meet WCAG AA
  // contrast (4.5:1) on their tinted backgrounds.
  Tag: {
    textColorSuccess: '#0a6a3b',
    textColorError: '#ad1a3c',
    textColorWarning: '#7f4d00',
    textColorInfo: '#175aa8',
    textColorPrimary: '#0b624b',
    closeIconColorSuccess: '#0a6a3b',
    closeIconColorError: '#ad1a3c',
  },
}
