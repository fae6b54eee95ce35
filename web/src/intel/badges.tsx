import { Badge, Tooltip } from '@mantine/core';
import { StatusBadge } from '../app/components.js';
import { formatCalendarDate } from '../portfolio/api.js';
import { SEVERITY_COLORS, SEVERITY_LABELS, STATUS_COLORS, STATUS_LABELS, type FindingStatus, type Severity } from './api.js';

/** "Critical 10.0": the level always in words, so colour is never the only signal. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge color={SEVERITY_COLORS[severity.level]} autoContrast radius="sm" tt="none" fw={650} style={{ whiteSpace: 'nowrap', minWidth: 'max-content' }}>
      {SEVERITY_LABELS[severity.level]}
      {severity.score !== null ? ` ${severity.score.toFixed(1)}` : ''}
    </Badge>
  );
}

/** Listed in CISA's Known Exploited Vulnerabilities catalog; the due date in the tooltip when known. */
export function KevBadge({ dueDate }: { dueDate?: string | undefined }) {
  const badge = (
    <Badge color="red.9" radius="sm" tt="none" fw={700} style={{ minWidth: 'max-content' }}>
      KEV<span className="visually-hidden"> (known exploited)</span>
    </Badge>
  );
  return dueDate ? <Tooltip label={`CISA due date ${formatCalendarDate(dueDate)}`}>{badge}</Tooltip> : badge;
}

export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  return (
    <span style={{ display: 'inline-block', minWidth: 'max-content' }}>
      <StatusBadge color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</StatusBadge>
    </span>
  );
}
