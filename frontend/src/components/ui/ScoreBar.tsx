import { formatPercent } from '@/lib/format'

export interface ScoreBarProps {
  /** What it measures, e.g. "Semantic"; the accessible name becomes "Semantic 82%". */
  label: string
  /** 0-1, or null when it does not apply. */
  value: number | null
  /** Shown after the bar, e.g. "weight 40%". */
  detail?: string
}

/** A small horizontal bar for a 0-1 score, exposed as a meter. */
export function ScoreBar({ label, value, detail }: ScoreBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100)
  const text = percent === null ? 'not applicable' : formatPercent(percent / 100)
  return (
    <div className="scorebar">
      <span className="scorebar__label" aria-hidden="true">
        {label}
      </span>
      <div
        className="scorebar__track"
        role="meter"
        aria-label={`${label} ${text}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? 0}
        aria-valuetext={text}
      >
        <div className="scorebar__fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <span className="scorebar__value" aria-hidden="true">
        {text}
      </span>
      {detail && <span className="scorebar__detail">{detail}</span>}
    </div>
  )
}
