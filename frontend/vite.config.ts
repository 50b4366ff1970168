/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { configDefaults } from 'vitest/config'
import react from '@vitejs/plugin-react'

// The backend (Litestar) listens here in development and serves dist/ at `/`
// in production, so API calls are always same-origin relative paths.
const backend = 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      // ws: the notificationReceived subscription runs over a WebSocket at the same path.
      '/graphql': { target: backend, ws: true },
      '/healthz': backend,
      '/readyz': backend,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    // e2e/ holds the Playwright journeys (npm run e2e), not Vitest tests.
    exclude: [...configDefaults.exclude, 'e2e/**'],
    // Room for the 5 s waits of src/testing/setup.ts.
    testTimeout: 15_000,
    restoreMocks: true,
    unstubGlobals: true,
  },
})
