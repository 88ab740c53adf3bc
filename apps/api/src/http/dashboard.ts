import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express, { type RequestHandler, type Router } from 'express'
import helmet from 'helmet'

/**
 * The built dashboard (`apps/dashboard/dist`), found from this file: the
 * same relative path works from `src/http/` (tsx, tests) and `dist/http/`.
 */
export const defaultDashboardDir = fileURLToPath(
  new URL('../../../dashboard/dist/', import.meta.url),
)

/** Paths the API owns: never answered with the dashboard's page. */
const apiPrefixes = ['/api/', '/healthz', '/readyz', '/metrics']

// The dashboard's own policy: scripts and data from this origin only. Naive
// UI injects its styles at run time, hence 'unsafe-inline' for styles;
// exports download through blob: URLs. No upgrade-insecure-requests: the
// start command serves plain http on localhost.
const dashboardPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  },
})

function isSpaRequest(path: string, method: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  if (apiPrefixes.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix)))
    return false
  // A missing file (/assets/x.js, /robots.txt) is a 404, not the app's page.
  return !/\.[a-z0-9]+$/i.test(path)
}

/**
 * Serves the dashboard next to the API, so one URL serves both: hashed
 * assets cached for a year, every other page path answered with index.html
 * for the client-side router. Undefined when the dashboard is not built.
 */
export function dashboardRouter(dir: string = defaultDashboardDir): Router | undefined {
  const indexFile = join(dir, 'index.html')
  if (!existsSync(indexFile)) return undefined
  const router = express.Router()
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
    }),
  )
  router.use(express.static(dir, { index: false, maxAge: 0 }))
  const spaFallback: RequestHandler = (request, response, next) => {
    // Page loads only: browsers navigating ask for text/html explicitly, while
    // API clients (Accept: */* or JSON) keep getting the 404 problem.
    if (
      !isSpaRequest(request.path, request.method) ||
      !(request.get('accept') ?? '').includes('text/html')
    ) {
      next()
      return
    }
    dashboardPolicy(request, response, () => {
      response.set('Cache-Control', 'no-cache')
      response.sendFile(indexFile, (error) => {
        if (error) next(error)
      })
    })
  }
  router.use(spaFallback)
  return router
}
