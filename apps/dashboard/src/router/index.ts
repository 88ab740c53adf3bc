import { isRole } from '@hookline/core'
import { createRouter, createWebHistory, type Router } from 'vue-router'
import { useSessionStore } from '../stores/session.ts'
import { routes } from './routes.ts'

export const appName = 'Hookline'

export function pageTitle(title: string | undefined): string {
  return title && title !== appName ? `${title} · ${appName}` : appName
}

/**
 * Signed-out users go to sign-in (and come back afterwards); users below a
 * page's role see the role page, which names the role it needs.
 */
export function createAppRouter(history = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })

  router.beforeEach((to) => {
    const session = useSessionStore()
    if (to.meta.public) {
      if (to.name === 'sign-in' && session.signedIn) return { name: 'overview' }
      return true
    }
    if (!session.signedIn) {
      return { name: 'sign-in', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    const needed = to.meta.minRole
    if (needed && !session.hasRole(needed)) {
      return { name: 'role-required', query: { needed, from: to.fullPath }, replace: true }
    }
    return true
  })

  router.afterEach((to) => {
    const needed = to.query.needed
    const title =
      to.name === 'role-required' && typeof needed === 'string' && isRole(needed)
        ? `${needed} role required`
        : to.meta.title
    document.title = pageTitle(title)
  })

  return router
}
