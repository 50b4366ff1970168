import type { SelectOption } from '@/components/ui'
import { formatUtcOffset } from '@/lib/format'

// If the browser cannot list its zones, these still cover every inhabited offset's main city.
const FALLBACK_ZONES = [
  'Africa/Cairo', 'Africa/Johannesburg', 'Africa/Lagos', 'Africa/Nairobi', 'America/Anchorage', 'America/Bogota',
  'America/Chicago', 'America/Denver', 'America/Halifax', 'America/Los_Angeles', 'America/Mexico_City',
  'America/New_York', 'America/Sao_Paulo', 'America/St_Johns', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Dubai',
  'Asia/Hong_Kong', 'Asia/Jakarta', 'Asia/Karachi', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Seoul',
  'Asia/Shanghai', 'Asia/Singapore', 'Asia/Tehran', 'Asia/Tokyo', 'Atlantic/Azores', 'Australia/Adelaide',
  'Australia/Brisbane', 'Australia/Perth', 'Australia/Sydney', 'Europe/Berlin', 'Europe/Helsinki',
  'Europe/Istanbul', 'Europe/London', 'Europe/Madrid', 'Europe/Moscow', 'Europe/Paris', 'Pacific/Auckland',
  'Pacific/Honolulu',
]

function zoneNames(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return FALLBACK_ZONES
  }
}

/** The zone's offset from UTC at `now`, in minutes, or null if the browser does not know it. */
export function utcOffsetMinutes(zone: string, now: Date = new Date()): number | null {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value
    if (!part) return null
    if (part === 'GMT') return 0
    const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part)
    if (!match) return null
    const minutes = Number(match[2]) * 60 + Number(match[3])
    return match[1] === '-' ? -minutes : minutes
  } catch {
    return null
  }
}

let cached: SelectOption[] | null = null

/**
 * Every IANA time zone the browser knows, "Europe/Berlin (UTC+01:00)" (the offset as of now), with
 * UTC first. `current` is added if the browser does not list it (an older alias), so it is never lost.
 */
export function timezoneOptions(current?: string): SelectOption[] {
  if (!cached) {
    const now = new Date()
    const names = ['UTC', ...zoneNames().filter((name) => name !== 'UTC')]
    cached = names.map((name) => {
      const offset = utcOffsetMinutes(name, now)
      return { value: name, label: offset === null ? name.replaceAll('_', ' ') : `${name.replaceAll('_', ' ')} (${formatUtcOffset(offset)})` }
    })
  }
  if (current && !cached.some((option) => option.value === current)) {
    return [{ value: current, label: current.replaceAll('_', ' ') }, ...cached]
  }
  return cached
}
