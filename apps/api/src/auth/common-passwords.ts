import { createRequire } from 'node:module'

// Mozilla's list of the 50,000 most common passwords (the one Firefox
// Accounts refuses), as the pinned npm package fxa-common-password-list
// ships it (MPL-2.0). Checked as typed and lower-cased.
const require = createRequire(import.meta.url)
const commonPasswordList = require('fxa-common-password-list') as { test(password: string): boolean }

export function isCommonPassword(password: string): boolean {
  return commonPasswordList.test(password) || commonPasswordList.test(password.toLowerCase())
}
