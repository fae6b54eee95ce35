import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Page as ApiPage } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { ErrorAlert, Loading } from '../app/Page.js';
import { GOV_KEY, type Action, type Maturity, type MemberOption } from './api.js';

/**
 * The "Action items" tab of /maturity: the action items with owner (a member), due date and
 * status, overdue ones highlighted; below them the gaps (applicable controls below the target
 * level, not assessed, or waiting for re-assessment) each with a "Create action" button.
 */

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function useMembers() {
  return useQuery({ queryKey: ['members', 'options'], queryFn: ({ signal }) => api<ApiPage<MemberOption>>('/api/v1/members', { query: { limit: 200 }, signal }) });
}

const memberData = (members: MemberOption[] | undefined) => (members ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }));

export function ActionsPanel({ m, canWrite }: { m: Maturity; canWrite: boolean }) {
  const actions = useQuery({ queryKey: [...GOV_KEY, 'actions'], queryFn: ({ signal }) => api<Action[]>('/api/v1/maturity/actions', { signal }) });
  const members = useMembers();
  const [creating, setCreating] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  if (actions.isPending) return <Loading />;
  if (actions.isError) return <ErrorAlert error={actions.error} />;
  const openFor = new Set(actions.data.filter((a) => a.status === 'open').map((a) => a.code));
  const titles = new Map(m.controls.map((c) => [c.code, c.title]));
  const overdue = actions.data.filter((a) => a.overdue).length;
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4">Action items</Title>
        <Text size="sm" c="dimmed" data-testid="action-summary">{actions.data.filter((a) => a.status === 'open').length} open, {overdue} overdue, {actions.data.filter((a) => a.status === 'done').length} done.</Text>
        {actions.data.length === 0 ? <Text c="dimmed">No action items yet: create one from a gap.</Text> : (
          <Table aria-label="Action items">
            <Table.Thead><Table.Tr><Table.Th>Control</Table.Th><Table.Th>Action</Table.Th><Table.Th>Owner</Table.Th><Table.Th>Due</Table.Th><Table.Th>Status</Table.Th>{canWrite ? <Table.Th /> : null}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {actions.data.map((a) => editing === a.id
                ? <ActionEditor key={a.id} action={a} members={members.data?.items} onDone={() => setEditing(null)} />
                : (
                  <Table.Tr key={a.id} data-overdue={a.overdue || undefined} bg={a.overdue ? 'var(--mantine-color-red-light)' : undefined}>
                    <Table.Td>{a.code}</Table.Td>
                    <Table.Td>{a.title}</Table.Td>
                    <Table.Td>{a.owner ?? '—'}</Table.Td>
                    <Table.Td>{a.dueOn}{a.overdue ? <Badge ml="xs" color="red">Overdue</Badge> : null}</Table.Td>
                    <Table.Td><Badge color={a.status === 'done' ? 'teal' : 'blue'} variant="light">{a.status}</Badge></Table.Td>
                    {canWrite ? <Table.Td><Button size="compact-sm" variant="subtle" onClick={() => setEditing(a.id)}>Edit</Button></Table.Td> : null}
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4">Gaps (below level {m.targetLevel})</Title>
        <Text size="sm" c="dimmed">{m.gaps.length} applicable controls are below level {m.targetLevel}, not assessed, or waiting for re-assessment.</Text>
        <Table aria-label="Gaps" striped>
          <Table.Thead><Table.Tr><Table.Th>Control</Table.Th><Table.Th>Level</Table.Th><Table.Th>Action</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {m.gaps.map((g) => (
              <GapRow key={g.code} code={g.code} title={titles.get(g.code) ?? ''} level={g.level} hasAction={openFor.has(g.code)} canWrite={canWrite} creating={creating === g.code} onCreate={() => setCreating(g.code)} onDone={() => setCreating(null)} targetLevel={m.targetLevel} members={members.data?.items} />
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}

function GapRow(props: { code: string; title: string; level: number | null; hasAction: boolean; canWrite: boolean; creating: boolean; onCreate: () => void; onDone: () => void; targetLevel: number; members: MemberOption[] | undefined }) {
  const { code, title, level, hasAction, canWrite, creating } = props;
  return (
    <>
      <Table.Tr>
        <Table.Td><b>{code}</b> <Text span size="sm">{title}</Text></Table.Td>
        <Table.Td>{level === null ? '—' : level}</Table.Td>
        <Table.Td>{hasAction ? <Badge variant="light">Action open</Badge> : canWrite && !creating ? <Button size="compact-sm" variant="light" onClick={props.onCreate}>Create action</Button> : null}</Table.Td>
      </Table.Tr>
      {creating ? (
        <Table.Tr>
          <Table.Td colSpan={3}><CreateActionForm code={code} defaultTitle={`Raise ${code} to level ${props.targetLevel}: ${title}`.slice(0, 500)} targetLevel={props.targetLevel} members={props.members} onDone={props.onDone} /></Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}

function CreateActionForm({ code, defaultTitle, targetLevel, members, onDone }: { code: string; defaultTitle: string; targetLevel: number; members: MemberOption[] | undefined; onDone: () => void }) {
  const client = useQueryClient();
  const [title, setTitle] = useState(defaultTitle);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState(inDays(90));
  const create = useMutation({
    mutationFn: () => api<Action>('/api/v1/maturity/actions', { method: 'POST', body: { code, title, dueOn, targetLevel, ...(ownerId ? { ownerId } : {}) } }),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: GOV_KEY }); onDone(); },
  });
  return (
    <Stack gap="xs" aria-label={`New action for ${code}`} role="group">
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Action" value={title} onChange={(e) => setTitle(e.currentTarget.value)} w={420} error={fieldError(create.error, 'title')} />
        <Select label="Owner" placeholder="A member" data={memberData(members)} value={ownerId} onChange={setOwnerId} searchable clearable w={220} error={fieldError(create.error, 'ownerId')} />
        <TextInput label="Due on" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} error={fieldError(create.error, 'dueOn')} />
        <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!title.trim() || !dueOn}>Save action</Button>
        <Button variant="default" onClick={onDone}>Cancel</Button>
      </Group>
      <FormError error={create.error} fields={['title', 'ownerId', 'dueOn']} />
    </Stack>
  );
}

function ActionEditor({ action, members, onDone }: { action: Action; members: MemberOption[] | undefined; onDone: () => void }) {
  const client = useQueryClient();
  const [ownerId, setOwnerId] = useState<string | null>(action.ownerId);
  const [dueOn, setDueOn] = useState(action.dueOn);
  const [status, setStatus] = useState<string | null>(action.status);
  // Only what changed is sent: an owner given as a free-text name stays unless a member is chosen.
  const body = {
    ...(ownerId !== action.ownerId ? { ownerId } : {}),
    ...(dueOn !== action.dueOn ? { dueOn } : {}),
    ...(status !== action.status ? { status } : {}),
  };
  const save = useMutation({
    mutationFn: () => api<Action>(`/api/v1/maturity/actions/${action.id}`, { method: 'PATCH', body }),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: GOV_KEY }); onDone(); },
  });
  return (
    <Table.Tr aria-label={`Edit action ${action.code}`}>
      <Table.Td>{action.code}</Table.Td>
      <Table.Td>{action.title}<FormError error={save.error} fields={['ownerId', 'dueOn', 'status']} /></Table.Td>
      <Table.Td><Select aria-label="Owner" placeholder={action.owner ?? 'A member'} data={memberData(members)} value={ownerId} onChange={setOwnerId} searchable clearable w={200} error={fieldError(save.error, 'ownerId')} /></Table.Td>
      <Table.Td><TextInput aria-label="Due on" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} error={fieldError(save.error, 'dueOn')} /></Table.Td>
      <Table.Td><Select aria-label="Status" data={['open', 'done']} value={status} onChange={setStatus} allowDeselect={false} w={110} /></Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-sm" onClick={() => (Object.keys(body).length ? save.mutate() : onDone())} loading={save.isPending}>Save</Button>
          <Button size="compact-sm" variant="default" onClick={onDone}>Cancel</Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
