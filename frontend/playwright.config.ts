import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { E2E_BACKEND, E2E_OIDC_PORT, E2E_PORT, E2E_SSO } from './e2e/backend-env'

// The browser journeys run against the real backend (`mentormatch serve`, a fresh embedded
// PostgreSQL per run and the real embedding model) serving the built web app (frontend/dist).
const { frontendDir, repoDir, mentormatch, oidcProvider } = E2E_BACKEND
const chromium = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium'
const port = E2E_PORT
const baseURL = `http://127.0.0.1:${port}`

if (!existsSync(join(frontendDir, 'dist', 'index.html'))) {
  throw new Error('frontend/dist is missing: run `npm run build` first (or `npm run e2e`, which builds).')
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  // One backend is shared by every test, and the model embeds on a 2-core CPU: one at a time.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // A journey signs up several people, saves profiles (each embedded), waits for live updates and
  // signs one in through the identity provider; on a loaded 2-core machine that passed 6 minutes.
  timeout: 9 * 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        // Debian's chromium: Playwright never downloads a browser here.
        launchOptions: {
          executablePath: chromium,
          // No network on this machine: without these Chromium keeps dialling out and fills the log.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // The organisation's identity provider: a real OpenID provider (oidc-provider-mock) whose sign-in
      // form lets the journey choose who signs in. Its users live in memory: fresh every run.
      command: `${oidcProvider} --host 127.0.0.1 --port ${E2E_OIDC_PORT}`,
      url: `${E2E_SSO.issuer}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      command: `node e2e/serve-backend.mjs ${mentormatch} serve --host 127.0.0.1 --port ${port}`,
      cwd: frontendDir,
      url: `${baseURL}/readyz`,
      // Fresh database: initdb, every migration and loading the model take a while on 2 cores.
      timeout: 240_000,
      reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        // Serve this checkout's backend code, also when .venv was installed from another checkout.
        PYTHONPATH: [join(repoDir, 'backend'), process.env.PYTHONPATH].filter(Boolean).join(':'),
        // Always the fresh embedded database (serve-backend.mjs sets MENTORMATCH_DATA_DIR), never a
        // DATABASE_URL from the environment or a .env file.
        DATABASE_URL: '',
        MENTORMATCH_ENV: 'test',
        SECRET_KEY: E2E_BACKEND.secretKey,
        // The journey's setup runs `mentormatch create-admin` on this database (e2e/support.ts).
        E2E_DATA_DIR: E2E_BACKEND.dataDir,
        MENTORMATCH_COOKIE_SECURE: 'false',
        MENTORMATCH_FRONTEND_DIR: join(frontendDir, 'dist'),
        MENTORMATCH_PRUNE_INTERVAL_MINUTES: '0',
        MENTORMATCH_LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'WARNING',
        // Single sign-on through the provider above (plain HTTP is allowed outside production).
        MENTORMATCH_OIDC_ISSUER: E2E_SSO.issuer,
        MENTORMATCH_OIDC_CLIENT_ID: E2E_SSO.clientId,
        MENTORMATCH_OIDC_CLIENT_SECRET: 'e2e-only-client-secret',
        MENTORMATCH_OIDC_DISPLAY_NAME: E2E_SSO.organisation,
        MENTORMATCH_OIDC_ALLOWED_DOMAINS: 'e2e.mentormatch.example',
      },
    },
  ],
})
