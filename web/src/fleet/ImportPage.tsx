import { Alert, Anchor, Button, FileInput, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorMessage, upload } from '../app/api.js';
import { ErrorAlert, Page } from '../app/Page.js';
import {
  ASSET_FIELDS,
  columnTargets,
  FIELD_LABELS,
  fittingMapping,
  FLEET_KEY,
  MAPPINGS_KEY,
  mappingFromTargets,
  REQUIRED_FIELDS,
  type AssetField,
  type ImportPreview,
  type ImportResult,
  type SavedMapping,
} from './api.js';

const SUGGESTED = '__suggested__';
const NOT_IMPORTED = '__none__';

/** The server's problem pointers for bad cells are /file/line/N/Column; this splits them back. */
function cellOf(pointer: string): { line: string; column: string } {
  const m = /^\/file\/line\/(\d+)(?:\/(.*))?$/.exec(pointer);
  return m ? { line: m[1]!, column: m[2] ?? '' } : { line: '', column: pointer.replace(/^\/mapping\//, '') };
}

/**
 * Importing a CMMS export: choose the file, see per source column the field the server
 * suggests (or a saved mapping that fits the file's headers), change any, optionally save the
 * mapping under a name, import, and see what happened — all rows or none.
 */
export default function ImportPage() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mappingName, setMappingName] = useState<string>(SUGGESTED);
  const [targets, setTargets] = useState<(AssetField | null)[]>([]);
  const [saveAs, setSaveAs] = useState('');
  const mappings = useQuery({ queryKey: MAPPINGS_KEY, queryFn: ({ signal }) => api<{ items: SavedMapping[] }>('/api/v1/asset-mappings', { signal }) });

  const read = useMutation({
    mutationFn: async (chosen: File) => (await upload<ImportPreview>('/api/v1/assets/import/preview', chosen, { contentType: chosen.type || 'application/octet-stream' })).data,
    onSuccess: (p) => {
      setPreview(p);
      const saved = fittingMapping(mappings.data?.items ?? [], p.headers);
      setMappingName(saved ? saved.name : SUGGESTED);
      setTargets(columnTargets(p.headers, saved ? saved.mapping : p.suggested));
      importRun.reset();
    },
  });

  const importRun = useMutation({
    mutationFn: async () => {
      const mapping = mappingFromTargets(preview!.headers, targets);
      const query = new URLSearchParams({ fileName: file!.name, columns: JSON.stringify(mapping) });
      if (saveAs.trim()) query.set('saveMappingAs', saveAs.trim());
      else if (mappingName !== SUGGESTED) query.set('mapping', mappingName);
      return (await upload<ImportResult>(`/api/v1/assets/import?${query.toString()}`, file!, { contentType: file!.type || 'application/octet-stream' })).data;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: FLEET_KEY });
    },
  });

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setPreview(null);
    setSaveAs('');
    importRun.reset();
    if (chosen) read.mutate(chosen);
  };

  const chooseMapping = (name: string | null) => {
    if (!preview) return;
    const value = name ?? SUGGESTED;
    setMappingName(value);
    const saved = mappings.data?.items.find((m) => m.name === value);
    setTargets(columnTargets(preview.headers, saved ? saved.mapping : preview.suggested));
  };

  const mapping = preview ? mappingFromTargets(preview.headers, targets) : {};
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    importRun.mutate();
  };

  return (
    <Page
      title="Import assets"
      description="Upload an export of your CMMS or asset system (CSV in UTF-8, UTF-16 or Windows-1252, or XLSX; at most 200,000 rows). Devices are matched on manufacturer and serial: known ones are updated, new ones added. A file with any invalid cell is refused whole."
      actions={
        <Button component={Link} to="/fleet" variant="default">
          Back to the fleet
        </Button>
      }
    >
      <Paper withBorder radius="md" p="md" component="section" aria-label="File">
        <FileInput label="CMMS export" description="CSV or XLSX" placeholder="Choose a file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" value={file} onChange={choose} clearable />
        {read.isPending ? <Text size="sm" mt="sm">Reading the file…</Text> : null}
        {read.error ? <ErrorAlert error={read.error} title="The file cannot be read" /> : null}
      </Paper>

      {preview && !importRun.data ? (
        <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="Column mapping">
          <Stack gap="md">
            <Title order={2} size="h3">
              Column mapping
            </Title>
            <Text size="sm" role="status">
              {preview.rows} data row{preview.rows === 1 ? '' : 's'}, {preview.headers.length} columns ({preview.format.toUpperCase()}
              {preview.encoding ? `, ${preview.encoding}` : ''}).
            </Text>
            <Select
              label="Start from"
              data={[{ value: SUGGESTED, label: 'Suggested from the headers' }, ...(mappings.data?.items ?? []).map((m) => ({ value: m.name, label: `Saved mapping: ${m.name}` }))]}
              value={mappingName}
              onChange={chooseMapping}
              allowDeselect={false}
              w={360}
            />
            <Table.ScrollContainer minWidth={700}>
              <Table className="data-table" aria-label="Columns of the file">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Column in the file</Table.Th>
                    <Table.Th scope="col">Sample values</Table.Th>
                    <Table.Th scope="col">Imported as</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.headers.map((header, i) => (
                    <Table.Tr key={`${i}-${header}`}>
                      <Table.Th scope="row">{header || `(column ${i + 1})`}</Table.Th>
                      <Table.Td>
                        <Text size="sm" c="dimmed" lineClamp={1}>
                          {preview.sample.map((r) => r[i]).filter(Boolean).slice(0, 3).join(' · ') || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td w={260}>
                        <Select
                          aria-label={`Field for ${header}`}
                          data={[{ value: NOT_IMPORTED, label: 'Not imported' }, ...ASSET_FIELDS.map((f) => ({ value: f, label: `${FIELD_LABELS[f]}${REQUIRED_FIELDS.includes(f) ? ' (required)' : ''}` }))]}
                          value={targets[i] ?? NOT_IMPORTED}
                          onChange={(v) => {
                            const field = v === null || v === NOT_IMPORTED ? null : (v as AssetField);
                            // One column per field: choosing a field here takes it from any other column.
                            setTargets(targets.map((t, j) => (j === i ? field : t === field ? null : t)));
                          }}
                          allowDeselect={false}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {missing.length > 0 ? (
              <Alert color="orange" variant="light" role="alert">
                Choose a column for {missing.map((f) => FIELD_LABELS[f]).join(', ')}: devices are matched on manufacturer and serial.
              </Alert>
            ) : null}
            <Group align="flex-end" gap="sm">
              <TextInput label="Save mapping as" description="Optional: offered next time a file with these columns is imported" placeholder="e.g. Nuvolo weekly export" value={saveAs} onChange={(e) => setSaveAs(e.currentTarget.value)} maxLength={100} w={320} />
              <Button type="submit" loading={importRun.isPending} disabled={missing.length > 0}>
                Import {preview.rows} row{preview.rows === 1 ? '' : 's'}
              </Button>
            </Group>
            {importRun.error ? <ImportErrors error={importRun.error} /> : null}
          </Stack>
        </Paper>
      ) : null}

      {importRun.data ? <ImportResultView result={importRun.data} onAnother={() => choose(null)} /> : null}
    </Page>
  );
}

function ImportErrors({ error }: { error: unknown }) {
  const cells = error instanceof ApiError ? error.errors : [];
  return (
    <Alert color="red" variant="light" role="alert" title="Nothing was imported">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {cells.length > 0 ? (
          <Table aria-label="Import errors" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Line</Table.Th>
                <Table.Th scope="col">Column</Table.Th>
                <Table.Th scope="col">Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cells.map((e, i) => {
                const at = cellOf(e.pointer);
                return (
                  <Table.Tr key={i}>
                    <Table.Td>{at.line || '—'}</Table.Td>
                    <Table.Td>{at.column || '—'}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Alert>
  );
}

function ImportResultView({ result, onAnother }: { result: ImportResult; onAnother: () => void }) {
  const counts: [string, number][] = [
    ['Created', result.created],
    ['Updated', result.updated],
    ['Unchanged', result.unchanged],
    ['Duplicate lines', result.duplicates.length],
  ];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Import result">
      <Stack gap="md">
        <Title order={2} size="h3">
          Imported {result.rows} row{result.rows === 1 ? '' : 's'}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {counts.map(([label, n]) => (
            <Paper key={label} withBorder p="sm" radius="sm" aria-label={`${label}: ${n}`}>
              <Text size="xs" c="dimmed">
                {label}
              </Text>
              <Text size="xl" fw={700}>
                {n}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {result.duplicates.length > 0 ? (
          <Table aria-label="Duplicate lines" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Line</Table.Th>
                <Table.Th scope="col">Device</Table.Th>
                <Table.Th scope="col">Kept</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.duplicates.map((d) => (
                <Table.Tr key={d.line}>
                  <Table.Td>{d.line}</Table.Td>
                  <Table.Td>
                    {d.manufacturer} {d.serial}
                  </Table.Td>
                  <Table.Td>line {d.keptLine} (the later line wins)</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        <Group gap="sm">
          <Button component={Link} to="/fleet">
            Show the fleet
          </Button>
          <Anchor component="button" type="button" onClick={onAnother}>
            Import another file
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
