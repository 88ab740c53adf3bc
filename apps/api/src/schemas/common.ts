import { roles } from '@hookline/core'
import { z } from 'zod'
import { isCommonPassword } from '../auth/common-passwords.ts'
import { nameTextProblem } from './text-safety.ts'

// Building blocks shared by the request schemas. Objects are strict
// everywhere: an unknown field is an error, not something silently dropped.

/** C0 controls and DEL: never wanted in names, usernames or passwords. */
export function hasControlCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

export const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters')
  .superRefine((value, context) => {
    const problem = nameTextProblem(value)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  })

export const emailAddress = z.email('must be an email address').max(254, 'must be at most 254 characters')

export const minPasswordLength = 12

export const newPassword = z
  .string()
  .min(minPasswordLength, `must be at least ${minPasswordLength} characters`)
  .max(200, 'must be at most 200 characters')
  .refine((value) => !isCommonPassword(value), 'is one of the most common passwords; choose another')
  .meta({ description: `At least ${minPasswordLength} characters, and not on the list of common passwords.` })

export const roleName = z.enum(roles, { error: `must be one of ${roles.join(', ')}` })

/** Opaque ids such as `app_…`: short, printable; anything else simply matches nothing (404). */
export const resourceId = z.string().min(1).max(100)

export const pageQuery = {
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100')
    .max(100, 'must be between 1 and 100')
    .default(20)
    .meta({ description: 'Items per page (1–100, default 20).' }),
  cursor: z
    .string()
    .max(200, 'is not a cursor this API returned')
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
}

export const isoDateTime = z.iso.datetime()

/** A page of results: newest first. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
}
