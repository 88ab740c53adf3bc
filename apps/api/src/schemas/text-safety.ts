// Characters that make a name display as something it is not: bidi controls
// reorder what follows ("gpj.exe" shown as "exe.jpg"), zero-width ones hide
// inside look-alike names, and a lone surrogate is not text at all.

const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/
const zeroWidth = /[\u200B-\u200D\u2060\uFEFF]/
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why a name cannot be used, or undefined when it is fine. */
export function nameTextProblem(value: string): string | undefined {
  if (loneSurrogate.test(value)) return 'must not contain unpaired surrogate characters'
  if (bidiControls.test(value)) return 'must not contain bidirectional control characters'
  if (zeroWidth.test(value)) return 'must not contain zero-width characters'
  return undefined
}
