import axios, { type AxiosInstance } from 'axios'
import { toApiError, type ApiError } from './api-error.ts'

/** What the HTTP layer needs from the session, wired once at start (see main.ts). */
export interface SessionHooks {
  /** The current bearer token, if signed in. */
  token(): string | undefined
  /** A signed-in request was answered 401: the token expired or was revoked. */
  onSessionRejected(error: ApiError): void
}

let hooks: SessionHooks = {
  token: () => undefined,
  onSessionRejected: () => undefined,
}

export function connectSession(sessionHooks: SessionHooks): void {
  hooks = sessionHooks
}

/** Same origin: the API serves the dashboard in production, Vite proxies it in development. */
export function createHttp(baseURL = '/'): AxiosInstance {
  const instance = axios.create({
    baseURL,
    timeout: 30_000,
    headers: { Accept: 'application/json' },
  })
  instance.interceptors.request.use((config) => {
    const token = hooks.token()
    if (token && !config.headers.has('Authorization'))
      config.headers.set('Authorization', `Bearer ${token}`)
    return config
  })
  instance.interceptors.response.use(undefined, async (error: unknown) => {
    const apiError = await toApiError(error)
    const sentToken = axios.isAxiosError(error) && error.config?.headers?.has('Authorization')
    if (apiError.status === 401 && sentToken) hooks.onSessionRejected(apiError)
    throw apiError
  })
  return instance
}

export const http = createHttp()
