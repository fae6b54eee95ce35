import { Alert, Button, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../app/api.js';
import { ConfirmDialog, DANGER, StatusBadge } from '../app/components.js';
import { formatDateTime, formatRelative } from '../app/format.js';
import { IconPlus, IconRss } from '../app/icons.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { INTEL_KEY, SOURCE_KIND_LABELS, SOURCES_KEY, type Source } from './api.js';
import { describeCounts, ImportDialog, SyncDialog } from './SourceDialogs.js';
import { SourceFormDialog } from './SourceFormDialog.js';

const STATUS_COLORS: Record<string, string> = { succeeded: 'teal', 'not-modified': 'teal', running: 'blue', failed: 'red' };
const STATUS_LABELS: Record<string, string> = { succeeded: 'Succeeded', 'not-modified': 'Not modified', running: 'Running', failed: 'Failed' };

function formatInterval(minutes: number | null): string {
  if (minutes === null) return 'Manual only';
  if (minutes % 1440 === 0) return `Every ${minutes / 1440} day(s)`;
  if (minutes % 60 === 0) return `Every ${minutes / 60} hour(s)`;
  return `Every ${minutes} minutes`;
}

/** The organization's intelligence sources: where vulnerability records, KEV and EPSS come from, and how each last ran. */
export default function SourcesPage() {
  const { can } = useSignedIn();
  const [adding, add] = useDisclosure(false);
  const sources = useQuery({ queryKey: SOURCES_KEY, queryFn: ({ signal }) => api<{ items: Source[] }>('/api/v1/intel/sources', { signal }) });
  return (
    <Page
      title="Intelligence sources"
      description="Feeds of vulnerability records (OSV, GHSA, NVD, CVE 5), CISA’s Known Exploited Vulnerabilities and FIRST EPSS scores. They belong to this organization; every finding is explained by data it chose to trust."
      actions={
        can('intel.manage') ? (
          <Button leftSection={<IconPlus size={18} />} onClick={add.open}>
            Add source
          </Button>
        ) : null
      }
    >
      <QueryState query={sources} loadingLabel="Loading sources…">
        {({ items }) => (items.length === 0 ? <NoSources canManage={can('intel.manage')} /> : <SourcesTable sources={items} canManage={can('intel.manage')} />)}
      </QueryState>
      <SourceFormDialog opened={adding} onClose={add.close} />
    </Page>
  );
}

function NoSources({ canManage }: { canManage: boolean }) {
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="xs">
        <IconRss size={32} />
        <Text fw={600}>No sources yet</Text>
        <Text c="dimmed" size="sm" ta="center" maw={520}>
          {canManage ? 'Add an OSV or NVD source for vulnerability records, and KEV and EPSS sources for exploitation data; then import a file or set a URL to sync from.' : 'Nobody has added intelligence sources to this organization yet.'}
        </Text>
      </Stack>
    </Paper>
  );
}

function SourcesTable({ sources, canManage }: { sources: Source[]; canManage: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Source | undefined>(undefined);
  const [importing, setImporting] = useState<Source | null>(null);
  const [removing, setRemoving] = useState<Source | null>(null);
  const [syncing, setSyncing] = useState<{ source: Source; jobId: string } | null>(null);
  const remove = useMutation({
    mutationFn: (s: Source) => api<{ recordsRemoved: number; findingsClosed: number }>(`/api/v1/intel/sources/${s.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: INTEL_KEY });
    },
  });
  const sync = useMutation({
    mutationFn: (s: Source) => api<{ jobId: string; alreadyRunning: boolean }>(`/api/v1/intel/sources/${s.id}/sync`, { method: 'POST' }),
    onSuccess: (result, s) => setSyncing({ source: s, jobId: result.jobId }),
  });
  return (
    <Paper withBorder radius="md" component="section" aria-label="Sources">
      {remove.data ? (
        <Alert variant="light" color="teal" role="status" m="md" mb={0}>
          Source removed: {remove.data.recordsRemoved.toLocaleString()} records deleted, {remove.data.findingsClosed.toLocaleString()} findings closed.
        </Alert>
      ) : null}
      {sync.error ? (
        <Alert variant="light" color="red" role="alert" m="md" mb={0}>
          {sync.error.message}
        </Alert>
      ) : null}
      <Table.ScrollContainer minWidth={1100}>
        <Table className="data-table" aria-label="Intelligence sources">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Source</Table.Th>
              <Table.Th scope="col">URL</Table.Th>
              <Table.Th scope="col">Schedule</Table.Th>
              <Table.Th scope="col">Last run</Table.Th>
              <Table.Th scope="col">Result</Table.Th>
              {canManage ? <Table.Th scope="col">Actions</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sources.map((s) => (
              <SourceRow key={s.id} source={s} canManage={canManage} onImport={() => setImporting(s)} onSync={() => sync.mutate(s)} syncPending={sync.isPending && sync.variables?.id === s.id} onEdit={() => setEditing(s)} onRemove={() => setRemoving(s)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <SourceFormDialog opened={editing !== undefined} onClose={() => setEditing(undefined)} source={editing} />
      <ImportDialog source={importing} onClose={() => setImporting(null)} />
      <SyncDialog source={syncing?.source ?? null} jobId={syncing?.jobId ?? null} onClose={() => setSyncing(null)} />
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.name ?? 'source'}?`}
        confirmLabel="Remove source"
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        pending={remove.isPending}
        error={remove.error}
      >
        <Text size="sm">Its records are deleted, and findings that only its records explained are closed. Importing the data again brings them back.</Text>
      </ConfirmDialog>
    </Paper>
  );
}

interface RowProps {
  source: Source;
  canManage: boolean;
  syncPending: boolean;
  onImport: () => void;
  onSync: () => void;
  onEdit: () => void;
  onRemove: () => void;
}

function SourceRow({ source: s, canManage, syncPending, onImport, onSync, onEdit, onRemove }: RowProps) {
  return (
    <Table.Tr data-muted={s.enabled ? undefined : true}>
      <Table.Th scope="row">
        <Text fw={600} size="sm">
          {s.name}
        </Text>
        <Text size="xs" c="dimmed">
          {SOURCE_KIND_LABELS[s.kind]}
        </Text>
      </Table.Th>
      <Table.Td className="mono" fz="xs" maw={280} style={{ overflowWrap: 'anywhere' }}>
        {s.url ?? <Text span size="sm" c="dimmed">File imports only</Text>}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{s.url ? formatInterval(s.intervalMinutes) : '—'}</Text>
        {s.url && s.intervalMinutes !== null ? (
          <Text size="xs" c="dimmed">
            {s.enabled ? `Next ${formatRelative(s.nextRunAt)}` : 'Paused'}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{s.lastRunAt ? formatDateTime(s.lastRunAt) : 'Never'}</Text>
        {s.lastStatus ? <StatusBadge color={STATUS_COLORS[s.lastStatus] ?? 'gray'}>{STATUS_LABELS[s.lastStatus] ?? s.lastStatus}</StatusBadge> : null}
      </Table.Td>
      <Table.Td maw={320}>
        <Text size="sm">{describeCounts(s.lastCounts) || '—'}</Text>
        {s.lastError ? (
          <Text size="xs" c={DANGER} style={{ overflowWrap: 'anywhere' }}>
            {s.lastError}
          </Text>
        ) : null}
      </Table.Td>
      {canManage ? (
        <Table.Td>
          <Group gap={6} wrap="nowrap">
            <Button size="xs" variant="default" onClick={onImport} aria-label={`Import file into ${s.name}`}>
              Import file
            </Button>
            <Tooltip label={s.url ? 'Fetch the feed now' : 'Set a URL to sync from'}>
              <Button size="xs" variant="default" onClick={onSync} disabled={!s.url} loading={syncPending} aria-label={`Sync now ${s.name}`}>
                Sync now
              </Button>
            </Tooltip>
            <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${s.name}`}>
              Edit
            </Button>
            <Button size="xs" variant="subtle" color={DANGER} onClick={onRemove} aria-label={`Remove ${s.name}`}>
              Remove
            </Button>
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
