import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { E2E_SSO } from './backend-env'
import {
  bell,
  checkScreen,
  choose,
  createAdmin,
  createParticipant,
  createProviderUser,
  emailFor,
  navigate,
  PASSWORD,
  title,
  type Participant,
} from './support'

// The mentor teaches one thing; the mentee asks for it in words that share none of the mentor's:
// only the embeddings can bring them together.
const MENTOR = {
  who: 'mentor',
  displayName: 'Priya Raman',
  headline: 'Paid social lead',
  expertise: 'running TikTok and Instagram ad campaigns',
  skill: { name: 'Paid social', level: '5 · Expert' },
  contactNote: 'Slack @priya.raman, mornings are best',
}
const MENTEE = {
  who: 'mentee',
  displayName: 'Tom Becker',
  headline: 'Marketing associate',
  objective: "grow our brand's audience on short video apps",
  skill: { name: 'Paid social', level: '2 · Novice' },
}
// Around them, made through the API: a mentor for something else entirely (so "first" means
// something), and a second mentee whom the mentor invites.
const OTHER_MENTOR = {
  who: 'baker',
  displayName: 'Lena Fischer',
  profile: {
    canMentor: true,
    seeksMentoring: false,
    headline: 'Pastry chef',
    expertise: ['baking sourdough bread and French pastries'],
    acceptingRequests: true,
  },
}
const INVITED_MENTEE = {
  who: 'invited',
  displayName: 'Sam Okafor',
  profile: {
    canMentor: false,
    seeksMentoring: true,
    headline: 'Community manager',
    objectives: ['learn to plan paid social media advertising'],
  },
}

// A cohort for the admin to pair at the end: two mentees and two mentors (one free place each), each
// mentee's objective in other words than their mentor's expertise, far from everyone else's.
const COHORT_MENTORS = [
  {
    who: 'cohort-mentor-ops',
    displayName: 'Noor Haddad',
    profile: {
      canMentor: true,
      seeksMentoring: false,
      headline: 'Platform engineer',
      expertise: ['running Kubernetes clusters in production'],
      capacity: 1,
      acceptingRequests: true,
    },
  },
  {
    who: 'cohort-mentor-jazz',
    displayName: 'Kenji Sato',
    profile: {
      canMentor: true,
      seeksMentoring: false,
      headline: 'Jazz pianist',
      expertise: ['improvising jazz on the piano'],
      capacity: 1,
      acceptingRequests: true,
    },
  },
]
const COHORT_MENTEES = [
  {
    who: 'cohort-mentee-ops',
    displayName: 'Rosa Lindqvist',
    profile: {
      canMentor: false,
      seeksMentoring: true,
      headline: 'Backend developer',
      objectives: ['deploy our containers reliably to the cloud'],
    },
  },
  {
    who: 'cohort-mentee-jazz',
    displayName: 'Omar Farouk',
    profile: {
      canMentor: false,
      seeksMentoring: true,
      headline: 'Hobby musician',
      objectives: ['learn to play chords freely on keys in a jazz band'],
    },
  },
]

// A colleague who signs in with the organisation's account (single sign-on), never with a password.
const SSO_COLLEAGUE = { who: 'sso-colleague', displayName: 'Noor Haddad' }

// The admin who resolves a report at the end: made with the CLI, the only way to make one.
const ADMIN = { who: 'admin', displayName: 'Ada Admin' }
const REPORT_REASON = 'Their profile advertises a paid course instead of asking for mentoring.'

// A search no mentor of the journey teaches, far from everything: the results are only the closest.
const NOBODY_TEACHES = 'restore antique church organs'

// Uncaught exceptions in any page of the journey (a blank screen's usual cause), checked at the end.
const pageErrors: string[] = []
const cspViolations: string[] = []

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`))
  // The backend sends its production Content-Security-Policy (MENTORMATCH_ENV=test is hardened like
  // production): anything the policy blocks is reported on the console, and fails the journey.
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(`${page.url()}: ${message.text()}`)
  })
  return page
}

/** Signs up through the Sign up screen; a newcomer lands on My profile. */
async function signUp(page: Page, person: { who: string; displayName: string }, screenshot?: string) {
  await page.goto('/signup')
  await expect(page).toHaveTitle(title('Sign up'))
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible()
  await page.getByLabel('Display name', { exact: true }).fill(person.displayName)
  await page.getByLabel('Email', { exact: true }).fill(emailFor(person.who))
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  if (screenshot) await checkScreen(page, screenshot)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/profile$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
}

async function saveProfile(page: Page) {
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible()
}

/** Adds a skill with its level through the skills editor. */
async function addSkill(page: Page, skill: { name: string; level: string }) {
  await page.getByLabel('Skill name', { exact: true }).fill(skill.name)
  await choose(page, 'Skill level', skill.level)
  await page.getByRole('button', { name: 'Add skill', exact: true }).click()
}

/**
 * A result explains itself: how strong a match it is in words, the objective (or search text) next to
 * the expertise item it met, with how strongly and how similar, the shared skill with both levels, and
 * the score's components as bars.
 */
async function expectExplained(card: Locator, objective: string, expertise: string) {
  await expect(card.getByText(/^(Strong|Good|Partial) match$/)).toBeVisible()
  const pair = card.getByRole('listitem').filter({ hasText: objective }).filter({ hasText: expertise })
  await expect(pair).toHaveCount(1)
  await expect(pair).toContainText(/(Strong|Good|Partial) fit/)
  await expect(pair).toContainText(/\d+% similar/)
  await expect(card.getByRole('listitem').filter({ hasText: MENTOR.skill.name })).toContainText(/their level 5, yours 2/)
  await expect(card.getByRole('meter', { name: /^Semantic \d+%$/ })).toBeVisible()
  await expect(card.getByText(/weight \d+%/).first()).toBeVisible()
}

/** Adds one item to a list editor ("Expertise" / "Learning objectives") through its "New ..." input. */
async function addListItem(page: Page, newItemLabel: string, text: string) {
  const input = page.getByLabel(newItemLabel, { exact: true })
  await input.fill(text)
  // The editor's own Add button: the one right after its "New ..." input.
  await input.locator('xpath=following::button[normalize-space()="Add"][1]').click()
}

test('a mentee finds a mentor by meaning, requests, both follow it live and check in, a poor fit is re-matched; a mentor invites; a report gets a participant suspended; an admin pairs a cohort', async ({
  browser,
  baseURL,
}) => {
  let invited: Participant
  let admin: Participant
  let cohortMentor: Participant
  await test.step('people around the journey exist (through the API, and an admin through the CLI)', async () => {
    await createParticipant(baseURL!, OTHER_MENTOR)
    invited = await createParticipant(baseURL!, INVITED_MENTEE)
    for (const person of [...COHORT_MENTORS, ...COHORT_MENTEES]) {
      const made = await createParticipant(baseURL!, person)
      if (person === COHORT_MENTORS[0]) cohortMentor = made
    }
    admin = createAdmin(ADMIN)
  })

  await test.step('a colleague signs in with the organisation’s account through its identity provider, and can leave without a password', async () => {
    const colleague = await createProviderUser(SSO_COLLEAGUE)
    const page = await newPage(browser)
    await page.goto('/mentorships')
    await expect(page).toHaveURL(/\/signin\?next=%2Fmentorships$/)
    await page.getByRole('link', { name: `Sign in with ${E2E_SSO.organisation}` }).click()
    // The provider's own sign-in form, on its own origin.
    await expect(page).toHaveURL(new RegExp(`^${E2E_SSO.issuer}/oauth2/authorize\\?`))
    await page.getByPlaceholder('sub').fill(colleague.sub)
    await page.getByRole('button', { name: 'Authorize' }).click()
    // Back in the web app, signed in (a new account, made from the provider's claims), where they were going.
    await expect(page).toHaveURL(/\/mentorships$/)
    await expect(page).toHaveTitle(title('Mentorships'))
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
    const who = page.getByRole('banner').getByText(colleague.displayName, { exact: true })
    await expect(who).toHaveAttribute('title', colleague.email)

    // No password to re-enter: the sign-in just made confirms it is them.
    await navigate(page, 'My profile')
    await page.getByRole('button', { name: 'Delete my account', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete your account' })
    await expect(dialog.getByText(/no password to enter/)).toBeVisible()
    await expect(dialog.getByLabel('Password')).toHaveCount(0)
    await dialog.getByLabel('I understand this cannot be undone.').check()
    await dialog.getByRole('button', { name: 'Delete my account for good' }).click()
    await expect(page).toHaveURL(/\/signin$/)
    await expect(page.getByText('Your account is deleted. Thank you for taking part.')).toBeVisible()
    await page.context().close()
  })

  const mentor = await newPage(browser)
  const mentee = await newPage(browser)

  await test.step('the mentor signs up and describes what they can teach', async () => {
    await signUp(mentor, MENTOR, '01-sign-up')
    await expect(mentor).toHaveTitle(title('My profile'))
    await mentor.getByLabel('I can mentor', { exact: true }).check()
    await mentor.getByLabel('I want a mentor', { exact: true }).uncheck()
    await mentor.getByLabel('Headline', { exact: true }).fill(MENTOR.headline)
    await addListItem(mentor, 'New expertise item', MENTOR.expertise)
    await expect(mentor.getByLabel('Expertise item 1', { exact: true })).toHaveValue(MENTOR.expertise)
    await addSkill(mentor, MENTOR.skill)
    await mentor.getByLabel('Accepting requests', { exact: true }).check()
    await mentor.getByLabel('Contact note', { exact: true }).fill(MENTOR.contactNote)
    await checkScreen(mentor, '02-profile')
    await saveProfile(mentor)
    // Only a mentor is offered Find a mentee.
    await expect(mentor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find a mentee' })).toBeVisible()
  })

  await test.step('the mentee signs up; a learning objective too long is refused next to it', async () => {
    await signUp(mentee, MENTEE)
    await mentee.getByLabel('I can mentor', { exact: true }).uncheck()
    await mentee.getByLabel('I want a mentor', { exact: true }).check()
    await mentee.getByLabel('Headline', { exact: true }).fill(MENTEE.headline)
    await addListItem(mentee, 'New learning objective', MENTEE.objective)
    await addSkill(mentee, MENTEE.skill)
    const tooLong = 'Learn everything about short video '.repeat(9).slice(0, 301)
    await addListItem(mentee, 'New learning objective', tooLong)
    const second = mentee.getByLabel('Learning objective 2', { exact: true })
    await expect(second).toHaveValue(tooLong)
    await mentee.getByRole('button', { name: 'Save profile' }).click()

    // The API's own words, next to the item it names (objectives[1]), and nothing else lost.
    await expect(second).toHaveAttribute('aria-invalid', 'true')
    await expect(second).toHaveAccessibleDescription(/Must be at most 300 characters \(got 301\)/)
    await expect(mentee.getByText(/Must be at most 300 characters \(got 301\)/)).toBeVisible()
    await expect(mentee.getByLabel('Learning objective 1', { exact: true })).toHaveValue(MENTEE.objective)
    await expect(mentee.getByLabel('Learning objective 1', { exact: true })).not.toHaveAttribute('aria-invalid', 'true')
    await expect(mentee.getByLabel('Headline', { exact: true })).toHaveValue(MENTEE.headline)
    await expect(mentee.getByLabel('I want a mentor', { exact: true })).toBeChecked()
    await checkScreen(mentee, '03-profile-field-error')

    await mentee.getByRole('button', { name: 'Remove Learning objective 2' }).click()
    await expect(mentee.getByLabel('Learning objective 2', { exact: true })).toHaveCount(0)
    await saveProfile(mentee)
    await expect(mentee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find a mentee' })).toHaveCount(0)
  })

  const mentorCard = () =>
    mentee
      .getByRole('list', { name: 'Mentors' })
      .getByRole('article')
      .filter({ has: mentee.getByRole('heading', { name: MENTOR.displayName }) })

  await test.step('Find a mentor recommends that mentor first for my objective, and says why', async () => {
    await navigate(mentee, 'Find a mentor')
    await expect(mentee).toHaveURL(/\/mentors$/)
    await expect(mentee).toHaveTitle(title('Find a mentor'))
    await expect(mentee.getByRole('heading', { level: 1, name: 'Find a mentor' })).toBeVisible()
    await expect(mentee.getByText(/Ranked by your 1 learning objective\b/)).toBeVisible()
    const results = mentee.getByRole('list', { name: 'Mentors' })
    await expect(results.getByRole('article').first().getByRole('heading', { name: MENTOR.displayName })).toBeVisible()
    await expectExplained(mentorCard(), MENTEE.objective, MENTOR.expertise)
    await checkScreen(mentee, '04-find-a-mentor')
  })

  await test.step('a search no mentor teaches says so above the closest mentors, with where to change it', async () => {
    await mentee.getByLabel('What do you want to learn?', { exact: true }).fill(NOBODY_TEACHES)
    await mentee.getByRole('button', { name: 'Search', exact: true }).click()
    await expect(mentee.getByText(`Results for “${NOBODY_TEACHES}”`)).toBeVisible()
    const notice = mentee.getByRole('region', { name: 'No mentor covers this yet' })
    await expect(notice).toContainText(`covers “${NOBODY_TEACHES}” yet`)
    await expect(notice).toContainText('The mentors below are only the closest, for browsing.')
    await expect(notice).toContainText('Try describing it in other words')
    await expect(notice.getByRole('link', { name: 'edit your learning objectives' })).toHaveAttribute('href', '/profile')
    // The closest are still there to browse: each a weak match in words, with no evidence shown.
    const card = mentorCard()
    await expect(card.getByText('Weak match', { exact: true })).toBeVisible()
    await expect(card.getByRole('list', { name: 'Your search and their expertise' })).toHaveCount(0)
    await expect(card.getByRole('list', { name: 'Doesn’t cover your search' })).toContainText(NOBODY_TEACHES)
    await checkScreen(mentee, '04b-find-a-mentor-nobody-covers')
  })

  await test.step('a free-text search for the objective finds that mentor first, explained', async () => {
    await mentee.getByLabel('What do you want to learn?', { exact: true }).fill(MENTEE.objective)
    await mentee.getByRole('button', { name: 'Search', exact: true }).click()
    await expect(mentee).toHaveURL(/[?&]q=/)
    await expect(mentee.getByText(/Results for “grow our brand's audience on short video apps”/)).toBeVisible()
    const results = mentee.getByRole('list', { name: 'Mentors' })
    const first = results.getByRole('article').first()
    await expect(first.getByRole('heading', { name: MENTOR.displayName })).toBeVisible()
    // Here the search text stands where the objective stood.
    await expectExplained(first, MENTEE.objective, MENTOR.expertise)
    await expect(first.getByRole('button', { name: `Request ${MENTOR.displayName}`, exact: true })).toBeVisible()
    // The baker is ranked, but below.
    await expect(results.getByRole('heading', { name: OTHER_MENTOR.displayName })).toHaveCount(1)
    await checkScreen(mentee, '05-find-a-mentor-search')
  })

  await test.step("the mentor's page shows the whole profile", async () => {
    await mentorCard().getByRole('link', { name: MENTOR.displayName }).click()
    await expect(mentee).toHaveURL(/\/mentors\/[^/?]+$/)
    await expect(mentee.getByRole('heading', { level: 1, name: MENTOR.displayName })).toBeVisible()
    await expect(mentee.getByText(MENTOR.headline)).toBeVisible()
    await expect(mentee.getByText(MENTOR.expertise)).toBeVisible()
    await expect(mentee).toHaveTitle(title(MENTOR.displayName))
    // Their record as a mentor: no mentee has rated them yet, and responsiveness in the API's words.
    const mentoring = mentee.locator('section').filter({ has: mentee.getByRole('heading', { level: 2, name: 'Mentoring' }) })
    await expect(mentoring.getByText('Not enough ratings yet')).toBeVisible()
    const responsiveness = mentoring.locator('dt', { hasText: /^Responsiveness$/ }).locator('xpath=following-sibling::dd[1]')
    await expect(responsiveness).toHaveText('No requests to answer yet')
    await checkScreen(mentee, '06-mentor-page')
    await mentee.goBack()
    await expect(mentee.getByText(/Results for “/)).toBeVisible()
  })

  await test.step('the mentee requests that mentor with a message about the objective', async () => {
    // By keyboard: Enter opens the dialog with focus inside, Escape closes it and focus comes back.
    const requestButton = mentorCard().getByRole('button', { name: `Request ${MENTOR.displayName}`, exact: true })
    await requestButton.focus()
    await mentee.keyboard.press('Enter')
    const dialog = mentee.getByRole('dialog', { name: `Request ${MENTOR.displayName} as your mentor` })
    await expect(dialog).toBeVisible()
    await expect
      .poll(() => mentee.evaluate(() => document.activeElement?.closest('[role="dialog"]') != null), {
        message: 'focus moves into the dialog',
      })
      .toBe(true)
    await mentee.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    await expect(requestButton).toBeFocused()
    await mentee.keyboard.press('Enter')
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('Message', { exact: true }).fill('Hi Priya, I would love to learn how you run short video campaigns.')
    await expect(dialog.getByText('Which of your objectives is this about?')).toBeVisible()
    await dialog.getByRole('checkbox', { name: MENTEE.objective }).check()
    await checkScreen(mentee, '07-request-dialog')
    await dialog.getByRole('button', { name: 'Send request', exact: true }).click()
    await expect(mentee.getByText(`Request sent to ${MENTOR.displayName}.`)).toBeVisible()
  })

  await test.step("the mentor's bell shows it without a reload; Requests is a deep link", async () => {
    await expect(bell(mentor, 1)).toBeVisible()
    await navigate(mentor, 'Requests')
    await expect(mentor).toHaveURL(/\/requests(\?box=incoming)?$/)
    await expect(mentor).toHaveTitle(title('Requests'))
    await mentor.reload()
    await expect(mentor).toHaveURL(/\/requests(\?box=incoming)?$/)
    await expect(mentor.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible()
    // From the keyboard, the first stop is the skip link, which lands in the screen's content.
    await mentor.keyboard.press('Tab')
    await expect(mentor.getByRole('link', { name: 'Skip to content' })).toBeFocused()
    await mentor.keyboard.press('Enter')
    await expect(mentor.getByRole('main')).toBeFocused()
    const request = mentor.getByRole('article').filter({ hasText: MENTEE.displayName })
    await expect(request).toHaveCount(1)
    await expect(request.getByText('Pending', { exact: true })).toBeVisible()
    await expect(request.getByText(/Expires in \d+ days?/)).toBeVisible()
    await expect(request.getByText(/short video campaigns/)).toBeVisible()
    await checkScreen(mentor, '08-requests-incoming')
  })

  await test.step('the mentor accepts; the mentee hears of it without a reload', async () => {
    const request = mentor.getByRole('article').filter({ hasText: MENTEE.displayName })
    await request.getByRole('button', { name: 'Accept' }).click()
    await expect(request.getByText('Accepted', { exact: true })).toBeVisible()
    await expect(request.getByRole('button', { name: 'Accept' })).toHaveCount(0)

    await expect(bell(mentee, 1)).toBeVisible()
  })

  await test.step('the mentee sees the request accepted in Outgoing, saying when', async () => {
    await navigate(mentee, 'Requests')
    await mentee.getByRole('link', { name: 'Outgoing', exact: true }).click()
    await expect(mentee).toHaveURL(/\/requests\?box=outgoing$/)
    await expect(mentee.getByRole('link', { name: 'Outgoing', exact: true })).toHaveAttribute('aria-current', 'page')
    const request = mentee.getByRole('article').filter({ hasText: MENTOR.displayName })
    await expect(request.getByText('Accepted', { exact: true })).toBeVisible()
    await expect(request.getByRole('button', { name: 'Withdraw' })).toHaveCount(0)
    await checkScreen(mentee, '09-requests-outgoing')
  })

  await test.step('the mentee reads the notification, marks it read, and it leads to the mentorship', async () => {
    await bell(mentee, 1).click()
    await expect(mentee).toHaveURL(/\/notifications$/)
    await expect(mentee).toHaveTitle(title('Notifications'))
    await expect(mentee.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible()
    await expect(mentee.getByRole('button', { name: /^Mark read: / })).toHaveCount(1)
    await checkScreen(mentee, '10-notifications')
    await mentee.getByRole('button', { name: 'Mark all read' }).click()
    await expect(bell(mentee, 0)).toBeVisible()
    await expect(mentee.getByRole('button', { name: /^Mark read: / })).toHaveCount(0)
    await mentee.getByRole('main').getByRole('link').filter({ hasText: MENTOR.displayName }).first().click()
    await expect(mentee).toHaveURL(/\/mentorships\/[^/?#]+$/)
  })

  await test.step('both see the mentorship, with each other’s email (and the mentor’s contact note) while active', async () => {
    // The notification leads to the mentorship's own page.
    await expect(mentee).toHaveTitle(title(`Mentorship with ${MENTOR.displayName}`))
    await expect(mentee.getByRole('heading', { level: 1, name: `Mentorship with ${MENTOR.displayName}` })).toBeVisible()
    const details = mentee.getByRole('region', { name: 'Details' })
    await expect(mentee.getByText('Your mentor', { exact: true })).toBeVisible()
    await expect(details.getByText(emailFor(MENTOR.who))).toBeVisible()
    await expect(details.getByText(MENTOR.contactNote)).toBeVisible()
    await expect(details.getByText(MENTEE.objective)).toBeVisible()

    await navigate(mentee, 'Mentorships')
    await expect(mentee).toHaveTitle(title('Mentorships'))
    const active = mentee.getByRole('region', { name: 'Active' })
    const withMentor = active.getByRole('article').filter({ hasText: MENTOR.displayName })
    await expect(withMentor.getByText('Your mentor')).toBeVisible()
    await expect(withMentor.getByText(emailFor(MENTOR.who))).toBeVisible()
    await expect(withMentor.getByText(MENTOR.contactNote)).toBeVisible()
    await checkScreen(mentee, '11-mentorships')

    await navigate(mentor, 'Mentorships')
    const withMentee = mentor.getByRole('region', { name: 'Active' }).getByRole('article').filter({ hasText: MENTEE.displayName })
    await expect(withMentee.getByText('You mentor')).toBeVisible()
    await expect(withMentee.getByText(emailFor(MENTEE.who))).toBeVisible()
  })

  await test.step('the mentor opens the mentorship, logs a session and checks in: a good fit', async () => {
    const withMentee = mentor.getByRole('region', { name: 'Active' }).getByRole('article').filter({ hasText: MENTEE.displayName })
    await withMentee.getByRole('link', { name: `Open your mentorship with ${MENTEE.displayName}`, exact: true }).click()
    await expect(mentor).toHaveURL(/\/mentorships\/[^/?#]+$/)
    await expect(mentor).toHaveTitle(title(`Mentorship with ${MENTEE.displayName}`))

    const sessions = mentor.getByRole('region', { name: 'Sessions' })
    await expect(sessions.getByText('No sessions logged yet.')).toBeVisible()
    const logForm = sessions.getByRole('form', { name: 'Log a session' })
    await logForm.getByLabel('Minutes', { exact: true }).fill('45')
    await logForm.getByLabel('Note', { exact: true }).fill('Walked through a first short-video campaign brief.')
    await logForm.getByRole('button', { name: 'Log session', exact: true }).click()
    await expect(logForm.getByRole('status')).toHaveText(/^Session of 45 min on .+ logged\.$/)
    await expect(sessions.getByText('1 session, 45 min in all.')).toBeVisible()
    await expect(sessions.getByRole('list', { name: 'Sessions' })).toContainText('first short-video campaign brief')

    const checkIns = mentor.getByRole('region', { name: 'Check-ins' })
    await expect(checkIns).toContainText(`${MENTEE.displayName} never does`)
    const form = checkIns.getByRole('form', { name: 'Check-in' })
    await form.getByRole('radiogroup', { name: 'How is it going?' }).getByLabel('4 Very good', { exact: true }).check()
    await form.getByRole('radiogroup', { name: `Is ${MENTEE.displayName} a good fit for you?` }).getByLabel('Yes', { exact: true }).check()
    await form.getByLabel(MENTEE.objective, { exact: true }).fill('20')
    await form.getByLabel('Comment', { exact: true }).fill('Tom asks sharp questions; a promising start.')
    await checkScreen(mentor, '11b-check-in-form')
    await form.getByRole('button', { name: 'Submit check-in', exact: true }).click()
    await expect(checkIns.getByText('Your check-in is saved. Thank you.')).toBeVisible()
    // Given: no form until the next one is due, and it is in my history.
    await expect(checkIns.getByRole('form', { name: 'Check-in' })).toHaveCount(0)
    await expect(checkIns.getByText(/^Your next check-in is due on .+\.$/)).toBeVisible()
    const history = checkIns.getByRole('list', { name: 'Your check-ins' })
    await expect(history).toContainText('4 / 5, Very good')
    await expect(history).toContainText(`${MENTEE.objective}: 20%`)
    await checkScreen(mentor, '11c-mentorship-page')
  })

  await test.step('the mentee checks in: not a good fit; only their own check-in is shown, and a re-match is offered', async () => {
    await mentee
      .getByRole('region', { name: 'Active' })
      .getByRole('article')
      .filter({ hasText: MENTOR.displayName })
      .getByRole('link', { name: `Open your mentorship with ${MENTOR.displayName}`, exact: true })
      .click()
    await expect(mentee).toHaveTitle(title(`Mentorship with ${MENTOR.displayName}`))
    // What the mentor logged, both see; what the mentor said in a check-in, the mentee never does.
    const sessions = mentee.getByRole('region', { name: 'Sessions' })
    await expect(sessions.getByText('1 session, 45 min in all.')).toBeVisible()
    await expect(sessions.getByText(`logged by ${MENTOR.displayName}`)).toBeVisible()
    const checkIns = mentee.getByRole('region', { name: 'Check-ins' })
    await expect(checkIns.getByText('You have not given a check-in on this mentorship yet.')).toBeVisible()
    await expect(mentee.getByText(/a promising start/)).toHaveCount(0)
    await expect(mentee.getByRole('region', { name: 'Not a good fit?' })).toHaveCount(0)

    const form = checkIns.getByRole('form', { name: 'Check-in' })
    await form.getByRole('radiogroup', { name: 'How is it going?' }).getByLabel('2 Fair', { exact: true }).check()
    await form.getByRole('radiogroup', { name: `Is ${MENTOR.displayName} a good fit for you?` }).getByLabel('No', { exact: true }).check()
    await form.getByLabel('Comment', { exact: true }).fill('We never find a time that suits us both.')
    await form.getByRole('button', { name: 'Submit check-in', exact: true }).click()
    await expect(checkIns.getByText('Your check-in is saved. Thank you.')).toBeVisible()
    const history = checkIns.getByRole('list', { name: 'Your check-ins' })
    await expect(history).toContainText('2 / 5, Fair')
    await expect(history).toContainText('Good fitNo')
    await expect(history).not.toContainText('Very good')

    const offer = mentee.getByRole('region', { name: 'Not a good fit?' })
    await expect(offer).toContainText('You can end this mentorship and get fresh recommendations.')
    // The offer also comes as a notification, live.
    await expect(bell(mentee, 1)).toBeVisible()
    await checkScreen(mentee, '11d-rematch-offer')
  })

  await test.step('the mentee takes the re-match: ends it as not a fit, and that mentor is gone from the recommendations', async () => {
    const offer = mentee.getByRole('region', { name: 'Not a good fit?' })
    await offer.getByRole('button', { name: 'End it and find a new mentor', exact: true }).click()
    const dialog = mentee.getByRole('dialog', { name: `End your mentorship with ${MENTOR.displayName} as not a fit` })
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('Reason', { exact: true }).fill('Our schedules never meet.')
    await checkScreen(mentee, '12-rematch-dialog')
    await dialog.getByRole('button', { name: 'End mentorship', exact: true }).click()

    await expect(mentee).toHaveURL(/\/mentors$/)
    await expect(mentee).toHaveTitle(title('Find a mentor'))
    const results = mentee.getByRole('list', { name: 'Mentors' })
    // The fresh list has come (the other mentor is in it) and the mentor who was not a fit is not.
    await expect(results.getByRole('heading', { name: OTHER_MENTOR.displayName })).toHaveCount(1)
    await expect(results.getByRole('heading', { name: MENTOR.displayName })).toHaveCount(0)
    await checkScreen(mentee, '12b-fresh-recommendations')
  })

  await test.step('it moves to Past for both, as "Not a fit", emails gone', async () => {
    await navigate(mentee, 'Mentorships')
    const past = mentee.getByRole('region', { name: 'Past' }).getByRole('article').filter({ hasText: MENTOR.displayName })
    await expect(past).toBeVisible()
    await expect(past).toContainText('OutcomeNot a fit')
    await expect(past.getByText(emailFor(MENTOR.who))).toHaveCount(0)
    await expect(past.getByText(MENTOR.contactNote)).toHaveCount(0)
    await expect(mentee.getByRole('region', { name: 'Active' }).getByRole('article')).toHaveCount(0)

    await navigate(mentor, 'Mentorships')
    const mentorPast = mentor.getByRole('region', { name: 'Past' }).getByRole('article').filter({ hasText: MENTEE.displayName })
    await expect(mentorPast).toBeVisible()
    await expect(mentorPast).toContainText('OutcomeNot a fit')
    await expect(mentorPast.getByText(emailFor(MENTEE.who))).toHaveCount(0)
    // Both are asked for a final check-in: the mentor gives it on the page.
    await expect(mentorPast.getByText('Final check-in due', { exact: true })).toBeVisible()
    await mentorPast.getByRole('link', { name: `Open your mentorship with ${MENTEE.displayName}`, exact: true }).click()
    await expect(mentor.getByRole('region', { name: 'Your final check-in is due' })).toBeVisible()
    const checkIns = mentor.getByRole('region', { name: 'Check-ins' })
    const form = checkIns.getByRole('form', { name: 'Final check-in' })
    await form.getByRole('radiogroup', { name: 'Overall, how did it go?' }).getByLabel('3 Good', { exact: true }).check()
    await form.getByRole('radiogroup', { name: `Is ${MENTEE.displayName} a good fit for you?` }).getByLabel('No', { exact: true }).check()
    await form.getByRole('button', { name: 'Submit final check-in', exact: true }).click()
    await expect(checkIns.getByText('Your final check-in is saved. Thank you.')).toBeVisible()
    await expect(checkIns.getByText(/^You gave your final check-in on .+\.$/)).toBeVisible()
    const history = checkIns.getByRole('list', { name: 'Your check-ins' })
    await expect(history.getByRole('listitem').filter({ hasText: 'Final' })).toContainText('3 / 5, Good')
    await expect(mentor.getByRole('region', { name: 'Your final check-in is due' })).toHaveCount(0)
    await checkScreen(mentor, '12c-final-check-in')
  })

  await test.step('the mentor finds a mentee and invites them', async () => {
    await navigate(mentor, 'Find a mentee')
    await expect(mentor).toHaveURL(/\/mentees$/)
    await expect(mentor).toHaveTitle(title('Find a mentee'))
    await expect(mentor.getByRole('heading', { level: 1, name: 'Find a mentee' })).toBeVisible()
    await mentor.getByLabel('Who do you want to help?', { exact: true }).fill('people new to social media advertising')
    await mentor.getByRole('button', { name: 'Search', exact: true }).click()
    const card = mentor
      .getByRole('list', { name: 'Mentees' })
      .getByRole('article')
      .filter({ has: mentor.getByRole('heading', { name: invited.displayName }) })
    await expect(card).toHaveCount(1)
    await checkScreen(mentor, '13-find-a-mentee')
    await card.getByRole('button', { name: `Invite ${invited.displayName}`, exact: true }).click()
    const dialog = mentor.getByRole('dialog', { name: `Invite ${invited.displayName} to be your mentee` })
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('Message', { exact: true }).fill('Happy to help you plan your first paid campaigns.')
    await checkScreen(mentor, '14-invite-dialog')
    await dialog.getByRole('button', { name: 'Send invitation', exact: true }).click()
    await expect(mentor.getByText(new RegExp(`Invitation sent to ${invited.displayName}`))).toBeVisible()
  })

  let other: Page
  await test.step('the invited mentee signs in and finds the invitation waiting', async () => {
    other = await newPage(browser)
    await other.goto('/requests')
    await expect(other).toHaveURL(/\/signin\?next=%2Frequests$/)
    await expect(other).toHaveTitle(title('Sign in'))
    await expect(other.getByRole('link', { name: 'Create an account' })).toBeVisible()
    await other.getByLabel('Email', { exact: true }).fill(invited.email)
    await other.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await checkScreen(other, '00-sign-in')
    await other.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(other).toHaveURL(/\/requests$/)
    await expect(bell(other, 1)).toBeVisible()
    const invitation = other.getByRole('article').filter({ hasText: MENTOR.displayName })
    await expect(invitation.getByText('Pending', { exact: true })).toBeVisible()
    await expect(invitation.getByText(/first paid campaigns/)).toBeVisible()
    await expect(invitation.getByRole('button', { name: 'Accept' })).toBeVisible()
  })

  await test.step('the mentor signs out', async () => {
    await mentor.getByRole('button', { name: 'Sign out' }).click()
    await expect(mentor).toHaveURL(/\/signin/)
    await mentor.goto('/mentorships')
    await expect(mentor).toHaveURL(/\/signin\?next=%2Fmentorships$/)
  })

  await test.step('the signed-out mentor asks for a password reset link by email; the answer never tells', async () => {
    await mentor.goto('/signin')
    await mentor.getByRole('link', { name: 'Forgot your password?' }).click()
    await expect(mentor).toHaveURL(/\/forgot-password$/)
    await mentor.getByLabel('Email', { exact: true }).fill(emailFor(MENTOR.who))
    await checkScreen(mentor, '14b-forgot-password')
    await mentor.getByRole('button', { name: 'Email me a link' }).click()
    await expect(mentor.getByRole('status').filter({ hasText: `If an account has the address ${emailFor(MENTOR.who)}` })).toBeVisible()
  })

  await test.step('the mentee chooses a daily digest for check-in reminders in Email settings', async () => {
    await mentee.getByRole('link', { name: 'Email settings' }).click()
    await expect(mentee.getByRole('heading', { level: 1, name: 'Email' })).toBeVisible()
    const choice = mentee.getByLabel('A check-in is due', { exact: true })
    await expect(choice).toHaveValue('IMMEDIATELY')
    await choice.selectOption('DAILY_DIGEST')
    await checkScreen(mentee, '14c-email-settings')
    await mentee.getByRole('button', { name: 'Save' }).click()
    await expect(mentee.getByRole('status').filter({ hasText: 'Your email choices are saved.' })).toBeVisible()
    await mentee.reload()
    await expect(mentee.getByLabel('A check-in is due', { exact: true })).toHaveValue('DAILY_DIGEST')
  })

  await test.step('a participant reports a profile, with a reason', async () => {
    await mentee.goto(`/mentees/${invited.id}`)
    await expect(mentee.getByRole('heading', { level: 1, name: invited.displayName })).toBeVisible()
    await mentee.getByRole('button', { name: `Report ${invited.displayName}`, exact: true }).click()
    const dialog = mentee.getByRole('dialog', { name: `Report ${invited.displayName}` })
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('What is wrong?', { exact: true }).fill(REPORT_REASON)
    await checkScreen(mentee, '15-report-dialog')
    await dialog.getByRole('button', { name: 'Send report', exact: true }).click()
    await expect(mentee.getByText(`Thank you: your report about ${invited.displayName} was sent to the programme’s admins.`)).toBeVisible()
    await expect(dialog).toHaveCount(0)
  })

  const adminPage = await newPage(browser)
  await test.step('an admin finds the report in the queue and resolves it by suspending that participant', async () => {
    await adminPage.goto('/signin')
    await adminPage.getByLabel('Email', { exact: true }).fill(admin.email)
    await adminPage.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await adminPage.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(adminPage.getByRole('heading', { level: 1, name: 'Find a mentor' })).toBeVisible()
    await navigate(adminPage, 'Admin')
    await expect(adminPage).toHaveURL(/\/admin\/users$/)
    await expect(adminPage).toHaveTitle(title('Users · Admin'))
    await expect(adminPage.getByRole('list', { name: 'Participants' }).getByRole('link', { name: invited.displayName })).toBeVisible()
    await checkScreen(adminPage, '16-admin-users')

    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Reports', exact: true }).click()
    await expect(adminPage).toHaveTitle(title('Reports · Admin'))
    const report = adminPage.getByRole('article', { name: `A profile reported by ${MENTEE.displayName}` })
    await expect(report).toContainText(REPORT_REASON)
    await expect(report.getByRole('link', { name: invited.displayName })).toBeVisible()
    await checkScreen(adminPage, '17-admin-reports')
    await report.getByRole('button', { name: `Resolve: A profile reported by ${MENTEE.displayName}`, exact: true }).click()
    const dialog = adminPage.getByRole('dialog', { name: 'Resolve report' })
    await dialog.getByLabel(`Suspend ${invited.displayName}`, { exact: true }).check()
    await dialog.getByLabel('Note', { exact: true }).fill('Second warning ignored.')
    await checkScreen(adminPage, '18-resolve-report')
    await dialog.getByRole('button', { name: 'Resolve report', exact: true }).click()
    await expect(adminPage.getByRole('status').filter({ hasText: 'Report resolved: suspend the participant.' })).toBeVisible()
  })

  await test.step("the suspended participant's open page is signed out at once, and signing in again is refused", async () => {
    // Their page was on Requests, with the bell's live subscription open: it ends, and the app starts over.
    await expect(other).toHaveURL(/\/signin\?next=%2Frequests$/, { timeout: 30_000 })
    await expect(other.getByRole('status').filter({ hasText: 'You have been signed out' })).toBeVisible()
    await checkScreen(other, '19-signed-out')
    await other.getByLabel('Email', { exact: true }).fill(invited.email)
    await other.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await other.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(other.getByRole('alert')).toContainText(/suspended/i)
    await expect(other).toHaveURL(/\/signin/)
  })

  await test.step('the admin sees the suspension on the participant’s page and in the audit log', async () => {
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users', exact: true }).click()
    await adminPage.getByLabel('Name or email', { exact: true }).fill(invited.displayName.split(' ')[1]!.toLowerCase())
    await adminPage.getByRole('button', { name: 'Search', exact: true }).click()
    const row = adminPage.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: invited.email })
    await expect(row.getByText('Suspended', { exact: true })).toBeVisible()
    await row.getByRole('link', { name: invited.displayName }).click()
    await expect(adminPage.getByRole('heading', { level: 1, name: invited.displayName })).toBeVisible()
    await expect(adminPage.getByRole('button', { name: 'Reinstate', exact: true })).toBeVisible()
    await checkScreen(adminPage, '20-admin-user')

    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log', exact: true }).click()
    await expect(adminPage).toHaveTitle(title('Audit log · Admin'))
    await expect(adminPage.getByRole('list', { name: 'Audit entries' }).getByRole('heading', { name: 'Report resolved' })).toBeVisible()
    await checkScreen(adminPage, '21-admin-audit')

    // The programme settings: each weight's slider says the share of the score it comes to.
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Programme', exact: true }).click()
    const settings = adminPage.getByRole('form', { name: 'Programme settings' })
    await expect(settings.getByRole('slider', { name: /^Semantic/ })).toHaveAttribute('aria-valuetext', /of the score$/)
    await expect(settings.getByLabel('Capacity of a new mentor', { exact: true })).toHaveValue(/^\d+$/)
    await checkScreen(adminPage, '22-programme-settings')
  })

  await test.step("the admin opens Analytics and finds this run's requests in the funnel's summary", async () => {
    // Programme keeps the settings; the figures are on Analytics, linked from it.
    await adminPage.getByRole('main').getByRole('link', { name: 'Analytics', exact: true }).click()
    await expect(adminPage).toHaveURL(/\/admin\/analytics$/)
    await expect(adminPage).toHaveTitle(title('Analytics · Admin'))
    await expect(adminPage.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible()
    // The journey's requests (a fresh database): the mentee's, accepted and ended as not a fit, and the
    // mentor's invitation to the participant since suspended.
    const funnel = adminPage.getByRole('region', { name: 'Requests funnel' })
    await expect(funnel.getByRole('img', { name: 'Requests funnel', exact: true })).toHaveAccessibleDescription(
      /, 2 requests were made and 1 accepted \(\d+% of those answered or expired\); 1 mentorship was started and 0 completed\.$/,
    )
    await funnel.getByText('Show the figures', { exact: true }).click()
    const table = funnel.getByRole('table', { name: 'Requests and mentorships in the period' })
    await expect(table.getByRole('row', { name: 'Requests made 2', exact: true })).toBeVisible()
    await expect(table.getByRole('row', { name: 'Accepted 1', exact: true })).toBeVisible()
    // The check-ins the mentor and the mentee gave, in the ratings chart's words.
    const ratings = adminPage.getByRole('region', { name: 'Ratings and good fit, week by week' })
    await expect(ratings.getByRole('img', { name: 'Ratings and good fit, week by week', exact: true })).toHaveAccessibleDescription(/ check-ins rated the mentorship \d\.\d \/ 5 on average/)
    await checkScreen(adminPage, '23-admin-analytics')
  })

  const [OPS_MENTOR, JAZZ_MENTOR] = COHORT_MENTORS as [(typeof COHORT_MENTORS)[number], (typeof COHORT_MENTORS)[number]]
  const [OPS_MENTEE, JAZZ_MENTEE] = COHORT_MENTEES as [(typeof COHORT_MENTEES)[number], (typeof COHORT_MENTEES)[number]]
  const kept = `${OPS_MENTEE.displayName} with ${OPS_MENTOR.displayName}`
  const dropped = `${JAZZ_MENTEE.displayName} with ${JAZZ_MENTOR.displayName}`

  await test.step('an admin proposes a cohort and reviews it: each pair explained, the draft kept at its address', async () => {
    await navigate(adminPage, 'Admin')
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Cohort matching', exact: true }).click()
    await expect(adminPage).toHaveURL(/\/admin\/cohorts$/)
    await expect(adminPage).toHaveTitle(title('Cohort matching · Admin'))
    await adminPage.getByRole('button', { name: 'Propose pairs', exact: true }).click()
    await expect(adminPage).toHaveURL(/\/admin\/cohorts\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    const pairs = adminPage.getByRole('list', { name: 'Proposed pairs' })
    // Each mentee with the mentor who teaches what they asked for, in other words, and why.
    const opsPair = pairs.getByRole('article', { name: kept, exact: true })
    await expect(opsPair).toContainText(/\d+% match/)
    await expect(opsPair).toContainText(OPS_MENTOR.profile.expertise[0]!)
    await expect(opsPair).toContainText(OPS_MENTEE.profile.objectives[0]!)
    await expect(pairs.getByRole('article', { name: dropped, exact: true })).toContainText(JAZZ_MENTOR.profile.expertise[0]!)
    // The suspended participant is not in the cohort; the mentee who was not a fit is not offered Priya again.
    await expect(pairs.getByRole('article').filter({ hasText: invited.displayName })).toHaveCount(0)
    await expect(pairs.getByRole('article', { name: `${MENTEE.displayName} with ${MENTOR.displayName}`, exact: true })).toHaveCount(0)
    await adminPage.reload()
    await expect(pairs.getByRole('article', { name: kept, exact: true })).toBeVisible()
    await checkScreen(adminPage, '24-cohort-draft')
  })

  await test.step('the admin drops one pair (the totals follow) and publishes the rest', async () => {
    const pairs = adminPage.getByRole('list', { name: 'Proposed pairs' })
    const count = await pairs.getByRole('article').count()
    const totals = adminPage.getByText(/^\d+ pairs?, total score \d+\.\d\d/)
    await expect(totals).toBeVisible()
    await adminPage.getByRole('checkbox', { name: `Include ${dropped}`, exact: true }).uncheck()
    await expect(adminPage.getByText(new RegExp(`^${count - 1} of ${count} pairs kept, total score`))).toBeVisible()
    await expect(adminPage).toHaveURL(/[?&]drop=/)
    const publish = adminPage.getByRole('button', { name: `Publish ${count - 1} pair${count - 1 === 1 ? '' : 's'}`, exact: true })
    await publish.click()
    const dialog = adminPage.getByRole('dialog', { name: /^Publish \d+ pairs?\?$/ })
    await expect(dialog).toContainText(kept)
    await expect(dialog).not.toContainText(dropped)
    await checkScreen(adminPage, '25-cohort-publish-dialog')
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click()
    await expect(adminPage.getByRole('status').filter({ hasText: /^Published: \d+ requests? sent/ })).toBeVisible()
    const published = adminPage.getByRole('list', { name: 'Published pairs' })
    await expect(published.getByRole('listitem').filter({ hasText: OPS_MENTEE.displayName }).filter({ hasText: OPS_MENTOR.displayName })).toContainText('Request sent')
    await expect(published.getByRole('link', { name: OPS_MENTOR.displayName })).toHaveAttribute('href', `/admin/users/${cohortMentor.id}`)
    // The dropped pair stays in the draft, unsent.
    await expect(adminPage.getByRole('checkbox', { name: `Include ${dropped}`, exact: true })).not.toBeChecked()
    await expect(published.getByRole('listitem').filter({ hasText: JAZZ_MENTEE.displayName }).filter({ hasText: JAZZ_MENTOR.displayName })).toHaveCount(0)
    await checkScreen(adminPage, '26-cohort-published')
  })

  await test.step('the mentor signs in, finds the cohort request in Requests and accepts it', async () => {
    const cohort = await newPage(browser)
    await cohort.goto('/requests')
    await expect(cohort).toHaveURL(/\/signin\?next=%2Frequests$/)
    await cohort.getByLabel('Email', { exact: true }).fill(cohortMentor.email)
    await cohort.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await cohort.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(cohort).toHaveURL(/\/requests$/)
    await expect(bell(cohort, 1)).toBeVisible()
    const request = cohort.getByRole('article').filter({ hasText: OPS_MENTEE.displayName })
    await expect(request.getByText('Pending', { exact: true })).toBeVisible()
    await expect(request.getByText(/cohort matching proposed us as a pair/)).toBeVisible()
    await request.getByRole('button', { name: 'Accept' }).click()
    await expect(request.getByText('Accepted', { exact: true })).toBeVisible()
    await navigate(cohort, 'Mentorships')
    const active = cohort.getByRole('region', { name: 'Active' }).getByRole('article').filter({ hasText: OPS_MENTEE.displayName })
    await expect(active).toBeVisible()
    await expect(active).toContainText('You mentor')
  })

  await test.step('the admin refreshes the skill-gap map, watches it finish, and finds the journey’s topic', async () => {
    await navigate(adminPage, 'Admin')
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Skill gaps', exact: true }).click()
    await expect(adminPage).toHaveTitle(title('Skill gaps · Admin'))
    await adminPage.getByRole('button', { name: 'Refresh map', exact: true }).click()
    // Its progress while it runs (it may finish before the first look), then the map read again.
    await expect(adminPage.getByRole('progressbar', { name: 'Refreshing the map' })).toBeVisible()
    await expect(adminPage.getByRole('status').filter({ hasText: 'Map refreshed.' })).toBeVisible({ timeout: 60_000 })
    await expect(adminPage.getByText(/^Refreshed (now|\d+ seconds? ago), covering \d+ mentees? and \d+ mentors?\.$/)).toBeVisible()
    // The mentee's objective is in a topic labelled by it or by the mentor's expertise (which shares none of its words).
    const table = adminPage.getByRole('table', { name: 'Every topic, biggest gap first' })
    const topic = table.getByRole('link', { name: new RegExp(`^(${escape(MENTEE.objective)}|${escape(MENTOR.expertise)})$`) })
    await expect(topic.first()).toBeVisible()
    await expect(adminPage.getByRole('img', { name: 'Chart: mentees waiting against free places per topic' })).toHaveAccessibleDescription(/^\d+ topics?: /)
    await checkScreen(adminPage, '27-skill-gaps')
    await topic.first().click()
    await expect(adminPage.getByRole('heading', { level: 1, name: /^Topic: / })).toBeVisible()
    await expect(adminPage.getByRole('region', { name: 'Example objectives' })).toContainText(MENTEE.objective)
    // Each example mentor links to their admin page (the mentor's expertise may be a topic of its own).
    const mentors = adminPage.getByRole('region', { name: 'Example mentors' })
    await expect(mentors).toBeVisible()
    for (const link of await mentors.getByRole('link').all()) await expect(link).toHaveAttribute('href', /^\/admin\/users\//)
    await checkScreen(adminPage, '28-skill-gap-topic')
  })

  await test.step('the admin imports people from an HR export: maps its columns, previews, imports, finds the new person in Users', async () => {
    const imported = { email: emailFor('hr-import'), displayName: 'Noor Haddad' }
    // An HR system's columns and `;` between cells; the second row's email is not one.
    const csv = `Work Email;Full name;Strengths;Mentor\n${imported.email};${imported.displayName};supply chain planning;yes\nnot-an-email;Nobody;;\n`
    await navigate(adminPage, 'Admin')
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Import', exact: true }).click()
    await expect(adminPage).toHaveURL(/\/admin\/import$/)
    await expect(adminPage).toHaveTitle(title('Import people · Admin'))
    await adminPage.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    // No column is named like the email field: the API says so next to it, with the file's columns to choose from.
    const email = adminPage.getByRole('combobox', { name: 'Email', exact: true })
    await expect(email).toHaveAccessibleDescription(/Must be mapped to a column\./)
    await email.selectOption('Work Email')
    await adminPage.getByRole('combobox', { name: 'Display name', exact: true }).selectOption('Full name')
    await adminPage.getByRole('combobox', { name: 'Expertise', exact: true }).selectOption('Strengths')
    await adminPage.getByRole('combobox', { name: 'Can mentor', exact: true }).selectOption('Mentor')
    await adminPage.getByRole('button', { name: 'Preview', exact: true }).click()
    const preview = adminPage.getByRole('table', { name: /^What each row would do/ })
    await expect(preview.getByRole('row').filter({ hasText: imported.email })).toContainText('New')
    await expect(preview.getByRole('row', { name: /^3 / })).toContainText('Refused')
    await expect(adminPage.getByRole('status').filter({ hasText: 'Preview: 1 new person, 0 updates, 0 unchanged, 1 row refused.' })).toBeVisible()
    await checkScreen(adminPage, '29-admin-import-preview')
    await adminPage.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(adminPage.getByRole('status').filter({ hasText: 'Imported: 1 new person, 0 updates, 0 unchanged, 1 row refused.' })).toBeVisible({
      timeout: 30_000,
    })
    await expect(adminPage.getByRole('table', { name: 'Rows refused' })).toContainText('email:')
    await checkScreen(adminPage, '30-admin-import-result')
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users', exact: true }).click()
    await adminPage.getByLabel('Name or email', { exact: true }).fill(imported.email)
    await adminPage.getByRole('button', { name: 'Search', exact: true }).click()
    await expect(adminPage.getByRole('list', { name: 'Participants' }).getByRole('link', { name: imported.displayName })).toBeVisible()
  })

  expect(pageErrors, 'no uncaught exception in any page').toEqual([])
  expect(cspViolations, 'nothing blocked by the Content-Security-Policy').toEqual([])
})

/** `text` as a literal inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
