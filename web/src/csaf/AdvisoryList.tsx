import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../app/api.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { ADVISORIES_KEY, TLP_LABELS, type AdvisoryRow } from './api.js';

/** The organization's advisories and the form that generates a draft from a vulnerability's findings. */
export default function AdvisoryList() {
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useQuery({ queryKey: [...ADVISORIES_KEY, 'list'], queryFn: () => api<{ items: AdvisoryRow[] }>('/api/v1/advisories') });
  const [vulnerabilityId, setVulnerabilityId] = useState('');
  const [tlp, setTlp] = useState<string>('WHITE');
  const create = useMutation({
    mutationFn: () => api<AdvisoryRow>('/api/v1/advisories', { method: 'POST', body: { vulnerabilityId: vulnerabilityId.trim(), tlp } }),
    onSuccess: async (row) => {
      await client.invalidateQueries({ queryKey: ADVISORIES_KEY });
      await navigate(`/advisories/${row.id}`);
    },
  });
  return (
    <Page title="Advisories (CSAF)" description="CSAF 2.0 security advisories generated from your findings, validated and published to your trusted-provider directory." actions={can('provider.manage') ? <Button component={Link} to="/advisories/provider" variant="default">Provider settings</Button> : undefined}>
      <Stack>
        {can('advisories.write') && (
          <Paper withBorder p="md">
            <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
              <Group align="end">
                <TextInput label="Vulnerability" description="CVE or advisory id of findings in your portfolio" placeholder="CVE-2021-44228" value={vulnerabilityId} onChange={(e) => setVulnerabilityId(e.currentTarget.value)} required />
                <Select label="TLP" data={[...TLP_LABELS]} value={tlp} onChange={(v) => setTlp(v ?? 'WHITE')} allowDeselect={false} w={120} />
                <Button type="submit" loading={create.isPending} disabled={!vulnerabilityId.trim()}>Create draft advisory</Button>
              </Group>
              {create.error && <Alert color="red" mt="sm" role="alert">{errorMessage(create.error)}</Alert>}
            </form>
          </Paper>
        )}
        <QueryState query={list}>
          {(data) => data.items.length === 0 ? <Text c="dimmed">No advisories yet.</Text> : (
            <Table striped aria-label="Advisories">
              <Table.Thead><Table.Tr><Table.Th>Tracking id</Table.Th><Table.Th>Title</Table.Th><Table.Th>Status</Table.Th><Table.Th>Version</Table.Th><Table.Th>TLP</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td><Anchor component={Link} to={`/advisories/${a.id}`}>{a.tracking_id}</Anchor></Table.Td>
                    <Table.Td>{a.title}</Table.Td>
                    <Table.Td><Badge color={a.status === 'final' ? 'green' : 'gray'}>{a.status}</Badge></Table.Td>
                    <Table.Td>{a.version}</Table.Td>
                    <Table.Td>TLP:{a.tlp}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Stack>
    </Page>
  );
}
