import { Badge, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type Page as ApiPage } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { FormError } from '../app/forms.js';
import { useSignedIn } from '../app/session.js';
import { FINDINGS_KEY } from '../intel/api.js';
import { CLOCKS_KEY } from '../clocks/api.js';
import { SCORING_KEY } from '../scoring/api.js';
import {
  ANALYSIS_STATES, JUSTIFICATIONS, JUSTIFICATION_LABELS, QUEUE_KEY, RESPONSES, RESPONSE_LABELS, STATE_LABELS, describeHistory, findingTriageKey,
  type AnalysisState, type Candidate, type HistoryItem, type Justification, type Member, type Response,
} from './api.js';

/**
 * The decision on one finding (mounted on the finding page): CycloneDX analysis, assignee,
 * comments, the full history, and propagation of the decision to the same component version
 * in other releases (preview, then confirm the chosen ones).
 */
export function AnalysisPanel({ findingId }: { findingId: string }) {
  const { can } = useSignedIn();
  const key = findingTriageKey(findingId);
  const history = useQuery({ queryKey: [...key, 'history'], queryFn: ({ signal }) => api<{ items: HistoryItem[] }>(`/api/v1/findings/${findingId}/history`, { signal }) });
  const writable = can('triage.write');
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="analysis-heading">
      <Title order={2} size="h4" id="analysis-heading" mb="md">
        Analysis
      </Title>
      <Stack gap="lg">
        {writable ? <AnalysisForm findingId={findingId} /> : <Text size="sm" c="dimmed">Your role can read the analysis but not change it.</Text>}
        {writable ? <Assignee findingId={findingId} /> : null}
        {writable ? <CommentBox findingId={findingId} /> : null}
        {writable ? <Propagation findingId={findingId} /> : null}
        <HistoryTable items={history.data?.items ?? []} />
      </Stack>
    </Paper>
  );
}

function useInvalidate(findingId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: findingTriageKey(findingId) });
    void client.invalidateQueries({ queryKey: QUEUE_KEY });
    void client.invalidateQueries({ queryKey: FINDINGS_KEY });
    // A decision rescores the finding: its priority and clocks change on the server too.
    void client.invalidateQueries({ queryKey: SCORING_KEY });
    void client.invalidateQueries({ queryKey: CLOCKS_KEY });
  };
}

function AnalysisForm({ findingId }: { findingId: string }) {
  const history = useQuery({ queryKey: [...findingTriageKey(findingId), 'history'], queryFn: ({ signal }) => api<{ items: HistoryItem[] }>(`/api/v1/findings/${findingId}/history`, { signal }) });
  const [state, setState] = useState<AnalysisState | null>(null);
  const [justification, setJustification] = useState<Justification | null>(null);
  const [responses, setResponses] = useState<Response[]>([]);
  const [detail, setDetail] = useState('');
  // The last decision in the history is the current analysis.
  const last = [...(history.data?.items ?? [])].reverse().find((h) => h.detail.after !== undefined && h.kind !== 'assigned');
  const lastKey = last ? `${last.at}${last.kind}` : '';
  useEffect(() => {
    const after = last?.detail.after as { state?: AnalysisState | null; justification?: Justification | null; responses?: Response[]; detail?: string | null } | undefined;
    if (!after) return;
    setState(after.state ?? null);
    setJustification(after.justification ?? null);
    setResponses(after.responses ?? []);
    setDetail(after.detail ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset the form when a new decision arrives, not on every render
  }, [lastKey]);
  const invalidate = useInvalidate(findingId);
  const save = useMutation({
    mutationFn: () => api(`/api/v1/findings/${findingId}/analysis`, { method: 'PATCH', body: { state, justification: state === 'not_affected' ? justification : null, responses, detail: detail.trim() ? detail : null } }),
    onSuccess: invalidate,
  });
  return (
    <form
      aria-label="Set analysis"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select label="State" placeholder="Not analysed" data={ANALYSIS_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))} value={state} onChange={(v) => setState(v as AnalysisState | null)} allowDeselect={false} />
          <Select
            label="Justification"
            description="Only with Not affected"
            placeholder="None"
            data={JUSTIFICATIONS.map((j) => ({ value: j, label: JUSTIFICATION_LABELS[j] }))}
            value={state === 'not_affected' ? justification : null}
            onChange={(v) => setJustification(v as Justification | null)}
            disabled={state !== 'not_affected'}
            clearable
          />
        </SimpleGrid>
        <Checkbox.Group label="Responses" value={responses} onChange={(v) => setResponses(v as Response[])}>
          <Group gap="md" mt={4}>
            {RESPONSES.map((r) => (
              <Checkbox key={r} value={r} label={RESPONSE_LABELS[r]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea label="Detail" description="Why — the impact statement for Not affected" value={detail} onChange={(e) => setDetail(e.currentTarget.value)} autosize minRows={2} maxLength={10_000} />
        <FormError error={save.error} fields={['state', 'justification', 'responses', 'detail']} />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={state === null}>
            Save analysis
          </Button>
          {save.isSuccess ? (
            <Text size="sm" role="status">
              Analysis saved.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}

function Assignee({ findingId }: { findingId: string }) {
  const members = useQuery({ queryKey: ['members', 'options'], queryFn: ({ signal }) => api<ApiPage<Member>>('/api/v1/members', { query: { limit: 200 }, signal }) });
  const history = useQuery({ queryKey: [...findingTriageKey(findingId), 'history'], queryFn: ({ signal }) => api<{ items: HistoryItem[] }>(`/api/v1/findings/${findingId}/history`, { signal }) });
  const lastAssigned = [...(history.data?.items ?? [])].reverse().find((h) => h.kind === 'assigned');
  const current = (lastAssigned?.detail.to as string | null | undefined) ?? null;
  const invalidate = useInvalidate(findingId);
  const assign = useMutation({ mutationFn: (userId: string | null) => api(`/api/v1/findings/${findingId}/assignee`, { method: 'PUT', body: { userId } }), onSuccess: invalidate });
  return (
    <Stack gap={4}>
      <Select
        label="Assignee"
        placeholder="Unassigned"
        data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
        value={current}
        onChange={(v) => assign.mutate(v)}
        clearable
        w={360}
      />
      <FormError error={assign.error} fields={['userId']} />
    </Stack>
  );
}

function CommentBox({ findingId }: { findingId: string }) {
  const [body, setBody] = useState('');
  const invalidate = useInvalidate(findingId);
  const add = useMutation({
    mutationFn: () => api(`/api/v1/findings/${findingId}/comments`, { method: 'POST', body: { body } }),
    onSuccess: () => {
      setBody('');
      invalidate();
    },
  });
  return (
    <form
      aria-label="Add a comment"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) add.mutate();
      }}
    >
      <Group align="flex-end" gap="sm">
        <Textarea label="Comment" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={1} maxLength={10_000} style={{ flex: 1 }} />
        <Button type="submit" variant="default" loading={add.isPending} disabled={!body.trim()}>
          Add comment
        </Button>
      </Group>
      <FormError error={add.error} fields={['body']} />
    </form>
  );
}

function Propagation({ findingId }: { findingId: string }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const preview = useQuery({
    queryKey: [...findingTriageKey(findingId), 'propagation'],
    queryFn: ({ signal }) => api<{ componentVersion: string | null; items: Candidate[] }>(`/api/v1/findings/${findingId}/propagation`, { signal }),
    enabled: open,
  });
  const invalidate = useInvalidate(findingId);
  const confirm = useMutation({ mutationFn: () => api<{ changed: number }>(`/api/v1/findings/${findingId}/propagate`, { method: 'POST', body: { findingIds: chosen } }), onSuccess: invalidate });
  if (!open) {
    return (
      <Group>
        <Button variant="default" onClick={() => setOpen(true)}>
          Propagate to other releases…
        </Button>
      </Group>
    );
  }
  const items = preview.data?.items ?? [];
  return (
    <Stack gap="xs" component="section" aria-label="Propagate the decision">
      <Text size="sm" fw={650}>
        Same component version{preview.data?.componentVersion ? ` (${preview.data.componentVersion})` : ''} and vulnerability in other releases
      </Text>
      {preview.isSuccess && items.length === 0 ? <Text size="sm">No other release ships this component version.</Text> : null}
      {items.length > 0 ? (
        <Checkbox.Group value={chosen} onChange={setChosen} aria-label="Releases to propagate to">
          <Stack gap={4}>
            {items.map((c) => (
              <Checkbox key={c.id} value={c.id} label={`${c.productName} ${c.releaseVersion} — now ${c.analysis.state ? STATE_LABELS[c.analysis.state as AnalysisState] : 'not analysed'}`} />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : null}
      <FormError error={confirm.error} />
      <Group>
        <Button onClick={() => confirm.mutate()} disabled={chosen.length === 0} loading={confirm.isPending}>
          Apply to {chosen.length} release{chosen.length === 1 ? '' : 's'}
        </Button>
        {confirm.isSuccess ? (
          <Text size="sm" role="status">
            Applied to {confirm.data.changed} finding{confirm.data.changed === 1 ? '' : 's'}.
          </Text>
        ) : null}
      </Group>
    </Stack>
  );
}

function HistoryTable({ items }: { items: HistoryItem[] }) {
  return (
    <div>
      <Text size="sm" fw={650} mb={4}>
        Decisions and comments
      </Text>
      <Table className="data-table" aria-label="Triage history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Who</Table.Th>
            <Table.Th scope="col">What</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((h, i) => (
            <Table.Tr key={i}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.at, true)}</Table.Td>
              <Table.Td>{h.actor ?? '—'}</Table.Td>
              <Table.Td>
                {h.kind === 'comment' ? <Badge variant="light" mr={6}>Comment</Badge> : null}
                {describeHistory(h)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
