import { api, ifMatch } from './typed-client.ts'
import type {
  Administrator,
  ApiKey,
  ChangePasswordInput,
  CreateApiKeyInput,
  CreatedApiKey,
  CreateUserInput,
  Page,
  ResetPasswordInput,
  SignInInput,
  SignInResult,
  UpdateUserInput,
  User,
} from './types.ts'

export const authApi = {
  signIn: (body: SignInInput): Promise<SignInResult> => api.post('/api/v1/auth/login', { body }),
  me: (): Promise<User> => api.get('/api/v1/auth/me'),
  /** Ends this token's session on the server, not only in the browser. */
  logout: (): Promise<void> => api.post('/api/v1/auth/logout'),
  /** Needs the current password; the API ends every other session of this user. */
  changePassword: (body: ChangePasswordInput): Promise<void> =>
    api.post('/api/v1/auth/password', { body }),
  /** Anyone signed in: the enabled Administrators of their portal. */
  administrators: async (): Promise<Administrator[]> =>
    (await api.get('/api/v1/administrators')).items,
}

/** Administrators only. */
export const usersApi = {
  list: (cursor?: string): Promise<Page<User>> =>
    api.get('/api/v1/users', { query: { limit: 100, cursor } }),
  create: (body: CreateUserInput): Promise<User> => api.post('/api/v1/users', { body }),
  update: (userId: string, body: UpdateUserInput, version?: number): Promise<User> =>
    api.patch('/api/v1/users/{userId}', { path: { userId }, body, headers: ifMatch(version) }),
  resetPassword: (userId: string, body: ResetPasswordInput): Promise<void> =>
    api.post('/api/v1/users/{userId}/password', { path: { userId }, body }),
  remove: (userId: string, version?: number): Promise<void> =>
    api.delete('/api/v1/users/{userId}', { path: { userId }, headers: ifMatch(version) }),
}

/** Administrators only. */
export const apiKeysApi = {
  list: (cursor?: string): Promise<Page<ApiKey>> =>
    api.get('/api/v1/api-keys', { query: { limit: 100, cursor } }),
  create: (body: CreateApiKeyInput): Promise<CreatedApiKey> =>
    api.post('/api/v1/api-keys', { body }),
  revoke: (keyId: string, version?: number): Promise<void> =>
    api.delete('/api/v1/api-keys/{keyId}', { path: { keyId }, headers: ifMatch(version) }),
}
