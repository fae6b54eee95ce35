import { Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { FINDINGS_KEY, formatPercent, releasePath, vulnerabilityPath, type Finding, type FindingDetail, type FindingEvent, type Vulnerability } from './api.js';
import { FindingStatusBadge, KevBadge, SeverityBadge } from './badges.js';
import { Fact } from './Fact.js';
import { ScoringPanel } from '../scoring/ScoringPanel.js';
import { AnalysisPanel } from '../triage/AnalysisPanel.js';

/** One finding: what it is, why it matched (per record), how it was fixed, and its history. */
export default function FindingPage() {
  const { findingId = '' } = useParams();
  const query = useQuery({ queryKey: [...FINDINGS_KEY, 'one', findingId], queryFn: ({ signal }) => api<FindingDetail>(`/api/v1/findings/${findingId}`, { signal }) });
  const f = query.data?.finding;
  const title = f ? `${f.vulnId} in ${f.componentName}${f.componentVersion ? ` ${f.componentVersion}` : ''}` : 'Finding';
  return (
    <Page
      title={title}
      description={
        <Anchor component={Link} to="/findings" size="sm">
          ← All findings
        </Anchor>
      }
    >
      <QueryState query={query} loadingLabel="Loading finding…">
        {(detail) => (
          <>
            <FindingFacts finding={detail.finding} vulnerability={detail.vulnerability} />
            <ScoringPanel findingId={detail.finding.id} />
            <AnalysisPanel findingId={detail.finding.id} />
            <WhyItMatched finding={detail.finding} vulnerability={detail.vulnerability} />
            {detail.finding.fixedEvidence ? <FixedEvidence finding={detail.finding} /> : null}
            <History events={detail.events} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

function FindingFacts({ finding: f, vulnerability }: { finding: Finding; vulnerability: Vulnerability | null }) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Finding">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="md">
        <Fact label="Vulnerability">
          <Group gap={6}>
            <Anchor component={Link} to={vulnerabilityPath(f.vulnId)} className="mono">
              {f.vulnId}
            </Anchor>
            {f.kev ? <KevBadge dueDate={vulnerability?.kev?.due_date} /> : null}
          </Group>
        </Fact>
        <Fact label="Severity">
          <SeverityBadge severity={f.severity} />
        </Fact>
        <Fact label="EPSS">{f.epss === null ? '—' : `${formatPercent(f.epss)} (percentile ${formatPercent(f.epssPercentile)})`}</Fact>
        <Fact label="Status">
          <FindingStatusBadge status={f.status} />
        </Fact>
        <Fact label="Release">
          <Anchor component={Link} to={releasePath(f.productId, f.releaseId)}>
            {f.productName} {f.releaseVersion}
          </Anchor>
        </Fact>
        <Fact label="Component">
          <Text span className="mono" size="sm" style={{ overflowWrap: 'anywhere' }}>
            {f.componentPurl ?? f.componentCpe ?? `${f.componentName} ${f.componentVersion ?? ''}`}
          </Text>
        </Fact>
        <Fact label="First seen">{formatDateTime(f.firstSeenAt)}</Fact>
        <Fact label="Last seen in an SBOM">{formatDateTime(f.lastSeenAt)}</Fact>
      </SimpleGrid>
    </Paper>
  );
}

const METHOD_LABELS = { purl: 'Package URL against OSV ranges', cpe: 'CPE against NVD configurations' } as const;

function WhyItMatched({ finding: f, vulnerability }: { finding: Finding; vulnerability: Vulnerability | null }) {
  const sourceOf = (recordId: string) => vulnerability?.records.find((r) => r.record_id === recordId)?.source_name;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="why-heading">
      <Title order={2} size="h4" id="why-heading" mb="xs">
        Why it matched
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Matched by {METHOD_LABELS[f.matchMethod]}, confidence <strong>{f.confidence}</strong>
        {f.confidence === 'low' ? ' (the component’s CPE leaves its version open)' : ''}.
      </Text>
      <Stack gap="md">
        {f.evidence.map((e) => (
          <div key={e.recordId}>
            <Text size="sm" fw={650}>
              <span className="mono">{e.recordId}</span>
              {sourceOf(e.recordId) ? ` — from source “${sourceOf(e.recordId)}”` : ''} ({e.method === 'purl' ? 'package URL' : 'CPE'})
            </Text>
            <List size="sm" mt={4}>
              {e.reasons.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

function FixedEvidence({ finding: f }: { finding: Finding }) {
  const e = f.fixedEvidence!;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="fixed-heading">
      <Title order={2} size="h4" id="fixed-heading" mb="xs">
        {f.status === 'withdrawn' ? 'Why it was withdrawn' : 'Why it is fixed'}
      </Title>
      <Text size="sm">{e.detail ?? e.reason}</Text>
      {f.fixedAt ? (
        <Text size="sm" c="dimmed" mt={4}>
          Closed {formatDateTime(f.fixedAt)}
        </Text>
      ) : null}
    </Paper>
  );
}

const EVENT_LABELS: Record<string, string> = { opened: 'Opened', fixed: 'Fixed', withdrawn: 'Withdrawn', reopened: 'Reopened', evidence: 'Version changed' };

/** One line for an event's detail, from the fields the findings engine writes. */
function describeEvent(e: FindingEvent): string {
  const d = e.detail as { version?: string; method?: string; records?: string[]; from?: string; to?: string; detail?: string };
  if (e.kind === 'evidence') return `${d.from ?? '?'} → ${d.to ?? '?'}, still affected`;
  if (d.detail) return d.detail;
  return [d.version ? `version ${d.version}` : null, d.method ? `by ${d.method}` : null, d.records?.length ? `records ${d.records.join(', ')}` : null].filter(Boolean).join('; ');
}

function History({ events }: { events: FindingEvent[] }) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h4" id="history-heading" mb="xs">
        History
      </Title>
      <Table className="data-table" aria-label="Finding history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Event</Table.Th>
            <Table.Th scope="col">Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e, i) => (
            <Table.Tr key={i}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, true)}</Table.Td>
              <Table.Td>{EVENT_LABELS[e.kind] ?? e.kind}</Table.Td>
              <Table.Td>{describeEvent(e)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
