import { Anchor, Badge, Button, FileButton, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, errorMessage, upload } from '../app/api.js';
import { StatusBadge } from '../app/components.js';
import { formatDate } from '../app/format.js';
import { FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { answerText, labelOf, MDS2_KEY, type Answer, type Comparison, type FormSpec, type Gap, type Statement, type StatementRow } from './api.js';

/** /mds2 statements; /mds2/new form entry; /mds2/compare?a=&b= comparison; /mds2/:id one statement. */
export default function Mds2Page() {
  return (
    <Routes>
      <Route index element={<ListPage />} />
      <Route path="new" element={<EntryForm />} />
      <Route path="compare" element={<ComparePage />} />
      <Route path=":id" element={<StatementPage />} />
      <Route path="*" element={<Navigate to="/mds2" replace />} />
    </Routes>
  );
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function ImportButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const send = useMutation({
    mutationFn: async (file: File) => (await upload<{ statement: Statement; created: boolean }>(`/api/v1/mds2/import?fileName=${encodeURIComponent(file.name)}`, file, { contentType: file.name.toLowerCase().endsWith('.xlsx') ? XLSX : 'text/csv' })).data,
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: MDS2_KEY });
      void navigate(`/mds2/${r.statement.id}`);
    },
  });
  return (
    <Group gap="xs">
      <FileButton onChange={(f) => f && send.mutate(f)} accept=".xlsx,.csv,text/csv">
        {(props) => (
          <Button {...props} loading={send.isPending}>
            Import MDS2 spreadsheet
          </Button>
        )}
      </FileButton>
      {send.error ? <Text size="sm" c="red.9" role="alert">{errorMessage(send.error)}</Text> : null}
    </Group>
  );
}

function ListPage() {
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: [...MDS2_KEY, 'list'], queryFn: ({ signal }) => api<{ items: StatementRow[] }>('/api/v1/mds2', { signal }) });
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  return (
    <Page
      title="MDS2 statements"
      description="Manufacturer Disclosure Statements for Medical Device Security (2019 form) per model and version. Import the manufacturer's spreadsheet or enter it by form; compare two to see which security capabilities a version lost."
      actions={can('fleet.write') ? (<><ImportButton /><Button component={Link} to="/mds2/new" variant="default">Enter by form</Button></>) : null}
    >
      <QueryState query={list} loadingLabel="Loading statements…">
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">No statements yet.</Text>
          ) : (
            <Stack>
              <Table className="data-table" aria-label="MDS2 statements">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Manufacturer</Table.Th>
                    <Table.Th scope="col">Model</Table.Th>
                    <Table.Th scope="col">Version</Table.Th>
                    <Table.Th scope="col">Statement date</Table.Th>
                    <Table.Th scope="col">Answers</Table.Th>
                    <Table.Th scope="col">Source</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{s.manufacturer}</Table.Td>
                      <Table.Th scope="row">
                        <Anchor component={Link} to={`/mds2/${s.id}`} size="sm">
                          {s.model}
                        </Anchor>
                      </Table.Th>
                      <Table.Td className="mono">{s.modelVersion || '—'}</Table.Td>
                      <Table.Td>{formatDate(s.statementDate)}</Table.Td>
                      <Table.Td>{s.answerCount}</Table.Td>
                      <Table.Td>{s.source === 'import' ? `import (${s.fileName ?? 'file'})` : 'form'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Paper withBorder radius="md" p="md" component="section" aria-label="Compare two statements">
                <Title order={2} size="h4" mb="xs">
                  Compare two statements
                </Title>
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void navigate(`/mds2/compare?a=${a}&b=${b}`);
                  }}
                >
                  <Group align="flex-end">
                    <NativeSelect label="Baseline" value={a} onChange={(e) => setA(e.currentTarget.value)} data={[{ value: '', label: 'Choose…' }, ...items.map((s) => ({ value: s.id, label: labelOf(s) }))]} />
                    <NativeSelect label="Compared with" value={b} onChange={(e) => setB(e.currentTarget.value)} data={[{ value: '', label: 'Choose…' }, ...items.map((s) => ({ value: s.id, label: labelOf(s) }))]} />
                    <Button type="submit" disabled={!a || !b || a === b}>
                      Compare
                    </Button>
                  </Group>
                </form>
              </Paper>
            </Stack>
          )
        }
      </QueryState>
    </Page>
  );
}

function StatementPage() {
  const { id } = useParams();
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const data = useQuery({ queryKey: [...MDS2_KEY, 'one', id], queryFn: ({ signal }) => api<Statement>(`/api/v1/mds2/${id}`, { signal }) });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/mds2/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: MDS2_KEY });
      void navigate('/mds2');
    },
  });
  return (
    <QueryState query={data}>
      {(s) => (
        <Page
          title={`MDS2: ${labelOf(s)}`}
          description={`Form ${s.formVersion}${s.statementDate ? `, dated ${formatDate(s.statementDate)}` : ''}; ${s.source === 'import' ? `imported from ${s.fileName ?? 'a file'}` : 'entered by form'} by ${s.createdBy}.`}
          actions={can('fleet.write') ? <Button color="red" variant="light" onClick={() => remove.mutate()} loading={remove.isPending}>Delete</Button> : null}
        >
          <Anchor component={Link} to="/mds2" size="sm">
            All statements
          </Anchor>
          <Table className="data-table" aria-label="Sections">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Section</Table.Th>
                <Table.Th scope="col">Security capability</Table.Th>
                <Table.Th scope="col">Yes</Table.Th>
                <Table.Th scope="col">No</Table.Th>
                <Table.Th scope="col">N/A</Table.Th>
                <Table.Th scope="col">Unanswered</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.sections.filter((x) => x.total > 0).map((x) => (
                <Table.Tr key={x.code}>
                  <Table.Th scope="row">{`${x.code} — ${x.name}`}</Table.Th>
                  <Table.Td>{x.capability ? 'yes' : 'context'}</Table.Td>
                  <Table.Td>{x.yes}</Table.Td>
                  <Table.Td>{x.no}</Table.Td>
                  <Table.Td>{x.notApplicable}</Table.Td>
                  <Table.Td>{x.unanswered}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table className="data-table" aria-label="Answers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Question</Table.Th>
                <Table.Th scope="col">Text</Table.Th>
                <Table.Th scope="col">Answer</Table.Th>
                <Table.Th scope="col">Note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(s.answers).map(([qid, e]) => (
                <Table.Tr key={qid}>
                  <Table.Th scope="row" className="mono">{qid}</Table.Th>
                  <Table.Td>{e.question ?? ''}</Table.Td>
                  <Table.Td>{answerText(e.answer)}</Table.Td>
                  <Table.Td>{e.note ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Page>
      )}
    </QueryState>
  );
}

function EntryForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const spec = useQuery({ queryKey: [...MDS2_KEY, 'form'], queryFn: ({ signal }) => api<FormSpec>('/api/v1/mds2/form', { signal }) });
  const [head, setHead] = useState({ manufacturer: '', model: '', modelVersion: '', statementDate: '' });
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const save = useMutation({
    mutationFn: () =>
      api<{ statement: Statement }>('/api/v1/mds2', {
        method: 'POST',
        body: { manufacturer: head.manufacturer, model: head.model, modelVersion: head.modelVersion, statementDate: head.statementDate || null, answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { answer: v }])) },
      }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: MDS2_KEY });
      void navigate(`/mds2/${r.statement.id}`);
    },
  });
  const field = (name: keyof typeof head, label: string, required = false) => <TextInput label={label} value={head[name]} required={required} onChange={(e) => setHead({ ...head, [name]: e.currentTarget.value })} />;
  return (
    <Page title="New MDS2 statement" description="Answer the 2019 form's questions as the manufacturer's statement gives them; questions left blank are not stored.">
      <QueryState query={spec}>
        {(f) => (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <Stack>
              <Group grow>
                {field('manufacturer', 'Manufacturer', true)}
                {field('model', 'Model', true)}
                {field('modelVersion', 'Device version')}
                <TextInput type="date" label="Statement date" value={head.statementDate} onChange={(e) => setHead({ ...head, statementDate: e.currentTarget.value })} />
              </Group>
              <Table aria-label="Questions">
                <Table.Tbody>
                  {f.questions.filter((q) => !q.id.startsWith('DOC-')).map((q) => (
                    <Table.Tr key={q.id}>
                      <Table.Th scope="row" className="mono" w={90}>{q.id}</Table.Th>
                      <Table.Td>{q.text}{q.capability ? null : <Text span size="xs" c="dimmed">{' (context)'}</Text>}</Table.Td>
                      <Table.Td w={140}>
                        <NativeSelect
                          aria-label={`Answer ${q.id}`}
                          value={answers[q.id] ?? ''}
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            const next = { ...answers };
                            if (v === '') delete next[q.id];
                            else next[q.id] = v as Answer;
                            setAnswers(next);
                          }}
                          data={[{ value: '', label: '—' }, { value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }, { value: 'n/a', label: 'N/A' }]}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <FormError error={save.error} />
              <Group>
                <Button type="submit" loading={save.isPending}>
                  Save statement
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </QueryState>
    </Page>
  );
}

function GapTable({ label, rows, color }: { label: string; rows: Gap[]; color: string }) {
  return (
    <Paper withBorder radius="md" component="section" aria-label={label}>
      <Title order={2} size="h4" p="md" pb="xs">
        {`${label} (${rows.length})`}
      </Title>
      {rows.length === 0 ? (
        <Text p="md" pt={0} size="sm" c="dimmed">
          None.
        </Text>
      ) : (
        <Table className="data-table" aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Question</Table.Th>
              <Table.Th scope="col">Capability</Table.Th>
              <Table.Th scope="col">Baseline</Table.Th>
              <Table.Th scope="col">Compared</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((g) => (
              <Table.Tr key={g.id} style={{ background: `var(--mantine-color-${color}-light)` }}>
                <Table.Th scope="row" className="mono">{g.id}</Table.Th>
                <Table.Td>{g.question ?? g.section}</Table.Td>
                <Table.Td>{answerText(g.baseline)}</Table.Td>
                <Table.Td>
                  <Badge color={color} variant="light">{answerText(g.other)}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function ComparePage() {
  const [params] = useSearchParams();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const data = useQuery({ queryKey: [...MDS2_KEY, 'compare', a, b], queryFn: ({ signal }) => api<Comparison>('/api/v1/mds2/compare', { signal, query: { a, b } }), enabled: Boolean(a && b) });
  if (!a || !b) return <Navigate to="/mds2" replace />;
  return (
    <QueryState query={data}>
      {(c) => (
        <Page title={`${labelOf(c.baseline)} → ${labelOf(c.other)}`} description="Security capabilities (the 2019 form's sections other than document information, personal data handling, connectivity and other) the baseline has and the compared statement lacks are lost; the reverse are gained.">
          <Anchor component={Link} to="/mds2" size="sm">
            All statements
          </Anchor>
          <Group>
            <StatusBadge color={c.lost.length > 0 ? 'red' : 'teal'}>{`${c.lost.length} lost`}</StatusBadge>
            <StatusBadge color="teal">{`${c.gained.length} gained`}</StatusBadge>
            <StatusBadge color="gray">{`${c.changed.length} other changes`}</StatusBadge>
          </Group>
          <GapTable label="Lost security capabilities" rows={c.lost} color="red" />
          <GapTable label="Gained security capabilities" rows={c.gained} color="teal" />
          {c.changed.length > 0 ? (
            <Table className="data-table" aria-label="Other changed answers">
              <Table.Tbody>
                {c.changed.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Th scope="row" className="mono">{x.id}</Table.Th>
                    <Table.Td>{`${answerText(x.baseline)} → ${answerText(x.other)}`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Page>
      )}
    </QueryState>
  );
}
