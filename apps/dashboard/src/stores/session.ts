import { hasRoleAtLeast, type Role } from '@hookline/core'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '../api/accounts-api.ts'
import type { SignInInput, User } from '../api/types.ts'

const storageKey = 'hookline.session'

interface StoredSession {
  token: string
  expiresAt: string
  user: User
}

function readStoredSession(storage: Storage | undefined): StoredSession | undefined {
  try {
    const raw = storage?.getItem(storageKey)
    if (!raw) return undefined
    const parsed = JSON.parse(raw) as Partial<StoredSession>
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'string' || !parsed.user)
      return undefined
    if (Date.parse(parsed.expiresAt) <= Date.now()) return undefined
    return parsed as StoredSession
  } catch {
    return undefined
  }
}

function browserStorage(): Storage | undefined {
  return typeof localStorage === 'undefined' ? undefined : localStorage
}

/** Why the user is on the sign-in page, shown above the form. */
export type SignOutReason = 'expired' | 'signed-out'

/**
 * The signed-in user and their token. The token is kept in localStorage so a
 * reload keeps the session; it expires at the time the API gave, and any
 * 401 on a signed-in request ends the session at once.
 */
export const useSessionStore = defineStore('session', () => {
  const stored = readStoredSession(browserStorage())
  const token = ref<string | undefined>(stored?.token)
  const expiresAt = ref<string | undefined>(stored?.expiresAt)
  const user = ref<User | undefined>(stored?.user)
  const signOutReason = ref<SignOutReason>()
  let expiryTimer: ReturnType<typeof setTimeout> | undefined

  const signedIn = computed(() => token.value !== undefined && user.value !== undefined)
  const role = computed<Role | undefined>(() => user.value?.role)

  function hasRole(minimum: Role): boolean {
    return role.value !== undefined && hasRoleAtLeast(role.value, minimum)
  }

  function persist(): void {
    const storage = browserStorage()
    if (token.value && expiresAt.value && user.value) {
      storage?.setItem(
        storageKey,
        JSON.stringify({
          token: token.value,
          expiresAt: expiresAt.value,
          user: user.value,
        } satisfies StoredSession),
      )
    } else {
      storage?.removeItem(storageKey)
    }
  }

  function scheduleExpiry(): void {
    clearTimeout(expiryTimer)
    if (!expiresAt.value) return
    // Timers above ~24.8 days overflow; a token never lives that long, but stay safe.
    const delay = Math.min(Date.parse(expiresAt.value) - Date.now(), 2 ** 31 - 1)
    expiryTimer = setTimeout(() => end('expired'), Math.max(delay, 0))
  }

  async function signIn(input: SignInInput): Promise<User> {
    const result = await authApi.signIn(input)
    token.value = result.token
    expiresAt.value = result.expiresAt
    user.value = result.user
    signOutReason.value = undefined
    persist()
    scheduleExpiry()
    return result.user
  }

  /** Re-reads the user (role changes apply at once on the server). */
  async function refreshUser(): Promise<void> {
    if (!token.value) return
    user.value = await authApi.me()
    persist()
  }

  function end(reason: SignOutReason): void {
    if (!token.value && !user.value) return
    clearTimeout(expiryTimer)
    token.value = undefined
    expiresAt.value = undefined
    user.value = undefined
    signOutReason.value = reason
    persist()
  }

  /**
   * Ends the session on the server first, so the token stops working even
   * where it was copied; the browser forgets it whatever the answer.
   */
  async function signOut(): Promise<void> {
    if (token.value) await authApi.logout().catch(() => undefined)
    end('signed-out')
  }

  if (stored) scheduleExpiry()

  return {
    token,
    expiresAt,
    user,
    role,
    signedIn,
    signOutReason,
    hasRole,
    signIn,
    refreshUser,
    signOut,
    expire: () => end('expired'),
  }
})
