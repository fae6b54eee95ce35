import { Alert, Button, FileButton, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError, upload } from '../app/api.js';
import { IconCheck } from '../app/icons.js';
import { ErrorAlert } from '../app/Page.js';
import { formatBytes, SBOMS_KEY, type Sbom } from './api.js';

/**
 * Uploads an SBOM file as the release's new revision, showing the bytes sent, then the
 * server's verdict: created, unchanged (same content hash) or refused with the first errors
 * and where they are.
 */
export function UploadSbom({ releaseId, label = 'Upload SBOM' }: { releaseId: string; label?: string }) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: (f: File) => {
      setProgress(0);
      // The server reads the format from the content; gzip is recognised by its magic bytes.
      return upload<{ sbom: Sbom; created: boolean }>(`/api/v1/releases/${releaseId}/sboms`, f, { contentType: f.name.endsWith('.gz') ? 'application/gzip' : 'application/octet-stream', onProgress: setProgress });
    },
    onSettled: () => setProgress(null),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: SBOMS_KEY }),
  });
  const choose = (f: File | null) => {
    if (!f) return;
    setFile(f);
    send.mutate(f);
  };
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <FileButton onChange={choose} accept=".json,.xml,.spdx,.gz,.txt,application/json,application/xml,text/plain,application/gzip">
          {(props) => (
            <Button {...props} loading={send.isPending} variant={label === 'Upload SBOM' ? 'filled' : 'default'}>
              {label}
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          CycloneDX 1.2–1.6 (JSON, XML) or SPDX 2.2/2.3 (JSON, tag-value); gzip accepted
        </Text>
      </Group>
      {progress !== null && file ? (
        <Stack gap={4}>
          <Text size="sm" aria-live="polite">
            {progress < 1 ? `Uploading ${file.name}: ${formatBytes(Math.round(progress * file.size))} of ${formatBytes(file.size)}` : `Validating and storing ${file.name}…`}
          </Text>
          <Progress value={progress * 100} animated={progress >= 1} aria-label="Upload progress" />
        </Stack>
      ) : null}
      {send.data ? (
        <Alert variant="light" color="teal" icon={<IconCheck />} role="status" py="xs">
          {send.data.data.created
            ? `Imported ${file?.name ?? 'the SBOM'} as revision ${send.data.data.sbom.revision}: ${send.data.data.sbom.componentCount} components.`
            : `Nothing changed: this document is already revision ${send.data.data.sbom.revision}.`}
        </Alert>
      ) : null}
      {send.error ? <UploadError error={send.error} /> : null}
    </Stack>
  );
}

function UploadError({ error }: { error: unknown }) {
  if (!isApiError(error) || error.errors.length === 0) return <ErrorAlert error={error} title="The SBOM was not imported" />;
  return (
    <Alert variant="light" color="red" title="The SBOM was not imported — nothing was stored" role="alert">
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
