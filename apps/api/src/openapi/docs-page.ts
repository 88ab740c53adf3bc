import { apiReference } from '@scalar/express-api-reference'
import express, { type Router } from 'express'
import helmet from 'helmet'

const scalarCdn = 'https://cdn.jsdelivr.net'

/**
 * The rendered reference at /api/docs (Scalar). The page loads Scalar's
 * script from its CDN in the reader's browser, so this one route relaxes the
 * content security policy for that origin.
 */
export function docsRouter(specUrl: string): Router {
  const router = express.Router()
  router.get(
    '/api/docs',
    helmet.contentSecurityPolicy({
      directives: {
        'script-src': ["'self'", "'unsafe-inline'", scalarCdn],
        'style-src': ["'self'", "'unsafe-inline'", scalarCdn, 'https://fonts.googleapis.com'],
        'font-src': ["'self'", 'data:', scalarCdn, 'https://fonts.scalar.com', 'https://fonts.gstatic.com'],
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:', scalarCdn],
        'worker-src': ["'self'", 'blob:'],
      },
    }),
    apiReference({ url: specUrl, pageTitle: 'Hookline API reference' }),
  )
  return router
}
