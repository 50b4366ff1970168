// What the E2E backend runs with, shared by playwright.config.ts (which starts it) and the journey's
// setup (which runs the CLI on the same database). No Playwright imports: the config loads it too.
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repoDir = resolve(frontendDir, '..')

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8765)

/** The OpenID provider (oidc-provider-mock) the backend's single sign-on points to, started beside it. */
export const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? E2E_PORT + 1)
export const E2E_SSO = {
  issuer: `http://127.0.0.1:${E2E_OIDC_PORT}`,
  clientId: 'mentormatch-e2e',
  organisation: 'Acme Corp',
}

export const E2E_BACKEND = {
  frontendDir,
  repoDir,
  mentormatch: join(repoDir, '.venv', 'bin', 'mentormatch'),
  oidcProvider: join(repoDir, '.venv', 'bin', 'oidc-provider-mock'),
  backendDir: join(repoDir, 'backend'),
  /** The embedded database's directory, one per port; emptied when the server starts, deleted when it stops. */
  dataDir: process.env.E2E_DATA_DIR ?? join(tmpdir(), `mentormatch-e2e-${E2E_PORT}`),
  secretKey: 'e2e-only-secret-key-not-for-production-use-0123456789',
}
