import { describe, expect, it } from 'vitest'
import { defaultPeriod, isIsoDay, periodErrors, periodParams, readPeriod } from './period'

describe('analytics period', () => {
  const now = new Date('2026-12-28T23:30:00Z')

  it('defaults to the last 12 weeks on the UTC calendar, today included', () => {
    expect(defaultPeriod(now)).toEqual({ from: '2026-10-06', to: '2026-12-28' })
    // Just after midnight UTC it is already the next day, whatever the viewer's clock says.
    expect(defaultPeriod(new Date('2026-12-29T00:10:00Z')).to).toBe('2026-12-29')
  })

  it('reads the period from the URL, taking the default for an end that is missing or no real day', () => {
    expect(readPeriod(new URLSearchParams('from=2026-10-01&to=2026-10-31'), now)).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect(readPeriod(new URLSearchParams('from=2026-02-30&to=soon'), now)).toEqual(defaultPeriod(now))
    expect(isIsoDay('2028-02-29')).toBe(true)
    expect(isIsoDay('2026-1-5')).toBe(false)
  })

  it('says by field what is wrong with a typed period', () => {
    expect(periodErrors({ from: '', to: '2026-10-31' })).toEqual({ from: 'Enter the first day of the period.' })
    expect(periodErrors({ from: '2026-11-01', to: '2026-10-31' })).toEqual({ to: 'The last day must not be before the first.' })
    expect(periodErrors({ from: '2026-10-31', to: '2026-10-31' })).toEqual({})
  })

  it('keeps the default period out of the URL and any other in it', () => {
    expect(periodParams(defaultPeriod(now), now)).toEqual({})
    expect(periodParams(null, now)).toEqual({})
    expect(periodParams(defaultPeriod(now, 4), now)).toEqual({ from: '2026-12-01', to: '2026-12-28' })
  })
})
