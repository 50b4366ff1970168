// Runs the real backend for one E2E run on a fresh embedded database, then deletes that database.
//
// Started by playwright.config.ts (webServer). Playwright stops it by sending SIGTERM to the whole
// process group, so `mentormatch serve` gets the signal itself and stops PostgreSQL cleanly; this
// script only waits for it to finish, then removes the data directory.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [mentormatch, ...serveArgs] = process.argv.slice(2)
if (!mentormatch) {
  console.error('usage: node e2e/serve-backend.mjs <path to mentormatch> serve [options]')
  process.exit(2)
}

// E2E_DATA_DIR (set by playwright.config.ts) lets the journey run the CLI (create-admin) against the
// same embedded database; it is emptied first, so every run starts fresh.
const dataDir = process.env.E2E_DATA_DIR || mkdtempSync(join(tmpdir(), 'mentormatch-e2e-'))
if (process.env.E2E_DATA_DIR) {
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
}
const server = spawn(mentormatch, serveArgs, {
  stdio: 'inherit',
  env: { ...process.env, MENTORMATCH_DATA_DIR: dataDir },
})

// The group's signal reaches the server too; forwarding it would interrupt its clean stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {})

function removeDataDir() {
  rmSync(dataDir, { recursive: true, force: true })
}

server.on('error', (error) => {
  console.error(`could not start ${mentormatch}: ${error.message}`)
  removeDataDir()
  process.exit(1)
})
server.on('exit', (code, signal) => {
  removeDataDir()
  process.exit(code ?? (signal ? 1 : 0))
})
