import { Alert, Autocomplete, Badge, Button, Checkbox, FileButton, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, isApiError, upload } from '../app/api.js';
import { IconCheck } from '../app/icons.js';
import { ErrorAlert, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { SBOMS_KEY, sbomKey, SUPPORT_LEVELS, type QualityReport } from './api.js';

export const ELEMENT_LABELS: Record<string, string> = {
  supplier: 'Supplier',
  version: 'Version',
  uniqueIdentifier: 'Unique identifier (purl, CPE, SWID)',
  dependencyRelationship: 'Dependency relationship',
  levelOfSupport: 'Level of support',
  endOfSupport: 'End-of-support date',
  author: 'SBOM author',
  timestamp: 'Timestamp',
  knownVulnerabilitiesReference: 'Known vulnerabilities reference',
};
const NTIA = new Set(['supplier', 'version', 'uniqueIdentifier', 'dependencyRelationship', 'author', 'timestamp']);

/**
 * The quality report: NTIA minimum elements and FDA premarket expectations as scores, what
 * the document lacks, and the components with gaps — which can be fixed here by selecting
 * them and setting supplier and support data, or from a CSV.
 */
export function QualityPanel({ sbomId }: { sbomId: string }) {
  const query = useQuery({ queryKey: sbomKey(sbomId, 'quality'), queryFn: ({ signal }) => api<QualityReport>(`/api/v1/sboms/${sbomId}/quality`, { signal }) });
  return (
    <QueryState query={query} loadingLabel="Assessing the SBOM…">
      {(report) => (
        <Stack gap="lg">
          <Scores report={report} />
          {report.documentGaps.length > 0 ? (
            <Alert variant="light" color="orange" title="The document itself lacks">
              {report.documentGaps.map((g) => ELEMENT_LABELS[g] ?? g).join(', ')}. Fix these in the tool that produces the SBOM and upload it again.
            </Alert>
          ) : null}
          <Gaps sbomId={sbomId} report={report} />
        </Stack>
      )}
    </QueryState>
  );
}

function Scores({ report }: { report: QualityReport }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {[
        { title: 'NTIA minimum elements', score: report.ntiaScore, names: NTIA, id: 'ntia' },
        { title: 'FDA premarket expectations', score: report.fdaScore, names: new Set(['levelOfSupport', 'endOfSupport', 'knownVulnerabilitiesReference']), id: 'fda' },
      ].map((s) => (
        <Paper withBorder radius="md" p="md" key={s.id} aria-labelledby={`${s.id}-score`}>
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h5" id={`${s.id}-score`}>
              {s.title}
            </Title>
            <Text fw={700} fz="xl" data-testid={`${s.id}-score`}>
              {s.score}%
            </Text>
          </Group>
          <Stack gap={6}>
            {report.elements
              .filter((e) => s.names.has(e.element))
              .map((e) => (
                <div key={e.element}>
                  <Group justify="space-between" gap="xs">
                    <Text size="sm">{ELEMENT_LABELS[e.element] ?? e.element}</Text>
                    <Text size="sm" c="dimmed">
                      {e.present} of {e.total}
                    </Text>
                  </Group>
                  <Progress value={e.total === 0 ? 100 : (100 * e.present) / e.total} size="sm" color={e.present === e.total ? 'teal' : 'orange'} aria-label={`${ELEMENT_LABELS[e.element] ?? e.element}: ${e.present} of ${e.total}`} />
                </div>
              ))}
          </Stack>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function Gaps({ sbomId, report }: { sbomId: string; report: QualityReport }) {
  const { can } = useSignedIn();
  const write = can('portfolio.write');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  if (report.componentGaps.length === 0) {
    return (
      <Alert variant="light" color="teal" icon={<IconCheck />}>
        Every component has all the elements checked here.
      </Alert>
    );
  }
  const all = report.componentGaps.map((g) => g.ref);
  const toggle = (ref: string) => setSelected((s) => (s.has(ref) ? new Set([...s].filter((r) => r !== ref)) : new Set([...s, ref])));
  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="gaps-heading">
      <Group justify="space-between" px="md" pt="md" pb="xs" wrap="wrap">
        <Title order={3} size="h5" id="gaps-heading">
          To fix: {report.componentsWithGaps} components with gaps
        </Title>
        {write ? <SupportCsvImport sbomId={sbomId} /> : null}
      </Group>
      {write ? <BulkEdit sbomId={sbomId} refs={[...selected]} onDone={() => setSelected(new Set())} /> : null}
      <Table.ScrollContainer minWidth={700}>
        <Table className="data-table" horizontalSpacing="sm" aria-labelledby="gaps-heading">
          <Table.Thead>
            <Table.Tr>
              {write ? (
                <Table.Th w={40}>
                  <Checkbox aria-label="Select every component with gaps" checked={selected.size === all.length} indeterminate={selected.size > 0 && selected.size < all.length} onChange={() => setSelected(selected.size === all.length ? new Set() : new Set(all))} />
                </Table.Th>
              ) : null}
              <Table.Th scope="col">Component</Table.Th>
              <Table.Th scope="col">Version</Table.Th>
              <Table.Th scope="col">Missing</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.componentGaps.map((g) => (
              <Table.Tr key={g.ref}>
                {write ? (
                  <Table.Td>
                    <Checkbox aria-label={`Select ${g.name}`} checked={selected.has(g.ref)} onChange={() => toggle(g.ref)} />
                  </Table.Td>
                ) : null}
                <Table.Th scope="row" fw={600}>
                  {g.name}
                </Table.Th>
                <Table.Td className="mono">{g.version ?? '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {g.missing.map((m) => (
                      <Badge key={m} size="sm" variant="light" color="orange" tt="none">
                        {ELEMENT_LABELS[m] ?? m}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {report.componentsWithGaps > report.componentGaps.length ? (
        <Text size="sm" c="dimmed" p="md">
          The first {report.componentGaps.length} are listed; fix them, or use a CSV for the rest.
        </Text>
      ) : null}
    </Paper>
  );
}

function BulkEdit({ sbomId, refs, onDone }: { sbomId: string; refs: string[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [supplier, setSupplier] = useState('');
  const [level, setLevel] = useState('');
  const [eos, setEos] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const set: Record<string, string> = {};
      if (supplier.trim()) set['supplier'] = supplier.trim();
      if (level.trim()) set['levelOfSupport'] = level.trim();
      if (eos) set['endOfSupport'] = eos;
      return api<{ updated: number }>(`/api/v1/sboms/${sbomId}/components`, { method: 'PATCH', body: { refs, set } });
    },
    onSuccess: () => {
      setSupplier('');
      setLevel('');
      setEos('');
      onDone();
      void queryClient.invalidateQueries({ queryKey: SBOMS_KEY });
    },
  });
  const nothing = !supplier.trim() && !level.trim() && !eos;
  return (
    <Stack gap="xs" px="md" pb="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput label="Supplier" value={supplier} onChange={(e) => setSupplier(e.currentTarget.value)} w={220} />
        <Autocomplete label="Level of support" data={SUPPORT_LEVELS} value={level} onChange={setLevel} w={220} />
        <TextInput label="End of support" type="date" value={eos} onChange={(e) => setEos(e.currentTarget.value)} w={170} />
        <Button onClick={() => save.mutate()} disabled={refs.length === 0 || nothing} loading={save.isPending}>
          Set on {refs.length} selected
        </Button>
      </Group>
      {save.data ? (
        <Text size="sm" c="teal.9" role="status">
          Updated {save.data.updated} components.
        </Text>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} title="Nothing was changed" /> : null}
    </Stack>
  );
}

/** Support data from a spreadsheet: the whole file applies, or nothing does. */
function SupportCsvImport({ sbomId }: { sbomId: string }) {
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (file: File) => upload<{ rows: number; updated: number }>(`/api/v1/sboms/${sbomId}/support`, file, { contentType: 'text/csv' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: SBOMS_KEY }),
  });
  return (
    <Stack gap={4} align="flex-end">
      <FileButton onChange={(f) => f && send.mutate(f)} accept=".csv,text/csv,text/plain">
        {(props) => (
          <Button {...props} variant="default" size="sm" loading={send.isPending}>
            Import support data (CSV)
          </Button>
        )}
      </FileButton>
      <Text size="xs" c="dimmed">
        Columns: ref or purl or name + version; level_of_support, end_of_support, supplier
      </Text>
      {send.data ? (
        <Text size="sm" c="teal.9" role="status">
          Read {send.data.data.rows} rows; updated {send.data.data.updated} components.
        </Text>
      ) : null}
      {send.error ? (
        <Alert color="red" variant="light" role="alert" title="The CSV was not applied" maw={520}>
          <Text size="sm">{isApiError(send.error) ? send.error.detail : String(send.error)}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}
