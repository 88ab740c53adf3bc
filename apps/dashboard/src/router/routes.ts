import type { Role } from '@hookline/core'
import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  // Declaration merging: every route says its title and who may open it.
  interface RouteMeta {
    /** Shown in the tab as "<title> · Hookline". */
    title: string
    /** Open without signing in. */
    public?: boolean
    /** The lowest role that may open the page; lower roles see the role page instead. */
    minRole?: Role
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('../views/SignInView.vue'),
    meta: { title: 'Sign in', public: true },
  },
  {
    path: '/',
    component: () => import('../components/layout/AppShell.vue'),
    meta: { title: 'Hookline' },
    children: [
      { path: '', redirect: { name: 'overview' }, meta: { title: 'Overview' } },
      {
        path: 'overview',
        name: 'overview',
        component: () => import('../views/OverviewView.vue'),
        meta: { title: 'Overview', minRole: 'Manager' },
      },
      {
        path: 'apps',
        name: 'apps',
        component: () => import('../views/AppsView.vue'),
        meta: { title: 'Applications', minRole: 'Manager' },
      },
      {
        path: 'apps/new',
        name: 'app-new',
        component: () => import('../views/AppEditorView.vue'),
        meta: { title: 'New application', minRole: 'Manager' },
      },
      {
        path: 'apps/:appId',
        name: 'app-edit',
        component: () => import('../views/AppEditorView.vue'),
        props: true,
        meta: { title: 'Edit application', minRole: 'Manager' },
      },
      {
        // `/logs/:deliveryId` is one delivery's own address: the logs with
        // its drawer open (one route, so the page stays as it is around it).
        path: 'logs/:deliveryId?',
        name: 'logs',
        component: () => import('../views/LogsView.vue'),
        meta: { title: 'Delivery logs', minRole: 'Manager' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('../views/UsersView.vue'),
        meta: { title: 'Users', minRole: 'Administrator' },
      },
      {
        path: 'api-keys',
        name: 'api-keys',
        component: () => import('../views/ApiKeysView.vue'),
        meta: { title: 'API keys', minRole: 'Administrator' },
      },
      {
        // Every signed-in user, whatever their role: their own password.
        path: 'account',
        name: 'account',
        component: () => import('../views/AccountView.vue'),
        meta: { title: 'Your account' },
      },
      {
        path: 'role-required',
        name: 'role-required',
        component: () => import('../views/RoleRequiredView.vue'),
        props: (route) => ({ needed: route.query.needed, from: route.query.from }),
        meta: { title: 'Manager role required' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../views/NotFoundView.vue'),
        meta: { title: 'Page not found' },
      },
    ],
  },
]
