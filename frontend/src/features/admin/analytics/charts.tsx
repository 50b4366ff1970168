// The analytics charts (recharts), each in a ChartFrame with its summary in words and its figures as a
// table. A week with nothing to average has no point or bar (a gap, never a 0), and "no data" in the table.
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatDay, formatPercent } from '@/lib/format'
import { ChartFrame, COLOURS, FiguresTable, orNoData } from './ChartFrame'
import {
  formatHours,
  formatRating,
  funnelSummary,
  NO_DATA,
  ratingsSummary,
  responseSummary,
  unmatchedSummary,
  type FunnelFigures,
  type RatingFigures,
  type ResponseFigures,
  type UnmatchedFigures,
} from './summaries'

const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })

/** A week's tick: "6 Oct". */
function weekTick(weekStart: string): string {
  return shortDay.format(new Date(`${weekStart}T00:00:00Z`))
}

const AXIS = { fontSize: 12, fill: COLOURS.muted }
const MARGIN = { top: 16, right: 12, bottom: 4, left: 0 }

/** Tooltip values in the chart's words; a missing one reads "no data". */
function tooltipValue(format: (value: number) => string) {
  return (value: unknown) => (typeof value === 'number' ? format(value) : NO_DATA)
}

function weekHeader(weekStart: string) {
  return <time dateTime={weekStart}>{formatDay(weekStart)}</time>
}

export function RequestsFunnelChart({ figures, byStatus }: { figures: FunnelFigures; byStatus: readonly { label: string; count: number }[] }) {
  const steps = [
    { label: 'Requests made', count: figures.requestsMade },
    { label: 'Accepted', count: figures.requestsAccepted },
    { label: 'Mentorships started', count: figures.mentorshipsStarted },
    { label: 'Completed', count: figures.completedMentorships },
  ]
  return (
    <ChartFrame
      title="Requests funnel"
      summary={funnelSummary(figures)}
      height={220}
      chart={
        <BarChart data={steps} layout="vertical" margin={{ ...MARGIN, right: 40 }} accessibilityLayer={false}>
          <CartesianGrid horizontal={false} stroke="#e3e5e8" />
          <XAxis type="number" allowDecimals={false} tick={AXIS} />
          <YAxis type="category" dataKey="label" width={132} tick={AXIS} />
          <Bar dataKey="count" name="Count" fill={COLOURS.primary} isAnimationActive={false} barSize={26}>
            <LabelList dataKey="count" position="right" fill={COLOURS.muted} fontSize={12} />
          </Bar>
        </BarChart>
      }
      table={
        <>
          <FiguresTable
            caption="Requests and mentorships in the period"
            columns={['Step', 'Count']}
            rows={steps.map((step) => ({ key: step.label, header: step.label, cells: [String(step.count)] }))}
          />
          <FiguresTable
            caption="The requests made, by where they stand now"
            columns={['Status', 'Requests']}
            rows={byStatus.map((status) => ({ key: status.label, header: status.label, cells: [String(status.count)] }))}
          />
        </>
      }
    />
  )
}

export function RatingsChart({ figures }: { figures: RatingFigures }) {
  const data = figures.weeks.map((week) => ({
    week: weekTick(week.weekStart),
    rating: week.averageRating,
    goodFit: week.goodFitRate === null ? null : Math.round(week.goodFitRate * 100),
  }))
  return (
    <ChartFrame
      title="Ratings and good fit, week by week"
      summary={ratingsSummary(figures)}
      note="A week without a point had no check-ins: no data, not 0."
      chart={
        <LineChart data={data} margin={MARGIN} accessibilityLayer={false}>
          <CartesianGrid stroke="#e3e5e8" />
          <XAxis dataKey="week" tick={AXIS} interval="preserveStartEnd" minTickGap={12} />
          <YAxis yAxisId="rating" domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} tick={AXIS} width={28} />
          <YAxis yAxisId="fit" orientation="right" domain={[0, 100]} unit="%" tick={AXIS} width={44} />
          <Tooltip formatter={(value, name) => (name === 'Good fit' ? tooltipValue((v) => `${v}%`)(value) : tooltipValue(formatRating)(value))} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Line yAxisId="rating" dataKey="rating" name="Average rating" stroke={COLOURS.primary} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
          <Line
            yAxisId="fit"
            dataKey="goodFit"
            name="Good fit"
            stroke={COLOURS.secondary}
            strokeWidth={2}
            strokeDasharray="5 3"
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      }
      table={
        <FiguresTable
          caption="Check-ins week by week"
          columns={['Week of', 'Check-ins', 'Average rating', 'Good fit']}
          rows={figures.weeks.map((week) => ({
            key: week.weekStart,
            header: weekHeader(week.weekStart),
            cells: [
              String(week.checkIns),
              orNoData(week.averageRating === null ? null : formatRating(week.averageRating)),
              orNoData(week.goodFitRate === null ? null : formatPercent(week.goodFitRate)),
            ],
          }))}
        />
      }
    />
  )
}

export function ResponseTimeChart({ figures, weeks }: { figures: ResponseFigures; weeks: readonly { weekStart: string; requestsMade: number; requestsAccepted: number }[] }) {
  // Answers within minutes would be invisible bars on an axis of hours: then the axis counts minutes.
  const longest = Math.max(0, ...figures.weeks.map((week) => week.medianHoursToRespond ?? 0))
  const inMinutes = longest < 2
  const data = figures.weeks.map((week) => ({
    week: weekTick(week.weekStart),
    time:
      week.medianHoursToRespond === null
        ? null
        : inMinutes
          ? Math.round(week.medianHoursToRespond * 600) / 10
          : Math.round(week.medianHoursToRespond * 10) / 10,
  }))
  const made = new Map(weeks.map((week) => [week.weekStart, week]))
  return (
    <ChartFrame
      title="Median time to respond, week by week"
      summary={responseSummary(figures)}
      note="A week without a bar had no request accepted or declined: no data, not 0."
      chart={
        <BarChart data={data} margin={MARGIN} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e3e5e8" />
          <XAxis dataKey="week" tick={AXIS} interval="preserveStartEnd" minTickGap={12} />
          <YAxis unit={inMinutes ? ' min' : ' h'} tick={AXIS} width={56} allowDecimals={false} />
          <Tooltip formatter={tooltipValue((value) => formatHours(inMinutes ? value / 60 : value))} />
          <Bar dataKey="time" name="Median time to respond" fill={COLOURS.secondary} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <FiguresTable
          caption="Requests by the week they were made"
          columns={['Week of', 'Requests made', 'Accepted', 'Median time to respond']}
          rows={figures.weeks.map((week) => ({
            key: week.weekStart,
            header: weekHeader(week.weekStart),
            cells: [
              String(made.get(week.weekStart)?.requestsMade ?? 0),
              String(made.get(week.weekStart)?.requestsAccepted ?? 0),
              orNoData(week.medianHoursToRespond === null ? null : formatHours(week.medianHoursToRespond)),
            ],
          }))}
        />
      }
    />
  )
}

export function UnmatchedChart({ figures }: { figures: UnmatchedFigures }) {
  const data = figures.weeks.map((week) => ({ week: weekTick(week.weekStart), unmatched: week.unmatchedMentees }))
  return (
    <ChartFrame
      title="Mentees without a mentor, week by week"
      summary={unmatchedSummary(figures)}
      chart={
        <LineChart data={data} margin={MARGIN} accessibilityLayer={false}>
          <CartesianGrid stroke="#e3e5e8" />
          <XAxis dataKey="week" tick={AXIS} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tick={AXIS} width={32} allowDecimals={false} />
          <Tooltip />
          <Line dataKey="unmatched" name="Mentees without a mentor" type="stepAfter" stroke={COLOURS.tertiary} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      }
      table={
        <FiguresTable
          caption="Mentees without a mentor at each week’s end"
          columns={['Week of', 'Without a mentor']}
          rows={figures.weeks.map((week) => ({
            key: week.weekStart,
            header: weekHeader(week.weekStart),
            cells: [String(week.unmatchedMentees)],
          }))}
        />
      }
    />
  )
}
