import { useId, type ReactElement, type ReactNode } from 'react'
import { ResponsiveContainer } from 'recharts'
import { NO_DATA } from './summaries'

/** The chart's colours: the app's accent and a second, darker blue; both 3:1 or more on white. */
export const COLOURS = { primary: '#24574a', secondary: '#1f4f86', tertiary: '#7a4a00', muted: '#4f5864' } as const

/** A table cell with nothing to show says so, never a 0. */
export function orNoData(value: string | null): string {
  return value ?? NO_DATA
}

/**
 * One chart: its heading, its summary in words (visible, and the chart's description for a screen
 * reader), the chart itself as one image named by its heading, and its figures as a table behind
 * "Show the figures". The chart is as wide as its column (375 px screens too) and never animates.
 */
export function ChartFrame({
  title,
  summary,
  chart,
  table,
  note,
  height = 260,
}: {
  title: string
  summary: string
  chart: ReactElement
  table: ReactNode
  /** A line under the chart on how to read it, e.g. what a gap means. */
  note?: string
  height?: number
}) {
  const titleId = useId()
  const summaryId = useId()
  return (
    <section className="chart" aria-labelledby={titleId}>
      <h3 id={titleId} className="chart__title">
        {title}
      </h3>
      <p id={summaryId} className="chart__summary">
        {summary}
      </p>
      <div className="chart__plot" role="img" aria-labelledby={titleId} aria-describedby={summaryId}>
        {/* The drawing itself is for the eye: the image's name and description say what it shows. */}
        <div aria-hidden="true">
          <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 320, height }}>
            {chart}
          </ResponsiveContainer>
        </div>
      </div>
      {note && <p className="chart__note">{note}</p>}
      <details className="chart__figures">
        <summary>Show the figures</summary>
        <div className="chart__table" role="region" aria-label={`${title}: the figures`} tabIndex={0}>
          {table}
        </div>
      </details>
    </section>
  )
}

/** A data table with a caption, column headers and a row header per row. */
export function FiguresTable({
  caption,
  columns,
  rows,
}: {
  caption: string
  columns: readonly string[]
  rows: readonly { key: string; header: ReactNode; cells: readonly string[] }[]
}) {
  return (
    <table className="figures-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.header}</th>
            {row.cells.map((cell, index) => (
              <td key={index} className={cell === NO_DATA ? 'figures-table__none' : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
