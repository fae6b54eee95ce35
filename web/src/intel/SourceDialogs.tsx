import { Alert, Button, FileButton, Group, List, Modal, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isApiError, upload } from '../app/api.js';
import { IconCheck } from '../app/icons.js';
import { ErrorAlert, Loading } from '../app/Page.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { isFinished, useJob } from '../jobs/api.js';
import { formatBytes } from '../sbom/api.js';
import { INTEL_KEY, type Source, type SourceKind } from './api.js';

const ACCEPTED: Record<SourceKind, string> = {
  osv: 'OSV or GHSA JSON, JSON lines, or an ecosystem’s all.zip',
  nvd: 'NVD API 2.0 JSON (gzip accepted) or a cvelistV5 zip',
  kev: 'The CISA KEV catalog, JSON or CSV',
  epss: 'FIRST epss_scores CSV (gzip accepted)',
};

const COUNT_LABELS: [string, string][] = [
  ['inserted', 'new'],
  ['updated', 'updated'],
  ['unchanged', 'unchanged'],
  ['issues', 'skipped'],
  ['entries', 'catalog entries'],
  ['scores', 'scores'],
  ['findingsOpened', 'findings opened'],
  ['findingsClosed', 'findings closed'],
];

/** "1 new · 0 updated · 2 findings opened" from an import's or a run's counts. */
export function describeCounts(counts: Record<string, unknown>): string {
  const parts = COUNT_LABELS.filter(([key]) => typeof counts[key] === 'number').map(([key, label]) => `${(counts[key] as number).toLocaleString()} ${label}`);
  return parts.join(' · ');
}

/** Uploads a file into a source with progress, then says what changed or why it was refused. */
export function ImportDialog({ source, onClose }: { source: Source | null; onClose: () => void }) {
  return (
    <Modal opened={source !== null} onClose={onClose} title={source ? `Import a file into ${source.name}` : ''} centered size="lg">
      {source ? <ImportForm source={source} /> : null}
    </Modal>
  );
}

function ImportForm({ source }: { source: Source }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const send = useMutation({
    mutationFn: (f: File) => {
      setProgress(0);
      return upload<{ summary: Record<string, unknown> }>(`/api/v1/intel/sources/${source.id}/import`, f, { contentType: 'application/octet-stream', onProgress: setProgress });
    },
    onSettled: () => setProgress(null),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: INTEL_KEY }),
  });
  const choose = (f: File | null) => {
    if (!f) return;
    setFile(f);
    send.mutate(f);
  };
  return (
    <Stack gap="sm">
      <Text size="sm">{ACCEPTED[source.kind]}. Importing the same content again changes nothing.</Text>
      <Group>
        <FileButton onChange={choose} accept=".json,.jsonl,.csv,.zip,.gz,application/json,text/csv,application/zip,application/gzip">
          {(props) => (
            <Button {...props} loading={send.isPending}>
              Choose file
            </Button>
          )}
        </FileButton>
      </Group>
      {progress !== null && file ? (
        <Stack gap={4}>
          <Text size="sm" aria-live="polite">
            {progress < 1 ? `Uploading ${file.name}: ${formatBytes(Math.round(progress * file.size))} of ${formatBytes(file.size)}` : `Importing ${file.name} and matching what changed…`}
          </Text>
          <Progress value={progress * 100} animated={progress >= 1} aria-label="Upload progress" />
        </Stack>
      ) : null}
      {send.data ? (
        <Alert variant="light" color="teal" icon={<IconCheck />} role="status" py="xs">
          Imported {file?.name}: {describeCounts(send.data.data.summary) || 'done'}.
        </Alert>
      ) : null}
      {send.error ? <ImportError error={send.error} /> : null}
    </Stack>
  );
}

function ImportError({ error }: { error: unknown }) {
  if (!isApiError(error) || error.errors.length === 0) return <ErrorAlert error={error} title="The file was not imported" />;
  return (
    <Alert variant="light" color="red" title="The file was not imported" role="alert">
      <Text size="sm" mb="xs">
        {error.detail}
      </Text>
      <List size="sm" spacing={2}>
        {error.errors.slice(0, 10).map((e, i) => (
          <List.Item key={i}>
            {e.pointer ? <code>{e.pointer}</code> : null} {e.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Follows a sync job to its end; the sources and everything derived from them refresh when it finishes. */
export function SyncDialog({ source, jobId, onClose }: { source: Source | null; jobId: string | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const job = useJob(jobId);
  const finished = isFinished(job.data);
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: INTEL_KEY });
  }, [finished, queryClient]);
  const result = job.data?.result as Record<string, unknown> | null | undefined;
  return (
    <Modal opened={jobId !== null} onClose={onClose} title={source ? `Syncing ${source.name}` : 'Sync'} centered size="lg">
      <Stack gap="sm">
        {job.error ? <ErrorAlert error={job.error} /> : null}
        {job.data ? <JobProgress job={job.data} label={`Sync of ${source?.name ?? 'the source'}`} /> : job.error ? null : <Loading label="Starting the sync…" />}
        {job.data?.state === 'succeeded' ? (
          <Alert variant="light" color="teal" icon={<IconCheck />} role="status" py="xs">
            {result?.['status'] === 'not-modified' ? 'The feed has not changed since the last sync.' : `Synced: ${describeCounts(result ?? {}) || 'done'}.`}
          </Alert>
        ) : null}
        {job.data?.state === 'failed' ? (
          <Alert variant="light" color="red" role="alert" title="The sync failed">
            {job.data.error ?? 'No reason was recorded.'}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {finished ? 'Close' : 'Close (the sync continues)'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
