/** A portal user's role, lowest to highest. The names are a public contract. */
export const roles = ['Viewer', 'Contributor', 'Moderator', 'Manager', 'Administrator'] as const

export type Role = (typeof roles)[number]

/** Only these roles may see or change webhook applications and their logs. */
export const webhookManagerRoles: readonly Role[] = ['Manager', 'Administrator']

/** Whether `role` is `minimum` or higher. */
export function hasRoleAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(minimum)
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}
