import { Anchor, Badge, Button, Group, Kbd, Modal, Paper, Select, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, Route, Routes, useNavigate } from 'react-router';
import { api } from '../app/api.js';
import { LoadMore } from '../app/components.js';
import { FormError } from '../app/forms.js';
import { Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';
import { FINDINGS_KEY, SEVERITY_LEVELS } from '../intel/api.js';
import { KevBadge, SeverityBadge } from '../intel/badges.js';
import { JUSTIFICATIONS, JUSTIFICATION_LABELS, QUEUE_KEY, STATE_LABELS, TRIAGE_KEY, type AnalysisInput, type Justification, type QueueItem } from './api.js';
import SuppressionRulesPage from './SuppressionRulesPage.js';

/** /triage is the keyboard-driven queue of open work; /triage/rules the suppression rules. */
export default function TriagePage() {
  return (
    <Routes>
      <Route index element={<TriageQueue />} />
      <Route path="rules" element={<SuppressionRulesPage />} />
      <Route path="*" element={<Navigate to="/triage" replace />} />
    </Routes>
  );
}

/** The keys of the queue, shown by `?`. */
const SHORTCUTS: readonly [string, string][] = [
  ['j / k', 'Next / previous finding'],
  ['Enter', 'Open the finding'],
  ['t', 'In triage'],
  ['u', 'Exploitable, response: update'],
  ['w', 'Exploitable, response: will not fix'],
  ['f', 'False positive'],
  ['n', 'Not affected… (choose the justification)'],
  ['m', 'Assign to me'],
  ['c', 'Comment…'],
  ['?', 'This help'],
];

type Dialog = null | 'help' | 'not_affected' | 'comment';

function TriageQueue() {
  const { session, can } = useSignedIn();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const query = { assignee: assignee ?? undefined, severity: severity ?? undefined };
  const list = usePagedList<QueueItem>(QUEUE_KEY, '/api/v1/triage/queue', query);
  const items = list.items ?? [];
  const [cursor, setCursor] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<string | null>(null);
  const current = items[Math.min(cursor, Math.max(items.length - 1, 0))];
  const writable = can('triage.write');

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: TRIAGE_KEY });
    void client.invalidateQueries({ queryKey: FINDINGS_KEY });
  }, [client]);
  const decide = useMutation({
    mutationFn: ({ item, analysis }: { item: QueueItem; analysis: AnalysisInput }) => api(`/api/v1/findings/${item.id}/analysis`, { method: 'PATCH', body: analysis }),
    onSuccess: (_data, { item, analysis }) => {
      setMessage(`${item.vulnId} in ${item.componentName}: ${STATE_LABELS[analysis.state]}`);
      refresh();
    },
  });
  const assign = useMutation({
    mutationFn: (item: QueueItem) => api(`/api/v1/findings/${item.id}/assignee`, { method: 'PUT', body: { userId: session.user.id } }),
    onSuccess: (_d, item) => {
      setMessage(`${item.vulnId} in ${item.componentName}: assigned to you`);
      refresh();
    },
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialog !== null || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (e.key === '?') return setDialog('help');
      if (e.key === 'j') return setCursor((c) => Math.min(c + 1, Math.max(items.length - 1, 0)));
      if (e.key === 'k') return setCursor((c) => Math.max(c - 1, 0));
      if (!current) return;
      if (e.key === 'Enter') return void navigate(`/findings/${current.id}`);
      if (!writable) return;
      const set = (analysis: AnalysisInput) => decide.mutate({ item: current, analysis });
      if (e.key === 't') set({ state: 'in_triage' });
      else if (e.key === 'u') set({ state: 'exploitable', responses: ['update'] });
      else if (e.key === 'w') set({ state: 'exploitable', responses: ['will_not_fix'] });
      else if (e.key === 'f') set({ state: 'false_positive' });
      else if (e.key === 'n') setDialog('not_affected');
      else if (e.key === 'm') assign.mutate(current);
      else if (e.key === 'c') setDialog('comment');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, items.length, current, writable, navigate, decide, assign]);

  return (
    <Page
      title="Triage queue"
      description={
        <>
          Open work — affected findings without a decision — highest priority first. Press <Kbd>?</Kbd> for the keys.{' '}
          <Anchor component={Link} to="/triage/rules" size="sm">
            Suppression rules
          </Anchor>
        </>
      }
    >
      <Paper withBorder radius="md" p="md" component="section" aria-label="Triage queue">
        <Group gap="sm" mb="md" align="flex-end">
          <Select label="Assignee" placeholder="Anyone" data={[{ value: 'me', label: 'Me' }, { value: 'none', label: 'Unassigned' }]} value={assignee} onChange={setAssignee} clearable w={180} />
          <Select label="Severity" placeholder="Any" data={SEVERITY_LEVELS.slice(0, 4).map((s) => ({ value: s, label: `${s} or worse` }))} value={severity} onChange={setSeverity} clearable w={180} />
          <Button variant="default" onClick={() => setDialog('help')}>
            Keyboard shortcuts
          </Button>
        </Group>
        {message ? (
          <Text size="sm" role="status" mb="sm">
            {message}
          </Text>
        ) : null}
        <FormError error={decide.error ?? assign.error} />
        <Table className="data-table" aria-label="Open findings by priority">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">Vulnerability</Table.Th>
              <Table.Th scope="col">Component</Table.Th>
              <Table.Th scope="col">Release</Table.Th>
              <Table.Th scope="col">Severity</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Assignee</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item, i) => (
              <Table.Tr key={item.id} aria-selected={item.id === current?.id} data-selected={item.id === current?.id || undefined} onClick={() => setCursor(i)} style={item.id === current?.id ? { outline: '2px solid var(--mantine-color-blue-6)' } : undefined}>
                <Table.Td>{item.priority}</Table.Td>
                <Table.Th scope="row">
                  <Group gap={6}>
                    <Anchor component={Link} to={`/findings/${item.id}`} className="mono">
                      {item.vulnId}
                    </Anchor>
                    {item.kev ? <KevBadge /> : null}
                  </Group>
                </Table.Th>
                <Table.Td>
                  {item.componentName} {item.componentVersion ?? ''}
                </Table.Td>
                <Table.Td>
                  {item.productName} {item.releaseVersion}
                </Table.Td>
                <Table.Td>
                  <SeverityBadge severity={item.severity} />
                </Table.Td>
                <Table.Td>{item.analysisState ? <Badge variant="light">{STATE_LABELS[item.analysisState]}</Badge> : '—'}</Table.Td>
                <Table.Td>{item.assignee?.name ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.isSuccess && items.length === 0 ? <Text mt="md">Nothing to triage: every open finding has a decision.</Text> : null}
        <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={items.length} noun="findings" />
      </Paper>

      <Modal opened={dialog === 'help'} onClose={() => setDialog(null)} title="Keyboard shortcuts">
        <Table aria-label="Keyboard shortcuts">
          <Table.Tbody>
            {SHORTCUTS.map(([k, what]) => (
              <Table.Tr key={k}>
                <Table.Td>
                  <Kbd>{k}</Kbd>
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
      {current ? <NotAffectedDialog opened={dialog === 'not_affected'} item={current} onClose={() => setDialog(null)} onDecide={(analysis) => decide.mutate({ item: current, analysis })} /> : null}
      {current ? <CommentDialog opened={dialog === 'comment'} item={current} onClose={() => setDialog(null)} onDone={(text) => setMessage(text)} /> : null}
    </Page>
  );
}

function NotAffectedDialog({ opened, item, onClose, onDecide }: { opened: boolean; item: QueueItem; onClose: () => void; onDecide: (a: AnalysisInput) => void }) {
  const [justification, setJustification] = useState<Justification | null>(null);
  const [detail, setDetail] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={`Not affected: ${item.vulnId} in ${item.componentName}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onDecide({ state: 'not_affected', justification, detail: detail.trim() ? detail : null });
          onClose();
        }}
      >
        <Select label="Justification" data={JUSTIFICATIONS.map((j) => ({ value: j, label: JUSTIFICATION_LABELS[j] }))} value={justification} onChange={(v) => setJustification(v as Justification | null)} data-autofocus />
        <Textarea label="Detail" description="A justification or an impact statement is required" value={detail} onChange={(e) => setDetail(e.currentTarget.value)} mt="sm" autosize minRows={2} />
        <Group justify="flex-end" mt="md">
          <Button type="submit" disabled={justification === null && !detail.trim()}>
            Mark not affected
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

function CommentDialog({ opened, item, onClose, onDone }: { opened: boolean; item: QueueItem; onClose: () => void; onDone: (message: string) => void }) {
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/api/v1/findings/${item.id}/comments`, { method: 'POST', body: { body } }),
    onSuccess: () => {
      onDone(`${item.vulnId} in ${item.componentName}: comment added`);
      setBody('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Comment on ${item.vulnId} in ${item.componentName}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) add.mutate();
        }}
      >
        <Textarea label="Comment" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} maxLength={10_000} data-autofocus />
        <FormError error={add.error} fields={['body']} />
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={add.isPending} disabled={!body.trim()}>
            Add comment
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
