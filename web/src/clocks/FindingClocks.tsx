import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { fieldError, FormError } from '../app/forms.js';
import { ErrorAlert, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { CLOCK_LABELS, CLOCKS_KEY, findingClocksKey, PLAN_KIND_LABELS, PLAN_STATUS_LABELS, plansKey, STATUS_COLORS, STATUS_LABELS, STOP_REASONS, type Clock, type Plan, type PlanKind, type PlanStatus } from './api.js';

/** A finding's remediation clocks (with pause / resume / stop) and its remediation plans. */
export function FindingClocks({ findingId }: { findingId: string }) {
  const clocks = useQuery({ queryKey: findingClocksKey(findingId), queryFn: ({ signal }) => api<{ items: Clock[] }>(`/api/v1/findings/${findingId}/clocks`, { signal }) });
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="clocks-heading">
      <Title order={2} size="h4" id="clocks-heading" mb="xs">
        Remediation clocks and plans
      </Title>
      <QueryState query={clocks} loadingLabel="Loading clocks…">
        {({ items }) => (items.length === 0 ? <Text size="sm">No clock runs for this finding.</Text> : <ClocksTable clocks={items} />)}
      </QueryState>
      <Plans findingId={findingId} />
    </Paper>
  );
}

export function ClockStatusBadge({ status }: { status: Clock['status'] }) {
  return (
    <Badge color={STATUS_COLORS[status]} radius="sm" tt="none" style={{ minWidth: 'max-content' }}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

function ClocksTable({ clocks }: { clocks: Clock[] }) {
  const { can } = useSignedIn();
  return (
    <Table className="data-table" aria-label="Clocks">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Clock</Table.Th>
          <Table.Th scope="col">Kind and source</Table.Th>
          <Table.Th scope="col">Started</Table.Th>
          <Table.Th scope="col">Due</Table.Th>
          <Table.Th scope="col">Status</Table.Th>
          {can('remediation.write') ? <Table.Th scope="col">Actions</Table.Th> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {clocks.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              {CLOCK_LABELS[c.clock]} ({c.days} days)
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={600}>
                {c.kind}
              </Text>
              <Text size="xs" c="dimmed">
                {c.source}
              </Text>
            </Table.Td>
            <Table.Td>{formatDateTime(c.startedAt)}</Table.Td>
            <Table.Td data-testid={`due-${c.rule}`}>
              {formatDateTime(c.dueAt)}
              <Text size="xs" c="dimmed">
                end of day, {c.timeZone}
                {c.daysLeft !== null ? ` · ${c.daysLeft >= 0 ? `${c.daysLeft} days left` : `${-c.daysLeft} days over`}` : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <ClockStatusBadge status={c.status} />
              {c.stopReason ? <Text size="xs">{c.stopReason.replaceAll('_', ' ')}</Text> : null}
              {c.pauseReason ? <Text size="xs">Paused: {c.pauseReason}</Text> : null}
            </Table.Td>
            {can('remediation.write') ? (
              <Table.Td>
                <ClockActions clock={c} />
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ClockActions({ clock }: { clock: Clock }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [stop, setStop] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'pause' | 'resume' | 'stop'; body?: unknown }) => api<Clock>(`/api/v1/clocks/${clock.id}/${action}`, { method: 'POST', ...(body ? { body } : {}) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CLOCKS_KEY }),
  });
  if (clock.state === 'stopped') return null;
  return (
    <Stack gap={4}>
      {clock.state === 'paused' ? (
        <Button size="xs" variant="light" onClick={() => act.mutate({ action: 'resume' })}>
          Resume
        </Button>
      ) : (
        <Group gap={4} wrap="nowrap">
          <TextInput size="xs" placeholder="Pause reason" aria-label={`Pause reason for ${CLOCK_LABELS[clock.clock]}`} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button size="xs" variant="light" disabled={!reason.trim()} onClick={() => act.mutate({ action: 'pause', body: { reason: reason.trim() } })}>
            Pause
          </Button>
        </Group>
      )}
      <Group gap={4} wrap="nowrap">
        <Select size="xs" placeholder="Stop reason" aria-label={`Stop reason for ${CLOCK_LABELS[clock.clock]}`} data={[...STOP_REASONS]} value={stop} onChange={setStop} w={150} />
        <Button size="xs" variant="light" color="gray" disabled={!stop} onClick={() => act.mutate({ action: 'stop', body: { reason: stop } })}>
          Stop
        </Button>
      </Group>
      {act.error ? <ErrorAlert error={act.error} /> : null}
    </Stack>
  );
}

function Plans({ findingId }: { findingId: string }) {
  const { can } = useSignedIn();
  const plans = useQuery({ queryKey: plansKey(findingId), queryFn: ({ signal }) => api<{ items: Plan[] }>(`/api/v1/findings/${findingId}/remediation`, { signal }) });
  return (
    <Stack gap="xs" mt="md">
      <Title order={3} size="h5">
        Remediation plans
      </Title>
      <Text size="xs" c="dimmed">
        A patch or compensating control, once recorded, stops the remediation-plan clock; a released patch or validated control stops the remediation clock; a sent customer communication stops the communication clock.
      </Text>
      <QueryState query={plans}>
        {({ items }) =>
          items.length === 0 ? (
            <Text size="sm">No plan yet.</Text>
          ) : (
            <Table className="data-table" aria-label="Remediation plans">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Plan</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Target</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {PLAN_KIND_LABELS[p.kind]}
                      {p.releaseVersion ? ` ${p.releaseVersion}` : ''}
                    </Table.Td>
                    <Table.Td>{p.description}</Table.Td>
                    <Table.Td>{p.targetDate ?? '—'}</Table.Td>
                    <Table.Td>{can('remediation.write') ? <PlanStatusSelect plan={p} /> : PLAN_STATUS_LABELS[p.status]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      {can('remediation.write') ? <NewPlan findingId={findingId} /> : null}
    </Stack>
  );
}

const STATUS_OPTIONS = Object.entries(PLAN_STATUS_LABELS).map(([value, label]) => ({ value, label }));

function PlanStatusSelect({ plan }: { plan: Plan }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (status: PlanStatus) => api<Plan>(`/api/v1/remediation/${plan.id}`, { method: 'PATCH', body: { status } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CLOCKS_KEY }),
  });
  return <Select size="xs" aria-label={`Status of ${plan.description}`} data={STATUS_OPTIONS} value={plan.status} allowDeselect={false} onChange={(v) => v && save.mutate(v as PlanStatus)} error={save.error ? String((save.error as Error).message) : undefined} />;
}

function NewPlan({ findingId }: { findingId: string }) {
  const queryClient = useQueryClient();
  const finding = useQuery({ queryKey: ['finding-release', findingId], queryFn: ({ signal }) => api<{ finding: { productId: string } }>(`/api/v1/findings/${findingId}`, { signal }) });
  const productId = finding.data?.finding.productId;
  const releases = useQuery({ queryKey: ['plan-releases', productId], enabled: Boolean(productId), queryFn: ({ signal }) => api<{ items: { id: string; version: string }[] }>(`/api/v1/products/${productId}/releases`, { signal }) });
  const [kind, setKind] = useState<PlanKind>('patch');
  const [releaseId, setReleaseId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const create = useMutation({
    mutationFn: () => api<Plan>(`/api/v1/findings/${findingId}/remediation`, { method: 'POST', body: { kind, description: description.trim(), ...(kind === 'patch' ? { releaseId } : {}), ...(targetDate ? { targetDate } : {}) } }),
    onSuccess: () => {
      setDescription('');
      setTargetDate('');
      void queryClient.invalidateQueries({ queryKey: CLOCKS_KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="New remediation plan">
      <Group align="end" gap="xs">
        <Select label="Plan" data={Object.entries(PLAN_KIND_LABELS).map(([value, label]) => ({ value, label }))} value={kind} allowDeselect={false} onChange={(v) => v && setKind(v as PlanKind)} w={220} />
        {kind === 'patch' ? (
          <Select label="Release" data={(releases.data?.items ?? []).map((r) => ({ value: r.id, label: r.version }))} value={releaseId} onChange={setReleaseId} w={140} error={fieldError(create.error, 'releaseId')} />
        ) : null}
        <Textarea label="Description" autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} w={320} error={fieldError(create.error, 'description')} />
        <TextInput label="Target date" type="date" value={targetDate} onChange={(e) => setTargetDate(e.currentTarget.value)} w={170} />
        <Button type="submit" loading={create.isPending} disabled={!description.trim()}>
          Add plan
        </Button>
      </Group>
      <FormError error={create.error} fields={['releaseId', 'description']} />
    </form>
  );
}
