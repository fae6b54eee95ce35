import { Alert, Button, Card, FileButton, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, errorMessage, isApiError } from '../app/api.js';
import { Page } from '../app/Page.js';
import { useSession } from '../app/session.js';
import { GOV_KEY, METRIC_LABELS, download } from './api.js';

interface Comparison {
  period: string; participants: number; k: number;
  overall: { own: number | null; median: number | null; percentile: number | null };
  areas: { area: string; name: string; own: number | null; published: boolean; contributors: number; median: number | null; p25: number | null; p75: number | null; percentile: number | null }[];
  metrics: { metric: string; figure: { published: boolean; n: number; buckets?: Record<string, number> } }[];
}

/** /benchmarking: export the anonymized submission, import submissions as the operator, and compare with the aggregate. */
export default function BenchmarkingPage() {
  const { can } = useSession();
  const client = useQueryClient();
  const operator = useQuery({ queryKey: [...GOV_KEY, 'operator'], queryFn: ({ signal }) => api<{ operator: boolean; k: number; periods: { period: string; submissions: number }[] }>('/api/v1/benchmark/operator', { signal }) });
  const comparison = useQuery({ queryKey: [...GOV_KEY, 'comparison'], queryFn: ({ signal }) => api<Comparison>('/api/v1/benchmark/comparison', { signal }), retry: false });
  const exportMut = useMutation({
    mutationFn: () => api<{ submissionId: string; period: string }>('/api/v1/benchmark/submissions/export', { method: 'POST' }),
    onSuccess: (doc) => download(`jsp-benchmark-${doc.period}-${doc.submissionId}.json`, `${JSON.stringify(doc, null, 2)}\n`),
  });
  const importMut = useMutation({
    mutationFn: async (files: File[]) => {
      const submissions: unknown[] = [];
      for (const f of files) {
        const json = JSON.parse(await f.text()) as unknown;
        submissions.push(...(Array.isArray(json) ? json : [json]));
      }
      return api<{ imported: number; duplicates: number; superseded: number }>('/api/v1/benchmark/submissions/import', { method: 'POST', body: { submissions } });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: GOV_KEY }),
  });
  const below = comparison.isError && isApiError(comparison.error, 422);
  const c = comparison.data;
  return (
    <Page title="Benchmarking" description="Compare your JSP maturity with other organizations without revealing who you are: submissions carry rounded levels and bucketed metrics only, and figures are published from 5 organizations on (docs/benchmark.md).">
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">Your submission</Title>
          <Text size="sm">Export a submission from your current self-assessment and send the file to the benchmark operator.</Text>
          {can('benchmark.export') ? <Group><Button onClick={() => exportMut.mutate()} loading={exportMut.isPending}>Export submission</Button>{exportMut.data ? <Text size="sm" data-testid="exported">Exported submission {exportMut.data.submissionId}</Text> : null}</Group> : <Text size="sm" c="dimmed">Administrators export submissions.</Text>}
          {exportMut.isError ? <Alert color="red">{errorMessage(exportMut.error)}</Alert> : null}
        </Stack>
      </Card>
      {operator.data?.operator && can('benchmark.operate') ? (
        <Card withBorder>
          <Stack gap="xs">
            <Title order={2} size="h4">Operator: import submissions</Title>
            <Text size="sm">{operator.data.periods.map((p) => `${p.period}: ${p.submissions} counted`).join(' · ') || 'No submissions imported yet.'}</Text>
            <FileButton multiple accept="application/json,.json" onChange={(files) => files.length && importMut.mutate(files)}>{(props) => <Button variant="light" {...props} loading={importMut.isPending}>Import submission files</Button>}</FileButton>
            {importMut.data ? <Text size="sm" data-testid="imported">Imported {importMut.data.imported}; {importMut.data.duplicates} replays skipped; {importMut.data.superseded} superseded.</Text> : null}
            {importMut.isError ? <Alert color="red" title="Nothing was imported">{errorMessage(importMut.error)}</Alert> : null}
          </Stack>
        </Card>
      ) : null}
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">Aggregate</Title>
          {below ? <Alert color="gray" data-testid="below-k">{errorMessage(comparison.error)}</Alert> : null}
          {comparison.isError && !below ? <Alert color="red">{errorMessage(comparison.error)}</Alert> : null}
          {c ? (
            <>
              <Text data-testid="aggregate-summary">{c.participants} organizations contributed in {c.period}. Your overall {c.overall.own?.toFixed(2) ?? '—'} against a median of {c.overall.median ?? '—'}: percentile {c.overall.percentile ?? '—'}.</Text>
              <div role="img" aria-label="Your score and the median per area" style={{ height: 300 }}>
                <ResponsiveContainer>
                  <BarChart data={c.areas.filter((a) => a.published).map((a) => ({ area: a.area, you: a.own ?? 0, median: a.median ?? 0 }))}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="area" />
                    <YAxis domain={[0, 5]} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="you" name="You" fill="#1c5fc4" isAnimationActive={false} />
                    <Bar dataKey="median" name="Median" fill="#9aa5b1" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <Table aria-label="Percentile per area">
                <Table.Thead><Table.Tr><Table.Th>Area</Table.Th><Table.Th>You</Table.Th><Table.Th>Median (p25–p75)</Table.Th><Table.Th>Percentile</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {c.areas.map((a) => (
                    <Table.Tr key={a.area}>
                      <Table.Td>{a.area} — {a.name}</Table.Td>
                      <Table.Td>{a.own?.toFixed(2) ?? '—'}</Table.Td>
                      <Table.Td>{a.published ? `${a.median} (${a.p25}–${a.p75})` : `withheld (${a.contributors} of ${c.k} needed)`}</Table.Td>
                      <Table.Td>{a.percentile ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Title order={3} size="h5">Metrics across participants</Title>
              <Table>
                <Table.Tbody>
                  {c.metrics.map((m) => (
                    <Table.Tr key={m.metric}><Table.Td>{METRIC_LABELS[m.metric]}</Table.Td><Table.Td>{m.figure.published ? Object.entries(m.figure.buckets ?? {}).map(([b, n]) => `${b}: ${n}`).join(' · ') : 'withheld'}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          ) : null}
        </Stack>
      </Card>
    </Page>
  );
}
