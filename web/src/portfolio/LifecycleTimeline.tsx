import { Text } from '@mantine/core';
import { formatCalendarDate, LIFECYCLE_STAGES, STAGE_LABELS, todayDate, type LifecycleStage, type Release } from './api.js';

const WIDTH = 150;
const HEIGHT = 30;
const PAD = 6;
const BAR_Y = 11;
const BAR_H = 8;
const DAY = 86_400_000;

/** Bar colours (Mantine palette, shade 6/7) by phase; the text summary carries the meaning too. */
const FILL: Record<LifecycleStage, string> = {
  development: 'var(--mantine-color-indigo-3)',
  support: 'var(--mantine-color-teal-6)',
  limited_support: 'var(--mantine-color-orange-6)',
  end_of_support: 'var(--mantine-color-gray-5)',
};

const time = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Where the release stands on `today` by its dates alone (the server's stageByDates rule). */
function phaseOn(r: Release, today: string): LifecycleStage | null {
  if (r.endOfSupportDate && today >= r.endOfSupportDate) return 'end_of_support';
  if (r.endOfLifeDate && today >= r.endOfLifeDate) return 'limited_support';
  if (r.endOfGuaranteedSupportDate && today >= r.endOfGuaranteedSupportDate) return 'limited_support';
  if (r.releaseDate && today >= r.releaseDate) return 'support';
  return r.releaseDate ? 'development' : null;
}

/** The earlier of end of life and end of guaranteed support: where limited support begins. */
function limitedStart(r: Release): string | null {
  const dates = [r.endOfLifeDate, r.endOfGuaranteedSupportDate].filter((d): d is string => !!d).sort();
  return dates[0] ?? null;
}

/** One sentence saying what the bar shows, for screen readers and the tooltip. */
export function timelineSummary(r: Release, today = todayDate()): string {
  const parts: string[] = [];
  if (r.releaseDate) parts.push(`released ${formatCalendarDate(r.releaseDate)}`);
  if (r.endOfLifeDate) parts.push(`end of life ${formatCalendarDate(r.endOfLifeDate)}`);
  if (r.endOfGuaranteedSupportDate) parts.push(`end of guaranteed support ${formatCalendarDate(r.endOfGuaranteedSupportDate)}`);
  if (r.endOfSupportDate) parts.push(`end of support ${formatCalendarDate(r.endOfSupportDate)}`);
  if (parts.length === 0) return `Version ${r.version}: no lifecycle dates yet`;
  const phase = phaseOn(r, today);
  const now = phase ? `; today falls in ${STAGE_LABELS[phase].toLowerCase()}` : '';
  return `Version ${r.version} lifecycle: ${parts.join(', ')}${now}.`;
}

/**
 * A small bar from release through end of life / end of guaranteed support to end of support,
 * coloured by phase, with today marked. The SVG is one image with a text alternative.
 */
export function LifecycleTimeline({ release: r, today = todayDate() }: { release: Release; today?: string }) {
  const dates = [r.releaseDate, r.endOfLifeDate, r.endOfGuaranteedSupportDate, r.endOfSupportDate].filter((d): d is string => !!d);
  if (dates.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No dates
      </Text>
    );
  }
  const points = [...dates, today].map(time);
  let start = Math.min(...points);
  let end = Math.max(...points);
  // Some room either side so that markers at the ends stay visible.
  const margin = Math.max((end - start) * 0.04, 30 * DAY);
  start -= margin;
  end += margin;
  const x = (date: string | number) => PAD + ((typeof date === 'number' ? date : time(date)) - start) / (end - start) * (WIDTH - 2 * PAD);

  const limited = limitedStart(r);
  const segments: { from: number; to: number; stage: LifecycleStage }[] = [];
  const supportFrom = r.releaseDate ? x(r.releaseDate) : x(start);
  const supportTo = limited ? x(limited) : r.endOfSupportDate ? x(r.endOfSupportDate) : x(end);
  if (r.releaseDate) segments.push({ from: x(start), to: x(r.releaseDate), stage: 'development' });
  segments.push({ from: supportFrom, to: supportTo, stage: 'support' });
  if (limited) segments.push({ from: x(limited), to: r.endOfSupportDate ? x(r.endOfSupportDate) : x(end), stage: 'limited_support' });
  if (r.endOfSupportDate) segments.push({ from: x(r.endOfSupportDate), to: x(end), stage: 'end_of_support' });

  const summary = timelineSummary(r, today);
  const todayX = x(today);
  return (
    <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="lifecycle-timeline">
      <title>{summary}</title>
      <rect x={PAD} y={BAR_Y} width={WIDTH - 2 * PAD} height={BAR_H} rx={2} fill="var(--mantine-color-gray-1)" />
      {segments
        .filter((s) => s.to > s.from)
        .map((s) => (
          <rect key={s.stage} x={s.from} y={BAR_Y} width={s.to - s.from} height={BAR_H} fill={FILL[s.stage]} opacity={s.stage === 'development' ? 0.6 : 1} />
        ))}
      {[...new Set(dates)].map((d) => (
        <line key={d} x1={x(d)} x2={x(d)} y1={BAR_Y - 2} y2={BAR_Y + BAR_H + 2} stroke="#ffffff" strokeWidth={1.5} />
      ))}
      <line x1={todayX} x2={todayX} y1={3} y2={HEIGHT - 3} stroke="#1b2430" strokeWidth={2} />
      <path d={`M ${todayX - 4} 1 L ${todayX + 4} 1 L ${todayX} 6 Z`} fill="#1b2430" />
    </svg>
  );
}

/** The key to the bar colours, shown once under the releases table. */
export function TimelineLegend() {
  return (
    <Text size="xs" c="dimmed" px="lg" pb="md" pt="xs">
      Lifecycle bars:{' '}
      {LIFECYCLE_STAGES.map((stage, i) => (
        <Text span size="xs" key={stage} style={{ whiteSpace: 'nowrap' }}>
          <span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 8, borderRadius: 2, background: FILL[stage], opacity: stage === 'development' ? 0.6 : 1, marginRight: 4 }} />
          {STAGE_LABELS[stage].toLowerCase()}
          {i < LIFECYCLE_STAGES.length - 1 ? ', ' : ''}
        </Text>
      ))}
      ; the dark mark is today.
    </Text>
  );
}
