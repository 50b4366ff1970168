import { describe, expect, it } from 'vitest'
import { formatDate, formatDay, formatMinutes, formatPercent, formatRelative, formatUtcOffset, quotedList, todayIsoDate } from './format'

describe('format', () => {
  const now = new Date('2026-12-03T12:00:00Z')

  it('writes dates day month year', () => {
    expect(formatDate('2026-12-03T12:00:00Z')).toBe('3 Dec 2026')
  })

  it('writes a calendar day as that day, and today as a date input holds it', () => {
    expect(formatDay('2026-12-03')).toBe('3 Dec 2026')
    expect(todayIsoDate(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05')
  })

  it('writes minutes in hours and minutes', () => {
    expect(formatMinutes(45)).toBe('45 min')
    expect(formatMinutes(90)).toBe('1 h 30 min')
    expect(formatMinutes(120)).toBe('2 h')
  })

  it('says how far away a time is', () => {
    expect(formatRelative('2026-12-16T12:00:00Z', now)).toBe('in 13 days')
    expect(formatRelative('2026-12-03T10:00:00Z', now)).toBe('2 hours ago')
    expect(formatRelative('2026-12-03T12:00:05Z', now)).toBe('now')
  })

  it('writes percentages and UTC offsets', () => {
    expect(formatPercent(0.823)).toBe('82%')
    expect(formatUtcOffset(60)).toBe('UTC+01:00')
    expect(formatUtcOffset(-330)).toBe('UTC-05:30')
  })

  it('quotes a list of texts, joined with "or"', () => {
    expect(quotedList(['SQL'])).toBe('“SQL”')
    expect(quotedList(['SQL', 'Rust'])).toBe('“SQL” or “Rust”')
    expect(quotedList(['SQL', 'Rust', 'Go'])).toBe('“SQL”, “Rust” or “Go”')
  })
})
