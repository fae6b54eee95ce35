import { Badge, Group, Text } from '@mantine/core';
import { StatusBadge } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { formatCalendarDate } from '../portfolio/api.js';
import { CLOCK_LABELS, CLOCK_STATUS_COLORS, CLOCK_STATUS_LABELS, STATE_COLORS, STATE_LABELS, type CaseClock, type CvdState } from './api.js';

export function CaseStateBadge({ state }: { state: CvdState }) {
  return <StatusBadge color={STATE_COLORS[state]}>{STATE_LABELS[state]}</StatusBadge>;
}

/** The disclosure clock runs to the end of the target day in the org's time zone; show that day, not the instant after it. */
const dueText = (clock: CaseClock, disclosureTarget: string) => (clock.clock === 'disclosure' ? formatCalendarDate(disclosureTarget) : formatDateTime(clock.dueAt));

/** One clock: what it is, its due date (a calendar day for disclosure) and whether it was met or is overdue. */
export function ClockLine({ clock, disclosureTarget }: { clock: CaseClock; disclosureTarget: string }) {
  const due = dueText(clock, disclosureTarget);
  return (
    <Group gap="xs" wrap="nowrap" data-testid={`clock-${clock.clock}`}>
      <Badge variant="light" color={CLOCK_STATUS_COLORS[clock.status]} radius="sm" tt="none">
        {CLOCK_STATUS_LABELS[clock.status]}
      </Badge>
      <Text size="sm">
        {CLOCK_LABELS[clock.clock]}: due {due}
        {clock.doneAt ? ` · done ${formatDateTime(clock.doneAt)}` : ''}
      </Text>
    </Group>
  );
}

/** The clock most needing attention, for the list: an overdue one first, else the next one due. */
export function NextClock({ clocks, disclosureTarget }: { clocks: CaseClock[]; disclosureTarget: string }) {
  const open = clocks.filter((c) => c.status === 'overdue' || c.status === 'due').sort((a, b) => (a.status === b.status ? a.dueAt.localeCompare(b.dueAt) : a.status === 'overdue' ? -1 : 1));
  const next = open[0];
  if (!next) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Text size="sm" c={next.status === 'overdue' ? 'red.9' : undefined} fw={next.status === 'overdue' ? 700 : undefined}>
      {next.status === 'overdue' ? 'Overdue: ' : ''}
      {CLOCK_LABELS[next.clock]} {dueText(next, disclosureTarget)}
    </Text>
  );
}
