import vue from '@vitejs/plugin-vue'
import { defaultClientConditions, defineConfig } from 'vite'

// In development the dashboard runs on Vite (hot reload) and forwards API
// calls to the API process; in production the API serves the built files
// from dist/ on its own port, so the browser only ever talks to one origin.
const apiTarget = process.env.HOOKLINE_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '8080'}`

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // Workspace packages (core, dispatcher) are consumed from their TypeScript sources.
    conditions: ['@hookline/source', ...defaultClientConditions],
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Naive UI is one large library; it gets its own long-cached chunk.
    chunkSizeWarningLimit: 1200,
  },
})
