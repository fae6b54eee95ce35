import { Badge, Text } from '@mantine/core';
import { StatusBadge } from '../app/components.js';
import { CLASS_COLORS, CLASS_LABELS, STATUS_COLORS, STATUS_LABELS, levelLabel, type RiskClass, type RiskStatus } from './api.js';

/** "Uncontrolled" in words on its colour, with the levels that gave it beside. */
export function ClassBadge({ riskClass, likelihood, severity }: { riskClass: RiskClass; likelihood?: string; severity?: string }) {
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
      <Badge color={CLASS_COLORS[riskClass]} radius="sm" tt="none" fw={650} style={{ minWidth: 'max-content' }}>
        {CLASS_LABELS[riskClass]}
      </Badge>
      {likelihood && severity ? (
        <Text size="xs" c="dimmed" span>
          {levelLabel(likelihood)} × {levelLabel(severity)}
        </Text>
      ) : null}
    </span>
  );
}

export function RiskStatusBadge({ status }: { status: RiskStatus }) {
  return (
    <span style={{ display: 'inline-block', minWidth: 'max-content' }}>
      <StatusBadge color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</StatusBadge>
    </span>
  );
}
