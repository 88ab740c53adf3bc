/** The API's bounds for a new password (apps/api's `newPassword` schema). */
export const passwordLength = { min: 12, max: 200 } as const

/**
 * The checks the browser can make before sending a new password: the API's
 * rules (12 to 200 characters, not a common password) stay the authority;
 * these only spare a round trip for the obvious mistakes. `repeated` is the
 * second entry where the form asks for one; `subject` names the password as
 * the form labels it.
 */
export function newPasswordProblems(
  password: string,
  { repeated, subject = 'The new password' }: { repeated?: string; subject?: string } = {},
): string[] {
  const problems: string[] = []
  if (password.length < passwordLength.min) problems.push(`${subject} needs at least ${passwordLength.min} characters.`)
  if (password.length > passwordLength.max) problems.push(`${subject} can have at most ${passwordLength.max} characters.`)
  if (repeated !== undefined && password !== repeated) problems.push('The two new passwords differ.')
  return problems
}
