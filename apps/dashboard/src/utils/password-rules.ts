/**
 * The checks the browser can make before sending a new password: the API's
 * rules (12 characters, not a common password) stay the authority; these only
 * spare a round trip for the obvious mistakes.
 */
export function newPasswordProblems(password: string, repeated: string): string[] {
  const problems: string[] = []
  if (password.length < 12) problems.push('The new password needs at least 12 characters.')
  if (password.length > 200) problems.push('The new password can have at most 200 characters.')
  if (password !== repeated) problems.push('The two new passwords differ.')
  return problems
}
