import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../app/api.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { useSession } from '../app/session.js';
import { GOV_KEY } from './api.js';

interface Governance {
  raci: { id: string; area: string; raci: string; person: string; roleTitle: string | null }[];
  training: { id: string; course: string; person: string; completedOn: string | null; expiresOn: string | null; status: string }[];
  policies: { id: string; kind: string; title: string; owner: string | null; version: string; approvedOn: string | null; nextReviewOn: string | null; reviewDue: boolean }[];
  reminders: { kind: string; id: string; subject: string; date: string | null }[];
  reminderDays: number;
}
const REMINDER: Record<string, string> = { training_expired: 'Training expired', training_expiring: 'Training expiring', training_incomplete: 'Training not completed', policy_review_overdue: 'Policy review overdue', policy_review_due: 'Policy review due', action_overdue: 'Action overdue' };

/** /governance: the due-soon list, RACI per JSP area, training records and policies. */
export default function GovernancePage() {
  const { can } = useSession();
  const q = useQuery({ queryKey: [...GOV_KEY, 'records'], queryFn: ({ signal }) => api<Governance>('/api/v1/governance', { signal }) });
  if (q.isPending) return <Page title="Governance & training"><Loading /></Page>;
  if (q.isError) return <Page title="Governance & training"><ErrorAlert error={q.error} /></Page>;
  const g = q.data;
  const write = can('governance.write');
  return (
    <Page title="Governance & training" description="Who is responsible for each JSP area, who is trained, and which policies need review.">
      <Card withBorder>
        <Title order={2} size="h4">Due soon (next {g.reminderDays} days)</Title>
        {g.reminders.length === 0 ? <Text c="dimmed">Nothing is due.</Text> : (
          <ul aria-label="Reminders">{g.reminders.map((r) => <li key={`${r.kind}-${r.id}`}><Badge mr="xs" color={r.kind.includes('overdue') || r.kind.includes('expired') ? 'red' : 'orange'}>{REMINDER[r.kind]}</Badge>{r.subject}{r.date ? ` — ${r.date}` : ''}</li>)}</ul>
        )}
      </Card>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4">RACI per JSP area</Title>
          <Table aria-label="RACI"><Table.Tbody>{g.raci.map((r) => <Table.Tr key={r.id}><Table.Td>{r.area}</Table.Td><Table.Td>{r.raci}</Table.Td><Table.Td>{r.person}</Table.Td><Table.Td>{r.roleTitle}</Table.Td></Table.Tr>)}</Table.Tbody></Table>
          {write ? <AddForm path="/api/v1/governance/raci" fields={[['area', 'Area'], ['personName', 'Person'], ['roleTitle', 'Role title']]} select={{ name: 'raci', label: 'RACI', data: ['R', 'A', 'C', 'I'] }} /> : null}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">Training</Title>
          <Table aria-label="Training"><Table.Tbody>{g.training.map((t) => <Table.Tr key={t.id}><Table.Td>{t.course}</Table.Td><Table.Td>{t.person}</Table.Td><Table.Td>{t.completedOn ?? '—'}</Table.Td><Table.Td>{t.expiresOn ?? '—'}</Table.Td><Table.Td>{t.status}</Table.Td></Table.Tr>)}</Table.Tbody></Table>
          {write ? <AddForm path="/api/v1/governance/training" fields={[['course', 'Course'], ['personName', 'Person'], ['completedOn', 'Completed (YYYY-MM-DD)'], ['expiresOn', 'Expires (YYYY-MM-DD)']]} /> : null}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4">Policies and procedures</Title>
        <Table aria-label="Policies"><Table.Thead><Table.Tr><Table.Th>Title</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Owner</Table.Th><Table.Th>Version</Table.Th><Table.Th>Approved</Table.Th><Table.Th>Next review</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{g.policies.map((p) => <Table.Tr key={p.id}><Table.Td>{p.title}</Table.Td><Table.Td>{p.kind}</Table.Td><Table.Td>{p.owner}</Table.Td><Table.Td>{p.version}</Table.Td><Table.Td>{p.approvedOn ?? '—'}</Table.Td><Table.Td>{p.nextReviewOn ?? '—'}{p.reviewDue ? <Badge ml="xs" color="orange">due</Badge> : null}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
        {write ? <AddForm path="/api/v1/governance/policies" fields={[['title', 'Title'], ['ownerName', 'Owner'], ['version', 'Version'], ['approvedOn', 'Approved (YYYY-MM-DD)'], ['nextReviewOn', 'Next review (YYYY-MM-DD)']]} select={{ name: 'kind', label: 'Kind', data: ['policy', 'procedure'] }} /> : null}
      </Card>
    </Page>
  );
}

function AddForm({ path, fields, select }: { path: string; fields: [string, string][]; select?: { name: string; label: string; data: string[] } }) {
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: () => api(path, { method: 'POST', body: Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '')) }),
    onSuccess: () => { setValues({}); return client.invalidateQueries({ queryKey: GOV_KEY }); },
  });
  return (
    <Stack gap="xs" mt="sm">
      <Group align="flex-end" wrap="wrap">
        {select ? <Select label={select.label} data={select.data} value={values[select.name] ?? null} onChange={(v) => setValues({ ...values, [select.name]: v ?? '' })} w={120} /> : null}
        {fields.map(([name, label]) => <TextInput key={name} label={label} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.currentTarget.value })} />)}
        <Button variant="light" onClick={() => add.mutate()} loading={add.isPending}>Add</Button>
      </Group>
      {add.isError ? <Alert color="red">{errorMessage(add.error)}</Alert> : null}
    </Stack>
  );
}
