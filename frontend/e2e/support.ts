import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { expect, request as playwrightRequest, type Locator, type Page } from '@playwright/test'
import { E2E_BACKEND, E2E_SSO } from './backend-env'

/** Where every screen's screenshots go (git-ignored). */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-screenshots')

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 375, height: 812 }

/** A password the API accepts (10+ characters, not easily guessed). */
export const PASSWORD = 'Lantern-quartz-41-orchard'

/** Emails unique to this run, so a spec also runs against a backend reused with E2E_REUSE_SERVER=1. */
const RUN = Date.now().toString(36)
export function emailFor(who: string): string {
  return `${who}.${RUN}@e2e.mentormatch.example`
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>
type AxeViolation = AxeResults['violations'][number]

/** One line per rule and one per offending element, so a failure reads without the report. */
function describeViolation(violation: AxeViolation): string {
  const nodes = violation.nodes.map((node) => {
    const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim()
    return `    at ${node.target.join(' ')}: ${summary}\n      ${node.html.slice(0, 200)}`
  })
  return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`
}

/** axe on what the page shows now: no violation of serious or critical impact. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    serious.map(describeViolation),
    `axe found ${serious.length} serious or critical violation(s) on "${screen}" (${page.url()})`,
  ).toEqual([])
}

/**
 * Checks a screen the way the journey leaves it: one h1, axe at desktop size and at 375 px wide,
 * and a screenshot of each (the full page, or the viewport while a dialog is open) (`e2e-screenshots/<name>-desktop.png`, `<name>-375.png`).
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const size = page.viewportSize() ?? DESKTOP
  // A modal covers the viewport only: a full-page picture would show the page below it uncovered.
  const fullPage = (await page.getByRole('dialog').count()) === 0
  await expect(page.getByRole('heading', { level: 1 }), `"${name}" has exactly one h1`).toHaveCount(1)
  await expectAccessible(page, `${name} (desktop)`)
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage })
  await page.setViewportSize(PHONE)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectAccessible(page, `${name} (375 px)`)
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-375.png`), fullPage })
  await page.setViewportSize(size)
}

/** The document title of a screen ("Requests · mentormatch"). */
export function title(screen: string | RegExp): RegExp {
  const name = typeof screen === 'string' ? screen.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : screen.source
  return new RegExp(`^${name} · mentormatch$`)
}

/** The notification bell in the header ("Notifications, 2 unread", or "Notifications" at 0). */
export function bell(page: Page, unread: number): Locator {
  return page.getByRole('link', { name: unread > 0 ? `Notifications, ${unread} unread` : 'Notifications', exact: true })
}

/** Follows a link of the main navigation by its exact name. */
export async function navigate(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click()
}

/** Picks an option by its visible text in a <select> (or a listbox-style picker) labelled `label`. */
export async function choose(scope: Page | Locator, label: string, option: string): Promise<void> {
  const field = scope.getByLabel(label, { exact: true })
  const tag = await field.evaluate((element) => element.tagName.toLowerCase())
  if (tag === 'select') {
    await field.selectOption({ label: option })
  } else {
    await field.click()
    await (('page' in scope ? scope.page() : scope) as Page).getByRole('option', { name: option, exact: true }).click()
  }
}

const API_REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { token user { id } errors { code message field } }
}`
const API_UPDATE_PROFILE = `mutation UpdateProfile($input: ProfileInput!) {
  updateMyProfile(input: $input) { profile { headline } errors { code message field } }
}`

export interface Participant {
  id: string
  email: string
  displayName: string
}

/**
 * Creates a participant with a profile straight through the GraphQL API (bearer token, no browser):
 * the people a journey needs around it but does not drive itself.
 */
export async function createParticipant(
  baseURL: string,
  person: { who: string; displayName: string; profile: Record<string, unknown> },
): Promise<Participant> {
  const api = await playwrightRequest.newContext({ baseURL })
  try {
    const email = emailFor(person.who)
    const call = async (query: string, variables: object, token?: string) => {
      const response = await api.post('/graphql', {
        data: { query, variables },
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      })
      expect(response.ok(), `POST /graphql answered ${response.status()}`).toBe(true)
      const body = await response.json()
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
      return body.data
    }
    const registered = (await call(API_REGISTER, { input: { email, password: PASSWORD, displayName: person.displayName } }))
      .register
    expect(registered.errors).toEqual([])
    const updated = (await call(API_UPDATE_PROFILE, { input: person.profile }, registered.token)).updateMyProfile
    expect(updated.errors).toEqual([])
    return { id: registered.user.id, email, displayName: person.displayName }
  } finally {
    await api.dispose()
  }
}

/**
 * Creates an admin the only way there is, the CLI (`mentormatch create-admin`), on the running
 * backend's embedded database (it attaches to the server already running there).
 */
export function createAdmin(person: { who: string; displayName: string }): Participant {
  const email = emailFor(person.who)
  execFileSync(E2E_BACKEND.mentormatch, ['create-admin', '--email', email, '--display-name', person.displayName], {
    input: `${PASSWORD}\n`,
    stdio: ['pipe', 'pipe', 'inherit'],
    timeout: 120_000,
    env: {
      ...process.env,
      PYTHONPATH: [E2E_BACKEND.backendDir, process.env.PYTHONPATH].filter(Boolean).join(':'),
      DATABASE_URL: '',
      MENTORMATCH_DATA_DIR: E2E_BACKEND.dataDir,
      MENTORMATCH_ENV: 'test',
      SECRET_KEY: E2E_BACKEND.secretKey,
      MENTORMATCH_LOG_LEVEL: 'WARNING',
    },
  })
  return { id: '', email, displayName: person.displayName }
}

/**
 * Gives a person an account at the organisation's identity provider (oidc-provider-mock's user
 * API): the claims its ID token will carry when they sign in there as `sub`.
 */
export async function createProviderUser(person: { who: string; displayName: string }): Promise<Participant & { sub: string }> {
  const email = emailFor(person.who)
  const sub = `staff-${email}`
  const api = await playwrightRequest.newContext({ baseURL: E2E_SSO.issuer })
  try {
    const response = await api.put(`/users/${encodeURIComponent(sub)}`, {
      data: { email, email_verified: true, name: person.displayName },
    })
    expect(response.status(), `PUT /users answered ${response.status()}`).toBe(204)
  } finally {
    await api.dispose()
  }
  return { id: '', email, displayName: person.displayName, sub }
}
