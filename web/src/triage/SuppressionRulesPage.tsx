import { Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { FINDINGS_KEY } from '../intel/api.js';
import { ANALYSIS_STATES, JUSTIFICATIONS, JUSTIFICATION_LABELS, RULES_KEY, STATE_LABELS, TRIAGE_KEY, type AnalysisState, type Justification, type SuppressionRule } from './api.js';

/** Reusable suppression rules: create (applied at once and to findings opened later), disable, delete; each expires. */
export default function SuppressionRulesPage() {
  const { can } = useSignedIn();
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: ({ signal }) => api<{ items: SuppressionRule[] }>('/api/v1/triage/suppression-rules', { signal }) });
  return (
    <Page
      title="Suppression rules"
      description={
        <Anchor component={Link} to="/triage" size="sm">
          ← Triage queue
        </Anchor>
      }
    >
      {can('triage.write') ? <NewRule /> : null}
      <Paper withBorder radius="md" p="md" component="section" aria-label="Rules">
        <QueryState query={rules} loadingLabel="Loading rules…">
          {(data) => <RulesTable rules={data.items} writable={can('triage.write')} />}
        </QueryState>
      </Paper>
    </Page>
  );
}

function useRefresh() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: TRIAGE_KEY });
    void client.invalidateQueries({ queryKey: FINDINGS_KEY });
  };
}

/** A date 90 days ahead, as the datetime-local input wants it. */
const inNinetyDays = () => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 16);

function NewRule() {
  const [vulnId, setVulnId] = useState('');
  const [component, setComponent] = useState('');
  const [version, setVersion] = useState('');
  const [state, setState] = useState<AnalysisState>('not_affected');
  const [justification, setJustification] = useState<Justification | null>(null);
  const [detail, setDetail] = useState('');
  const [expiresAt, setExpiresAt] = useState(inNinetyDays());
  const [reason, setReason] = useState('');
  const refresh = useRefresh();
  const create = useMutation({
    mutationFn: () =>
      api<{ applied: number }>('/api/v1/triage/suppression-rules', {
        method: 'POST',
        body: {
          vulnId, component, version: version.trim() || null, reason: reason.trim() || null, expiresAt: new Date(expiresAt).toISOString(),
          analysis: { state, justification: state === 'not_affected' ? justification : null, detail: detail.trim() || null },
        },
      }),
    onSuccess: refresh,
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="new-rule-heading">
      <Title order={2} size="h4" id="new-rule-heading" mb="sm">
        New rule
      </Title>
      <form
        aria-label="New suppression rule"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="Vulnerability" description="Id or any alias" value={vulnId} onChange={(e) => setVulnId(e.currentTarget.value)} required maxLength={100} />
            <TextInput label="Component" description="Package URL without version, or a name" value={component} onChange={(e) => setComponent(e.currentTarget.value)} required maxLength={1000} />
            <TextInput label="Version" description="Optional" value={version} onChange={(e) => setVersion(e.currentTarget.value)} maxLength={200} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select label="State" data={ANALYSIS_STATES.filter((s) => s !== 'in_triage').map((s) => ({ value: s, label: STATE_LABELS[s] }))} value={state} onChange={(v) => setState((v ?? 'not_affected') as AnalysisState)} allowDeselect={false} />
            <Select label="Justification" data={JUSTIFICATIONS.map((j) => ({ value: j, label: JUSTIFICATION_LABELS[j] }))} value={state === 'not_affected' ? justification : null} onChange={(v) => setJustification(v as Justification | null)} disabled={state !== 'not_affected'} clearable />
            <TextInput label="Expires" type="datetime-local" value={expiresAt} onChange={(e) => setExpiresAt(e.currentTarget.value)} required />
          </SimpleGrid>
          <Textarea label="Detail" value={detail} onChange={(e) => setDetail(e.currentTarget.value)} autosize minRows={1} maxLength={10_000} />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} />
          <FormError error={create.error} fields={['vulnId', 'component', 'version', 'analysis', 'expiresAt', 'reason', 'productId']} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create rule
            </Button>
            {create.isSuccess ? (
              <Text size="sm" role="status">
                Rule created; applied to {create.data.applied} finding{create.data.applied === 1 ? '' : 's'}.
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RulesTable({ rules, writable }: { rules: SuppressionRule[]; writable: boolean }) {
  const refresh = useRefresh();
  const toggle = useMutation({ mutationFn: (r: SuppressionRule) => api(`/api/v1/triage/suppression-rules/${r.id}`, { method: 'PATCH', body: { disabled: !r.disabled } }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (r: SuppressionRule) => api(`/api/v1/triage/suppression-rules/${r.id}`, { method: 'DELETE' }), onSuccess: refresh });
  if (rules.length === 0) return <Text>No suppression rules yet.</Text>;
  return (
    <>
      <FormError error={toggle.error ?? remove.error} />
      <Table className="data-table" aria-label="Suppression rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Vulnerability</Table.Th>
            <Table.Th scope="col">Component</Table.Th>
            <Table.Th scope="col">Decision</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
            <Table.Th scope="col">Findings</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            {writable ? <Table.Th scope="col">Actions</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Th scope="row" className="mono">
                {r.vulnId}
              </Table.Th>
              <Table.Td className="mono">
                {r.component}
                {r.version ? `@${r.version}` : ''}
                {r.productName ? ` (${r.productName})` : ''}
              </Table.Td>
              <Table.Td>
                {STATE_LABELS[r.analysis.state as AnalysisState] ?? r.analysis.state}
                {r.analysis.justification ? `, ${r.analysis.justification}` : ''}
              </Table.Td>
              <Table.Td>{formatDateTime(r.expiresAt)}</Table.Td>
              <Table.Td>{r.findings}</Table.Td>
              <Table.Td>
                <Badge color={r.active ? 'teal' : 'gray'} variant="light">
                  {r.active ? 'Active' : r.disabled ? 'Disabled' : 'Expired'}
                </Badge>
              </Table.Td>
              {writable ? (
                <Table.Td>
                  <Group gap="xs">
                    <Button size="xs" variant="default" onClick={() => toggle.mutate(r)} aria-label={`${r.disabled ? 'Enable' : 'Disable'} rule ${r.vulnId}`}>
                      {r.disabled ? 'Enable' : 'Disable'}
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(r)} aria-label={`Delete rule ${r.vulnId}`}>
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
