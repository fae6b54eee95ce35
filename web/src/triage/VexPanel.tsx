import { Anchor, Button, FileButton, Group, List, Paper, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError, upload } from '../app/api.js';
import { useSignedIn } from '../app/session.js';
import { FINDINGS_KEY } from '../intel/api.js';
import { TRIAGE_KEY } from './api.js';

interface ImportResult {
  format: string;
  applied: number;
  unchanged: number;
  unmatched: number;
  statements: { index: number; vulnerability: string; outcome: string; messages: string[] }[];
}

/**
 * VEX of a release (mounted on the release page): downloads in three formats (CycloneDX 1.6, 1.5
 * and 1.4) and the VDR, and a VEX import with its per-statement report.
 */
export function VexPanel({ releaseId }: { releaseId: string }) {
  const { can } = useSignedIn();
  const client = useQueryClient();
  const importVex = useMutation({
    mutationFn: async (file: File) => (await upload<ImportResult>(`/api/v1/releases/${releaseId}/vex`, file, { contentType: 'application/json' })).data,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: FINDINGS_KEY });
      void client.invalidateQueries({ queryKey: TRIAGE_KEY });
    },
  });
  const base = `/api/v1/releases/${releaseId}`;
  const error = importVex.error;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="vex-heading">
      <Title order={2} size="h4" id="vex-heading" mb="xs">
        VEX
      </Title>
      <Group gap="md" mb="sm">
        <Anchor href={`${base}/vex?format=cyclonedx`} download>
          CycloneDX VEX
        </Anchor>
        <Anchor href={`${base}/vex?format=cyclonedx&specVersion=1.5`} download>
          CycloneDX 1.5 VEX
        </Anchor>
        <Anchor href={`${base}/vex?format=cyclonedx&specVersion=1.4`} download>
          CycloneDX 1.4 VEX
        </Anchor>
        <Anchor href={`${base}/vex?format=openvex`} download>
          OpenVEX
        </Anchor>
        <Anchor href={`${base}/vex?format=csaf`} download>
          CSAF VEX
        </Anchor>
        <Anchor href={`${base}/vdr`} download>
          CycloneDX VDR
        </Anchor>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        CycloneDX VEX is written as 1.6; 1.5 and 1.4 are for tools that read only those. 1.4 has no place for annotations, first-issued and last-updated times or workarounds.
      </Text>
      {can('triage.write') ? (
        <FileButton onChange={(f) => f && importVex.mutate(f)} accept="application/json,.json">
          {(props) => (
            <Button {...props} variant="default" loading={importVex.isPending}>
              Import VEX…
            </Button>
          )}
        </FileButton>
      ) : null}
      {importVex.isSuccess ? (
        <div role="status">
          <Text size="sm" mt="sm">
            Imported {importVex.data.format}: {importVex.data.applied} finding{importVex.data.applied === 1 ? '' : 's'} changed, {importVex.data.unchanged} unchanged, {importVex.data.unmatched} statement{importVex.data.unmatched === 1 ? '' : 's'} matched nothing.
          </Text>
          <List size="sm">
            {importVex.data.statements.filter((s) => s.outcome === 'unmatched').map((s) => (
              <List.Item key={s.index}>{s.messages.join('; ')}</List.Item>
            ))}
          </List>
        </div>
      ) : null}
      {error ? (
        <div role="alert">
          <Text size="sm" c="red.9" mt="sm">
            Nothing was imported: {isApiError(error) ? (error.detail ?? error.title) : String(error)}
          </Text>
          {isApiError(error) ? (
            <List size="sm">
              {error.errors.map((e, i) => (
                <List.Item key={i}>
                  {e.pointer}: {e.message}
                </List.Item>
              ))}
            </List>
          ) : null}
        </div>
      ) : null}
    </Paper>
  );
}
