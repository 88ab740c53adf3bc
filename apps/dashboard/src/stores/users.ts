import { defineStore } from 'pinia'
import { ref } from 'vue'
import { collectPages } from '../api/collect-pages.ts'
import { usersApi } from '../api/accounts-api.ts'
import type { CreateUserInput, UpdateUserInput, User } from '../api/types.ts'

/** Users of the tenant (Administrators only). */
export const useUsersStore = defineStore('users', () => {
  const items = ref<User[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      items.value = (await collectPages((cursor) => usersApi.list(cursor))).items
    } finally {
      loading.value = false
    }
  }

  async function create(input: CreateUserInput): Promise<User> {
    const user = await usersApi.create(input)
    items.value = [user, ...items.value]
    return user
  }

  async function update(userId: string, changes: UpdateUserInput): Promise<User> {
    const known = items.value.find((item) => item.id === userId)?.version
    const user = await usersApi.update(userId, changes, known)
    items.value = items.value.map((item) => (item.id === userId ? user : item))
    return user
  }

  /** Ends every session of the user; they sign in with the new password. */
  async function resetPassword(userId: string, password: string): Promise<void> {
    await usersApi.resetPassword(userId, { password })
  }

  async function remove(userId: string): Promise<void> {
    const known = items.value.find((item) => item.id === userId)?.version
    await usersApi.remove(userId, known)
    items.value = items.value.filter((item) => item.id !== userId)
  }

  return { items, loading, load, create, update, resetPassword, remove }
})
