import { Alert, Badge, Button, FileButton, Group, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage, upload, type Page as ApiPage } from '../app/api.js';
import { Page } from '../app/Page.js';
import { ThreatModelPanel } from './ThreatModelPanel.js';

/**
 * /premarket: pick a product and release; define requirements (built-in sets or custom), import
 * SARIF/JUnit evidence, read the traceability matrix with its gaps, see the package checklist
 * and export the package as HTML, PDF or zip; edit the product's threat model (its own tab).
 * Everything goes through the public API.
 */

interface Row { requirement: { id: string; ref: string; title: string; design: string | null }; mitigations: { id: string; title: string }[]; verifications: { label: string; outcome: string }[]; status: string; gaps: string[] }
interface Check { id: string; title: string; status: 'present' | 'partial' | 'gap'; sources: string[]; gaps: string[] }
const STATUS_COLOR: Record<string, string> = { verified: 'green', failed: 'red', not_verified: 'orange', not_applicable: 'gray', present: 'green', partial: 'yellow', gap: 'red' };
const STATUS_TEXT: Record<string, string> = { verified: 'Verified', failed: 'Failed', not_verified: 'Not verified', not_applicable: 'N/A', present: 'Present', partial: 'Present with gaps', gap: 'Missing' };

export default function PremarketPage() {
  const [params, setParams] = useSearchParams();
  const productId = params.get('product');
  const releaseId = params.get('release');
  const qc = useQueryClient();
  const products = useQuery({ queryKey: ['premarket', 'products'], queryFn: () => api<ApiPage<{ id: string; name: string }>>('/api/v1/products', { query: { limit: 100 } }) });
  const releases = useQuery({ enabled: Boolean(productId), queryKey: ['premarket', 'releases', productId], queryFn: () => api<{ items: { id: string; version: string }[] }>(`/api/v1/products/${productId}/releases`) });
  const matrix = useQuery({ enabled: Boolean(releaseId), queryKey: ['premarket', 'matrix', releaseId], queryFn: () => api<{ matrix: { rows: Row[]; counts: Record<string, number>; withGaps: number } }>(`/api/v1/releases/${releaseId}/traceability`) });
  const checklist = useQuery({ enabled: Boolean(releaseId), queryKey: ['premarket', 'checklist', releaseId], queryFn: () => api<{ items: Check[] }>(`/api/v1/releases/${releaseId}/premarket/checklist`) });
  const evidence = useQuery({ enabled: Boolean(releaseId), queryKey: ['premarket', 'evidence', releaseId], queryFn: () => api<{ items: { id: string; kind: string; fileName: string; tool: string | null; summary: Record<string, number> }[] }>(`/api/v1/releases/${releaseId}/evidence`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['premarket'] });

  const [set, setSet] = useState<string | null>('jsp-design');
  const [ref, setRef] = useState('');
  const [title, setTitle] = useState('');
  const [design, setDesign] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (text: string) => {
    setMessage({ ok: true, text });
    void refresh();
  };
  const fail = (e: unknown) => setMessage({ ok: false, text: errorMessage(e) });

  const addSet = useMutation({ mutationFn: () => api<{ added: number; skipped: number }>(`/api/v1/products/${productId}/requirements/sets`, { method: 'POST', body: { set } }), onSuccess: (r) => done(`Added ${r.added} requirement(s); ${r.skipped} already present.`), onError: fail });
  const addOne = useMutation({
    mutationFn: () => api(`/api/v1/products/${productId}/requirements`, { method: 'POST', body: { ref, title, ...(design ? { design } : {}) } }),
    onSuccess: () => {
      done(`Added requirement ${ref}.`);
      setRef('');
      setTitle('');
      setDesign('');
    },
    onError: fail,
  });
  const importFile = useMutation({ mutationFn: (f: File) => upload<{ created: boolean }>(`/api/v1/releases/${releaseId}/evidence?fileName=${encodeURIComponent(f.name)}`, f, { contentType: 'application/octet-stream' }), onSuccess: (r, f) => done(r.data.created ? `Imported ${f.name}.` : `${f.name} was imported already.`), onError: fail });

  const choose = (key: 'product' | 'release', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'product') next.delete('release');
    setParams(next);
  };
  const pkg = (format: string) => `/api/v1/releases/${releaseId}/premarket/package?format=${format}`;

  return (
    <Page title="Premarket" description="Security requirements, threat model, traceability with SARIF/JUnit evidence, and the premarket cybersecurity package of a release.">
      <Stack>
        <Group>
          <Select label="Product" data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} value={productId} onChange={(v) => choose('product', v)} searchable w={320} />
          <Select label="Release" data={(releases.data?.items ?? []).map((r) => ({ value: r.id, label: r.version }))} value={releaseId} onChange={(v) => choose('release', v)} disabled={!productId} w={200} />
        </Group>
        {productId && (
          <Tabs value={params.get('tab') ?? 'trace'} onChange={(v) => { const next = new URLSearchParams(params); if (v && v !== 'trace') next.set('tab', v); else next.delete('tab'); setParams(next); }} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="trace">Requirements and traceability</Tabs.Tab>
              <Tabs.Tab value="threat-model">Threat model</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="threat-model" pt="md">
              <ThreatModelPanel productId={productId} productName={(products.data?.items ?? []).find((p) => p.id === productId)?.name ?? 'Product'} />
            </Tabs.Panel>
            <Tabs.Panel value="trace" pt="md">
              <Stack>
                {message && <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
                {productId && (
                  <section aria-label="Requirements">
                    <Title order={2} size="h3">Requirements</Title>
                    <Group align="end" mt="xs">
                      <Select label="Built-in set" value={set} onChange={setSet} w={360} data={[{ value: 'jsp-design', label: 'JSP design controls' }, { value: 'iec-81001-5-1', label: 'IEC 81001-5-1 activities' }, { value: 'fda-premarket', label: 'FDA premarket security control categories' }, { value: 'jsp-labeling', label: 'Customer security documentation (labeling)' }]} />
                      <Button onClick={() => addSet.mutate()} loading={addSet.isPending} disabled={!set}>Add set</Button>
                    </Group>
                    <Group align="end" mt="xs">
                      <TextInput label="Ref" value={ref} onChange={(e) => setRef(e.currentTarget.value)} placeholder="SEC-REQ-001" w={160} />
                      <TextInput label="Requirement" value={title} onChange={(e) => setTitle(e.currentTarget.value)} w={360} />
                      <TextInput label="Design / mitigation" value={design} onChange={(e) => setDesign(e.currentTarget.value)} w={320} />
                      <Button onClick={() => addOne.mutate()} loading={addOne.isPending} disabled={!ref || !title}>Add requirement</Button>
                    </Group>
                  </section>
                )}
                {releaseId && (
                  <>
                    <section aria-label="Evidence">
                      <Title order={2} size="h3">Evidence</Title>
                      <Group mt="xs">
                        <FileButton onChange={(f) => f && importFile.mutate(f)} accept=".sarif,.json,.xml">
                          {(props) => <Button {...props} loading={importFile.isPending}>Import SARIF or JUnit</Button>}
                        </FileButton>
                      </Group>
                      <Table aria-label="Evidence files" mt="xs">
                        <Table.Thead><Table.Tr><Table.Th>File</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Tool</Table.Th><Table.Th>Summary</Table.Th></Table.Tr></Table.Thead>
                        <Table.Tbody>
                          {(evidence.data?.items ?? []).map((e) => (
                            <Table.Tr key={e.id}><Table.Td>{e.fileName}</Table.Td><Table.Td>{e.kind.toUpperCase()}</Table.Td><Table.Td>{e.tool ?? '—'}</Table.Td><Table.Td>{Object.entries(e.summary).map(([k, v]) => `${k} ${v}`).join(', ')}</Table.Td></Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </section>
                    <section aria-label="Traceability">
                      <Title order={2} size="h3">Traceability matrix</Title>
                      {matrix.data && <Text size="sm">{matrix.data.matrix.counts.verified ?? 0} verified, {matrix.data.matrix.counts.failed ?? 0} failed, {matrix.data.matrix.counts.not_verified ?? 0} not verified; {matrix.data.matrix.withGaps} with gaps.</Text>}
                      <Table aria-label="Traceability matrix" mt="xs">
                        <Table.Thead><Table.Tr><Table.Th>Requirement</Table.Th><Table.Th>Design / mitigation</Table.Th><Table.Th>Evidence</Table.Th><Table.Th>Status</Table.Th><Table.Th>Gaps</Table.Th></Table.Tr></Table.Thead>
                        <Table.Tbody>
                          {(matrix.data?.matrix.rows ?? []).map((r) => (
                            <Table.Tr key={r.requirement.id} bg={r.gaps.length ? 'var(--mantine-color-red-0)' : undefined} data-gap={r.gaps.length > 0}>
                              <Table.Td><b>{r.requirement.ref}</b> {r.requirement.title}</Table.Td>
                              <Table.Td>{[r.requirement.design, ...r.mitigations.map((m) => `${m.id} ${m.title}`)].filter(Boolean).join('; ') || '—'}</Table.Td>
                              <Table.Td>{r.verifications.map((v) => `${v.label} (${v.outcome})`).join('; ') || '—'}</Table.Td>
                              <Table.Td><Badge color={STATUS_COLOR[r.status]}>{STATUS_TEXT[r.status]}</Badge></Table.Td>
                              <Table.Td>{r.gaps.join('; ')}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </section>
                    <section aria-label="Package">
                      <Title order={2} size="h3">Premarket package</Title>
                      <Group mt="xs">
                        <Button component="a" href={pkg('html')} target="_blank" variant="light">Open HTML</Button>
                        <Button component="a" href={pkg('pdf')} download variant="light">Download PDF</Button>
                        <Button component="a" href={pkg('zip')} download variant="light">Download zip</Button>
                      </Group>
                      <Table aria-label="Package checklist" mt="xs">
                        <Table.Thead><Table.Tr><Table.Th>Section</Table.Th><Table.Th>Status</Table.Th><Table.Th>Sources</Table.Th><Table.Th>Gaps</Table.Th></Table.Tr></Table.Thead>
                        <Table.Tbody>
                          {(checklist.data?.items ?? []).map((c) => (
                            <Table.Tr key={c.id}><Table.Td>{c.title}</Table.Td><Table.Td><Badge color={STATUS_COLOR[c.status]}>{STATUS_TEXT[c.status]}</Badge></Table.Td><Table.Td>{c.sources.join('; ') || '—'}</Table.Td><Table.Td>{c.gaps.join('; ')}</Table.Td></Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </section>
                  </>
                )}
              </Stack>
            </Tabs.Panel>
          </Tabs>
        )}
      </Stack>
    </Page>
  );
}
