import { Alert, Badge, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api.js';
import { ErrorAlert, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { FindingClocks } from '../clocks/FindingClocks.js';
import { Fact } from '../intel/Fact.js';
import { CVSS_SOURCE_LABELS, HARM_LEVELS, scoreKey, type CvssSourceChoice, type RubricVersion, type Score } from './api.js';
import { RubricWizard } from './RubricWizard.js';
import { useScoreUpdate } from './useScoreUpdate.js';

/**
 * The finding page's scoring: every source's CVSS with the chosen one (switchable), the
 * environmental score of the product, the rubric wizard, severity of patient harm, the risk
 * class and the priority with what raised or lowered it; then the finding's clocks and plans.
 */
export function ScoringPanel({ findingId }: { findingId: string }) {
  const query = useQuery({ queryKey: scoreKey(findingId), queryFn: ({ signal }) => api<Score>(`/api/v1/findings/${findingId}/score`, { signal }) });
  return (
    <>
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="scoring-heading">
        <Title order={2} size="h4" id="scoring-heading" mb="xs">
          Scoring and patient-safety risk
        </Title>
        <QueryState query={query} loadingLabel="Loading score…">
          {(score) => <ScoringBody score={score} />}
        </QueryState>
      </Paper>
      <FindingClocks findingId={findingId} />
    </>
  );
}

const RISK_COLORS = { uncontrolled: 'red.9', controlled: 'teal.8' } as const;

function ScoringBody({ score }: { score: Score }) {
  const { can } = useSignedIn();
  const editable = can('triage.write');
  const update = useScoreUpdate(score.findingId);
  const a = score.assessment;
  const rubric = useQuery({ queryKey: ['rubric', score.inputs.rubricVersion], queryFn: ({ signal }) => api<RubricVersion>(`/api/v1/rubric/versions/${score.inputs.rubricVersion}`, { signal }), staleTime: Infinity });
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Fact label="Risk to patients">
          {score.riskClass ? (
            <Badge color={RISK_COLORS[score.riskClass]} radius="sm" tt="none" fw={700} data-testid="risk-class">
              {score.riskClass === 'uncontrolled' ? 'Uncontrolled' : 'Controlled'}
            </Badge>
          ) : (
            <Text size="sm" data-testid="risk-class">Not classified</Text>
          )}
        </Fact>
        <Fact label="Priority">
          <Text fw={700} data-testid="priority">
            {score.priority} / 1000
          </Text>
        </Fact>
        <Fact label="Effective CVSS">{a.effective ? `${a.effective.score.toFixed(1)} ${a.effective.severity} (${a.effective.environmental ? 'environmental' : 'base'})` : '—'}</Fact>
        <Fact label="Exploitability">{a.exploitability?.level ?? '—'}</Fact>
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {a.riskWhy}
      </Text>
      {update.error ? <ErrorAlert error={update.error} title="The scoring input was not saved" /> : null}

      <div>
        <Title order={3} size="h5" mb={4}>
          CVSS from every source
        </Title>
        <Table className="data-table" aria-label="CVSS scores by source">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Source</Table.Th>
              <Table.Th scope="col">Scored by</Table.Th>
              <Table.Th scope="col">Vector</Table.Th>
              <Table.Th scope="col">Base</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {a.sources.map((c) => {
              const chosen = a.chosen.source?.vector === c.vector && a.chosen.source?.source === c.source;
              return (
                <Table.Tr key={`${c.source}-${c.recordId}-${c.vector}`} aria-current={chosen ? 'true' : undefined} fw={chosen ? 700 : undefined}>
                  <Table.Td>
                    {CVSS_SOURCE_LABELS[c.source]}
                    {chosen ? ' (used)' : ''}
                  </Table.Td>
                  <Table.Td>{c.scoredBy ?? '—'}</Table.Td>
                  <Table.Td className="mono" style={{ overflowWrap: 'anywhere' }}>
                    {c.vector}
                  </Table.Td>
                  <Table.Td>
                    {c.base.toFixed(1)} {c.severity}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed" mt={4}>
          {a.chosen.why}
          {a.environmental ? ` With this product’s environment: ${a.environmental.vector} → ${a.environmental.score.toFixed(1)} ${a.environmental.severity}.` : ''}
        </Text>
      </div>

      <Group align="end" gap="md">
        <Select
          label="CVSS source"
          w={260}
          data={Object.entries(CVSS_SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
          value={score.inputs.cvssSource}
          disabled={!editable || update.isPending}
          allowDeselect={false}
          onChange={(v) => v && update.mutate({ cvssSource: v as CvssSourceChoice })}
        />
        <Select
          label="Severity of patient harm (ISO 14971)"
          w={420}
          placeholder="Not assessed"
          data={HARM_LEVELS.map((h) => ({ value: h.value, label: h.label }))}
          value={score.inputs.harmSeverity}
          disabled={!editable || update.isPending}
          clearable
          onChange={(v) => update.mutate({ harmSeverity: v ?? null })}
        />
      </Group>

      {rubric.data ? <RubricWizard version={rubric.data} score={score} editable={editable} /> : rubric.error ? <ErrorAlert error={rubric.error} /> : null}

      <div>
        <Title order={3} size="h5" mb={4}>
          Why this priority
        </Title>
        {score.priorityFactors.length === 0 ? (
          <Alert variant="light" color="gray">
            Nothing raises this finding’s priority.
          </Alert>
        ) : (
          <List size="sm" aria-label="Priority factors">
            {score.priorityFactors.map((f) => (
              <List.Item key={`${f.factor}-${f.why}`}>
                <strong>
                  {f.effect === 'raised' ? '+' : '−'}
                  {f.points}
                </strong>{' '}
                {f.why}
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </Stack>
  );
}
