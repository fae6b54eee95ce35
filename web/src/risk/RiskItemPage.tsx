import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { findingPath } from '../intel/api.js';
import { formatCalendarDate } from '../portfolio/api.js';
import { CONTROL_LABELS, END_REASON_LABELS, levelLabel, riskKey, type RiskDetail } from './api.js';
import { AcceptanceDialog, RevokeDialog } from './AcceptanceDialog.js';
import { ClassBadge, RiskStatusBadge } from './badges.js';

const EVENT_LABELS: Record<string, string> = {
  created: 'Created',
  updated: 'Edited',
  accepted: 'Accepted',
  acceptance_revoked: 'Acceptance revoked',
  acceptance_expired: 'Acceptance expired',
  acceptance_ended: 'Acceptance ended',
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {children ?? '—'}
      </Text>
    </div>
  );
}

/** What an event changed, in one line: the fields it names. */
function eventSummary(kind: string, detail: Record<string, unknown>): string {
  if (kind === 'updated') return Object.keys((detail.after as Record<string, unknown> | undefined) ?? {}).join(', ') || 'no change';
  if (kind === 'accepted') return `${String(detail.residual ?? '')}, expires ${String(detail.expiresOn ?? '')}`;
  if (kind === 'acceptance_revoked') return String(detail.reason ?? '');
  if (kind === 'acceptance_ended') return END_REASON_LABELS[String(detail.reason)] ?? String(detail.reason ?? '');
  if (kind === 'acceptance_expired') return `expired on ${String(detail.expiresOn ?? '')}`;
  return '';
}

export default function RiskItemPage() {
  const { riskId = '' } = useParams();
  const { can } = useSignedIn();
  const detail = useQuery({ queryKey: riskKey(riskId), queryFn: ({ signal }) => api<RiskDetail>(`/api/v1/risks/${riskId}`, { signal }) });
  const [accepting, accept] = useDisclosure(false);
  const [revoking, revoke] = useDisclosure(false);
  const item = detail.data?.item;
  return (
    <Page
      title={item?.title ?? 'Risk item'}
      description={item ? `${item.productName} · created by ${item.createdBy} ${formatDateTime(item.createdAt)}` : undefined}
      actions={
        item ? (
          <>
            {can('risk.write') ? (
              <Button component={Link} to={`/risk/${item.id}/edit`} variant="default">
                Edit
              </Button>
            ) : null}
            {can('risk.accept') && item.status === 'accepted' ? (
              <Button variant="default" onClick={revoke.open}>
                Revoke acceptance
              </Button>
            ) : null}
            {can('risk.accept') && item.status !== 'closed' ? <Button onClick={accept.open}>{item.acceptance ? 'Renew acceptance' : 'Accept risk'}</Button> : null}
          </>
        ) : null
      }
    >
      <QueryState query={detail}>
        {(d) => (
          <Stack gap="lg">
            <Paper withBorder radius="md" p="md" component="section" aria-label="Risk">
              <Stack gap="md">
                <Group gap="lg">
                  <RiskStatusBadge status={d.item.status} />
                  <Group gap={6}>
                    <Text size="sm">Before controls:</Text>
                    <ClassBadge riskClass={d.item.initialClass} likelihood={d.item.likelihood} severity={d.item.severity} />
                  </Group>
                  <Group gap={6}>
                    <Text size="sm">Residual:</Text>
                    <ClassBadge riskClass={d.item.residualClass} likelihood={d.item.residualLikelihood} severity={d.item.residualSeverity} />
                  </Group>
                </Group>
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <Field label="Threat">{d.item.threat}</Field>
                  <Field label="Vulnerability">{d.item.vulnerability}</Field>
                  <Field label="Hazardous situation">{d.item.hazardousSituation}</Field>
                  <Field label="Harm">{d.item.harm}</Field>
                  <Field label="Existing controls">{d.item.existingControls}</Field>
                  <Field label="Owner">{d.item.owner ? `${d.item.owner.name} (${d.item.owner.email})` : null}</Field>
                </SimpleGrid>
                <div>
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                    New controls
                  </Text>
                  {d.item.newControls.length === 0 ? <Text size="sm">—</Text> : null}
                  {d.item.newControls.map((c, i) => (
                    <Text size="sm" key={i}>
                      {c.description} — <em>{CONTROL_LABELS[c.status]}</em>
                    </Text>
                  ))}
                </div>
                <Text size="xs" c="dimmed">
                  Likelihood is exploitability; classes from matrix {d.item.matrixId}.
                </Text>
              </Stack>
            </Paper>

            <Paper withBorder radius="md" p="md" component="section" aria-label="Acceptance">
              <Title order={2} size="h4" mb="sm">
                Acceptance
              </Title>
              {d.item.acceptance ? (
                <SimpleGrid cols={{ base: 1, md: 3 }}>
                  <Field label="Approver">{d.item.acceptance.approver}</Field>
                  <Field label="Expires on">{formatCalendarDate(d.item.acceptance.expiresOn)}</Field>
                  <Field label="Re-review on">
                    {formatCalendarDate(d.item.acceptance.reviewOn)}
                    {d.item.acceptance.dueForReview ? ' — due now' : ''}
                  </Field>
                  <Field label="Rationale">{d.item.acceptance.rationale}</Field>
                  {d.item.acceptance.uncontrolledAccepted ? <Field label="Benefit-risk rationale (uncontrolled risk accepted)">{d.item.acceptance.benefitRiskRationale}</Field> : null}
                </SimpleGrid>
              ) : (
                <Text size="sm" c="dimmed">
                  No acceptance in force.
                </Text>
              )}
              {d.acceptances.some((a) => a.endedAt) ? (
                <Table mt="md" className="data-table" aria-label="Past acceptances">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Accepted</Table.Th>
                      <Table.Th scope="col">Approver</Table.Th>
                      <Table.Th scope="col">Residual</Table.Th>
                      <Table.Th scope="col">Expiry</Table.Th>
                      <Table.Th scope="col">Ended</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.acceptances
                      .filter((a) => a.endedAt)
                      .map((a) => (
                        <Table.Tr key={a.id}>
                          <Table.Td>{formatDateTime(a.acceptedAt)}</Table.Td>
                          <Table.Td>{a.approver}</Table.Td>
                          <Table.Td>
                            {levelLabel(a.residualLikelihood)} × {levelLabel(a.residualSeverity)}
                          </Table.Td>
                          <Table.Td>{formatCalendarDate(a.expiresOn)}</Table.Td>
                          <Table.Td>
                            {END_REASON_LABELS[a.endReason ?? ''] ?? a.endReason} {formatDateTime(a.endedAt)}
                            {a.endNote ? ` — ${a.endNote}` : ''}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </Table>
              ) : null}
            </Paper>

            <Paper withBorder radius="md" p="md" component="section" aria-label="Linked findings">
              <Title order={2} size="h4" mb="sm">
                Linked findings
              </Title>
              {d.findings.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None linked.
                </Text>
              ) : (
                <Table className="data-table" aria-label="Linked findings">
                  <Table.Tbody>
                    {d.findings.map((f) => (
                      <Table.Tr key={f.id}>
                        <Table.Th scope="row">
                          <Anchor component={Link} to={findingPath(f.id)} className="mono" size="sm">
                            {f.vulnId}
                          </Anchor>
                        </Table.Th>
                        <Table.Td>
                          {f.componentName} {f.componentVersion ?? ''}
                        </Table.Td>
                        <Table.Td>release {f.releaseVersion}</Table.Td>
                        <Table.Td>{f.status}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>

            <Paper withBorder radius="md" p="md" component="section" aria-label="History">
              <Title order={2} size="h4" mb="sm">
                History
              </Title>
              <Table className="data-table" aria-label="Risk history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col">What</Table.Th>
                    <Table.Th scope="col">Detail</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.events.map((e, i) => (
                    <Table.Tr key={i}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                      <Table.Td>{e.actor}</Table.Td>
                      <Table.Td>{EVENT_LABELS[e.kind] ?? e.kind}</Table.Td>
                      <Table.Td>{eventSummary(e.kind, e.detail)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            <AcceptanceDialog risk={d.item} opened={accepting} onClose={accept.close} />
            <RevokeDialog risk={d.item} opened={revoking} onClose={revoke.close} />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
