import { ActionIcon, Autocomplete, Box, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { LoadMore } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { IconChevronDown, IconChevronRight, IconHistory } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';
import { ACTION_LABELS, ACTION_SUGGESTIONS, AUDIT_KEY, TARGET_TYPE_LABELS, type AuditEvent } from './api.js';
import { useVerifyChain, VerifyChainButton, VerifyChainStatus } from './VerifyChain.js';

interface Filters {
  action: string;
  actor: string;
  targetType: string;
  /** yyyy-mm-dd, local days, inclusive. */
  from: string;
  to: string;
}

const FILTER_KEYS = ['action', 'actor', 'targetType', 'from', 'to'] as const;
const EMPTY: Filters = { action: '', actor: '', targetType: '', from: '', to: '' };

function readFilters(params: URLSearchParams): Filters {
  const f = { ...EMPTY };
  for (const key of FILTER_KEYS) f[key] = params.get(key) ?? '';
  return f;
}

/** Start of a local day as an ISO instant; `plusDays` 1 gives the exclusive end of the day. */
function dayStart(date: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

function toQuery(f: Filters): Record<string, string | undefined> {
  return {
    action: f.action.trim() || undefined,
    actor: f.actor.trim() || undefined,
    targetType: f.targetType.trim() || undefined,
    since: dayStart(f.from),
    until: dayStart(f.to, 1),
  };
}

export default function AuditPage() {
  const { can } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const applied = readFilters(params);
  const verify = useVerifyChain();

  return (
    <Page
      title="Audit log"
      description="Every change in this organization, newest first. Events are hash-chained, so any later alteration or deletion is detectable with “Verify chain”."
      actions={can('audit.verify') ? <VerifyChainButton verify={verify} /> : null}
    >
      <VerifyChainStatus verify={verify} />
      <FilterForm
        key={params.toString()}
        initial={applied}
        onApply={(f) => {
          const next = new URLSearchParams();
          for (const key of FILTER_KEYS) if (f[key].trim()) next.set(key, f[key].trim());
          setParams(next);
        }}
      />
      <EventTable filters={applied} />
    </Page>
  );
}

function FilterForm({ initial, onApply }: { initial: Filters; onApply: (f: Filters) => void }) {
  const [f, setF] = useState<Filters>(initial);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const set = (key: keyof Filters) => (value: string) => setF((prev) => ({ ...prev, [key]: value }));
  const active = FILTER_KEYS.some((k) => initial[k]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (f.from && f.to && f.from > f.to) {
      setRangeError('The end date is before the start date');
      return;
    }
    setRangeError(null);
    onApply(f);
  }

  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} role="search" aria-label="Filter audit events" noValidate>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="md" verticalSpacing="sm">
        <Autocomplete
          label="Action"
          placeholder="e.g. token."
          description="Exact, or a family ending in “.”"
          data={ACTION_SUGGESTIONS}
          value={f.action}
          onChange={set('action')}
          limit={20}
          classNames={{ input: 'mono' }}
        />
        <TextInput label="Actor" placeholder="e-mail or token:name" description="Who did it (exact)" value={f.actor} onChange={(e) => set('actor')(e.currentTarget.value)} />
        <Autocomplete
          label="Target type"
          placeholder="e.g. api_token"
          description="What it was done to"
          data={Object.keys(TARGET_TYPE_LABELS)}
          value={f.targetType}
          onChange={set('targetType')}
          classNames={{ input: 'mono' }}
        />
        <TextInput label="From" type="date" description="First day, inclusive" value={f.from} onChange={(e) => set('from')(e.currentTarget.value)} />
        <TextInput label="To" type="date" description="Last day, inclusive" value={f.to} onChange={(e) => set('to')(e.currentTarget.value)} error={rangeError} />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="sm">
        {active ? (
          <Button
            variant="subtle"
            color="gray"
            onClick={() => {
              setF(EMPTY);
              onApply(EMPTY);
            }}
          >
            Clear filters
          </Button>
        ) : null}
        <Button type="submit">Apply filters</Button>
      </Group>
    </Paper>
  );
}

/** A one-line preview of an event's summary; the full JSON is in the expanded row. */
function preview(summary: Record<string, unknown>): string {
  const parts: string[] = [];
  const show = (v: unknown): string => (v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const before = summary.before as Record<string, unknown> | undefined;
  const after = summary.after as Record<string, unknown> | undefined;
  if (after && typeof after === 'object') {
    for (const [k, v] of Object.entries(after)) {
      const old = before && typeof before === 'object' ? before[k] : undefined;
      if (old !== undefined && show(old) !== show(v)) parts.push(`${k}: ${show(old)} → ${show(v)}`);
      else if (old === undefined) parts.push(`${k}: ${show(v)}`);
    }
  } else if (before && typeof before === 'object') {
    for (const [k, v] of Object.entries(before)) parts.push(`${k} was ${show(v)}`);
  }
  for (const [k, v] of Object.entries(summary)) if (k !== 'before' && k !== 'after') parts.push(`${k}: ${show(v)}`);
  return parts.join(' · ');
}

function EventTable({ filters }: { filters: Filters }) {
  const list = usePagedList<AuditEvent>(AUDIT_KEY, '/api/v1/audit', toQuery(filters));
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (list.error && !list.items) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.items) return <Loading label="Loading audit events…" />;
  if (list.items.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="xs" py="lg">
          <IconHistory size={32} />
          <Text fw={600}>No events match</Text>
          <Text c="dimmed" size="sm">
            Try a broader action family or a wider date range.
          </Text>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md" component="section" aria-label="Audit events">
      <Table.ScrollContainer minWidth={900}>
        <Table className="data-table" highlightOnHover aria-label="Audit events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={44}>
                <span className="visually-hidden">Details</span>
              </Table.Th>
              <Table.Th scope="col">Time</Table.Th>
              <Table.Th scope="col">Actor</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
              <Table.Th scope="col">Target</Table.Th>
              <Table.Th scope="col">Summary</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((e) => {
              const expanded = open.has(e.id);
              const summaryText = preview(e.summary);
              return (
                <Fragment key={e.id}>
                  <Table.Tr>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-expanded={expanded}
                        aria-controls={`audit-${e.id}`}
                        aria-label={`${expanded ? 'Hide' : 'Show'} details of event ${e.seq}`}
                        onClick={() => toggle(e.id)}
                      >
                        {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, true)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate maw={220} title={e.actor.label}>
                        {e.actor.label}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {e.actor.type}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {ACTION_LABELS[e.action] ?? e.action}
                      </Text>
                      <Text size="xs" c="dimmed" className="mono">
                        {e.action}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{TARGET_TYPE_LABELS[e.target.type] ?? e.target.type}</Text>
                      {e.target.id ? (
                        <Tooltip label={e.target.id} withArrow>
                          <Text size="xs" c="dimmed" className="mono" tabIndex={0} w="fit-content">
                            {e.target.id.slice(0, 8)}…
                          </Text>
                        </Tooltip>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2} maw={380} c={summaryText ? undefined : 'dimmed'}>
                        {summaryText || '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr className="audit-details" hidden={!expanded}>
                    <Table.Td colSpan={6}>
                      <Box id={`audit-${e.id}`} px="sm" py={4}>
                        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                          <Stack gap={4}>
                            <Detail label="Sequence">#{e.seq}</Detail>
                            <Detail label="Actor id">{e.actor.id ?? '—'}</Detail>
                            <Detail label="Target id">{e.target.id ?? '—'}</Detail>
                            <Detail label="Request id">{e.requestId ?? '—'}</Detail>
                          </Stack>
                          <div>
                            <Text size="sm" fw={600} mb={4}>
                              Summary
                            </Text>
                            <Code block>{JSON.stringify(e.summary, null, 2)}</Code>
                          </div>
                        </SimpleGrid>
                      </Box>
                    </Table.Td>
                  </Table.Tr>
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Box px="lg" pb="md">
        <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="events" />
      </Box>
    </Paper>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label}:
      </Text>{' '}
      <Text span className="mono">
        {children}
      </Text>
    </Text>
  );
}
